"""Read YAML data files into node trees that remember where each value was written.

Values are composed, not constructed: every node keeps its line and column so
that a problem can point staff to the exact place. Anchors and aliases are
refused outright (they are never needed in hand-kept data and are the way to an
alias bomb), and size and nesting are bounded so hostile input fails fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
import yaml.reader
from yaml.composer import ComposerError
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40


class _Refused(Exception):
    def __init__(self, code: str, line: int, column: int, **params: object):
        super().__init__(code)
        self.code, self.line, self.column, self.params = code, line, column, params


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases and bounds nesting while composing."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            raise _Refused("yaml-alias", mark.line + 1, mark.column + 1)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Refused("yaml-alias", event.start_mark.line + 1, event.start_mark.column + 1)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = event.start_mark
            raise _Refused("yaml-too-deep", mark.line + 1, mark.column + 1, limit=MAX_DEPTH)
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


@dataclass
class LoadedFile:
    """A data file as read: its name for messages, its text, and its root node."""

    path: Path
    display: str
    text: str
    root: Node | None


def _problem(display: str, code: str, line: int = 1, column: int = 1, **params: object) -> Problem:
    return Problem(display, line, column, "", code, dict(params))


_C_LOADER = getattr(yaml, "CSafeLoader", None)
_SLOW = object()


def _compose_fast(text: str) -> Node | None | object:
    """Compose with libyaml (about 15 times faster), but only a text that has no anchor or alias
    and stays well within MAX_DEPTH, as an event scan shows first; return _SLOW for anything else,
    errors included, so the checked path below reports it exactly as always."""
    if _C_LOADER is None:
        return _SLOW
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_C_LOADER):
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                return _SLOW
            depth += isinstance(event, CollectionStartEvent) - isinstance(event, CollectionEndEvent)
            if depth >= MAX_DEPTH:
                return _SLOW
        return yaml.compose(text, Loader=_C_LOADER)
    except yaml.YAMLError:
        return _SLOW


def parse_yaml(text: str, display: str) -> tuple[Node | None, list[Problem]]:
    """Compose YAML text into a node tree, or say precisely why it cannot be."""
    fast = _compose_fast(text)
    if fast is None:
        return None, [_problem(display, "empty-file")]
    if fast is not _SLOW:
        return fast, []  # type: ignore[return-value]
    try:
        loader = _BoundedLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as refused:
        return None, [_problem(display, refused.code, refused.line, refused.column, **refused.params)]
    except (yaml.MarkedYAMLError, ComposerError) as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and mark and mark.line >= len(text.splitlines()):
            mark = error.context_mark  # ran off the end: point at where the construct opened
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(str(x) for x in (error.context, error.problem) if x)
        return None, [_problem(display, "yaml-syntax", line, column,
                               detail_zh=_syntax_hint_zh(detail), detail_en=detail)]
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        detail_en = f"control character {error.character!r} is not allowed"
        return None, [_problem(display, "yaml-syntax", line, column,
                               detail_zh=f"不允许的控制字符 {error.character!r}", detail_en=detail_en)]
    except yaml.YAMLError as error:
        return None, [_problem(display, "yaml-syntax", detail_zh=str(error), detail_en=str(error))]
    except RecursionError:
        return None, [_problem(display, "yaml-too-deep", limit=MAX_DEPTH)]
    if root is None or (isinstance(root, ScalarNode) and root.tag.endswith(":null") and not root.value):
        return None, [_problem(display, "empty-file")]
    return root, []


_SYNTAX_HINTS = [
    ("mapping values are not allowed", "此处不能出现冒号，含冒号的文字请加引号"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("found character '\\t'", "不能用 Tab 缩进，请用空格"),
    ("expected <block end>", "缩进不一致"),
    ("found undefined alias", "引用了未定义的别名"),
    ("while scanning a quoted scalar", "引号没有闭合"),
]


def _syntax_hint_zh(detail: str) -> str:
    for needle, hint in _SYNTAX_HINTS:
        if needle in detail:
            return f"{hint}（{detail}）"
    return detail


def load_file(path: Path, display: str) -> tuple[LoadedFile, list[Problem]]:
    """Read one data file with its size bounded, and compose it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return LoadedFile(path, display, "", None), [
            _problem(display, "file-too-large", size=size, limit=MAX_FILE_BYTES)]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return LoadedFile(path, display, "", None), [_problem(
            display, "yaml-syntax", detail_zh=f"文件不是 UTF-8 编码（{error}）",
            detail_en=f"the file is not UTF-8 encoded ({error})")]
    root, problems = parse_yaml(text, display)
    return LoadedFile(path, display, text, root), problems


def node_position(node: Node) -> tuple[int, int]:
    """The 1-based line and column where a node starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


__all__ = ["LoadedFile", "load_file", "parse_yaml", "node_position",
           "MappingNode", "ScalarNode", "SequenceNode", "Node"]
