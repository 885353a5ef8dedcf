"""Insert a commented block into a list of a hand-edited YAML file, proved safe, or refuse.

Staff files carry comments and layout a YAML dumper would destroy, so the file is edited as text:
the block goes after the last line of the list (or of the mapping that lacks it), at the list's
own indentation. It is accepted only if the file still reads exactly as before, and if
uncommenting the block adds exactly one item at the intended place and changes nothing else.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..load import parse_yaml


def indent(lines: list[str], prefix: str) -> list[str]:
    """Prefix every non-empty line."""
    return [prefix + line if line else line for line in lines]


def comment_out(lines: list[str], column: int) -> list[str]:
    """Comment a template at a column: content gets `# `, its own comments become `##`."""
    pad = " " * column
    return [pad + ("#" + line if line.startswith("#") else "# " + line).rstrip() for line in lines]


def uncomment(lines: list[str], column: int) -> list[str]:
    """What a staff member gets by uncommenting the block (Ctrl+/ removes one `#` and one space)."""
    out = []
    for line in lines:
        body = line[column:]
        body = body[2:] if body.startswith("# ") else body[1:] if body.startswith("#") else body
        out.append(" " * column + body if body else "")
    return out


@dataclass
class Spot:
    """Where a block goes: before line `line` (0-based), at column `indent`, under new keys `wrap`."""

    line: int
    indent: int
    wrap: list[str]


def last_line(node: Node) -> int:
    """The 0-based index of the last line that holds any of this node's content."""
    if isinstance(node, ScalarNode):
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    children = node.value if isinstance(node, SequenceNode) else [n for pair in node.value for n in pair]
    return max((last_line(child) for child in children), default=node.end_mark.line)


def _lookup(mapping: MappingNode, key: str) -> Node | None:
    return next((value for k, value in mapping.value if k.value == key), None)


def find_spot(root: Node, path: tuple[str, ...], lines: list[str]) -> Spot | None:
    """Where the next item of the list at `path` can go, or None when the file's layout is unusual."""
    node = root
    for depth, key in enumerate(path):
        if not isinstance(node, MappingNode) or node.flow_style or not node.value:
            return None
        value = _lookup(node, key)
        if value is None:
            at = len(lines) if node is root else last_line(node) + 1
            return Spot(at, node.value[0][0].start_mark.column, list(path[depth:]))
        node = value
    if not isinstance(node, SequenceNode) or node.flow_style or not node.value:
        return None
    first = node.value[0].start_mark
    dash = lines[first.line].rfind("-", 0, first.column)
    return Spot(last_line(node) + 1, dash, []) if dash >= 0 else None


def wrap_block(item: list[str], header: list[str], wrap: list[str]) -> list[str]:
    """The item under any keys that do not exist yet, with the guidance header above it all."""
    block = item
    for key in reversed(wrap):
        block = [f"{key}:"] + indent(block, "  ")
    return header + block


def _container(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _with_item(data: dict[str, Any], path: tuple[str, ...], item: Any) -> Any:
    """`data` with one more item appended to the list at `path` (created when missing)."""
    expected = copy.deepcopy(data)
    node: Any = expected
    for key in path[:-1]:
        node = node.setdefault(key, {}) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        return None
    node[path[-1]] = list(node.get(path[-1]) or []) + [item]
    return expected


def proves_safe(old: str, commented: str, uncommented: str, path: tuple[str, ...], first_key: str) -> bool:
    """The commented file reads as before; the uncommented one has exactly one more item at `path`."""
    try:
        before, after, filled = (yaml.safe_load(t) for t in (old, commented, uncommented))
    except yaml.YAMLError:
        return False
    if after != before or not isinstance(before, dict) or not isinstance(filled, dict):
        return False
    items = _container(filled, path)
    if not isinstance(items, list) or not items or not isinstance(items[-1], dict) or first_key not in items[-1]:
        return False
    return bool(filled == _with_item(before, path, items[-1]))


@dataclass
class Insert:
    """A planned insertion: the new text (None if unsafe), its first line, the block, and a pasteable copy."""

    text: str | None
    line: int
    block: list[str]
    pasteable: list[str]


def plan_insert(text: str, path: tuple[str, ...], item: list[str], header: list[str]) -> Insert:
    """Insert a commented item into the list at `path`, if that can be proved safe."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    pasteable = comment_out(wrap_block(item, header, list(path)), 0)
    root, problems = parse_yaml(text, "")
    spot = find_spot(root, path, lines) if root is not None and not problems else None
    if spot is None:
        return Insert(None, 0, pasteable, pasteable)
    block = comment_out(wrap_block(item, header, spot.wrap), spot.indent)

    def assemble(middle: list[str]) -> str:
        return newline.join(lines[:spot.line] + middle + lines[spot.line:]) + newline

    commented, uncommented = assemble(block), assemble(uncomment(block, spot.indent))
    first_key = next(line for line in item if not line.startswith("#"))[2:].split(":")[0]
    if not proves_safe(text, commented, uncommented, path, first_key):
        return Insert(None, 0, pasteable, pasteable)
    return Insert(commented, spot.line + 1, block, pasteable)
