"""A small declarative schema language, read three ways: to validate YAML nodes
with precise, bilingual problems; to export JSON Schema for editors; and to
describe every field for the data dictionary.

A `Kind` knows how to read one YAML node. A `Record` is a mapping of `Field`s.
Reading returns plain Python values; a record's mapping is read into a `record.Record`,
a dict of its fields that also carries (as attributes, not keys) the line and column of
the mapping and of each field, so later checks can point at them.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..problems import Problem
from . import record
from .catalogue import Choice, Labelled

INVALID = object()  # returned by a reader that reported a problem


class Context:
    """What a walk over one file collects: its problems and its references."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []
        self.refs: list[tuple[str, str, int, int, str]] = []  # (collection, id, line, col, path)

    def report(self, node: Node | PosNode | None, path: str, code: str, **params: Any) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        self.problems.append(Problem(self.display, line, col, path, code, params))

    def report_at(self, pos: tuple[int, int], path: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(self.display, pos[0], pos[1], path, code, params))


class PosNode:
    """Stands in for a YAML node when only a recorded (line, column) is left."""

    class _Mark:
        def __init__(self, line: int, column: int):
            self.line, self.column = line - 1, column - 1

    def __init__(self, pos: tuple[int, int]):
        self.start_mark = self._Mark(*pos)


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def suggest(word: str, options: list[str]) -> tuple[str, str]:
    """A 'did you mean' in both languages, or nothing."""
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not match:
        return "", ""
    return f"是否应为 “{match[0]}”？", f"Did you mean \"{match[0]}\"? "


def describe_node(node: Node) -> tuple[str, str, str]:
    """What a node is, for 'got …' messages: zh, en and the value shown."""
    if isinstance(node, MappingNode):
        return "映射（键值对）", "a mapping", ""
    if isinstance(node, SequenceNode):
        return "列表", "a list", ""
    tag = node.tag.rsplit(":", 1)[-1]
    names = {"int": ("整数", "a number"), "float": ("数字", "a number"), "bool": ("布尔值", "true/false"),
             "null": ("空值", "nothing (null)"), "str": ("文本", "text"), "timestamp": ("日期", "a date")}
    zh, en = names.get(tag, ("文本", "text"))
    return zh, en, repr(node.value) if tag == "str" else str(node.value)


class Kind:
    """Reads one node. Subclasses set the expected type in both languages."""

    expected_zh = "值"
    expected_en = "a value"

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def wrong_type(self, node: Node, path: str, ctx: Context) -> object:
        zh, en, shown = describe_node(node)
        ctx.report(node, path, "wrong-type", expected_zh=self.expected_zh, expected_en=self.expected_en,
                   found_zh=zh, found_en=en, found=shown)
        return INVALID


def _is_str_scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag.endswith(":str")


_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|<\s*[a-zA-Z]+[\s/]|javascript\s*:|data\s*:\s*text/html", re.I)
_MD_LINK = re.compile(r"\]\s*\(")


def unsafe_reason(text: str) -> tuple[str, str] | None:
    """Why a text cannot be published as plain text, or None when it can."""
    if _ZERO_WIDTH.search(text):
        return "零宽或方向控制字符", "zero-width or bidirectional control characters"
    if _CONTROL.search(text):
        return "控制字符", "control characters"
    if _HTML.search(text):
        return "HTML 标签或脚本", "HTML tags or script"
    if _MD_LINK.search(text):
        return "Markdown 链接语法", "Markdown link syntax"
    return None


def read_plain_string(node: Node, path: str, ctx: Context, kind: Kind) -> Any:
    if not _is_str_scalar(node):
        return kind.wrong_type(node, path, ctx)
    value = str(node.value)
    reason = unsafe_reason(value)
    if reason:
        ctx.report(node, path, "unsafe-text", what_zh=reason[0], what_en=reason[1], found=value[:60])
        return INVALID
    return value


@dataclass
class Str(Kind):
    """Plain text in one language, e.g. a verbatim quote or an id."""

    pattern: str | None = None
    max_length: int = 2000
    expected_zh: str = "文本"
    expected_en: str = "text"

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        value = read_plain_string(node, path, ctx, self)
        if value is INVALID:
            return INVALID
        if not value.strip():
            name = path.rsplit(".", 1)[-1]
            ctx.report(node, path, "empty-text", label_zh=name, label_en=name)
            return INVALID
        if len(value) > self.max_length:
            ctx.report(node, path, "wrong-type", expected_zh=f"不超过 {self.max_length} 字的文本",
                       expected_en=f"text of at most {self.max_length} characters",
                       found_zh=f"{len(value)} 字的文本", found_en=f"text of {len(value)} characters", found="")
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, value):
            return self.wrong_type(node, path, ctx)
        return value.strip()

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        return schema


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


