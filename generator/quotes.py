"""Why a quote does not stand verbatim in its document, said so that staff can fix it.

Two questions, asked only about quotes that fail the plain check, so a national dataset
with thousands of quotes pays nothing for the ones that pass:
- the closest passage of the document, with the characters that differ marked 【like this】,
  and the usual causes named (a half-width comma for a full-width one, full-width digits …);
- where a quote's line break or run of spaces has no white space in the document.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

#: Characters staff type for the document's (half-width for full-width and back): quote side,
#: document side, and how the cause is named in both languages.
_LOOKALIKES: list[tuple[str, str, str, str]] = [
    (",", "，", "逗号", "comma"),
    (";", "；", "分号", "semicolon"),
    (":", "：", "冒号", "colon"),
    ("()", "（）", "括号", "brackets"),
    ("%", "％", "百分号", "per cent sign"),
    ("\"", "“”", "引号", "quotation marks"),
    ("0123456789", "０１２３４５６７８９", "数字", "digits"),
    (".", "．", "点号", "full stop"),
]
#: Context kept on each side of a difference when a passage is shown.
CONTEXT = 8
#: Below this similarity the document has no passage worth showing.
MIN_RATIO = 0.6


@dataclass(frozen=True)
class Explanation:
    """The closest passage and the quote with their differences marked, and the causes found."""

    passage: str
    quote: str
    causes_zh: tuple[str, ...]
    causes_en: tuple[str, ...]


def _windows(quote: str, document: str) -> list[tuple[int, int]]:
    """Stretches of the document where the quote most likely stands: each short run of the quote
    found in the document votes for where the quote would start (str.find keeps this fast)."""
    gram = 3 if len(quote) >= 3 else 1
    votes: Counter[int] = Counter()
    for i in range(0, len(quote) - gram + 1):
        at, hits = document.find(quote[i:i + gram]), 0
        while at >= 0 and hits < 50:
            votes[at - i] += 1
            at, hits = document.find(quote[i:i + gram], at + 1), hits + 1
    slack = len(quote) // 2 + CONTEXT
    return [(max(0, start - slack), min(len(document), start + len(quote) + slack))
            for start, _ in votes.most_common(5)]


def closest_passage(quote: str, document: str) -> str | None:
    """The part of `document` most like `quote` (both without white space), or None."""
    best: tuple[float, str] | None = None
    for start, end in _windows(quote, document):
        window = document[start:end]
        blocks = [b for b in SequenceMatcher(None, quote, window, autojunk=False).get_matching_blocks() if b.size]
        if not blocks:
            continue
        first, last = blocks[0], blocks[-1]
        lo = max(0, first.b - first.a)
        hi = min(len(window), last.b + last.size + (len(quote) - last.a - last.size))
        passage = window[lo:hi]
        ratio = SequenceMatcher(None, quote, passage, autojunk=False).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, passage)
    return best[1] if best and best[0] >= MIN_RATIO else None


def _shorten(text: str, first: bool, last: bool) -> str:
    """An unchanged stretch, cut to CONTEXT characters next to each difference."""
    if first and len(text) > CONTEXT:
        return "…" + text[-CONTEXT:]
    if last and len(text) > CONTEXT:
        return text[:CONTEXT] + "…"
    if len(text) > 2 * CONTEXT + 1:
        return text[:CONTEXT] + "…" + text[-CONTEXT:]
    return text


def mark_differences(quote: str, passage: str) -> tuple[str, str, list[tuple[str, str]]]:
    """Quote and passage with each differing run in 【】, and the (quote, passage) runs that differ."""
    ops = SequenceMatcher(None, quote, passage, autojunk=False).get_opcodes()
    marked_q, marked_p, pairs = [], [], []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            shown = _shorten(quote[i1:i2], n == 0, n == len(ops) - 1)
            marked_q.append(shown)
            marked_p.append(shown)
        else:
            marked_q.append(f"【{quote[i1:i2]}】")
            marked_p.append(f"【{passage[j1:j2]}】")
            pairs.append((quote[i1:i2], passage[j1:j2]))
    return "".join(marked_q), "".join(marked_p), pairs


def _causes(pairs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The look-alike characters typed for the document's, one cause per kind and direction."""
    found: dict[tuple[str, str, str, str, str], tuple[str, str]] = {}
    for ours, theirs in pairs:
        for half, full, name_zh, name_en in _LOOKALIKES:
            for typed, meant, width_zh, width_en in ((half, full, "半角", "half-width"), (full, half, "全角", "full-width")):
                if any(c in typed for c in ours) and any(c in meant for c in theirs):
                    key = (name_zh, name_en, width_zh, width_en, "全角" if width_zh == "半角" else "半角")
                    had = found.get(key, ("", ""))
                    found[key] = (_chars(had[0] + ours, typed), _chars(had[1] + theirs, meant))
    zh, en = [], []
    for (name_zh, name_en, width_zh, width_en, other_zh), (typed, meant) in found.items():
        other_en = "full-width" if width_en == "half-width" else "half-width"
        zh.append(f"摘录用了{width_zh}{name_zh}【{typed}】，原文是{other_zh}【{meant}】")
        en.append(f"the quote has {width_en} {name_en} 【{typed}】 where the document has {other_en} 【{meant}】")
    return zh, en


