"""The shape of a city file (`data/cities/<slug>.yaml`) and of the changelog.

Every field is declared here once, with its labels and description in both
languages. Checks that tie fields of one record together (a figure's unit and
bounds, a range's order, passed ≤ tested) live beside the record they check.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from yaml.nodes import MappingNode, Node

from ..format import zh_numeral
from . import catalogue as cat
from . import hints, record
from .spec import (
    INVALID,
    Context,
    Enum,
    Field,
    ListOf,
    Number,
    PartialDate,
    PosNode,
    Record,
    Ref,
    Str,
    Text,
    Variant,
    Year,
    join,
    looks_untranslated,
)

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
RESERVED_SLUGS = {"en", "zh", "index", "assets", "search", "data", "downloads", "cities", "themes", "about",
                  "con", "prn", "aux", "nul", "com1", "lpt1", "404", "sitemap", "feed", "stylesheets",
                  "javascripts", "vendor", "schema"}


def slug_problem(value: str) -> tuple[str, str] | None:
    """Why a text cannot be a slug (zh, en), or None."""
    if not re.fullmatch(SLUG_PATTERN, value) or len(value) > 60:
        return ("只能用小写英文字母、数字和连字符，且不超过 60 个字符。",
                "use only lowercase ASCII letters, digits and hyphens, at most 60 characters.")
    if value in RESERVED_SLUGS:
        return "这是网站保留的名称。", "it is a name the site reserves."
    return None


class Slug(Str):
    expected_zh = "网址标识符"
    expected_en = "a URL slug"

    def read(self, node: Node, path: str, ctx: Context) -> Any:
        if not isinstance(node.value, str):
            return self.wrong_type(node, path, ctx)
        value = Str.read(self, node, path, ctx)
        if value is INVALID:
            return INVALID
        why = slug_problem(value)
        if why:
            from slugify import slugify

            suggestion = slugify(unicodedata.normalize("NFKC", value))[:60]
            zh, en = ((f"建议：“{suggestion}”。", f" Suggestion: \"{suggestion}\".")
                      if suggestion and not slug_problem(suggestion) else ("", ""))
            ctx.report(node, path, "invalid-slug", found=value, detail_zh=why[0], detail_en=why[1],
                       suggest_zh=zh, suggest_en=en)
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^{SLUG_PATTERN}$", "maxLength": 60,
                "not": {"enum": sorted(RESERVED_SLUGS)}}


# ---------------------------------------------------------------- periods
def _period_shorthand(node: Node, path: str, ctx: Context) -> Any:
    meant = hints.period_from_words(str(node.value)) if node.tag.endswith(":str") else None
    if meant is not None:
        shown = hints.period_yaml(meant)
        ctx.report(node, path, "invalid-period", detail_zh=f"“{node.value}” 请写成 period: {shown}。",
                   detail_en=f"write \"{node.value}\" as period: {shown}.")
        return INVALID
    year = Year().read(node, path, ctx)
    return INVALID if year is INVALID else {"kind": "year", "year": year}


def _check_range(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    if value["start"] > value["end"]:
        ctx.report(node, path, "invalid-period", detail_zh=f"起始年 {value['start']} 晚于结束年 {value['end']}。",
                   detail_en=f"start year {value['start']} is after end year {value['end']}.")


def _kind_field(kind: str) -> Field:
    choice = cat.PERIOD_KINDS[kind]
    return Field("kind", Enum({kind: choice}), "期间类型", "period kind", required=True,
                 about_zh=choice.zh, about_en=choice.en)


def _years(zh: str, en: str) -> Field:
    return Field("years", Number(1, 100, integer=True), zh, en, required=True)


PERIOD = Variant("kind", {
    "year": Record("period-year", [_kind_field("year"), Field("year", Year(), "年份", "year", required=True)]),
    "range": Record("period-range", [_kind_field("range"),
                                     Field("start", Year(), "起始年", "first year", required=True),
                                     Field("end", Year(), "结束年", "last year", required=True)],
                    checks=[_check_range]),
    "since": Record("period-since", [_kind_field("since"),
                                     Field("start", Year(), "起始年", "first year", required=True)],
                    zh="某年以来（至文件日期）", en="since a year, up to the document's date"),
    "recent": Record("period-recent", [_kind_field("recent"), _years("年数", "number of years")],
                     zh="近几年（文件未写明起止年）", en="the last N years (years not stated)"),
    "consecutive": Record("period-consecutive", [_kind_field("consecutive"), _years("年数", "number of years")]),
    "annual": Record("period-annual", [_kind_field("annual"),
                                       Field("since", Year(), "起始年", "since", about_zh="“每年”自何年起，如有",
                                             about_en="first year of 'every year', if stated")]),
    "unstated": Record("period-unstated", [_kind_field("unstated")]),
}, shorthand=_period_shorthand, shorthand_schema={"type": "integer", "minimum": 1949, "maximum": 2100,
                                                   "description": "一个年份 / a single year"})


# ---------------------------------------------------------------- figures
_NUMBER_IN_TEXT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万|亿)?")
_MULTIPLIER = {"万": 1e4, "亿": 1e8}


def numbers_in(text: str) -> list[float]:
    """The numbers a text writes in digits; "1万" counts both as 1 and as 10000."""
    normal = unicodedata.normalize("NFKC", text)
    found = []
    for digits, multiplier in _NUMBER_IN_TEXT.findall(normal):
        number = float(digits.replace(",", ""))
        found.append(number)
        if multiplier:
            found.append(number * _MULTIPLIER[multiplier])
    return found


#: Words by which a document states a zero without writing 0: 未发生, 零发生, 无, 没有, 未出现, 杜绝.
_ZERO_WORDS = re.compile(r"未发生|零|没有|未出现|无(?!锡)|杜绝")


def states_zero(quote: str) -> bool:
    """Whether a quote states a zero, in digits (0起) or in words (未发生较大及以上食品安全事故)."""
    return 0.0 in numbers_in(quote) or bool(_ZERO_WORDS.search(quote))


def _check_value_in_quote(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    """The figure must be the one the quote states, when the quote writes numbers in digits. A zero
    must always be stated, in digits or in words (未发生…): a quote that says nothing of one is not
    a source for it, and its years (2020年以来) are not the figure."""
    quote = value.get("quote", "")
    found = numbers_in(quote)
    if value.get("unit") == "rank":  # 居全省第一: the place is written in words or digits after 第
        n = value["value"]
        normal = unicodedata.normalize("NFKC", quote)
        place = f"第(?:{zh_numeral(int(n))}|{int(n)})(?![\\d十])" if float(n).is_integer() and 0 < n < 100 else None
        if place is None or not re.search(place, normal):
            ctx.report_at(value.pos["value"], join(path, "value"), "value-not-in-quote", found=n, quote=quote)
        return
    if value["value"] == 0:
        if not states_zero(quote):
            ctx.report_at(value.pos["value"], join(path, "value"), "zero-not-in-quote", quote=quote)
        return
    if found and not any(abs(n - value["value"]) < 1e-6 * max(1.0, abs(n)) for n in found):
        ctx.report_at(value.pos["value"], join(path, "value"), "value-not-in-quote",
                      found=value["value"], quote=quote)


#: A year a quote states: 2023年, not 较2022年 (a comparison) nor 2020年代; a range 2019—2021年;
#: a start 2019年以来 / 2021年至今.
_STATED_YEAR = re.compile(r"(?<![较比与])((?:19|20)\d{2})年(?!代)")
_STATED_RANGE = re.compile(r"((?:19|20)\d{2})年?[—–\-~～至到]((?:19|20)\d{2})年")
_STATED_SINCE = re.compile(r"((?:19|20)\d{2})年?(?:以来|至今|起|开始)")


def period_conflict(period: dict[str, Any], quote: str) -> str | None:
    """What a quote says about the years that contradicts `period`, or None. Only a plain
    contradiction counts: a year figure whose quote names years, none of them the figure's; a
    'since' or range figure whose quote gives another start or range. A quote naming no year,
    and the other kinds of period, are never questioned."""
    text = unicodedata.normalize("NFKC", quote)
    kind = period["kind"]
    if kind == "year":
        stated = {int(y) for y in _STATED_YEAR.findall(text)}
        for start, end in _STATED_RANGE.findall(text):
            stated |= set(range(int(start), int(end) + 1))
        if stated and period["year"] not in stated:
            return "、".join(f"{y}年" for y in sorted(stated))
    elif kind == "since":
        starts = [m for m in _STATED_SINCE.finditer(text)]
        if starts and period["start"] not in {int(m[1]) for m in starts}:
            return "、".join(m[0] for m in starts)
    elif kind == "range":
        ranges = list(_STATED_RANGE.finditer(text))
        if ranges and (period["start"], period["end"]) not in {(int(m[1]), int(m[2])) for m in ranges}:
            return "、".join(m[0] for m in ranges)
    return None


def _check_period_in_quote(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    """A figure's period must not contradict a year its quote states (a 2024 figure quoting 2023年)."""
    period, quote = value.get("period"), value.get("quote", "")
    if not period:
        return
    stated = period_conflict(period, quote)
    if stated:
        shown = hints.period_yaml(period)
        ctx.report_at(value.pos["period"], join(path, "period"), "period-not-in-quote",
                      period_zh=shown, period_en=shown, stated=stated, quote=quote[:80])