class Text(Kind):
    """A text in both languages: {zh: …, en: …}. A missing side is a missing translation."""

    expected_zh = "中英文文本 {zh: …, en: …}"
    expected_en = "text in both languages {zh: …, en: …}"
    LANGS = {"zh": ("中文", "Chinese"), "en": ("英文", "English")}

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        if not isinstance(node, MappingNode):
            return self.wrong_type(node, path, ctx)
        seen: dict[str, Node] = {}
        for key_node, _value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                ctx.report(key_node, join(path, key), "duplicate-key", key=key,
                           first_line=seen[key].start_mark.line + 1)
                continue
            if key not in self.LANGS:
                zh, en = suggest(key, list(self.LANGS))
                ctx.report(key_node, join(path, key), "unknown-field", key=key, suggest_zh=zh,
                           suggest_en=en, allowed="zh, en")
                continue
            seen[key] = key_node
        result: dict[str, str] = {}
        ok = True
        for lang, (name_zh, name_en) in self.LANGS.items():
            value_node = next((v for k, v in node.value if k.value == lang), None)
            if value_node is None or (isinstance(value_node, ScalarNode) and not str(value_node.value).strip()
                                      and value_node.tag.endswith((":str", ":null"))):
                ctx.report(value_node or node, join(path, lang), "missing-translation",
                           language_zh=name_zh, language_en=name_en)
                ok = False
                continue
            value = read_plain_string(value_node, join(path, lang), ctx, Str())
            if value is INVALID:
                ok = False
                continue
            result[lang] = value.strip()
        if ok and looks_untranslated(result):
            ctx.report(node, join(path, "en"), "wrong-language", language_zh="英文", language_en="English",
                       found=result["en"][:40])
            ok = False
        return result if ok else INVALID

    def json_schema(self) -> dict[str, Any]:
        text = {"type": "string", "minLength": 1}
        return {"type": "object", "additionalProperties": False, "required": ["zh", "en"],
                "properties": {"zh": {**text, "description": "中文 / Chinese"},
                               "en": {**text, "description": "英文 / English"}}}


def looks_untranslated(text: dict[str, str]) -> bool:
    """English that is mostly Chinese characters was not translated."""
    en = text["en"]
    cjk, latin = len(_CJK.findall(en)), len(_LATIN.findall(en))
    return cjk > 0 and cjk >= latin


_YAML = yaml.SafeLoader("")  # reads 017, 1_000, .inf exactly as editors and yaml.safe_load do

_NUMBERISH = re.compile(r"^[+-]?[\d.,]+\s*(%|％|分|万|亿|元|万元|亿元|人|件|起|家|户|个)?$")


def number_hint(text: str) -> tuple[str, str] | None:
    """If a text is really a number, say how to write it; else None."""
    normal = unicodedata.normalize("NFKC", text).strip()
    if not _NUMBERISH.match(normal):
        return None
    if normal != text.strip():
        return "请使用半角数字，例如 99.7，不要用全角字符。", "Use half-width digits such as 99.7, not full-width ones."
    if "%" in normal:
        return "请只填数字，不带百分号。", "Digits only, no % sign."
    if "," in normal:
        return "请去掉千位分隔符。", "Remove the thousands separators."
    if re.search(r"[^\d.+-]", normal):
        return "请只填数字，单位写在 unit 字段。", "Digits only; put the unit in the unit field."
    return "请去掉引号。", "Remove the quotes."


@dataclass
class Number(Kind):
    """A number, optionally whole and bounded."""

    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    expected_zh: str = "数字"
    expected_en: str = "a number"

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        if isinstance(node, ScalarNode) and node.tag.endswith((":int", ":float")):
            try:
                value: float | int = (_YAML.construct_yaml_int(node) if node.tag.endswith(":int")
                                      else _YAML.construct_yaml_float(node))
            except (ValueError, TypeError):
                return self.wrong_type(node, path, ctx)
            if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
                return self.wrong_type(node, path, ctx)
            if isinstance(value, float) and value.is_integer() and self.integer:
                value = int(value)
            return self.bounded(value, node, path, ctx)
        if _is_str_scalar(node):
            hint = number_hint(str(node.value))
            if hint:
                ctx.report(node, path, "number-as-text", expected_zh=self.expected_zh,
                           expected_en=self.expected_en, found=node.value, hint_zh=hint[0], hint_en=hint[1])
                return INVALID
        return self.wrong_type(node, path, ctx)

    def bounded(self, value: float, node: Node | PosNode, path: str, ctx: Context,
                unit_zh: str = "", unit_en: str = "") -> Any:
        if self.integer and not float(value).is_integer():
            ctx.report(node, path, "not-integer", found=value, unit_zh=f"（单位：{unit_zh}）" if unit_zh else "",
                       unit_en=f" (unit: {unit_en})" if unit_en else "")
            return INVALID
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{_fmt(low) if low is not None else '−∞'}–{_fmt(high) if high is not None else '∞'}"
            ctx.report(node, path, "out-of-range", bounds=bounds, found=value,
                       unit_zh=unit_zh or self.expected_zh, unit_en=unit_en or self.expected_en)
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


