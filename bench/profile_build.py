"""Where a site build spends its time: the generator, Markdown, Material's search,
the page template, the CSP check, and mkdocs-static-i18n's second build.

It wraps a few functions of MkDocs, Material and the generator with timers (self time:
a timed call inside another is counted once, in the inner one) and runs `mkdocs build`
in this process. Cheaper and steadier than cProfile, which triples the run time.

    python -m bench.profile_build PROJECT_DIR [--generate]
"""
from __future__ import annotations

import argparse
import importlib
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

TOTALS: dict[str, float] = defaultdict(float)
BY_KIND: dict[tuple[str, str], float] = defaultdict(float)
_STACK: list[float] = []  # time spent in timed callees of each open call

#: (module, attribute path, label): the functions whose time is reported.
TIMED = [
    ("generator.generate", "generate", "generator (validate, render, write)"),
    ("mkdocs.commands.build", "_populate_page", "Markdown to HTML"),
    ("material.plugins.search.plugin", "SearchIndex.add_entry_from_context", "search: parse + segment pages"),
    ("material.plugins.search.plugin", "SearchPlugin.on_post_build", "search: write the index"),
    ("generator.publish", "finish_page", "CSP check (generator.publish)"),
    ("mkdocs.commands.build", "_build_page", "page template + write"),
]


def page_kind(args: tuple[Any, ...]) -> str:
    """cities / themes / sources / other, from the page a build function was given."""
    for arg in args:
        file = getattr(arg, "file", None)
        if file is not None:
            head = file.src_uri.split("/")[0]
            return head if head in ("cities", "themes", "sources") else "other"
    return ""


def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _STACK.append(0.0)
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            inner = _STACK.pop()
            TOTALS[label] += elapsed - inner
            kind = page_kind(args)
            if kind:
                BY_KIND[(label, kind)] += elapsed - inner
            if _STACK:
                _STACK[-1] += elapsed

    return wrapper


def install() -> None:
    for module_name, path, label in TIMED:
        owner: Any = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        setattr(owner, name, timed(label, getattr(owner, name)))


def language_builds() -> list[float]:
    """Wrap mkdocs' build(): the outer call is the first language, nested calls the others."""
    import mkdocs.commands.build as build_module

    durations: list[float] = []
    original = build_module.build
    depth = [0]

    def build(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            durations.append(time.perf_counter() - started)

    build_module.build = build
    import mkdocs_static_i18n.plugin as i18n

    i18n.build = build  # the plugin imported build() by name
    return durations


def report(total: float, builds: list[float]) -> str:
    lines = [f"{'component':40} {'seconds':>8} {'share':>6}"]
    accounted = sum(TOTALS.values())
    for label, seconds in sorted(TOTALS.items(), key=lambda kv: -kv[1]):
        kinds = ", ".join(f"{kind} {BY_KIND[(label, kind)]:.1f}" for kind in ("cities", "themes", "sources", "other")
                          if BY_KIND.get((label, kind)))
        lines.append(f"{label:40} {seconds:8.1f} {seconds / total:6.0%}  {kinds}")
    lines.append(f"{'rest of MkDocs and plugins':40} {total - accounted:8.1f} {(total - accounted) / total:6.0%}")
    lines.append(f"{'total':40} {total:8.1f}")
    if len(builds) > 1:
        nested = sum(builds[:-1])
        lines.append(f"second language build (mkdocs-static-i18n): {nested:.1f} s of {builds[-1]:.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="a benchmark project (mkdocs.yml, data/, content/)")
    parser.add_argument("--generate", action="store_true", help="include the generator (default: pages as they are)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not args.generate:
        os.environ["PORTAL_SKIP_GENERATE"] = "1"
    install()
    builds = language_builds()
    from mkdocs.__main__ import cli

    with tempfile.TemporaryDirectory() as site:
        started = time.perf_counter()
        cli.main(args=["build", "--quiet", "--config-file", str(args.project / "mkdocs.yml"), "--site-dir", site],
                 standalone_mode=False)
        total = time.perf_counter() - started
    print(report(total, builds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
