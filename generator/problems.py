"""The catalogue of data problems, and how they are reported to staff.

Each problem kind has a stable code (a slug that tests, CI annotations and
the documentation refer to) and a message template in Chinese and English.
Messages are always rendered from the template, never built at the call site,
so the wording of one kind of problem is the same everywhere.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProblemKind:
    """One kind of problem: its code, a title and message templates in both languages."""

    code: str
    title_zh: str
    title_en: str
    zh: str
    en: str


KINDS: dict[str, ProblemKind] = {
    kind.code: kind
    for kind in [
        ProblemKind("yaml-syntax", "YAML 语法错误", "YAML syntax error",
                    "YAML 无法解析：{detail_zh}", "the file cannot be read as YAML. {detail_en}"),
        ProblemKind("yaml-alias", "不允许使用锚点/别名", "anchors and aliases are not allowed",
                    "数据文件不允许使用 YAML 锚点（&）或别名（*），请直接写出内容。",
                    "YAML anchors (&) and aliases (*) are not allowed in data files; write the content out."),
        ProblemKind("yaml-too-deep", "嵌套层级过深", "nesting too deep",
                    "嵌套超过 {limit} 层，数据文件不应如此复杂。",
                    "nesting goes deeper than {limit} levels; a data file should never be this complex."),
        ProblemKind("file-too-large", "文件过大", "file too large",
                    "文件大小 {size} 字节，超过上限 {limit} 字节。",
                    "the file is {size} bytes, over the limit of {limit} bytes."),
        ProblemKind("empty-file", "文件为空", "empty file",
                    "文件没有内容。", "the file has no content."),
        ProblemKind("duplicate-key", "重复的字段", "duplicate key",
                    "字段 “{key}” 重复出现（第一次在第 {first_line} 行）；后写的值会覆盖前面的值。",
                    "key \"{key}\" appears twice (first on line {first_line}); the later value would silently win."),
        ProblemKind("unknown-field", "未知字段", "unknown field",
                    "未知字段 “{key}”。{suggest_zh}允许的字段：{allowed}。",
                    "unknown field \"{key}\". {suggest_en}Allowed fields: {allowed}."),
        ProblemKind("missing-field", "缺少必填字段", "missing required field",
                    "缺少必填字段 “{key}”（{label_zh}）。",
                    "required field \"{key}\" ({label_en}) is missing."),
        ProblemKind("wrong-type", "类型错误", "wrong type",
                    "期望{expected_zh}，实际为{found_zh} {found}。",
                    "expected {expected_en}, got {found_en} {found}."),
        ProblemKind("number-as-text", "数字写成了文本", "number written as text",
                    "期望{expected_zh}，实际为文本 “{found}”。{hint_zh}",
                    "expected {expected_en}, got text \"{found}\". {hint_en}"),
        ProblemKind("not-integer", "应为整数", "not a whole number",
                    "期望整数{unit_zh}，实际为 {found}。",
                    "expected a whole number{unit_en}, got {found}."),
        ProblemKind("empty-text", "内容为空", "empty text",
                    "此处不能为空，请填写{label_zh}。", "this must not be empty: fill in {label_en}."),
        ProblemKind("out-of-range", "超出取值范围", "value out of range",
                    "期望 {bounds} 之间的值（{unit_zh}），实际为 {found}。",
                    "expected a value within {bounds} ({unit_en}), got {found}."),
        ProblemKind("unknown-value", "取值不在允许范围", "value not allowed",
                    "“{found}” 不是允许的取值。{suggest_zh}允许：{allowed}。",
                    "\"{found}\" is not an allowed value. {suggest_en}Allowed: {allowed}."),
        ProblemKind("invalid-date", "日期无效", "invalid date",
                    "“{found}” 不是有效日期。请写成 2022-06-09、2022-06、2022，年份不详时写 --11-02。",
                    "\"{found}\" is not a valid date. Write 2022-06-09, 2022-06 or 2022; --11-02 when the year is not stated."),
        ProblemKind("invalid-period", "期间无效", "invalid period",
                    "期间无效：{detail_zh}", "invalid period: {detail_en}"),
        ProblemKind("invalid-slug", "标识符无效", "invalid slug",
                    "“{found}” 不能用作网址标识符：{detail_zh}{suggest_zh}",
                    "\"{found}\" cannot be used as a URL slug: {detail_en}{suggest_en}"),
        ProblemKind("slug-mismatch", "文件名与标识符不一致", "file name does not match slug",
                    "文件名应为 “{expected}”，以免网址与文件对不上。",
                    "the file should be named \"{expected}\" so that URLs and files match."),
        ProblemKind("duplicate-slug", "城市标识符重复", "duplicate city slug",
                    "城市标识符 “{found}” 已在 {other} 中使用。",
                    "city slug \"{found}\" is already used in {other}."),
        ProblemKind("duplicate-id", "编号重复", "duplicate id",
                    "编号 “{found}” 已在 {other} 中使用。",
                    "id \"{found}\" is already used at {other}."),
        ProblemKind("missing-translation", "缺少译文", "missing translation",
                    "缺少{language_zh}文本。每段文字都必须同时有中文（zh）和英文（en）。",
                    "the {language_en} text is missing. Every text needs both Chinese (zh) and English (en)."),
        ProblemKind("wrong-language", "语言不符", "text in the wrong language",
                    "{language_zh}文本 “{found}” 看起来不是{language_zh}。",
                    "the {language_en} text \"{found}\" does not look like {language_en}."),
        ProblemKind("unsafe-text", "文本含不安全内容", "unsafe text",
                    "文本含有{what_zh}：“{found}”。请只写纯文本。",
                    "the text contains {what_en}: \"{found}\". Write plain text only."),
        ProblemKind("missing-source", "数字缺少来源", "figure without a source",
                    "每个数字都必须注明来源（source）和原文摘录（quote）。",
                    "every figure needs its source (source) and a verbatim quote (quote)."),
        ProblemKind("unknown-source", "来源不存在", "unknown source",
                    "来源 “{found}” 不存在。{suggest_zh}已有来源：{allowed}。",
                    "source \"{found}\" does not exist. {suggest_en}Known sources: {allowed}."),
        ProblemKind("quote-not-found", "摘录与原文不符", "quote not found in the document",
                    "摘录 “{found}” 在来源文件 {document} 中找不到，请逐字复制原文。{closest_zh}{causes_zh}",
                    "the quote \"{found}\" is not in the source document {document}; copy it verbatim."
                    "{closest_en}{causes_en}"),
        ProblemKind("quote-whitespace", "摘录中有多余的换行或空格", "line break or spaces not in the document",
                    "摘录中有{what_zh}，原文此处没有：“{found}”。请删去，使摘录与原文逐字一致。",
                    "the quote has {what_en} where the document has none: \"{found}\". Remove it so that the "
                    "quote matches the document exactly."),
        ProblemKind("period-not-in-quote", "期间与摘录不符", "period differs from the quote",
                    "期间为 {period_zh}，但摘录写的是 {stated}：“{quote}”。请核对 period。",
                    "the period is {period_en}, but the quote states {stated}: \"{quote}\". Check the period."),
        ProblemKind("duplicate-figure", "数字重复", "figure entered twice",
                    "同一指标、范围和期间的数字已在第 {other_line} 行录入（{what}）。请删去一条，"
                    "或用 scope（范围）区分。",
                    "a figure for the same metric, scope and period is already entered on line {other_line} "
                    "({what}). Delete one, or tell them apart with scope."),
        ProblemKind("value-not-in-quote", "数字与摘录不符", "value not in the quote",
                    "数值 {found} 没有出现在摘录中：“{quote}”。",
                    "the value {found} does not appear in the quote: \"{quote}\"."),
        ProblemKind("zero-not-in-quote", "摘录未写明为零", "the quote states no zero",
                    "数值为 0，但摘录既没有写 0，也没有“未发生”“零”“无”“没有”等字样：“{quote}”。",
                    "the value is 0, but the quote neither writes 0 nor says 'none occurred' (未发生, 零, 无, 没有): "
                    "\"{quote}\"."),
        ProblemKind("among-without-rank", "排名范围只用于排名", "'ranked among' is for rankings only",
                    "只有排名（unit: rank）才填 among；此处 unit 为 “{found}”。",
                    "among is only for a ranking (unit: rank); here the unit is \"{found}\"."),
        ProblemKind("invalid-range", "区间无效", "invalid range",
                    "区间无效：{detail_zh}", "invalid range: {detail_en}"),
        ProblemKind("batch-not-in-quote", "批次与摘录不符", "batch not in the quote",
                    "批次 {found}（第{expected}批）没有出现在摘录中：“{quote}”。",
                    "batch {found} (第{expected}批) is not the one the quote names: \"{quote}\"."),
        ProblemKind("no-city-folder", "找不到城市数据目录", "no city folder",
                    "数据目录中没有 {folder} 文件夹：请检查 --data 指向的是 data/ 目录。",
                    "the data folder has no {folder} folder: check that --data names the data/ folder."),
        ProblemKind("missing-document", "来源文件不存在", "source document missing",
                    "来源文件 {document} 不存在。", "the source document {document} does not exist."),
        ProblemKind("document-encoding", "来源文件编码错误", "source document not UTF-8",
                    "来源文件 {document} 不是 UTF-8 编码，请另存为 UTF-8。",
                    "the source document {document} is not UTF-8 encoded; save it as UTF-8."),
        ProblemKind("unknown-city", "城市不存在", "unknown city",
                    "城市 “{found}” 不存在。{suggest_zh}已有城市：{allowed}。",
                    "city \"{found}\" does not exist. {suggest_en}Known cities: {allowed}."),
        ProblemKind("unit-not-allowed", "单位不适用", "unit not allowed",
                    "指标 “{metric}” 不能使用单位 “{found}”。允许：{allowed}。",
                    "metric \"{metric}\" cannot use unit \"{found}\". Allowed: {allowed}."),
        ProblemKind("inconsistent-totals", "数字互相矛盾", "figures contradict each other",
                    "{detail_zh}", "{detail_en}"),
        ProblemKind("correction-unchanged", "更正前后数值相同", "correction changes nothing",
                    "更正前的数值 {found} 与现在的数值相同：更正记录要写被替换的旧数值。",
                    "the value before the correction, {found}, is the value now: "
                    "a correction records the value it replaced."),
    ]
}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in one place of one file; ordered by file, line, column."""

    file: str
    line: int
    column: int
    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def at(cls, file: str, position: tuple[int, int], path: str, code: str,
           params: dict[str, Any] | None = None) -> Problem:
        """A problem at a record's (line, column), as the validator keeps positions."""
        return cls(file, position[0], position[1], path, code, params or {})

    @property
    def kind(self) -> ProblemKind:
        return KINDS[self.code]

    def _fill(self, template: str) -> str:
        values = {k: ("" if v is None else v) for k, v in self.params.items()}
        return template.format_map(_Blank(values)).strip()

    @property
    def message_zh(self) -> str:
        return self._fill(self.kind.zh)

    @property
    def message_en(self) -> str:
        return self._fill(self.kind.en)

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "line": self.line, "column": self.column,
            "path": self.path, "code": self.code,
            "message_zh": self.message_zh, "message_en": self.message_en,
        }


