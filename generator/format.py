"""How a figure reads on the page, in each language: value with its qualifier
and unit, period, dates. One place, so the page, the chart hover text and the
table alternative always agree ("≥99.7%", "800余万元", "2019–2021年").
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .schema import catalogue as cat

LANGS = ("zh", "en")


def number(value: float, lang: str = "zh") -> str:
    """Digits grouped for reading; no trailing zeros; never scientific notation."""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text if lang == "en" else text.replace(",", "")


def _zh_number(value: float, unit: cat.Unit) -> str:
    """Round ten-thousands read as the documents write them: 40000 → 4万 (not for 万-units)."""
    if unit.factor == 1 and value >= 10000 and float(value).is_integer() and value % 1000 == 0:
        return number(value / 10000, "zh") + "万"
    return number(value, "zh")


_EN_BIG = [(1e8, 1e9, "billion"), (1e4, 1e6, "million")]


def _english_scaled(value: float, unit: cat.Unit) -> tuple[str, str] | None:
    """'800 万元' reads 'CNY 8 million' in English; '247.56 万人' reads '2.4756 million'."""
    if unit.factor == 1:
        return None
    base = value * unit.factor
    for _, divisor, word in _EN_BIG:
        if base >= divisor:
            return number(round(base / divisor, 6), "en"), word
    return number(base, "en"), ""


def value_text(value: float, unit_id: str, qualifier: str = "exact", lang: str = "zh") -> str:
    """A value with qualifier and unit, as a reader of that language expects it."""
    unit = cat.UNITS[unit_id]
    if unit_id == "rank":
        return rank_text(value, None, lang)
    if lang == "zh":
        core = _zh_number(value, unit)
        unit_text = unit.zh
        if qualifier in ("over", "approximate_over"):
            about = "约" if qualifier == "approximate_over" else ""
            if unit_id == "percent":
                return f"{about}{core}%以上"
            # the documents write 5万余吨 but 800余万元: 余 follows 万 except in sums of money
            ten_thousands = unit_text[0] if unit_text[0] in "万亿" and unit.dimension != "money" else ""
            return f"{about}{core}{ten_thousands}余{unit_text[len(ten_thousands):]}"
        prefix = {"approximate": "约", "nearly": "近", "at_least": "≥", "at_most": "≤"}.get(qualifier, "")
        return f"{prefix}{core}{unit_text}"
    scaled = _english_scaled(value, unit)
    if unit.dimension == "money":
        core = f"CNY {scaled[0]} {scaled[1]}".strip() if scaled else f"CNY {number(value, 'en')}"
    elif scaled:
        noun = {"people": "people", "area": "km²", "land": "mu", "mass": "tonnes"}.get(unit.dimension, "")
        core = f"{scaled[0]} {scaled[1]} {noun}".replace("  ", " ").strip()
    elif unit_id == "percent":
        core = f"{number(value, 'en')}%"
    else:
        core = f"{number(value, 'en')} {unit.en}"
    if qualifier == "approximate_over":  # 约2万余: 'about 20,000-plus', the number marked as a floor
        return "about " + re.sub(r"\d[\d,.]*", r"\g<0>-plus", core, count=1)
    prefixes = {"approximate": "about ", "nearly": "nearly ", "over": "over ", "at_least": "≥", "at_most": "≤"}
    return prefixes.get(qualifier, "") + core


def period_text(period: dict[str, Any] | None, lang: str = "zh") -> str:
    """The period a figure covers, in the document's own terms."""
    if not period:
        return "未注明期间" if lang == "zh" else "period not stated"
    kind = period["kind"]
    zh = lang == "zh"
    if kind == "year":
        return f"{period['year']}年" if zh else str(period["year"])
    if kind == "range":
        return f"{period['start']}–{period['end']}年" if zh else f"{period['start']}–{period['end']}"
    if kind == "since":
        return f"{period['start']}年以来" if zh else f"since {period['start']}"
    if kind == "recent":
        return f"近{period['years']}年" if zh else f"last {period['years']} years"
    if kind == "consecutive":
        return f"连续{period['years']}年" if zh else f"{period['years']} years running"
    if kind == "annual":
        if period.get("since"):
            return f"{period['since']}年以来每年" if zh else f"every year since {period['since']}"
        return "每年" if zh else "every year"
    return "未注明期间" if zh else "period not stated"


def period_bounds(period: dict[str, Any] | None) -> tuple[int | None, int | None]:
    """First and last year a period states, for CSV columns and charts; None where not stated."""
    if not period:
        return None, None
    kind = period["kind"]
    if kind == "year":
        return period["year"], period["year"]
    if kind == "range":
        return period["start"], period["end"]
    if kind == "since":
        return period["start"], None
    if kind == "annual":
        return period.get("since"), None
    return None, None


