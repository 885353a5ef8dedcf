"""One file per city: every row of every table for that city, in one shared set of columns.

Each table says which of its columns play the shared roles (item, label, code, value,
text); every other filled cell becomes a row of its own, labelled from the schema, so
the city file can never silently drop a column a table gains.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..schema.columns import CITY_FILE_COLUMNS, TABLES, Column, TableSpec

#: Columns copied as they are when a table has them.
SHARED = [c.name for c in CITY_FILE_COLUMNS if c.name not in ("table", "item", "code", "value")]


@dataclass(frozen=True)
class CityView:
    """How one table's rows map onto the city file's columns."""

    item: tuple[str, ...]  # the first filled of these names the row ...
    fallback: str  # ... else this
    label: str = ""  # prefix of a _zh/_en pair
    code: tuple[str, ...] = ()  # first filled of these
    value: tuple[str, ...] = ()  # first filled of these
    text: str = ""  # prefix of a _zh/_en pair
    display: str = ""  # prefix of a _zh/_en pair shown as display_zh/en
    skip: tuple[str, ...] = ()  # context repeated on every row, or already in the record path


FIGURES = CityView(("metric",), "indicator", label="metric", code=("channels",), value=("value",),
                   skip=("theme", "qualifier_class"))
VIEWS: dict[str, CityView] = {
    "reviews": CityView(("fact",), "review", label="fact", code=("code",), value=("value",), text="text",
                        skip=("review", "stage", "stage_zh", "stage_en", "level", "level_zh", "level_en", "item")),
    "you-pick-we-test": CityView(("kind",), "you_pick", label="kind", code=("result", "frequency", "round"),
                                 value=("votes", "batches", "passed", "failed"), text="text",
                                 skip=("round_zh", "round_en", "item", "result_zh", "result_en", "frequency_zh",
                                       "frequency_en")),
    "corrections": CityView(("metric",), "correction", label="metric", code=("date",), value=("old_value",),
                            text="reason", display="old_display", skip=("theme", "figure_record")),
    "targets": CityView(("metric",), "target", label="label", code=("comparator",), value=("value",),
                        skip=("comparator_zh", "comparator_en")),
    "timeline": CityView(("event",), "event", label="event", code=("date",), text="text", display="date"),
    "plan-tasks": CityView((), "task", label="title", value=("number",)),
    "sources": CityView((), "source", label="title", code=("source",)),
}


def view_of(table: TableSpec) -> CityView | None:
    if table.columns is CITY_FILE_COLUMNS or table.name in ("figures", "cities"):
        return None
    return VIEWS.get(table.name, FIGURES)


@dataclass(frozen=True)
class _Plan:
    """What a table's rows have in common on their way into the city file, worked out once
    per table (there are hundreds of thousands of rows at national scale)."""

    used: frozenset[str]  # columns the main row takes whatever the row holds
    shared: tuple[str, ...]  # shared columns copied as they are
    candidates: tuple[tuple[str, str], ...]  # (name, base) of columns that may become a row of their own


def _plan(table: TableSpec, view: CityView) -> _Plan:
    plan = _PLANS.get((table.name, view))
    return plan if plan is not None else _make_plan(table, view)


def _make_plan(table: TableSpec, view: CityView) -> _Plan:
    names, by_name = _column_index(table)
    paired = {*_pair_names(view.label), *_pair_names(view.text), *_pair_names(view.display)}
    used = {*view.item, *view.skip, *paired}
    targets = {f"{t}_{lang}" for t, prefix in (("label", view.label), ("text", view.text),
                                              ("display", view.display)) if prefix for lang in ("zh", "en")}
    present = [n for n in SHARED if n in names and n not in used]
    used |= set(present)
    shared = tuple(n for n in present if n not in targets)  # a pair already filled them
    candidates = []
    for column in table.columns:
        name = column.name
        base = name[:-3] if name.endswith(("_zh", "_en")) else ""
        if base and (base in by_name or name.endswith("_en")):
            continue  # the label of a code, or the second half of a pair
        candidates.append((name, base))
    return _Plan(frozenset(used), shared, tuple(candidates))


def city_file_rows(table: TableSpec, view: CityView, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The row as the city file shows it, then one row per cell no shared column holds."""
    plan = _plan(table, view)
    item = next((row[c] for c in view.item if row.get(c)), view.fallback)
    main: dict[str, Any] = {"table": table.name, "item": item}
    main.update(_pair(row, view.label, "label"))
    main.update(_pair(row, view.text, "text"))
    main.update(_pair(row, view.display, "display"))
    for name in plan.shared:
        main[name] = row.get(name)
    used = set(plan.used)
    for key, candidates in (("code", view.code), ("value", view.value)):
        filled = next((c for c in candidates if row.get(c) not in (None, "")), None)
        main[key] = row.get(filled) if filled else None
        used.update(candidates[: candidates.index(filled) + 1] if filled else candidates)
    return [main, *_leftovers(table, plan, row, main, used)]


