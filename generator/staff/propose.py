"""`portal propose DOCUMENT`: read a source document and draft the figures it states, as YAML
entries for a person to accept or delete.

Turning a Chinese government report into sourced figures is the slowest part of a staff
member's job: every number must be found, its unit and multiplier resolved (5.6万户), its
qualifier read from the wording (约, 余, 以上, 近), its period from the sentence (2021年,
近三年, 2019年以来, 连续3年, 每年), a metric chosen from the catalogue, and the exact quote
copied. This module does the reading; the person keeps the judgement. Nothing is written into
data/: the draft goes to standard output or to a file outside data/.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..schema import catalogue as cat
from ..schema.hints import period_yaml
from ..schema.wording import period_of

#: Clause ends: the quote proposed is the shortest whole clause holding the number.
_CLAUSE_END = "，。；！？：\n"
_SENTENCE_END = "。；！？\n"

#: Units as documents write them, longest first so that 批次/千人 wins over 批次 and 万元 over 元.
#: A unit written with 万 or 亿 maps to the catalogue's own 万/亿 unit when it has one.
_UNIT_WORDS: dict[str, str] = {
    "批次/千人": "batch_per_1000", "人/万人": "per_10k", "万平方千米": "wan_km2", "平方千米": "km2",
    "平方公里": "km2", "万平方公里": "wan_km2", "万元": "wan_yuan", "亿元": "yi_yuan", "万人": "wan_person",
    "万亩": "wan_mu", "万吨": "wan_ton", "人次": "person_time", "学时": "hour", "元/人": "yuan_per_person",
    "元/亩": "yuan_per_mu", "元/头": "yuan_per_head", "%": "percent", "％": "percent", "分": "score",
    "批次": "batch", "件": "case_jian", "起": "case_qi", "人": "person", "名": "person", "家": "business_jia",
    "户": "business_hu", "个": "item", "份": "copy", "条": "tiao", "项": "xiang", "所": "institution",
    "轮": "round", "张": "sheet", "期": "issue", "元": "yuan", "亩": "mu", "吨": "ton", "次": "times",
    "年": "year", "票": "vote",
}
_UNIT_PATTERN = "|".join(re.escape(word) for word in sorted(_UNIT_WORDS, key=len, reverse=True))
#: A number with what may surround it: a qualifier before, 万/亿, a qualifier after, the unit, a bound after.
_FIGURE = re.compile(
    r"(?P<before>约|近|超过|逾|不低于|不少于|至少|达到|达|共|累计)?"
    r"(?P<number>\d+(?:[,，]\d{3})*(?:\.\d+)?)"
    r"(?P<over1>余|多)?(?P<mult>万|亿)?(?P<over2>余|多)?"
    r"(?P<unit>" + _UNIT_PATTERN + r")"
    r"(?P<after>以上|以下|左右|余|多)?")
#: Numbers that are not figures: dates, document numbers, ordinals, versions, hotlines.
_NOT_FIGURE = [
    re.compile(r"(19|20)\d{2}年"),                      # a year: 2021年
    re.compile(r"近\d+年"),                             # a period: 近3年
    re.compile(r"\d{1,2}月\d{1,2}日|\d{1,2}月"),        # a date
    re.compile(r"〔\d{4}〕\d+号|\[\d{4}\]\d+号|\d+号"),   # a document number
    re.compile(r"第[\d一二三四五六七八九十]+"),          # an ordinal: 第四批, 第12项
    re.compile(r"\d{4}版"),                             # a standard's edition
    re.compile(r"1231[05]|12345"),                      # hotline numbers
]


@dataclass
class Proposal:
    """One figure as the document states it, with the reading that led to each part."""

    value: float
    unit: str
    qualifier: str
    period: dict[str, Any]
    quote: str
    line: int
    start: int  # offset of the number in the document
    metric: str | None = None
    theme: str = "indicators"
    why: list[str] = field(default_factory=list)


def _number(text: str) -> float:
    value = float(text.replace(",", "").replace("，", ""))
    return int(value) if value.is_integer() else value


def _masked(text: str) -> set[int]:
    """Offsets of digits that belong to dates, document numbers, ordinals and the like."""
    masked: set[int] = set()
    for pattern in _NOT_FIGURE:
        for match in pattern.finditer(text):
            masked.update(range(match.start(), match.end()))
    return masked


def _span(text: str, at: int, ends: str) -> tuple[int, int]:
    start = max(text.rfind(ch, 0, at) for ch in ends) + 1
    stops = [i for i in (text.find(ch, at) for ch in ends) if i >= 0]
    return start, min(stops) if stops else len(text)


def _qualifier(match: re.Match[str]) -> tuple[str, str | None]:
    before, after = match.group("before"), match.group("after")
    over = match.group("over1") or match.group("over2") or (after if after in ("余", "多") else None)
    if before in ("不低于", "不少于", "至少"):
        return "at_least", f"“{before}” → at_least"
    if before == "约" and over:
        return "approximate_over", f"“约…{over}” → approximate_over"
    if (before == "约" or after == "左右") and not over:
        return "approximate", f"“{before or after}” → approximate"
    if before == "近":
        return "nearly", "“近” → nearly"
    if before in ("超过", "逾") or over:
        return "over", f"“{before if before in ('超过', '逾') else over}” → over"
    if after == "以上":
        return "at_least", "“以上” → at_least"
    if after == "以下":
        return "at_most", "“以下” → at_most"
    return "exact", None


def _unit(match: re.Match[str], value: float) -> tuple[str, float, str | None]:
    """The catalogue unit and the value in it: 5.6万户 → 56000 户; 2000万元 stays 2000 万元."""
    word, mult = match.group("unit"), match.group("mult")
    if mult and (combined := _UNIT_WORDS.get(mult + word)):
        return combined, value, None
    unit = _UNIT_WORDS[word]
    if mult:
        factor = 1e4 if mult == "万" else 1e8
        resolved = value * factor
        resolved = int(resolved) if float(resolved).is_integer() else round(resolved, 6)
        return unit, resolved, f"{value}{mult}{word} → {resolved} {cat.UNITS[unit].zh}"
    return unit, value, None


def _metric_terms() -> list[tuple[str, str]]:
    """(term, metric id) for every metric's Chinese label and synonyms, longest first."""
    terms = [(metric.zh, metric.id) for metric in cat.METRICS.values()]
    terms += [(word, metric) for metric, words in cat.SYNONYMS.items() for word in words]
    return sorted(terms, key=lambda term: len(term[0]), reverse=True)


