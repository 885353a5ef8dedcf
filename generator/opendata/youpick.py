"""you-pick-we-test.csv: one row per practice, round, round total, candidate food and test result.

Candidates and samples carry the quote and source of their round, so every row can be
checked against the document on its own.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..schema import catalogue as cat
from ..schema.columns import YOU_PICK_KINDS
from ..validate import Dataset
from .rows import LIST_SEPARATOR, city_cells, coded, date_cells, pair, period_cells, record_of

#: A round's totals, each a row of its own kind, and the column that holds its number.
ROUND_TOTALS = {"votes_total": "votes", "batches_tested": "batches", "batches_passed": "passed",
                "batches_failed": "failed"}


def you_pick_rows(data: Dataset) -> list[dict[str, Any]]:
    rows = []
    for slug in sorted(data.cities):
        block = data.cities[slug].get("you_pick_we_test", {})
        head = city_cells(data, slug)
        for i, practice in enumerate(block.get("practices", [])):
            rows.append({**head, **practice_cells(practice), "item": i + 1,
                         "record": record_of(data, slug, f"you_pick_we_test.practices[{i}]")})
        for i, round_ in enumerate(block.get("rounds", [])):
            path = f"you_pick_we_test.rounds[{i}]"
            for row in round_rows(round_):
                rows.append({**head, **row, "record": record_of(data, slug, path + row.pop("_path"))})
    return rows


def practice_cells(practice: dict[str, Any]) -> dict[str, Any]:
    return {**coded("kind", YOU_PICK_KINDS, "practice"), **pair("text", practice["description"]),
            **coded("frequency", cat.FREQUENCIES, practice.get("frequency", "unstated")),
            **pair("nomination", practice.get("nomination")), **pair("selection", practice.get("selection")),
            "source": practice["source"], "quote": practice["quote"]}


def round_rows(round_: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The round itself, then its vote count, candidates and samples, each with the round's context."""
    context = {"round": round_["id"], **pair("round", round_["title"]), "source": round_["source"],
               "quote": round_["quote"]}
    yield {**context, **coded("kind", YOU_PICK_KINDS, "round"), **pair("text", round_["title"]),
           **date_cells(round_.get("date")), **period_cells(round_.get("period")),
           **pair("nomination", round_.get("nomination")), **pair("voting", round_.get("voting")),
           **pair("selection", round_.get("selection")), "_path": ""}
    for key, column in ROUND_TOTALS.items():
        if key in round_:
            total = round_[key]
            yield {**context, **coded("kind", YOU_PICK_KINDS, key), column: total["value"],
                   **coded("qualifier", cat.QUALIFIERS, total.get("qualifier", "exact")), "quote": total["quote"],
                   "_path": f".{key}"}
    for j, candidate in enumerate(round_.get("candidates", [])):
        yield {**context, **coded("kind", YOU_PICK_KINDS, "candidate"), "item": j + 1,
               **pair("text", candidate["food"]), "votes": candidate.get("votes"), "_path": f".candidates[{j}]"}
    for j, sample in enumerate(round_.get("samples", [])):
        yield {**context, **sample_cells(sample), "item": j + 1, "_path": f".samples[{j}]"}


def sample_cells(sample: dict[str, Any]) -> dict[str, Any]:
    failing = sample.get("failing_items", [])
    return {**coded("kind", YOU_PICK_KINDS, "sample"), **pair("text", sample["food"]),
            "batches": sample.get("batches"), "passed": sample.get("passed"),
            **coded("result", cat.TEST_RESULTS, sample["result"]),
            "failing_items_zh": LIST_SEPARATOR.join(f["zh"] for f in failing),
            "failing_items_en": LIST_SEPARATOR.join(f["en"] for f in failing), **pair("note", sample.get("note"))}