class _Blank(dict[str, Any]):
    """Template values where a parameter a message does not need reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


class DataError(Exception):
    """Raised by a stage that cannot go on because the data has problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} data problem(s)")
        self.problems = sorted(problems)


def format_text(problems: Iterable[Problem]) -> str:
    """The human report: location, code and path, then the message in zh and en."""
    lines: list[str] = []
    for p in sorted(problems):
        lines.append(f"{p.location()}  {p.code}  {p.path or '(file)'}")
        lines.append(f"    {p.message_zh}")
        lines.append(f"    {p.message_en}")
    return "\n".join(lines)


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(problems: Iterable[Problem]) -> str:
    """Workflow commands that GitHub shows on the changed line of a pull request."""
    out = []
    for p in sorted(problems):
        message = _github_escape(f"{p.path}: {p.message_zh}\n{p.message_en}")
        title = _github_escape(f"{p.code} ({p.kind.title_en})").replace(",", "%2C").replace("::", "%3A%3A")
        out.append(f"::error file={p.file},line={p.line},col={p.column},title={title}::{message}")
    return "\n".join(out)


def format_json(problems: Iterable[Problem]) -> str:
    """Stable JSON for tools: a list of problems with both messages."""
    return json.dumps([p.as_dict() for p in sorted(problems)], ensure_ascii=False, indent=2)


def summary_line(problems: list[Problem], files: int) -> str:
    if not problems:
        return f"✓ {files} 个文件，未发现问题 / {files} file(s), no problems"
    return f"✗ {len(problems)} 个问题 / {len(problems)} problem(s) in {files} file(s)"