def metric_of(before: str, sentence: str, unit: str, terms: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """The catalogue metric named nearest before the number (`before`: its clause up to it), if
    the unit fits; else the one its sentence names."""
    for text in (before, sentence):
        found = [(*where, term, metric) for term, metric in terms
                 if unit in cat.METRICS[metric].units and (where := _mentions(text, term))[0] >= 0]
        if found:
            _, _, term, metric = max(found)
            return metric, f"“{term}” → {metric}"
    return None, None


def _mentions(text: str, term: str) -> tuple[int, int]:
    """Where a term ends and starts in the text, last occurrence, its parts in order with other
    words between (抽检…批次); (-1, -1) if it is not there. The nearest and tightest term wins."""
    parts = term.split("…")
    end = text.rfind(parts[-1])
    if end < 0:
        return -1, -1
    at = end
    for part in reversed(parts[:-1]):
        at = text.rfind(part, 0, at)
        if at < 0:
            return -1, -1
    return end + len(parts[-1]), at


def propose(text: str) -> list[Proposal]:
    """Every figure the document states in digits with a unit, in document order."""
    masked, terms, found = _masked(text), _metric_terms(), []
    respectively: dict[int, list[Proposal]] = {}  # figures after a sentence's 分别, by sentence start
    for match in _FIGURE.finditer(text):
        number_at = match.start("number")
        if number_at in masked or _list_ordinal(text, number_at, match.end("number")):
            continue
        unit, value, unit_why = _unit(match, _number(match.group("number")))
        qualifier, qualifier_why = _qualifier(match)
        c_start, c_end = _span(text, number_at, _CLAUSE_END)
        s_start, s_end = _span(text, number_at, _SENTENCE_END)
        sentence = text[s_start:s_end]
        period, period_why = period_of(sentence, number_at - s_start)
        clause, before = text[c_start:c_end].strip(), text[c_start:number_at]
        line = text.count("\n", 0, number_at) + 1
        for part in _listed_rates(before) if unit == "percent" else [before]:
            metric, metric_why = metric_of(part, "" if part is not before else sentence, unit, terms)
            proposal = Proposal(value, unit, qualifier, period, clause, line, number_at, metric,
                                cat.METRICS[metric].theme if metric else "indicators",
                                [why for why in (unit_why, qualifier_why, period_why, metric_why) if why])
            found.append(proposal)
        if "分别" in text[s_start:number_at]:
            respectively.setdefault(s_start, []).append(found[-1])
    for s_start, items in respectively.items():
        _pair_respectively(text[s_start:_span(text, items[0].start, _SENTENCE_END)[1]], items)
    return found


def _listed_rates(before: str) -> list[str]:
    """“A率、B率和C率均达”: one part per rate named, so that one number gives each its figure."""
    parts = [part for part in re.split(r"、|和|及", before) if part]
    if len(parts) < 2 or not all("率" in part for part in parts):
        return [before]
    return parts


def _pair_respectively(sentence: str, items: list[Proposal]) -> None:
    """“2021年、2022年…分别约1.4亿元、2亿元”: the k-th figure after 分别 takes the k-th year named
    before it, and a qualifier written once before the list applies to all."""
    head = sentence[:sentence.find("分别")]
    years = [int(year) for year in re.findall(r"((?:19|20)\d{2})年", head)]
    for k, item in enumerate(items):
        if len(years) == len(items):
            item.period = {"kind": "year", "year": years[k]}
            item.why.append(f"分别 → {years[k]}")
        if k and item.qualifier == "exact" and items[0].qualifier != "exact":
            item.qualifier = items[0].qualifier
            item.why.append(f"分别 → {item.qualifier}")


def _list_ordinal(text: str, start: int, end: int) -> bool:
    """“1．”, “(2)” and “3、” at the start of a line or clause number a list; they are not figures."""
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else ""
    return (before in "\n（(" and after in "．.、)）") or after in "．、"


# ---------------------------------------------------------------- the draft
def _yaml_text(text: str) -> str:
    needs_quotes = re.search(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|[:#]\s|\s$", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' if needs_quotes else text


def _label(item: Proposal) -> str:
    """A first guess at the label of a figure outside the catalogue: its clause up to the number."""
    head = item.quote.split(re.sub(r"\.0$", "", str(item.value)))[0] if item.value else item.quote
    return re.sub(r"^(全市|共|累计|现有)|(达到|达|为|共|约|近|超过)$", "", head).strip() or item.quote


def draft(proposals: list[Proposal], source: str, document: str) -> str:
    """Proposals as YAML grouped by theme, each with the document line and the reading behind it."""
    lines = [f"# portal propose {document}: {len(proposals)} 个候选数字 / candidate figures.",
             "# 逐条核对：保留正确的，删除不是数字的，补上 scope/note；然后粘贴到城市文件相应的主题下。",
             "# Check each entry: keep what is right, delete what is not a figure, add scope/note; then paste it",
             "# under the same theme in the city file. `portal check` verifies the quote against the document."]
    by_theme: dict[str, list[Proposal]] = {}
    for item in proposals:
        by_theme.setdefault(item.theme, []).append(item)
    order = [*cat.FIGURE_THEMES, "indicators"]
    for theme in sorted(by_theme, key=order.index):
        lines += ["", f"{theme}:  # {cat.THEMES[theme].zh} / {cat.THEMES[theme].en}"]
        for item in by_theme[theme]:
            lines.append(f"  # 第 {item.line} 行 / line {item.line}" + (f": {'; '.join(item.why)}" if item.why else ""))
            first = f"metric: {item.metric}" if item.metric else f'label: {{zh: {_yaml_text(_label(item))}, en: ""}}'
            lines.append(f"  - {first}")
            lines.append(f"    value: {item.value}")
            if not item.metric or item.unit != cat.METRICS[item.metric].units[0]:
                lines.append(f"    unit: {item.unit}")
            if item.qualifier != "exact":
                lines.append(f"    qualifier: {item.qualifier}")
            lines.append(f"    period: {period_yaml(item.period)}")
            lines.append(f"    source: {source}")
            lines.append(f"    quote: {_yaml_text(item.quote)}")
    return "\n".join(lines) + "\n"


def iter_theme_figures(city: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The figures a city file holds (themes, other indicators, targets), for measuring proposals."""
    for theme in [*cat.FIGURE_THEMES, "indicators", "targets"]:
        for record in city.get(theme, []) or []:
            yield theme, record


# ---------------------------------------------------------------- the command
def find_source(data: Path, document: str, city: str | None) -> tuple[str | None, str | None]:
    """The source id (and its city) that declares this document, from the city files."""
    for path in sorted((data / "cities").glob("*.yaml")):
        if city and path.stem != city:
            continue
        record = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in record.get("sources", []) or []:
            if isinstance(source, dict) and source.get("document") == document:
                return source.get("id"), path.stem
    return None, None


def cmd_propose(args: argparse.Namespace) -> int:
    data = Path(args.data)
    path = Path(args.document)
    if not path.is_file():
        path = data / "documents" / args.document
    if not path.is_file():
        print(f"找不到文件 {args.document} / no such document: {args.document}", file=sys.stderr)
        return 2
    source, city = find_source(data, path.name, args.city)
    proposals = propose(path.read_text(encoding="utf-8"))
    text = draft(proposals, source or "TODO-source-id", path.name)
    if not source:
        text = ("# 没有城市文件在 sources 中声明此文件；请先运行 portal new-source，再把 source 换成它的 id。\n"
                "# No city file declares this document under sources: run `portal new-source`, then use its id.\n") + text
    if not args.out:
        sys.stdout.write(text)
        return 0
    out = Path(args.out).resolve()
    if out.is_relative_to(data.resolve()):
        print("草稿不能写进 data/，请写到别处再人工挑选 / the draft must not go into data/: write it elsewhere "
              "and copy what you keep", file=sys.stderr)
        return 2
    out.write_text(text, encoding="utf-8")
    print(f"{len(proposals)} 个候选数字写入 {out} / {len(proposals)} candidate figures written to {out}"
          + (f" (city: {city})" if city else ""), file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("propose", help="从来源文件起草数字 / draft figures from a source document",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("document", help="data/documents/ 下的文件名或路径 / a file in data/documents/ or a path")
    parser.add_argument("--city", help="只在这个城市文件里找来源 / look for the source in this city file only")
    parser.add_argument("--out", help="写入草稿文件（不能在 data/ 下）/ write the draft to this file (not under data/)")
    parser.set_defaults(run=cmd_propose)