_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def date_text(date: str | None, lang: str = "zh") -> str:
    """A partial date as precise as the document: '2022年6月9日', '11月2日（年份未注明）'."""
    if not date:
        return "未注明" if lang == "zh" else "not stated"
    if date.startswith("--"):
        month, day = int(date[2:4]), int(date[5:7])
        return f"{month}月{day}日（年份未注明）" if lang == "zh" else f"{day} {_MONTHS_EN[month - 1]} (year not stated)"
    parts = [int(p) for p in date.split("-")]
    if lang == "zh":
        return "".join(f"{p}{u}" for p, u in zip(parts, ["年", "月", "日"][: len(parts)], strict=True))
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{_MONTHS_EN[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {_MONTHS_EN[parts[1] - 1]} {parts[0]}"


def date_range_text(start: str | None, end: str | None, lang: str = "zh") -> str:
    if not start and not end:
        return "未注明" if lang == "zh" else "not stated"
    if start and end and start != end:
        return f"{date_text(start, lang)} – {date_text(end, lang)}"
    return date_text(start or end, lang)


def choice(choices: dict[str, cat.Choice], key: str, lang: str) -> str:
    item = choices[key]
    return item.zh if lang == "zh" else item.en


# ------------------------------------------------------------------ punctuation
#: The punctuation that joins pieces of text, per language: Chinese uses full-width marks,
#: English ASCII ones with spaces. Templates compose through these, never with a literal mark.
PUNCTUATION = {
    "zh": {"colon": "：", "list": "、", "clause": "；", "stop": "。"},
    "en": {"colon": ": ", "list": ", ", "clause": "; ", "stop": "."},
}


def punct(mark: str, lang: str) -> str:
    return PUNCTUATION[lang][mark]


def bracketed(text: str, lang: str) -> str:
    """'（每年）' after Chinese, ' (every year)' after English."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def labelled(label: str, lang: str) -> str:
    """A schema label as the head of a line: capitalised in English ('how foods are chosen' → 'How …')."""
    return label if lang == "zh" else label[:1].upper() + label[1:]


# ------------------------------------------------------------------ ordinals (campaign batches, rankings)
_ZH_DIGITS = "零一二三四五六七八九"


def zh_numeral(n: int) -> str:
    """1–99 in Chinese numerals, as the documents write ordinals: 4 → 四, 12 → 十二, 20 → 二十."""
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_ZH_DIGITS[tens] if tens > 1 else "") + "十" + (_ZH_DIGITS[ones] if ones else "")


def en_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def change_text(value: float, unit_id: str, change: str, compared_to: int | None, lang: str = "zh") -> str:
    """A change as the documents write it: '较2022年提高0.4个百分点' / 'up 0.4 percentage points on 2022'."""
    amount = value_text(value, unit_id, "exact", lang)
    if lang == "zh":
        verb = cat.CHANGES[change].zh if unit_id == "percentage_point" or change == "decrease" else "增长"
        return (f"较{compared_to}年" if compared_to else "") + verb + amount
    return f"{cat.CHANGES[change].en} {amount}" + (f" on {compared_to}" if compared_to else "")


def rank_text(rank: float, among: dict[str, str] | None, lang: str = "zh") -> str:
    """A ranking as the documents write it: '居全省第一' / '1st in the province'."""
    n = int(rank)
    if lang == "zh":
        return f"居{among['zh']}第{zh_numeral(n)}" if among else f"第{zh_numeral(n)}"
    return f"{en_ordinal(n)} in {among['en']}" if among else en_ordinal(n)


def batch_text(batch: int, lang: str = "zh") -> str:
    """A campaign batch as the documents name it: '第四批' / '4th batch'."""
    return f"第{zh_numeral(batch)}批" if lang == "zh" else f"{en_ordinal(batch)} batch"


def target_label(target: Mapping[str, Any]) -> dict[str, str]:
    if target.get("label"):
        return dict(target["label"])
    metric = cat.METRICS[target["metric"]]
    return {"zh": metric.zh, "en": metric.en}


def target_text(target: Mapping[str, Any], lang: str) -> str:
    comparator = cat.COMPARATORS[target["comparator"]]
    value = value_text(target["value"], target["unit"], "exact", lang)
    deadline = target.get("deadline")
    if target.get("value_max") is not None:  # a range reads as the document writes it: 2–3人
        span = f"{number(target['value'], lang)}–{value_text(target['value_max'], target['unit'], 'exact', lang)}"
        return span + ((f"（{deadline}年）" if lang == "zh" else f" by {deadline}") if deadline else "")
    if lang == "zh":
        return f"{comparator.zh}{value}" + (f"（{deadline}年）" if deadline else "")
    return f"{comparator.en} {value}" + (f" by {deadline}" if deadline else "")