def _column_index(table: TableSpec) -> tuple[frozenset[str], Mapping[str, Column]]:
    """A table's column names and columns by name (worked out at import for the published tables:
    this is asked once per row)."""
    found = _INDEX.get(table.name)
    return found if found is not None else _make_index(table)


def _make_index(table: TableSpec) -> tuple[frozenset[str], Mapping[str, Column]]:
    return frozenset(c.name for c in table.columns), MappingProxyType({c.name: c for c in table.columns})


def _pair_names(prefix: str) -> tuple[str, ...]:
    return (f"{prefix}_zh", f"{prefix}_en") if prefix else ()


def _pair(row: dict[str, Any], prefix: str, target: str) -> dict[str, Any]:
    return {f"{target}_zh": row.get(f"{prefix}_zh", ""), f"{target}_en": row.get(f"{prefix}_en", "")} if prefix else {}


_CONTEXT = ("table", "city", "city_zh", "city_en", "source", "quote", "record")


def _leftovers(table: TableSpec, plan: _Plan, row: dict[str, Any], main: dict[str, Any],
               used: set[str]) -> list[dict[str, Any]]:
    """Every filled cell the main row does not hold, as a row of its own: a code with its
    labels, a text in both languages, a number or a plain code."""
    _, by_name = _column_index(table)
    extra = []
    for name, base in plan.candidates:
        if name in used:
            continue
        cells, label = _leftover_cells(name, base, by_name, row)
        if cells:
            extra.append({**{k: main.get(k) for k in _CONTEXT}, "item": f"{main['item']}.{base or name}",
                          "label_zh": label[0], "label_en": label[1], **cells})
    return extra


def _leftover_cells(name: str, base: str, by_name: Mapping[str, Column], row: dict[str, Any]
                    ) -> tuple[dict[str, Any], tuple[str, str]]:
    if base:  # a text in both languages
        zh, en = row.get(name) or "", row.get(f"{base}_en") or ""
        return ({"text_zh": zh, "text_en": en} if zh or en else {}), (by_name[name].zh, by_name[f"{base}_en"].en)
    column, value = by_name[name], row.get(name)
    if value in (None, ""):
        return {}, ("", "")
    if f"{name}_zh" in by_name:  # a code with its labels
        return {"code": value, "text_zh": row.get(f"{name}_zh", ""), "text_en": row.get(f"{name}_en", "")}, (
            column.zh, column.en)
    if column.type in ("number", "integer"):
        return {"value": value}, (column.zh, column.en)
    return {"code": value}, (column.zh, column.en)


def city_rows(table: TableSpec, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows a table's row adds to its city's file."""
    if table.name == "cities":
        return _city_facts(table, row)
    view = view_of(table)
    return city_file_rows(table, view, row) if view else []


def _city_facts(table: TableSpec, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Province and divisions, each a quoted fact with its own source."""
    by_name = {c.name: c for c in table.columns}
    return [{"table": table.name, "city": row["city"], "city_zh": row["city_zh"], "city_en": row["city_en"],
             "item": key, "label_zh": by_name[f"{key}_zh"].zh, "label_en": by_name[f"{key}_en"].en,
             "text_zh": row[f"{key}_zh"], "text_en": row[f"{key}_en"], "source": row[f"{key}_source"],
             "quote": row[f"{key}_quote"], "record": row[f"{key}_record"]}
            for key in ("province", "divisions") if row.get(f"{key}_record")]


#: Worked out once, at import, for every published table: read-only, shared by every build.
_INDEX: Mapping[str, tuple[frozenset[str], Mapping[str, Column]]] = MappingProxyType(
    {table.name: _make_index(table) for table in TABLES})
_PLANS: Mapping[tuple[str, CityView], _Plan] = MappingProxyType(
    {(table.name, view): _make_plan(table, view) for table in TABLES if (view := view_of(table)) is not None})
