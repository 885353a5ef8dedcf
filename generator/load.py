"""Read YAML data files into node trees that remember where each value was written.

Values are composed, not constructed: every node keeps its line and column so
that a problem can point staff to the exact place. Anchors and aliases are
refused outright (they are never needed in hand-kept data and are the way to an
alias bomb), and size and nesting are bounded so hostile input fails fast.
"""
from __future__ import annotations

import re
from collections.abc import Collection
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

    def compose_node(self, parent: Node | None, index: int | Node | None) -> Node | None:
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
            # PyYAML passes a list item's index, a mapping value's key node or None; its stub says int
            return super().compose_node(parent, index)  # type: ignore[arg-type]
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
        if error.context_mark and mark and (mark.line >= len(text.splitlines())
                                            or "could not find expected ':'" in (error.problem or "")):
            mark = error.context_mark  # ran off the end, or a key without its colon: point where it opened
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        zh, en = _syntax_cause(error, text.splitlines()) if isinstance(error, yaml.MarkedYAMLError) else (
            "YAML 格式有误。", f"The text is not valid YAML ({error}).")
        return None, [_problem(display, "yaml-syntax", line, column, detail_zh=zh, detail_en=en)]
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        detail_en = f"The text holds the control character {error.character!r}, which is not allowed; delete it."
        return None, [_problem(display, "yaml-syntax", line, column,
                               detail_zh=f"文中有不允许的控制字符 {error.character!r}，请删去。", detail_en=detail_en)]
    except yaml.YAMLError as error:
        return None, [_problem(display, "yaml-syntax", detail_zh=str(error), detail_en=str(error))]
    except RecursionError:
        return None, [_problem(display, "yaml-too-deep", limit=MAX_DEPTH)]
    if root is None or (isinstance(root, ScalarNode) and root.tag.endswith(":null") and not root.value):
        return None, [_problem(display, "empty-file")]
    return root, []


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _syntax_cause(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, str]:
    """What staff did wrong, in a sentence each in Chinese and English, judged from the parser's
    complaint and the text where it stopped: the parser's own words name a symptom, often far
    from the cause (a quoted string followed by more text reads as a 'block end' problem)."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    before = line[:mark.column].rstrip() if mark else ""
    opened = error.context_mark
    key_line = lines[opened.line] if opened and opened.line < len(lines) else line
    previous = next((x for x in reversed(lines[:mark.line]) if x.strip() and not x.lstrip().startswith("#")),
                    "") if mark else ""
    if r"found character '\t'" in problem:
        return "不能用 Tab 缩进，请用空格。", "A tab is used for indentation; indent with spaces."
    bad = re.search(r"found character '(.)' that cannot start any token", problem)
    if bad:
        return (f"值不能以 “{bad[1]}” 开头：请给整个值加引号。",
                f"A value cannot start with \"{bad[1]}\"; put the whole value in quotes.")
    if ("'<scalar>'" in problem) and before.endswith(("\"", "'")):
        return ("引号只括住了值的一部分，引号后还有文字：请给整个值加引号，或去掉引号。",
                "A quoted text is followed by more text on the same line; put the whole value in quotes, "
                "or none of it.")
    if "mapping values are not allowed" in problem:
        if mark and re.match(r"\s*(- )?[^\s:#\"']+:$", line[:mark.column + 1]) and _indent(line) > _indent(previous) \
                and not previous.rstrip().endswith(":"):
            return ("这一行比上一行缩进得多：同一层的字段要左对齐。",
                    "This line is indented further than the line above; fields at the same level must line up.")
        return ("值中有 “: ”（冒号加空格）：含冒号的文字请整个加引号。",
                "A value contains \": \" (a colon and a space); put text that holds a colon in quotes.")
    if "could not find expected ':'" in problem:
        if "：" in key_line:
            return ("字段名后用了全角冒号 “：”：请改为半角冒号加空格 “: ”。",
                    "A full-width colon \"：\" follows the field name; write a half-width colon and a space \": \".")
        if re.match(r"\s*(- )?[A-Za-z_]+:\S", key_line):
            return ("冒号后缺少空格：请写成 “字段: 值”。", "A colon is not followed by a space; write \"field: value\".")
        return ("这一行缺少 “字段: 值” 中的冒号，或上一行的值断到了这一行：请补上冒号，或给断开的值加引号。",
                "This line has no \"field: value\" colon, or the value of the line above runs on to it; add the "
                "colon, or put the broken value in quotes.")
    if "quoted scalar" in context:
        return "引号没有闭合：请补上对应的引号。", "A quotation mark is opened and never closed; add the closing one."
    if "flow mapping" in context or "flow sequence" in context:
        return ("花括号 { } 或方括号 [ ] 没有闭合，或其中的项目之间缺少逗号。",
                "A { } or [ ] is not closed, or its items are not separated by commas.")
    if "expected <block end>" in problem or "did not find expected" in problem:
        return ("缩进不一致：同一层的字段或列表项要左对齐。",
                "The indentation is inconsistent; fields or list items at the same level must line up.")
    detail = " ".join(x for x in (context, problem) if x)
    return (f"请检查这一行和上一行的缩进、冒号和引号（解析器：{detail}）。",
            f"Check the indentation, colons and quotes on this line and the one above (the parser says: {detail}).")


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """A data file's text, with its size bounded; or None and why it cannot be read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [_problem(display, "file-too-large", size=size, limit=MAX_FILE_BYTES)]
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        return None, [_problem(
            display, "yaml-syntax", detail_zh=f"文件不是 UTF-8 编码，请另存为 UTF-8（{error}）。",
            detail_en=f"The file is not UTF-8 encoded; save it as UTF-8 ({error}).")]


