"""Every published table as rows, in a stable order, and their CSV files."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import derive
from ..reuse import CityMemo, sources_key
from ..schema.columns import CITY_FILE, FIGURE_COLUMNS, TABLES, TableSpec
from ..validate import Dataset
from . import records
from .cityfile import city_rows
from .corrections import correction_rows
from .csvfile import csv_bytes, csv_file, csv_lines
from .reviews import review_rows
from .rows import figure_row
from .youpick import you_pick_rows

DOWNLOADS = "downloads"

ROW_BUILDERS: dict[str, Callable[[Dataset], list[dict[str, Any]]]] = {
    "you-pick-we-test": you_pick_rows,
    "reviews": review_rows,
    "corrections": correction_rows,
    "targets": records.target_rows,
    "timeline": records.timeline_rows,
    "plan-tasks": records.plan_task_rows,
    "cities": records.city_rows,
    "sources": records.source_rows,
}


@dataclass
class Table:
    """A table ready to publish: its spec (for the CSV header, the data package and the
    dictionary), how many rows it has and the bytes of its CSV file (the rows themselves are
    let go once encoded: at national scale they weigh more than the files)."""

    spec: TableSpec
    row_count: int
    data: bytes

    @property
    def path(self) -> str:
        return f"{DOWNLOADS}/{self.spec.path}"


#: The preview's figure rows and their CSV lines, by city (see all_tables(reuse=True)).
_FIGURE_ROWS: CityMemo[tuple[list[dict[str, Any]], list[str]]] = CityMemo()


def figure_rows(data: Dataset, reuse: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
    """Every figure as a row of figures.csv, and each row encoded as a CSV line, city by city.
    With `reuse`, an unchanged city's rows and lines are those of the last call."""
    sources = sources_key(data) if reuse else 0
    rows: list[dict[str, Any]] = []
    lines: list[str] = []
    for slug in sorted(data.cities):
        cached = _FIGURE_ROWS.get(data, slug, sources) if reuse else None
        if cached is None:
            theirs = [figure_row(f, data) for f in derive.city_figures(data.cities[slug])]
            cached = (theirs, csv_lines(FIGURE_COLUMNS, theirs))
            if reuse:
                _FIGURE_ROWS.put(data, slug, sources, cached)
        rows += cached[0]
        lines += cached[1]
    return rows, lines


def table_rows(data: Dataset, figures: list[dict[str, Any]] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table across all cities, by table name."""
    figures = figures if figures is not None else figure_rows(data)[0]
    rows = {"figures": figures}
    for spec in TABLES:
        if spec.name in ROW_BUILDERS:
            rows[spec.name] = ROW_BUILDERS[spec.name](data)
        elif spec.name != "figures":
            rows[spec.name] = [r for r in figures if r["theme"].replace("_", "-") == spec.name]
    return rows


#: The preview's city files (see all_tables(reuse=True)).
_CITY_TABLES: CityMemo[Table] = CityMemo()


def city_tables(data: Dataset, rows: dict[str, list[dict[str, Any]]], reuse: bool = False) -> list[Table]:
    """One table per city, gathering that city's rows from every theme table. With `reuse`,
    a city whose record and sources are unchanged since the last call keeps its file."""
    theirs: dict[str, list[tuple[TableSpec, dict[str, Any]]]] = {slug: [] for slug in data.cities}
    for spec in TABLES:
        for row in rows[spec.name]:
            theirs[row["city"]].append((spec, row))
    sources = sources_key(data) if reuse else 0
    tables = []
    for slug in sorted(data.cities):
        cached = _CITY_TABLES.get(data, slug, sources) if reuse else None
        if cached is not None:
            tables.append(cached)
            continue
        name = data.cities[slug]["name"]
        spec = TableSpec(CITY_FILE.name.format(slug=slug), CITY_FILE.path.format(slug=slug),
                         CITY_FILE.zh.format(name_zh=name["zh"]), CITY_FILE.en.format(name_en=name["en"]),
                         CITY_FILE.about_zh, CITY_FILE.about_en, CITY_FILE.columns, CITY_FILE.primary_key)
        city_file = [line for table, row in theirs[slug] for line in city_rows(table, row)]
        table = Table(spec, len(city_file), csv_bytes(spec.columns, city_file))
        tables.append(_CITY_TABLES.put(data, slug, sources, table) if reuse else table)
    return tables


def all_tables(data: Dataset, reuse: bool = False) -> list[Table]:
    """The theme tables in declared order, then one per city. Figure rows are encoded once:
    the theme files are slices of figures.csv."""
    figures, lines = figure_rows(data, reuse)
    rows = table_rows(data, figures)
    encoded = dict(zip(map(id, figures), lines, strict=True))
    tables = []
    for spec in TABLES:
        if spec.columns is FIGURE_COLUMNS:
            content = csv_file(spec.columns, [encoded[id(row)] for row in rows[spec.name]])
        else:
            content = csv_bytes(spec.columns, rows[spec.name])
        tables.append(Table(spec, len(rows[spec.name]), content))
    return tables + city_tables(data, rows, reuse)
