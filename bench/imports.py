"""The generator's import graph, read from its source: which module imports which, the cycles, and
every import that runs against the flow of data (load → validate → derive → render → write).

Run as `python -m bench.imports` (`--dot` prints Graphviz instead). The exit status is 1 when there
is a cycle or a violation; tests/test_layers.py runs the same functions on the package.

Every import statement counts, at any depth: one inside a function is still a dependency, and
hiding one there to dodge a cycle is exactly what this check is for.
"""
from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "generator"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE
INIT = "__init__"  # the name the package's own __init__.py goes by in the graph

#: Layers, lowest first: a module imports only its own layer or lower ones, so data flows one way.
LAYERS: dict[str, int] = {
    # L0 shared ground: problems, wording, YAML, the schema, citations, files written, served and deployed
    INIT: 0, "problems": 0, "format": 0, "load": 0, "gcpause": 0, "quotes": 0, "schema.*": 0, "cite": 0,
    "published": 0, "page": 0, "words": 0, "site_config": 0, "write": 0, "publish": 0, "site_address": 0,
    "sitemap": 0, "search_index": 0, "jieba_dictionary": 0, "serve": 0, "deploy": 0, "forked": 0,
    "validate": 1,
    "derive": 2, "model": 2,
    "render.*": 3, "opendata.*": 3,  # siblings: neither imports the other (SIBLING_LAYERS)
    "generate": 4, "whole": 4, "city_pass": 4, "shared_pass": 4, "content": 4, "reuse": 4, "cache": 4,
    "build": 5, "cli": 5, "commands": 5, "mkdocs_adapter.*": 5, "staff.*": 5,
}
#: Layers whose packages are siblings: a module there imports only within its own package (or lower).
SIBLING_LAYERS = {3}
#: Render and the open data read the model that derive makes once per city (model.py) and never
#: derive themselves: they import nothing of derive, not even its classes (model.py holds them).
READERS = ("render", "opendata")
DERIVE = "derive"


@dataclass(frozen=True)
class Import:
    """One edge: `module` imports `target` at `line`, either the module itself or the `names` defined in it."""

    module: str
    target: str
    line: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class Violation:
    """An import breaking a rule. `key` names it without a line number, so an allowlist survives edits."""

    path: str
    line: int
    key: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}  {self.key}  ({self.why})"


