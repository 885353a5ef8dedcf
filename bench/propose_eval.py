"""How well `portal propose` reads the real documents: recall against the figures staff entered in
data/ (value, unit, qualifier, period, metric scored one by one) and precision against what a
person kept (a proposal counts as kept when some quoted record of the city states its number).

    .venv/bin/python -m bench.propose_eval [--data data] [--misses]
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from generator.schema import catalogue as cat
from generator.staff import propose as pr

COMPARATOR_OF = {"at_least": (">=", "ge"), "over": (">", ">=", "gt", "ge"), "exact": ("=", "eq", ">=", "ge"),
                 "at_most": ("<=", "le"), "nearly": ("<", "lt", "<=", "le")}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _base(value: float, unit: str) -> float:
    return round(value * cat.UNITS[unit].factor, 6)


def _period(record: dict[str, Any]) -> dict[str, Any] | None:
    period = record.get("period")
    if period is None:
        return None
    return {"kind": "year", "year": period} if isinstance(period, int) else period


def _unit(theme: str, record: dict[str, Any]) -> str:
    return record.get("unit") or cat.METRICS[record["metric"]].units[0]


def _quotes(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["quote"]] if isinstance(node.get("quote"), str) else []
        return found + [q for value in node.values() for q in _quotes(value)]
    if isinstance(node, list):
        return [q for value in node for q in _quotes(value)]
    return []


class Document:
    """A document's text with a way to find a quote in it as the validator does (white space aside)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.squashed = "".join(text[i] for i in self.offsets)

    def span(self, quote: str) -> tuple[int, int] | None:
        at = self.squashed.find(_squash(quote))
        if at < 0 or not quote.strip():
            return None
        return self.offsets[at], self.offsets[at + len(_squash(quote)) - 1] + 1


def evaluate(data: Path, show_misses: bool = False) -> dict[str, Any]:
    scores: Counter[str] = Counter()
    for city_file in sorted((data / "cities").glob("*.yaml")):
        city = yaml.safe_load(city_file.read_text(encoding="utf-8"))
        for source in city.get("sources", []):
            if not source.get("document"):
                continue
            doc = Document((data / "documents" / source["document"]).read_text(encoding="utf-8"))
            proposals = pr.propose(doc.text)
            spans = [span for q in _quotes(city) if (span := doc.span(q))]
            scores["proposed"] += len(proposals)
            scores["kept"] += sum(any(a <= p.start < b for a, b in spans) for p in proposals)
            matched = [_score(theme, record, doc, proposals, scores, show_misses, city_file.name)
                       for theme, record in pr.iter_theme_figures(city) if record.get("source") == source["id"]]
            scores["figure"] += len({id(best) for best in matched if best})
    return dict(scores)


def _score(theme: str, record: dict[str, Any], doc: Document, proposals: list[pr.Proposal], scores: Counter[str],
           show: bool, name: str) -> pr.Proposal | None:
    """Score one entered figure against the proposals; return the proposal that stands for it."""
    scores["entered"] += 1
    span = doc.span(record["quote"])
    unit = _unit(theme, record)
    near = [p for p in proposals if span and span[0] <= p.start < span[1]]
    same = [p for p in near if _base(p.value, p.unit) == _base(record["value"], unit)]
    if not same:
        if show:
            print(f"MISS {name} {theme} {record.get('metric') or record.get('label', {}).get('zh')} "
                  f"{record['value']} | {record['quote']}")
        return None
    best = max(same, key=lambda p: (p.unit == unit, p.metric == record.get("metric")))
    scores["value"] += 1
    scores["unit"] += best.unit == unit and best.value == record["value"]
    if theme == "targets":
        scores["qualifier"] += record.get("comparator") in COMPARATOR_OF[best.qualifier]
        scores["period"] += 1  # a target has a deadline, not a period
    else:
        scores["qualifier"] += best.qualifier == record.get("qualifier", "exact")
        scores["period"] += best.period == _period(record)
    scores["metric"] += best.metric == record.get("metric")
    if show and (best.period != _period(record) and theme != "targets" or best.metric != record.get("metric")
                 or best.unit != unit or theme != "targets" and best.qualifier != record.get("qualifier", "exact")):
        print(f"PART {name} {theme} {record.get('metric') or record.get('label', {}).get('zh')} {record['value']}: "
              f"got unit={best.unit} q={best.qualifier} period={best.period} metric={best.metric}; "
              f"want unit={unit} q={record.get('qualifier', record.get('comparator', 'exact'))} "
              f"period={_period(record)} | {record['quote']}")
    return best


def table(scores: dict[str, Any]) -> str:
    entered = scores.get("entered", 0) or 1
    rows = [f"figures entered in data/: {scores.get('entered', 0)}; proposals: {scores.get('proposed', 0)}"]
    for part in ("value", "unit", "qualifier", "period", "metric"):
        rows.append(f"  {part:<10} {scores.get(part, 0):>4} / {entered}  {100 * scores.get(part, 0) / entered:5.1f} %")
    proposed = scores.get("proposed", 0) or 1
    rows.append(f"  precision  {scores.get('kept', 0):>4} / {proposed}  {100 * scores.get('kept', 0) / proposed:5.1f} %"
                "  (proposals whose number a quoted record of the city states)")
    rows.append(f"  strict     {scores.get('figure', 0):>4} / {proposed}  {100 * scores.get('figure', 0) / proposed:5.1f} %"
                "  (proposals that are an entered figure of a theme, indicators or targets)")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="data")
    parser.add_argument("--misses", action="store_true", help="print each figure not fully proposed")
    args = parser.parse_args()
    print(table(evaluate(Path(args.data), args.misses)))


if __name__ == "__main__":
    main()
