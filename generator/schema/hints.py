"""How to fix a value written the way the document says it rather than the way the schema
wants it: a metric's or unit's Chinese name where its code is expected, a period in words
(近三年, 2019年以来) where a structured period is expected.

Every hint returns (zh, en) sentences for a message's suggestion slot, or None.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from . import catalogue as cat
from .catalogue import Labelled
from .wording import period_of

Hint = Callable[[str, Mapping[str, Labelled]], "tuple[str, str] | None"]


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def metric_named(text: str) -> cat.Metric | None:
    """The metric a text names: its code (in any theme), its Chinese name, or the longest of
    its names or the documents' words for it (SYNONYMS) that the text contains."""
    text = _normal(text)
    if text in cat.METRICS:
        return cat.METRICS[text]
    terms = [(m.zh, m.id) for m in cat.METRICS.values()]
    terms += [(word, mid) for mid, words in cat.SYNONYMS.items() for word in words if "…" not in word]
    exact = [mid for word, mid in terms if _normal(word) == text]
    if exact:
        return cat.METRICS[exact[0]]
    inside = sorted(((len(word), mid) for word, mid in terms if len(word) >= 3 and _normal(word) in text),
                    reverse=True)
    return cat.METRICS[inside[0][1]] if inside else None


def metric_hint(theme: str | None) -> Hint:
    """For a figure under `theme` (None: any theme): the code to write, and where it belongs."""

    def hint(text: str, allowed: Mapping[str, Labelled]) -> tuple[str, str] | None:
        metric = metric_named(text)
        if metric is None:
            return None
        if metric.id in allowed or theme is None:
            return (f"请写指标代码 “{metric.id}”（{metric.zh}）。",
                    f"Write the metric's code \"{metric.id}\" ({metric.en}). ")
        home = cat.THEMES[metric.theme]
        return (f"“{metric.zh}”的代码是 “{metric.id}”，属于“{home.zh}”：请把这条数字移到 {metric.theme}: 下。",
                f"\"{metric.zh}\" is the metric \"{metric.id}\" ({metric.en}) of the theme {home.en}: "
                f"move this figure under {metric.theme}:. ")

    return hint


def unit_hint(text: str, allowed: Mapping[str, Labelled]) -> tuple[str, str] | None:
    """The code of a unit written as the document writes it (批次, %, 万元)."""
    text = _normal(text)
    codes = [u.id for u in cat.UNITS.values() if _normal(u.zh) == text and u.id in allowed]
    codes = codes or [u.id for u in cat.UNITS.values() if _normal(u.zh) == text]
    if not codes:
        return None
    zh = "” 或 “".join(codes)
    en = "\" or \"".join(codes)
    return f"请写单位代码 “{zh}”（{text}）。", f"Write the unit's code \"{en}\" ({text}). "


def period_yaml(period: dict[str, Any]) -> str:
    """A period as staff write it in YAML: 2021, or {kind: recent, years: 3}."""
    if period["kind"] == "year":
        return str(period["year"])
    return "{" + ", ".join(f"{k}: {v}" for k, v in period.items()) + "}"


def period_from_words(text: str) -> dict[str, Any] | None:
    """The structured period that words such as 近三年, 2019年以来 or 每年 stand for, or None."""
    normal = _normal(text)
    period, words = period_of(normal, len(normal))
    if period["kind"] == "unstated" or words is None:
        return None
    return period