def _fmt(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


@dataclass
class Enum(Kind):
    """One of a fixed set of values, each with labels in both languages."""

    values: Mapping[str, Labelled]
    expected_zh: str = "允许的取值之一"
    expected_en: str = "one of the allowed values"
    #: Says how to fix a value written as its label (监督抽检合格率 for a code), when it can.
    hint: Callable[[str, Mapping[str, Labelled]], tuple[str, str] | None] | None = None

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode) or node.tag.endswith(":null"):
            return self.wrong_type(node, path, ctx)
        value = str(node.value)
        if value not in self.values:
            zh, en = (self.hint and self.hint(value, self.values)) or suggest(value, list(self.values))
            ctx.report(node, path, "unknown-value", found=value, suggest_zh=zh, suggest_en=en,
                       allowed=", ".join(self.values))
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values),
                "markdownEnumDescriptions": [f"{c.zh} / {c.en}" for c in self.values.values()]}


_DATE = re.compile(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2}))$")
YEAR_MIN, YEAR_MAX = 1949, 2100


@dataclass
class PartialDate(Kind):
    """A date as precise as the document: 2022-06-09, 2022-06, 2022, or --11-02 (year not stated)."""

    expected_zh: str = "日期"
    expected_en: str = "a date"

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode) or node.tag.endswith(":null") or node.tag.endswith(":float"):
            return self.wrong_type(node, path, ctx)
        text = str(node.value)
        if not valid_partial_date(text):
            ctx.report(node, path, "invalid-date", found=text)
            return INVALID
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "integer"],
                "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2})$"}


def valid_partial_date(text: str) -> bool:
    import datetime

    match = _DATE.match(text)
    if not match:
        return False
    year, month, day, month_only, day_only = match.groups()
    if year and not YEAR_MIN <= int(year) <= YEAR_MAX:
        return False
    try:
        if year and month:
            datetime.date(int(year), int(month), int(day or 1))
        elif month_only:
            datetime.date(2000, int(month_only), int(day_only))  # a leap year admits 29 Feb
    except ValueError:
        return False
    return True


def Year() -> Number:  # noqa: N802 - reads like a kind
    return Number(YEAR_MIN, YEAR_MAX, integer=True, expected_zh=f"{YEAR_MIN}–{YEAR_MAX} 之间的年份",
                  expected_en=f"a year between {YEAR_MIN} and {YEAR_MAX}")


@dataclass
class Ref(Kind):
    """An id that must exist in a named collection (e.g. sources); resolved after all files are read."""

    collection: str
    expected_zh: str = "编号"
    expected_en: str = "an id"

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        value = Str().read(node, path, ctx)
        if value is INVALID:
            return INVALID
        ctx.refs.append((self.collection, value, node.start_mark.line + 1, node.start_mark.column + 1, path))
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


@dataclass
class ListOf(Kind):
    item: Kind
    expected_zh: str = "列表"
    expected_en: str = "a list"

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        if not isinstance(node, SequenceNode):
            return self.wrong_type(node, path, ctx)
        values = []
        for i, child in enumerate(node.value):
            value = self.item.read(child, join(path, i), ctx)
            if value is INVALID:
                continue
            if isinstance(value, record.Record):
                value.index = i  # its place in the file, even when earlier items were dropped
            values.append(value)
        return values

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema()}


@dataclass
class Field:
    """One field of a record: its kind, labels and descriptions in both languages."""

    name: str
    kind: Kind
    zh: str
    en: str
    required: bool = False
    default: Any = None
    about_zh: str = ""
    about_en: str = ""
    missing_code: str = "missing-field"


Check = Callable[[record.Record, MappingNode, str, Context], None]