def _check_unit_and_bounds(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    metric = cat.METRICS.get(value.get("metric", ""))
    if metric is not None:
        unit_id = value.get("unit") or metric.units[0]
        if unit_id not in metric.units:
            ctx.report_at(value.pos["unit"], join(path, "unit"), "unit-not-allowed", metric=metric.id,
                          found=unit_id, allowed=", ".join(metric.units))
            return
        value["unit"] = unit_id
    unit = cat.UNITS[value["unit"]]
    bounds = Number(unit.minimum, unit.maximum, integer=unit.integer)
    bounds.bounded(value["value"], PosNode(value.pos["value"]), join(path, "value"), ctx,
                   unit_zh=unit.zh, unit_en=unit.en)


_SOURCE = Field("source", Ref("sources"), "来源", "source", required=True, missing_code="missing-source",
                about_zh="sources 中某个来源的 id。", about_en="The id of a source listed under sources.")
_QUOTE = Field("quote", Str(max_length=600), "原文摘录", "verbatim quote", required=True,
               missing_code="missing-source",
               about_zh="从来源文件逐字复制、含该数字的一句话。",
               about_en="A sentence copied verbatim from the source document that states the figure.")
_VALUE = Field("value", Number(), "数值", "value", required=True,
               about_zh="只填数字；单位写在 unit，约数等写在 qualifier。原文以“未发生”“零发生”等说明为零时填 0。",
               about_en="Digits only; the unit goes in unit, 'about' etc. in qualifier. 0 when the document "
                        "states a zero in words ('none occurred').")
_QUALIFIER = Field("qualifier", Enum(cat.QUALIFIERS), "限定词", "qualifier", default="exact",
                   about_zh="原文的“约”“余”“以上”“近”；“约5万余吨”兼有“约”与“余”，写 approximate_over。",
                   about_en="The document's 'about', 'over', 'at least', 'nearly'; a figure with both 'about' and "
                            "'over' is approximate_over.")
_PERIOD = Field("period", PERIOD, "期间", "period", required=True,
                about_zh="数字所覆盖的期间；原文未写时用 {kind: unstated}。",
                about_en="The period the figure covers; {kind: unstated} when the document gives none.")
_SCOPE = Field("scope", Text(), "范围", "scope",
               about_zh="数字所覆盖的范围，如“中心城区”“农产品”。",
               about_en="What the figure covers, e.g. 'central urban area' or 'farm produce'.")
_NOTE = Field("note", Text(), "说明", "note")
_AMONG = Field("among", Text(), "排名范围", "ranked among",
               about_zh="排名（unit: rank）所在的范围：“居全省第一”写 value: 1、among: {zh: 全省, en: the province}。",
               about_en="What a ranking (unit: rank) is among: '1st in the province' is value: 1, with among "
                        "naming the province in both languages.")


_CHANGE = Field("change", Enum(cat.CHANGES), "变化", "change",
                about_zh="数值为变化量时的方向：“提高0.4个百分点”写 value: 0.4、unit: percentage_point、change: increase。",
                about_en="When the value is a change, its direction: 'up 0.4 percentage points' is value: 0.4, "
                         "unit: percentage_point, change: increase.")
_COMPARED_TO = Field("compared_to", Year(), "比较年份", "compared with",
                     about_zh="变化所比较的年份：“较2022年”写 2022；须出现在摘录中。",
                     about_en="The year a change is measured against ('on 2022'); the quote must state it.")


def _check_change(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    """Percentage points are always a change, and a comparison year belongs to a change the quote states."""
    if not value.get("change") and (value.get("unit") == "percentage_point" or value.get("compared_to")):
        why = "unit 为 percentage_point 时必填" if value.get("unit") == "percentage_point" else "填写 compared_to 时必填"
        why_en = "required with unit percentage_point" if value.get("unit") == "percentage_point" else \
            "required with compared_to"
        ctx.report(node, join(path, "change"), "missing-field", key="change", label_zh=f"变化（{why}）",
                   label_en=f"change ({why_en})")
    year = value.get("compared_to")
    if year and not re.search(f"{year}年", unicodedata.normalize("NFKC", value.get("quote", ""))):
        ctx.report_at(value.pos["compared_to"], join(path, "compared_to"), "value-not-in-quote",
                      found=f"{year}年", quote=value.get("quote", ""))


def _check_rank(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    """A ranking says among what (全省), and only a ranking does."""
    if value.get("unit") == "rank" and not value.get("among"):
        ctx.report(node, join(path, "among"), "missing-field", key="among",
                   label_zh="排名范围（unit 为 rank 时必填）", label_en="ranked among (required with unit rank)")
    elif value.get("among") and value.get("unit") != "rank":
        ctx.report_at(value.pos["among"], join(path, "among"), "among-without-rank", found=value.get("unit"))


# ---------------------------------------------------------------- corrections
def _check_full_date(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    """A correction or a data change is dated to the day: the pages and the feeds say when it happened."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value["date"]):
        ctx.report_at(value.pos["date"], join(path, "date"), "wrong-type", expected_zh="完整日期（如 2026-11-26）",
                      expected_en="a full date such as 2026-11-26", found_zh="不完整的日期", found_en="a partial date",
                      found=repr(value["date"]))


CORRECTION = Record("correction", [
    Field("date", PartialDate(), "更正日期", "date corrected", required=True,
          about_zh="数字被更正的日期，写到日：2026-11-26。", about_en="The day the figure was corrected: 2026-11-26."),
    Field("old_value", Number(), "更正前数值", "value before the correction", required=True,
          about_zh="被替换的旧数值（单位、限定词同现在的数值）。",
          about_en="The value it replaced (same unit and qualifier as the value now)."),
    Field("reason", Text(), "更正原因", "reason", required=True),
    Field("source", Ref("sources"), "更正依据", "source of the correction", required=True,
          missing_code="missing-source",
          about_zh="说明这次更正的来源文件的 id（须在 sources 中）。",
          about_en="The id of the source (listed under sources) that states the correction."),
    Field("quote", Str(max_length=600), "原文摘录", "verbatim quote", required=True, missing_code="missing-source",
          about_zh="从更正依据逐字复制、说明更正的一句话。",
          about_en="A sentence copied verbatim from that source that states the correction."),
], zh="更正记录", en="correction", checks=[_check_full_date])

_CORRECTIONS = Field("corrections", ListOf(CORRECTION), "更正记录", "corrections",
                     about_zh="数字公布后被更正时填写，每次更正一项。",
                     about_en="One entry each time the published figure was corrected.")


def _check_corrections(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    """The latest correction must name the value it replaced, not the value now."""
    dated = [(c["date"], i, c) for i, c in enumerate(value.get("corrections", []))]
    if not dated or "value" not in value:
        return
    _, i, latest = max(dated, key=lambda d: (d[0], d[1]))
    if abs(latest["old_value"] - value["value"]) < 1e-9:
        ctx.report_at(latest.pos["old_value"], join(path, f"corrections[{i}].old_value"), "correction-unchanged",
                      found=latest["old_value"])


def figure_record(theme: str) -> Record:
    metrics = cat.metrics_of(theme)
    fields = [
        Field("metric", Enum(metrics, hint=hints.metric_hint(theme)), "指标", "metric", required=True),
        _VALUE,
        Field("unit", Enum({u: _unit_choice(u) for m in metrics.values() for u in m.units}, hint=hints.unit_hint),
              "单位", "unit",
              about_zh="不填时用该指标的默认单位。", about_en="Defaults to the metric's first unit."),
        _QUALIFIER, _PERIOD, _SCOPE,
    ]
    if theme == "complaints":
        fields.append(Field("channels", ListOf(Enum(cat.CHANNELS)), "渠道", "channels"))
    fields += [_NOTE, _SOURCE, _QUOTE, _CORRECTIONS]
    return Record(f"{theme}-figure", fields, zh=cat.THEMES[theme].zh, en=cat.THEMES[theme].en,
                  checks=[_check_unit_and_bounds, _check_value_in_quote, _check_period_in_quote, _check_corrections])


def _unit_choice(unit_id: str) -> cat.Choice:
    unit = cat.UNITS[unit_id]
    return cat.Choice(unit.id, unit.zh, unit.en)


ALL_UNITS = Enum({u: _unit_choice(u) for u in cat.UNITS}, hint=hints.unit_hint)

INDICATOR = Record("indicator", [
    Field("label", Text(), "指标名称", "indicator name", required=True), _VALUE,
    Field("unit", ALL_UNITS, "单位", "unit", required=True), _QUALIFIER, _CHANGE, _COMPARED_TO, _PERIOD, _SCOPE,
    _AMONG, _NOTE, _SOURCE, _QUOTE, _CORRECTIONS,
], zh="其他指标", en="other indicator", checks=[_check_unit_and_bounds, _check_rank, _check_change,
                                                _check_value_in_quote, _check_period_in_quote, _check_corrections])


# ---------------------------------------------------------------- statements and counts
def _lang_field(lang: str, required: bool = True) -> Field:
    names = {"zh": ("中文", "Chinese"), "en": ("英文", "English")}[lang]
    return Field(lang, Str(), *names, required=required, missing_code="missing-translation")


def _check_statement(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    if looks_untranslated(value):
        ctx.report_at(value.pos["en"], join(path, "en"), "wrong-language", language_zh="英文",
                      language_en="English", found=value["en"][:40])


def statement(sourced: bool) -> Record:
    """A sentence in both languages; `quote` (or, without one, `zh`) is verbatim from the document."""
    fields = [_lang_field("zh"), _lang_field("en"),
              Field("quote", Str(max_length=1200), "原文摘录", "verbatim quote",
                    about_zh="不填时，zh 本身须是原文。", about_en="Without it, zh itself must be verbatim.")]
    if sourced:
        fields.append(_SOURCE)
    return Record("sourced-statement" if sourced else "statement", fields, checks=[_check_statement])


STATEMENT = statement(sourced=False)
SOURCED_STATEMENT = statement(sourced=True)

COUNT = Record("count", [
    Field("value", Number(0, integer=True), "数值", "value", required=True), _QUALIFIER,
    Field("quote", Str(max_length=600), "原文摘录", "verbatim quote", required=True, missing_code="missing-source"),
], zh="计数", en="count", checks=[_check_value_in_quote])


# ---------------------------------------------------------------- campaign batches
@dataclass
class Batch(Number):
    """Which batch of the national programme (第四批 → 4): an ordinal the documents write in words."""

    minimum: float | None = 1
    maximum: float | None = 99
    integer: bool = True


def batches_in(text: str) -> set[int]:
    """The batches a text names: 第四批, 第4批, 第十二批."""
    found = set()
    for word in re.findall(r"第([一二三四五六七八九十\d]+)批", unicodedata.normalize("NFKC", text)):
        found |= {n for n in range(1, 100) if word in (str(n), zh_numeral(n))}
    return found


def _check_batch_in(value: record.Record, quote: str, path: str, ctx: Context) -> None:
    """A batch must be the one its quote names (第四批 for 4)."""
    batch = value.get("batch")
    if batch is not None and batch not in batches_in(quote):
        ctx.report_at(value.pos["batch"], join(path, "batch"), "batch-not-in-quote",
                      found=batch, expected=zh_numeral(batch), quote=quote[:80])


_BATCH = Field("batch", Batch(), "批次", "batch",
               about_zh="国家示范城市创建或评价验收的第几批：“第四批”写 4；摘录须写明该批次。",
               about_en="Which batch of the national programme or its acceptance reviews: the 4th batch "
                        "is 4; the quote must name it.")


# ---------------------------------------------------------------- reviews
def _check_dates(value: record.Record, node: MappingNode, path: str, ctx: Context, end_key: str = "end") -> None:
    """The end may not come before the start, compared at the precision both dates share."""
    start, end = value.get("start"), value.get("end")
    if not start or not end or start.startswith("--") != end.startswith("--"):
        return
    common = min(len(start), len(end))
    if start[:common] > end[:common]:
        ctx.report_at(value.pos["end"], join(path, end_key), "invalid-period",
                      detail_zh=f"结束日期 {end} 早于开始日期 {start}。",
                      detail_en=f"the end date {end} comes before the start date {start}.")


def _check_review_batch(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    """A review's batch is checked against its campaign, which must then be given."""
    if value.get("batch") is None:
        return
    campaign = value.get("campaign")
    if not campaign:
        ctx.report(node, join(path, "campaign"), "missing-field", key="campaign",
                   label_zh="评价验收批次（填写 batch 时必填）", label_en="campaign (required with batch)")
        return
    _check_batch_in(value, campaign.get("quote") or campaign["zh"], path, ctx)


SCORE = Record("review-score", [
    Field("value", Number(0, 100), "得分", "score", required=True, about_zh="百分制得分，如“初评得分92.6分”写 92.6。",
          about_en="The score out of 100: a preliminary review score of 92.6 points is 92.6."),
    Field("quote", Str(max_length=600), "原文摘录", "verbatim quote", required=True, missing_code="missing-source"),
], zh="评审得分", en="review score", checks=[_check_value_in_quote])


VISIT = Record("inspection-visit", [
    Field("mode", Enum(cat.VISIT_MODES), "检查方式", "mode", required=True),
    Field("areas", Text(), "检查区域", "areas"),
    Field("business_types", Number(0, integer=True), "业态数", "business types"),
    Field("points", Number(0, integer=True), "点位数", "points"),
    Field("quote", Str(max_length=600), "原文摘录", "verbatim quote", required=True, missing_code="missing-source"),
], checks=[])

INSPECTION = Record("inspection", [
    Field("total_points", COUNT, "检查点位总数", "points inspected in all"),
    Field("visits", ListOf(VISIT), "明查暗访", "announced and unannounced visits"),
    Field("exclusions", STATEMENT, "未检查项", "what was not inspected"),
])

VERDICT = Record("verdict", [
    Field("outcome", Enum(cat.VERDICTS), "结论", "outcome", required=True),
    Field("summary", Text(), "一句话结论", "one-line summary", required=True),
    Field("quote", Str(max_length=1200), "原文摘录", "verbatim quote", required=True, missing_code="missing-source"),
])

REVIEW = Record("review", [
    Field("id", Slug(), "编号", "id", required=True),
    Field("stage", Enum(cat.REVIEW_STAGES), "评审阶段", "stage", required=True),
    Field("level", Enum(cat.REVIEW_LEVELS), "评审层级", "level", required=True),
    Field("source", Ref("sources"), "来源", "source", required=True, missing_code="missing-source"),
    Field("campaign", STATEMENT, "评价验收批次", "campaign", about_zh="依据的通知或批次。",
          about_en="The notice or round it belongs to."),
    replace(_BATCH, about_zh="评价验收的第几批：“第四批”写 4；campaign 的摘录须写明该批次。",
            about_en="Which batch of acceptance reviews: the 4th batch is 4; the campaign's quote must "
                     "name it."),
    Field("body", STATEMENT, "评审机构", "reviewing body", required=True),
    Field("implementer", STATEMENT, "具体实施单位", "carried out by"),
    Field("participants", STATEMENT, "参加部门", "participating departments"),
    Field("start", PartialDate(), "开始日期", "start date"),
    Field("end", PartialDate(), "结束日期", "end date"),
    Field("criteria_version", Enum(cat.STANDARD_VERSIONS), "评价细则版本", "edition of the Evaluation Rules"),
    Field("guide_version", Enum(cat.STANDARD_VERSIONS), "操作指南版本", "edition of the review guide"),
    Field("methods", ListOf(Enum(cat.REVIEW_METHODS)), "评价方式", "methods"),
    Field("indicators", COUNT, "评价指标数", "indicators assessed"),
    Field("experts", COUNT, "专家人数", "experts"),
    Field("groups", COUNT, "工作组数", "review groups"),
    Field("materials", COUNT, "查阅材料（份）", "documents reviewed"),
    Field("interviewees", COUNT, "访谈人数", "people interviewed"),
    Field("interviews", STATEMENT, "访谈情况", "interviews"),
    Field("inspection", INSPECTION, "现场检查", "on-site inspection"),
    Field("highlights", ListOf(STATEMENT), "亮点", "highlights"),
    Field("shortcomings", ListOf(STATEMENT), "不足", "shortcomings"),
    Field("recommendations", ListOf(STATEMENT), "建议", "recommendations"),
    Field("verdict", VERDICT, "结论", "verdict", required=True),
    Field("score", SCORE, "评审得分", "review score", about_zh="报告写明得分时填写（百分制）。",
          about_en="When the report states a score (out of 100)."),
    _NOTE,
], zh="评审", en="review", checks=[_check_dates, _check_review_batch])


# ---------------------------------------------------------------- you pick, we test
def _check_sample(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    batches, passed = value.get("batches"), value.get("passed")
    if batches is not None and passed is not None and passed > batches:
        ctx.report_at(value.pos["passed"], join(path, "passed"), "inconsistent-totals",
                      detail_zh=f"合格批次 {passed} 多于抽检批次 {batches}。",
                      detail_en=f"{passed} batches passed but only {batches} were tested.")
    result = value.get("result")
    if result == "pass" and batches is not None and passed is not None and passed < batches:
        ctx.report_at(value.pos["result"], join(path, "result"), "inconsistent-totals",
                      detail_zh=f"结果为合格，但 {batches} 批次中只有 {passed} 批次合格。",
                      detail_en=f"result is pass, but only {passed} of {batches} batches passed.")
    if result == "fail" and batches is not None and passed is not None and passed >= batches:
        ctx.report_at(value.pos["result"], join(path, "result"), "inconsistent-totals",
                      detail_zh="结果为不合格，但所有批次都合格。",
                      detail_en="result is fail, but every batch passed.")


SAMPLE = Record("test-sample", [
    Field("food", Text(), "食品", "food", required=True),
    Field("batches", Number(0, integer=True), "抽检批次", "batches tested"),
    Field("passed", Number(0, integer=True), "合格批次", "batches passed"),
    Field("result", Enum(cat.TEST_RESULTS), "结果", "result", required=True),
    Field("failing_items", ListOf(Text()), "不合格项目", "failing test items"),
    _NOTE,
], checks=[_check_sample])

CANDIDATE = Record("candidate", [
    Field("food", Text(), "候选食品", "candidate food", required=True),
    Field("votes", Number(0, integer=True), "票数", "votes"),
])

#: Qualifiers that keep the stated number an upper bound of the true one (a total) or a lower
#: bound (a part): only then can parts that add up to more than the total be a contradiction.
_UPPER_BOUND = {"exact", "nearly", "at_most"}
_LOWER_BOUND = {"exact", "over", "at_least"}


def _total(value: dict[str, Any], key: str) -> float | None:
    count = value.get(key)
    return count["value"] if count and count.get("qualifier", "exact") in _UPPER_BOUND else None


def _part(value: dict[str, Any], key: str) -> float | None:
    count = value.get(key)
    return count["value"] if count and count.get("qualifier", "exact") in _LOWER_BOUND else None


def _check_round_totals(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    """A round's parts may not add up to more than its totals: passed + failed ≤ tested, the
    foods' batches ≤ tested, the candidates' votes ≤ votes cast. A total stated as a lower
    bound ('60余批次') is never contradicted."""
    tested = _total(value, "batches_tested")
    passed, failed = _part(value, "batches_passed"), _part(value, "batches_failed")
    if tested is not None and passed is not None and failed is not None and passed + failed > tested:
        ctx.report_at(value.pos["batches_tested"], join(path, "batches_tested"), "inconsistent-totals",
                      detail_zh=f"合格 {passed} 批次与不合格 {failed} 批次之和 {passed + failed}，多于抽检的 {tested} 批次。",
                      detail_en=f"{passed} batches passed and {failed} failed make {passed + failed}, "
                                f"more than the {tested} tested.")
    batches = [s["batches"] for s in value.get("samples", []) if s.get("batches") is not None]
    if tested is not None and batches and sum(batches) > tested:
        ctx.report_at(value.pos["batches_tested"], join(path, "batches_tested"), "inconsistent-totals",
                      detail_zh=f"各食品抽检批次之和 {sum(batches)}，多于活动抽检总数 {tested} 批次。",
                      detail_en=f"the foods' batches add up to {sum(batches)}, more than the {tested} tested "
                                "in the round.")
    cast = _total(value, "votes_total")
    votes = [c["votes"] for c in value.get("candidates", []) if c.get("votes") is not None]
    if cast is not None and votes and sum(votes) > cast:
        ctx.report_at(value.pos["votes_total"], join(path, "votes_total"), "inconsistent-totals",
                      detail_zh=f"各候选食品票数之和 {sum(votes)}，多于投票总数 {cast}。",
                      detail_en=f"the candidates' votes add up to {sum(votes)}, more than the {cast} cast.")


ROUND = Record("test-round", [
    Field("id", Slug(), "编号", "id", required=True),
    Field("title", Text(), "名称", "title", required=True),
    Field("date", PartialDate(), "日期", "date"),
    Field("period", PERIOD, "期间", "period"),
    Field("nomination", Text(), "征集方式", "how foods were nominated"),
    Field("voting", Text(), "投票方式", "how the public voted"),
    Field("selection", Text(), "选取规则", "how foods were chosen",
          about_zh="本轮如何从候选食品中选出抽检的食品，如“得票前5名”。",
          about_en="How this round chose the foods to test from the candidates, e.g. 'the five with most votes'."),
    Field("votes_total", COUNT, "投票总数", "votes cast"),
    Field("batches_tested", COUNT, "抽检批次总数", "batches tested in all"),
    Field("batches_passed", COUNT, "合格批次总数", "batches passed in all"),
    Field("batches_failed", COUNT, "不合格批次总数", "batches failed in all"),
    Field("candidates", ListOf(CANDIDATE), "候选食品", "candidates"),
    Field("samples", ListOf(SAMPLE), "抽检结果", "what was tested and found"),
    _SOURCE, Field("quote", Str(max_length=1200), "原文摘录", "verbatim quote", required=True,
                   missing_code="missing-source"),
], zh="你点我检活动", en="'you pick, we test' round", checks=[_check_round_totals])

PRACTICE = Record("test-practice", [
    Field("description", Text(), "做法", "practice", required=True),
    Field("frequency", Enum(cat.FREQUENCIES), "频次", "frequency", default="unstated"),
    Field("nomination", Text(), "征集方式", "how foods are nominated"),
    Field("selection", Text(), "选取方式", "how foods are chosen"),
    _SOURCE, Field("quote", Str(max_length=1200), "原文摘录", "verbatim quote", required=True,
                   missing_code="missing-source"),
])

YOU_PICK = Record("you-pick-we-test", [
    Field("practices", ListOf(PRACTICE), "做法", "how the city runs it"),
    Field("rounds", ListOf(ROUND), "活动", "rounds"),
])


# ---------------------------------------------------------------- targets, plans, timeline, sources
def _check_target(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    if "metric" not in value and "label" not in value:
        ctx.report(node, join(path, "label"), "missing-field", key="label", label_zh="指标名称（无 metric 时必填）",
                   label_en="indicator name (required without metric)")
        return
    if "metric" not in value and "unit" not in value:
        ctx.report(node, join(path, "unit"), "missing-field", key="unit", label_zh="单位", label_en="unit")
        return
    _check_unit_and_bounds(value, node, path, ctx)
    _check_value_in_quote(value, node, path, ctx)
    _check_target_range(value, path, ctx)


def _check_target_range(value: record.Record, path: str, ctx: Context) -> None:
    """A range (配备2—3名) is value to value_max, a plain '=' target; its top must be in the quote too."""
    top = value.get("value_max")
    if top is None:
        return
    pos, where = value.pos["value_max"], join(path, "value_max")
    if value["comparator"] != "=":
        ctx.report_at(pos, where, "invalid-range",
                      detail_zh=f"区间目标的 comparator 须为 \"=\"，不能是 \"{value['comparator']}\"。",
                      detail_en=f"a range target takes comparator \"=\", not \"{value['comparator']}\".")
    elif top <= value["value"]:
        ctx.report_at(pos, where, "invalid-range", detail_zh=f"上限 {top} 不大于下限 {value['value']}。",
                      detail_en=f"the top {top} is not above the bottom {value['value']}.")
    elif not any(abs(n - top) < 1e-6 * max(1.0, abs(n)) for n in numbers_in(value.get("quote", ""))):
        ctx.report_at(pos, where, "value-not-in-quote", found=top, quote=value.get("quote", ""))


TARGET = Record("target", [
    Field("metric", Enum(cat.METRICS, hint=hints.metric_hint(None)), "指标", "metric",
          about_zh="能与实际数字对照时填写。", about_en="Set it when the target can be held against actual figures."),
    Field("label", Text(), "指标名称", "indicator name"),
    Field("comparator", Enum(cat.COMPARATORS), "比较", "comparator", required=True),
    _VALUE,
    Field("value_max", Number(), "区间上限", "top of the range",
          about_zh="目标为区间（如“配备2—3名”）时的上限：value 写 2，value_max 写 3，comparator 写 \"=\"。",
          about_en="The top of a target range ('2 to 3 per village'): value 2, value_max 3, comparator \"=\"."),
    Field("unit", ALL_UNITS, "单位", "unit"),
    Field("deadline", Year(), "期限", "deadline", about_zh="目标年份；原文未写时不填。",
          about_en="The target year; leave out when the document gives none."),
    Field("task", Number(1, 999, integer=True), "任务编号", "task number"),
    _SCOPE, _NOTE, _SOURCE, _QUOTE,
], zh="目标", en="target", checks=[_check_target])

PLAN_TASK = Record("plan-task", [
    Field("number", Number(1, 999, integer=True), "序号", "number", required=True),
    Field("title", Text(), "任务", "task", required=True),
    Field("lead", Text(), "牵头单位", "lead departments"),
    Field("responsible", Text(), "责任单位", "responsible departments"),
])

PLAN = Record("plan", [_SOURCE, Field("tasks", ListOf(PLAN_TASK), "任务", "tasks")])

def _check_event_span(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    """An event spanning days ends on or after the day it starts."""
    span = {"start": value.get("date"), "end": value.get("end_date")}
    _check_dates(record.Record(span, pos={"end": value.pos["end_date"]} if "end_date" in value.pos else {}),
                 node, path, ctx, end_key="end_date")


def _check_batch(value: record.Record, node: MappingNode, path: str, ctx: Context) -> None:
    _check_batch_in(value, value.get("quote", ""), path, ctx)


TIMELINE_EVENT = Record("timeline-event", [
    Field("date", PartialDate(), "日期", "date", required=True,
          about_zh="持续多日的事件，这里写第一天。", about_en="For an event over several days, the first day."),
    Field("end_date", PartialDate(), "结束日期", "end date",
          about_zh="持续多日的事件的最后一天，如“11月2日至11月12日”写 --11-12。",
          about_en="The last day of an event over several days: '2 to 12 November' gives --11-12."),
    Field("event", Enum(cat.TIMELINE_EVENTS), "事件", "event", required=True),
    _BATCH,
    Field("text", Text(), "说明", "description"),
    _SOURCE, _QUOTE,
], checks=[_check_event_span, _check_batch])

SOURCE = Record("source", [
    Field("id", Slug(), "编号", "id", required=True, about_zh="稳定不变，CSV 与网址都引用它。",
          about_en="Stable: CSV rows and URLs refer to it."),
    Field("kind", Enum(cat.SOURCE_KINDS), "类型", "kind", required=True),
    Field("title", Text(), "标题", "title", required=True),
    Field("issuer", Text(), "发布机构", "issuer"),
    Field("date", PartialDate(), "日期", "date"),
    Field("number", Str(max_length=80), "文号", "document number"),
    Field("url", Str(pattern=r"https?://[^\s<>\"']+", max_length=500, expected_zh="以 http:// 或 https:// 开头的链接",
                     expected_en="a link starting with http:// or https://"), "链接", "link"),
    Field("document", Str(pattern=r"[a-z0-9][a-z0-9-]*\.txt", max_length=80,
                          expected_zh="data/documents/ 下的文件名，如 xining-review.txt",
                          expected_en="a file name in data/documents/, e.g. xining-review.txt"),
          "原文文件", "document file",
          about_zh="data/documents/ 下的全文文本，用于核对摘录。",
          about_en="Full text under data/documents/, used to check quotes."),
    _NOTE,
], zh="来源", en="source")

CITY = Record("city", [
    Field("slug", Slug(), "网址标识符", "slug", required=True,
          about_zh="小写拼音或英文，发布后不得更改。", about_en="Lowercase ASCII; never changes once published."),
    Field("name", Text(), "城市名称", "city name", required=True),
    Field("province", SOURCED_STATEMENT, "所属省份", "province"),
    Field("divisions", SOURCED_STATEMENT, "行政区划", "administrative divisions"),
    Field("timeline", ListOf(TIMELINE_EVENT), "创建历程", "candidacy timeline"),
    *[Field(theme, ListOf(figure_record(theme)), cat.THEMES[theme].zh, cat.THEMES[theme].en)
      for theme in cat.FIGURE_THEMES],
    Field("indicators", ListOf(INDICATOR), "其他指标", "other indicators"),
    Field("you_pick_we_test", YOU_PICK, "你点我检", "you pick, we test"),
    Field("reviews", ListOf(REVIEW), "评审", "reviews"),
    Field("targets", ListOf(TARGET), "目标", "targets"),
    Field("plans", ListOf(PLAN), "实施方案任务", "plan tasks"),
    Field("sources", ListOf(SOURCE), "来源文件", "sources", required=True),
], zh="城市", en="city")

CHANGE = Record("change", [
    Field("date", PartialDate(), "日期", "date", required=True,
          about_zh="数据更新的日期，写到日：2026-11-26。", about_en="The day the data changed: 2026-11-26."),
    Field("title", Text(), "标题", "title", required=True),
    Field("summary", Text(), "摘要", "summary", required=True, about_zh="改了什么。", about_en="What changed."),
    Field("cities", ListOf(Ref("cities", expected_zh="城市标识符", expected_en="a city slug")), "涉及城市", "cities",
          about_zh="所涉城市的标识。", about_en="Slugs of the cities concerned."),
], zh="数据更新", en="data update", checks=[_check_full_date])

CHANGELOG = Record("changelog", [Field("changes", ListOf(CHANGE), "数据更新", "data updates", required=True)])
