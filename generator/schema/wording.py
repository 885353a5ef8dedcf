"""How documents word a period, read once for both readers: `portal propose` drafting a figure's
period from its sentence, and the check's hint turning 近三年 written as a period into YAML.

Kept in the schema layer because the hint needs it and the schema imports nothing above itself.
"""
from __future__ import annotations

import re
from typing import Any

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_YEARS_WORD = r"(\d+|[一二两三四五六七八九十]+)"


def _count(word: str) -> int:
    """A number of years as written: 3, 三, 十二."""
    if word.isdigit():
        return int(word)
    if word.startswith("十"):
        return 10 + _CN_DIGITS.get(word[1:], 0)
    if "十" in word:
        tens, _, ones = word.partition("十")
        return _CN_DIGITS[tens] * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(word, 0)


def period_of(sentence: str, upto: int) -> tuple[dict[str, Any], str | None]:
    """The period a sentence gives the number at offset `upto` (the nearest statement before it,
    else anywhere in the sentence); {kind: unstated} when it gives none."""
    patterns: list[tuple[re.Pattern[str], Any]] = [
        (re.compile(r"((?:19|20)\d{2})年?(?:以来|至今)"), lambda m: {"kind": "since", "start": int(m[1])}),
        (re.compile(r"((?:19|20)\d{2})年?[-—–~至到]((?:19|20)\d{2})年"),
         lambda m: {"kind": "range", "start": int(m[1]), "end": int(m[2])}),
        (re.compile(r"近" + _YEARS_WORD + r"年"), lambda m: {"kind": "recent", "years": _count(m[1])}),
        (re.compile(r"连续" + _YEARS_WORD + r"年"), lambda m: {"kind": "consecutive", "years": _count(m[1])}),
        (re.compile(r"每年|年均|历年"), lambda m: {"kind": "annual"}),
        (re.compile(r"((?:19|20)\d{2})年(?![以至])"), lambda m: {"kind": "year", "year": int(m[1])}),
    ]
    found: list[tuple[int, int, dict[str, Any], str]] = []
    for rank, (pattern, make) in enumerate(patterns):
        for match in pattern.finditer(sentence):
            found.append((match.start(), rank, make(match), match.group(0)))
    if not found:
        return {"kind": "unstated"}, None
    before = [item for item in found if item[0] < upto]
    pool = before or found
    nearest = max(item[0] for item in pool) if before else min(item[0] for item in pool)
    start, _, period, words = min((item for item in pool if abs(item[0] - nearest) <= 6), key=lambda item: item[1])
    if period["kind"] == "annual":
        since = next((p for _, _, p, _ in found if p["kind"] == "since"), None)
        if since:
            period = {"kind": "annual", "since": since["start"]}
    return period, f"“{words}” → {period['kind']}"