def _chars(text: str, among: str) -> str:
    """The characters of `text` that belong to `among`, once each, in order."""
    return "".join(dict.fromkeys(c for c in text if c in among))


def explain(quote: str, document: str, raw_quote: str = "") -> Explanation | None:
    """Why `quote` (white space removed) is not in `document` (likewise), or None when nothing
    in the document comes close. `raw_quote`, as written, shows white space the squash hid."""
    passage = closest_passage(quote, document)
    if passage is None:
        return None
    marked_q, marked_p, pairs = mark_differences(quote, passage)
    zh, en = _causes(pairs)
    if re.search(r"\n|\s{2,}", raw_quote):
        zh.append("摘录中有换行或连续空格")
        en.append("the quote has a line break or a run of spaces")
    return Explanation(marked_p, marked_q, tuple(zh), tuple(en))


def _pattern(quote: str, required: int | None) -> re.Pattern[str]:
    """The quote as a pattern: any white space may stand between two characters (documents wrap
    lines); at the white-space run numbered `required`, some white space must stand."""
    parts = re.split(r"(\s+)", quote)
    out: list[str] = []
    run = 0
    for part in parts:
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+" if run == required else r"\s*")
            run += 1
        else:
            out.append(r"\s*".join(re.escape(c) for c in part))
    return re.compile("".join(out))


def stray_whitespace(quote: str, raw_document: str) -> tuple[int, str] | None:
    """The first line break or run of spaces in `quote` where the document has no white space,
    as (offset in the quote, the white space), or None when every one stands in the document.
    Call it only for quotes that hold white space and pass the check without it."""
    runs = list(re.finditer(r"\s+", quote))
    for n, run in enumerate(runs):
        if not _pattern(quote, n).search(raw_document):
            return run.start(), run.group(0)
    return None


def whitespace_words(space: str) -> tuple[str, str]:
    """How a stretch of white space is named in both languages."""
    if "\n" in space:
        return "换行", "a line break"
    if len(space) > 1:
        return "连续空格", "a run of spaces"
    return "空格（或 YAML 中折行形成的空格）", "a space (or a line break in the YAML file, which reads as one)"


def around(quote: str, offset: int, space: str) -> str:
    """The quote near `offset`, with the white space shown as 【⏎】 or 【␣】."""
    shown = "⏎" if "\n" in space else "␣" * len(space)
    before = quote[max(0, offset - 2 * CONTEXT):offset]
    after = quote[offset + len(space):offset + len(space) + 2 * CONTEXT]
    return (("…" if offset > 2 * CONTEXT else "") + before + f"【{shown}】" + after
            + ("…" if offset + len(space) + 2 * CONTEXT < len(quote) else ""))