def load_file(path: Path, display: str) -> tuple[LoadedFile, list[Problem]]:
    """Read one data file with its size bounded, and compose it."""
    text, problems = read_text(path, display)
    if text is None:
        return LoadedFile(path, display, "", None), problems
    root, problems = parse_yaml(text, display)
    return LoadedFile(path, display, text, root), problems


#: A line in column 0 other than a blank line, a comment or an item of a list written unindented
#: under its key (`sources:` then `- id: …`): in a block mapping, the start of a top-level entry.
_COLUMN_0 = re.compile(r"\n(?:[^ #\r\n-]|-[^ \r\n])[^\n]*")
#: A top-level entry's first line: a plain key, a colon, then a space or the end of the line.
_TOP_ENTRY = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]|\r?$)")
#: Line breaks YAML counts besides \n (and \r\n): with them the lines would not be where they seem.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def compose_top_level(text: str, keys: Collection[str], display: str) -> MappingNode | None:
    """Compose only the top-level entries `keys` of a file's block mapping, every other line left
    blank so that each node keeps the line and column it has in the whole file (and so reads to the
    same value). Cheap: most of a file is never parsed.

    None when the text cannot be cut into its top-level entries with certainty: a top level that is
    not a block mapping (flow style, a list, a document marker), a key written twice or in quotes,
    unusual line breaks, or any YAML problem in the entries kept. Callers then read the whole file."""
    if any(bad in text for bad in _OTHER_BREAKS) or ("\r" in text and text.count("\r") != text.count("\r\n")):
        return None
    # each line follows a \n (the first one too, given one): a match at i in "\n" + text is text's line at i
    starts = [(found.start(), found.end() - 1) for found in _COLUMN_0.finditer("\n" + text)]
    parts: list[str] = []
    done = 0  # the text before `done` is accounted for in parts
    seen: set[str] = set()
    for i, (start, line_end) in enumerate(starts):
        entry = _TOP_ENTRY.match(text, start, line_end)
        if entry is None or entry[1] in seen:
            return None
        seen.add(entry[1])
        if entry[1] in keys:
            end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
            parts += ["\n" * text.count("\n", done, start), text[start:end]]
            done = end
    root, problems = parse_yaml("".join(parts), display)
    return root if not problems and isinstance(root, MappingNode) else None


def node_position(node: Node) -> tuple[int, int]:
    """The 1-based line and column where a node starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


__all__ = ["LoadedFile", "load_file", "read_text", "compose_top_level", "parse_yaml", "node_position",
           "MappingNode", "ScalarNode", "SequenceNode", "Node"]
