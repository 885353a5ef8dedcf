"""Every published table as rows, in a stable order, and their CSV files."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import derive
from ..model import CityModel, Figure
from ..schema.columns import CITY_FILE, FIGURE_COLUMNS, TABLES, TableSpec
from ..validate import Dataset
from . import records
from .cityfile import city_rows
from .corrections import correction_entries, correction_rows
from .csvfile import csv_bytes, csv_file, csv_lines
from .reviews import review_rows
from .rows import figure_row
from .youpick import you_pick_rows

DOWNLOADS = "downloads"

ROW_BUILDERS: dict[str, Callable[[Dataset], list[dict[str, Any]]]] = {
    "you-pick-we-test": you_pick_rows,
    "reviews": review_rows,
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


@dataclass
class CityRows:
    """The rows one city adds to the tables made from its figures: figures (and each as a CSV
    line), targets against actual figures, corrections (and the feeds' correction entries)."""

    model: CityModel  # what they were made from: a preview reuses them while it is the same
    sources: int
    figures: list[dict[str, Any]]
    lines: list[str]
    targets: list[dict[str, Any]]
    corrections: list[dict[str, Any]]
    correction_entries: list[tuple[Figure, dict[str, Any]]]
    city_file: Table | None = None  # the city's own CSV, once made


def city_rows_of(model: CityModel, data: Dataset, sources: int = 0) -> CityRows:
    figures = [figure_row(f, data) for f in model.figures]
    return CityRows(model, sources, figures, csv_lines(FIGURE_COLUMNS, figures), records.target_rows(model, data),
                    correction_rows(model, data), correction_entries(model))


@dataclass
class Gathered:
    """The open data's share of the one pass over cities: each city's rows, added as its pages
    are written. `memo` (the preview's, see reuse.PreviewCache) keeps a city's rows while its
    model and the sources are the same objects and key; a one-off build passes none."""

    data: Dataset
    memo: dict[str, CityRows] | None = None
    sources: int = 0
    cities: list[CityRows] = field(default_factory=list)

    def add(self, model: CityModel) -> None:
        cached = self.memo.get(model.slug) if self.memo is not None else None
        if cached is None or cached.model is not model or cached.sources != self.sources:
            cached = city_rows_of(model, self.data, self.sources)
            if self.memo is not None:
                self.memo[model.slug] = cached
        self.cities.append(cached)

    @classmethod
    def of(cls, data: Dataset) -> Gathered:
        """Every city's rows at once (tests; the build gathers them in its one pass)."""
        gathered = cls(data)
        derivation = derive.Derivation()
        for slug in sorted(data.cities):
            gathered.add(derivation.city(data.cities[slug]))
        return gathered

    def rows(self, name: str) -> list[Any]:
        return [row for city in self.cities for row in getattr(city, name)]


def table_rows(data: Dataset, gathered: Gathered | None = None) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table across all cities, by table name."""
    gathered = gathered if gathered is not None else Gathered.of(data)
    figures = gathered.rows("figures")
    rows = {"figures": figures, "targets": gathered.rows("targets"), "corrections": gathered.rows("corrections")}
    for spec in TABLES:
        if spec.name in rows:
            continue
        if spec.name in ROW_BUILDERS:
            rows[spec.name] = ROW_BUILDERS[spec.name](data)
        elif spec.name != "figures":
            rows[spec.name] = [r for r in figures if r["theme"].replace("_", "-") == spec.name]
    return rows


def city_tables(data: Dataset, rows: dict[str, list[dict[str, Any]]], gathered: Gathered) -> list[Table]:
    """One table per city, gathering that city's rows from every theme table. A city whose rows
    are those of the preview's last rebuild keeps its file."""
    theirs: dict[str, list[tuple[TableSpec, dict[str, Any]]]] = {slug: [] for slug in data.cities}
    for spec in TABLES:
        for row in rows[spec.name]:
            theirs[row["city"]].append((spec, row))
    tables = []
    for city in gathered.cities:
        if city.city_file is None:
            slug, name = city.model.slug, city.model.name
            spec = TableSpec(CITY_FILE.name.format(slug=slug), CITY_FILE.path.format(slug=slug),
                             CITY_FILE.zh.format(name_zh=name["zh"]), CITY_FILE.en.format(name_en=name["en"]),
                             CITY_FILE.about_zh, CITY_FILE.about_en, CITY_FILE.columns, CITY_FILE.primary_key)
            city_file = [line for table, row in theirs[slug] for line in city_rows(table, row)]
            table = Table(spec, len(city_file), csv_bytes(spec.columns, city_file))
            if gathered.memo is None:
                tables.append(table)
                continue
            city.city_file = table
        tables.append(city.city_file)
    return tables


def all_tables(data: Dataset, gathered: Gathered | None = None) -> list[Table]:
    """The theme tables in declared order, then one per city. Figure rows are encoded once:
    the theme files are slices of figures.csv."""
    gathered = gathered if gathered is not None else Gathered.of(data)
    figures = gathered.rows("figures")
    lines = gathered.rows("lines")
    rows = table_rows(data, gathered)
    encoded = dict(zip(map(id, figures), lines, strict=True))
    tables = []
    for spec in TABLES:
        if spec.columns is FIGURE_COLUMNS:
            content = csv_file(spec.columns, [encoded[id(row)] for row in rows[spec.name]])
        else:
            content = csv_bytes(spec.columns, rows[spec.name])
        tables.append(Table(spec, len(rows[spec.name]), content))
    return tables + city_tables(data, rows, gathered)