@dataclass
class Graph:
    """Every module of the package (by dotted name relative to it) and every import between them."""

    root: Path
    files: dict[str, Path]
    imports: list[Import] = field(default_factory=list)

    def edges(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {name: set() for name in self.files}
        for imp in self.imports:
            if imp.target != imp.module:
                out.setdefault(imp.module, set()).add(imp.target)
        return out

    def path(self, module: str) -> str:
        file = self.files.get(module)
        return file.relative_to(self.root.parent).as_posix() if file else module


# ---------------------------------------------------------------- reading the source
def _dotted(parts: Iterable[str]) -> str:
    return ".".join(parts) or INIT


def module_files(root: Path) -> dict[str, Path]:
    """Each .py file under `root` by its module name: 'schema.city', 'cite', '__init__' for the package."""
    files = {}
    for file in sorted(root.rglob("*.py")):
        parts = list(file.relative_to(root).with_suffix("").parts)
        if parts[-1] == INIT:
            parts.pop()
        files[_dotted(parts)] = file
    return files


def _imports(module: str, file: Path, package: str, is_module: set[str]) -> list[Import]:
    """The imports of one module, at any depth, relative ones resolved against its package."""
    tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
    here = [] if module == INIT else module.split(".")
    package_parts = here if file.name == f"{INIT}.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == package:
                    found.append(Import(module, _dotted(parts[1:]), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            written = node.module.split(".") if node.module else []
            if node.level:
                if node.level - 1 > len(package_parts):
                    continue  # above the package: not ours
                base = package_parts[:len(package_parts) - node.level + 1] + written
            elif written[:1] == [package]:
                base = written[1:]
            else:
                continue
            found += _from(module, base, node, is_module)
    return found


def _from(module: str, base: list[str], node: ast.ImportFrom, is_module: set[str]) -> list[Import]:
    """`from base import a, b`: an edge to base.a when that is a module, else to base for the names."""
    out, names = [], []
    for alias in node.names:
        sub = _dotted([*base, alias.name])
        if alias.name != "*" and sub in is_module:
            out.append(Import(module, sub, node.lineno))
        else:
            names.append(alias.name)
    if names:
        out.append(Import(module, _dotted(base), node.lineno, names=tuple(names)))
    return out


def read_graph(root: Path = ROOT, package: str | None = None) -> Graph:
    """The import graph of the package at `root` (its folder name is the package's name by default)."""
    package = package or root.name
    files = module_files(root)
    folders = {_dotted(d.relative_to(root).parts) for d in root.rglob("*") if d.is_dir() and d.name != "__pycache__"}
    graph = Graph(root, files)
    for module, file in files.items():
        graph.imports += _imports(module, file, package, set(files) | folders)
    return graph


# ---------------------------------------------------------------- cycles
def cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted, in sorted order."""
    edges = graph.edges()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


# ---------------------------------------------------------------- layers
def layer_of(module: str, layers: dict[str, int] = LAYERS) -> int | None:
    """A module's layer: its own entry, else its nearest package's 'pkg.*' entry."""
    if module in layers:
        return layers[module]
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        layer = layers.get(".".join(parts[:end]) + ".*")
        if layer is not None:
            return layer
    return None


def _family(module: str) -> str:
    return module.split(".")[0]


def layer_violations(graph: Graph, layers: dict[str, int] = LAYERS) -> list[Violation]:
    """Modules in no layer, imports of a higher layer, imports across sibling packages."""
    out = [Violation(graph.path(m), 0, f"{m}: no layer", "add it to LAYERS in bench/imports.py")
           for m in graph.files if layer_of(m, layers) is None]
    for imp in graph.imports:
        own, theirs = layer_of(imp.module, layers), layer_of(imp.target, layers)
        if own is None or imp.target == imp.module:
            continue
        where, key = graph.path(imp.module), f"{imp.module} -> {imp.target}"
        if theirs is None:
            if imp.target not in graph.files:
                out.append(Violation(where, imp.line, key, "imports a module in no layer"))
        elif theirs > own:
            out.append(Violation(where, imp.line, key, f"L{own} imports L{theirs}, above it"))
        elif theirs == own and own in SIBLING_LAYERS and _family(imp.module) != _family(imp.target):
            out.append(Violation(where, imp.line, key, f"{_family(imp.module)} and {_family(imp.target)} are siblings"))
    return out


def reader_violations(graph: Graph) -> list[Violation]:
    """Render and open-data modules importing derive (whatever they take from it)."""
    return [Violation(graph.path(imp.module), imp.line, f"{imp.module} -> {DERIVE}",
                      f"{_family(imp.module)} reads the model (model.py), never derive")
            for imp in graph.imports if _family(imp.module) in READERS and imp.target == DERIVE]


def violations(graph: Graph, layers: dict[str, int] = LAYERS) -> list[Violation]:
    """Every broken rule, in file and line order."""
    return sorted(set(layer_violations(graph, layers) + reader_violations(graph)))


# ---------------------------------------------------------------- output
def _compact(targets: Iterable[str]) -> str:
    """'schema.catalogue, schema.city, format' as 'format, schema.{catalogue, city}'."""
    groups: dict[str, list[str]] = {}
    for target in sorted(targets):
        head, _, tail = target.rpartition(".")
        groups.setdefault(head, []).append(tail)
    parts = []
    for head, tails in groups.items():
        if not head:
            parts += tails
        elif len(tails) == 1:
            parts.append(f"{head}.{tails[0]}")
        else:
            parts.append(f"{head}.{{{', '.join(tails)}}}")
    return ", ".join(sorted(parts, key=lambda part: part.split(".")[0]))


def text_report(graph: Graph, found_cycles: list[list[str]], found: list[Violation],
                layers: dict[str, int] = LAYERS) -> str:
    edges = graph.edges()
    width = max(map(len, edges))
    lines = [f"{len(edges)} modules of {graph.root.name}/, {sum(map(len, edges.values()))} imports "
             "(L0 lowest; → what each imports):"]
    shown = {module: layer_of(module, layers) for module in edges}
    for module in sorted(edges, key=lambda m: (99 if shown[m] is None else shown[m], m)):
        layer = shown[module]
        lines.append(f"  L{layer if layer is not None else '?'} {module:<{width}} → {_compact(edges[module]) or '-'}")
    lines.append(f"cycles: {len(found_cycles) or 'none'}")
    lines += [f"  {' ⇄ '.join(component)}" for component in found_cycles]
    lines.append(f"violations: {len(found) or 'none'}")
    lines += [f"  {violation}" for violation in found]
    return "\n".join(lines)


def dot(graph: Graph, found: list[Violation], layers: dict[str, int] = LAYERS) -> str:
    """Graphviz: one row per layer, lowest at the bottom, broken imports in red."""
    edges = graph.edges()
    bad = set()
    for violation in found:
        module, _, target = violation.key.partition(" -> ")
        while target and target not in edges.get(module, ()):
            target = target.rpartition(".")[0]  # derive.latest: the edge is to derive
        bad.add((module, target))
    lines = ["digraph imports {", "  rankdir=BT; node [shape=box, fontsize=10];"]
    present = {layer_of(m, layers) for m in edges}
    for layer in sorted((n for n in present if n is not None), reverse=True):
        members = " ".join(f'"{m}";' for m in sorted(edges) if layer_of(m, layers) == layer)
        lines.append(f'  subgraph "cluster_L{layer}" {{ label="L{layer}"; rank=same; {members} }}')
    for module in sorted(edges):
        for target in sorted(edges[module]):
            colour = " [color=red]" if (module, target) in bad else ""
            lines.append(f'  "{module}" -> "{target}"{colour};')
    return "\n".join([*lines, "}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=ROOT, help="the package folder (default: generator/)")
    parser.add_argument("--dot", action="store_true", help="print the graph as Graphviz dot")
    args = parser.parse_args(argv)
    graph = read_graph(args.root)
    found_cycles, found = cycles(graph), violations(graph)
    print(dot(graph, found) if args.dot else text_report(graph, found_cycles, found))
    return 1 if found_cycles or found else 0


if __name__ == "__main__":
    sys.exit(main())