@dataclass
class Record(Kind):
    """A mapping with known fields. Unknown, duplicate and missing fields are problems."""

    name: str
    fields: list[Field]
    zh: str = ""
    en: str = ""
    checks: list[Check] = field(default_factory=list)
    expected_zh: str = "映射（字段: 值）"
    expected_en: str = "a mapping (field: value)"

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        if not isinstance(node, MappingNode):
            return self.wrong_type(node, path, ctx)
        result = record.Record(pos={"": (node.start_mark.line + 1, node.start_mark.column + 1)})
        first: dict[str, Node] = {}
        blank: set[str] = set()  # optional fields left empty from a template: as if not written
        ok = True
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in first:
                ctx.report(key_node, join(path, key), "duplicate-key", key=key,
                           first_line=first[key].start_mark.line + 1)
                ok = False
                continue
            first[key] = key_node
            spec = self.by_name.get(key)
            if spec is None:
                zh, en = suggest(key, list(self.by_name))
                ctx.report(key_node, join(path, key), "unknown-field", key=key, suggest_zh=zh, suggest_en=en,
                           allowed=", ".join(self.by_name))
                ok = False
                continue
            if is_blank(value_node) and not (spec.required and isinstance(value_node, MappingNode)):
                if spec.required:  # at the value written (""), or at the name when nothing is
                    _report_blank(key_node if value_node.tag.endswith(":null") else value_node,
                                  join(path, key), spec, ctx)
                    ok = False
                blank.add(key)
                continue  # a required mapping left blank goes on: each of its blanks is reported once
            value = spec.kind.read(value_node, join(path, key), ctx)
            result.pos[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
            if value is INVALID:
                ok = False
                continue
            result[key] = value
        for spec in self.fields:
            if spec.name in first and (spec.name not in blank or spec.required):
                continue
            if spec.required:
                ctx.report(node, join(path, spec.name), spec.missing_code, key=spec.name,
                           label_zh=spec.zh, label_en=spec.en)
                ok = False
            elif spec.default is not None:
                result[spec.name] = spec.default
        if ok:
            before = len(ctx.problems)
            for check in self.checks:
                check(result, node, path, ctx)
            ok = len(ctx.problems) == before
        return result if ok else INVALID

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for f in self.fields:
            schema = dict(f.kind.json_schema())
            schema["title"] = f"{f.zh} / {f.en}"
            about = " / ".join(x for x in (f.about_zh, f.about_en) if x)
            schema["description"] = f"{f.zh} / {f.en}" + (f"\n\n{about}" if about else "")
            if f.default is not None:
                schema["default"] = f.default
            properties[f.name] = schema
        out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
        required = [f.name for f in self.fields if f.required]
        if required:
            out["required"] = required
        return out


def is_blank(node: Node) -> bool:
    """A value left empty: nothing after the colon, "", or a mapping of such (scope: {zh: , en: })."""
    if isinstance(node, ScalarNode):
        return node.tag.endswith((":null", ":str")) and not str(node.value).strip() \
            or (node.tag.endswith(":null") and str(node.value) in ("~", "null", "Null", "NULL"))
    if isinstance(node, MappingNode):
        return all(is_blank(value) for _, value in node.value)
    return False  # a list item is an entry someone added, never a field left over: its blanks are reported


def _report_blank(node: Node, path: str, spec: Field, ctx: Context) -> None:
    """A required field left empty is one problem, whatever its kind."""
    if spec.missing_code == "missing-field":
        ctx.report(node, path, "empty-text", label_zh=f"“{spec.name}”（{spec.zh}）",
                   label_en=f"\"{spec.name}\" ({spec.en})")
    else:
        ctx.report(node, path, spec.missing_code, key=spec.name, label_zh=spec.zh, label_en=spec.en,
                   language_zh=spec.zh, language_en=spec.en)


@dataclass
class Variant(Kind):
    """A value whose form depends on a tag field, with a scalar shorthand (e.g. a period)."""

    tag: str
    variants: dict[str, Record]
    shorthand: Callable[[Node, str, Context], Any] | None = None
    shorthand_schema: dict[str, Any] | None = None
    expected_zh: str = "映射"
    expected_en: str = "a mapping"

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        if isinstance(node, ScalarNode) and self.shorthand:
            return self.shorthand(node, path, ctx)
        if not isinstance(node, MappingNode):
            return self.wrong_type(node, path, ctx)
        tag_node = next((v for k, v in node.value if k.value == self.tag), None)
        if tag_node is None:
            ctx.report(node, join(path, self.tag), "missing-field", key=self.tag, label_zh="类型", label_en="kind")
            return INVALID
        tag = Enum({k: Choice(k, k, k) for k in self.variants}).read(tag_node, join(path, self.tag), ctx)
        if tag is INVALID:
            return INVALID
        return self.variants[tag].read(node, path, ctx)

    def json_schema(self) -> dict[str, Any]:
        options = [v.json_schema() for v in self.variants.values()]
        for name, option in zip(self.variants, options, strict=True):
            option["properties"][self.tag] = {"const": name}
            option["required"] = sorted(set(option.get("required", [])) | {self.tag})
        if self.shorthand_schema:
            options.insert(0, self.shorthand_schema)
        return {"anyOf": options}
