"""Every published table, written as the one pass over cities goes: each city adds its rows to
each table's file (and writes its own city file) and lets them go, so that at national scale
no table is ever held whole in memory. A table is then a file on disk with its row count,
size and hash, which the data package, the ZIP, the README and the download page read.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..model import CityModel, Figure
from ..schema.columns import CITY_FILE, FIGURE_COLUMNS, TABLES, TableSpec
from ..validate import Dataset
from . import records
from .cityfile import city_rows
from .corrections import correction_entries, correction_rows
from .csvfile import BOM, csv_bytes, csv_lines
from .reviews import review_rows
from .rows import figure_row
from .youpick import you_pick_rows

DOWNLOADS = "downloads"

#: Rows of the tables whose records are not figures, for one city (a Dataset holding that city).
ROW_BUILDERS: dict[str, Callable[[Dataset], list[dict[str, Any]]]] = {
    "you-pick-we-test": you_pick_rows,
    "reviews": review_rows,
    "timeline": records.timeline_rows,
    "plan-tasks": records.plan_task_rows,
    "cities": records.city_rows,
}
#: Tables of every city at once, made after the pass (a source may be cited by any city).
GLOBAL = "sources"


@dataclass
class Table:
    """A published table: its spec (for the CSV header, the data package and the dictionary),
    how many rows it has, and its CSV, with its size and SHA-256: a file on disk, or (a city's own
    file in a preview, which keeps it anyway) its bytes."""

    spec: TableSpec
    row_count: int
    file: Path | None
    size: int
    sha256: str
    content: bytes | None = None

    @property
    def path(self) -> str:
        return f"{DOWNLOADS}/{self.spec.path}"

    @property
    def source(self) -> bytes | Path:
        """The CSV as the writer and the archive take it: its bytes, or its file."""
        if self.content is not None:
            return self.content
        assert self.file is not None
        return self.file

    @property
    def data(self) -> bytes:
        source = self.source
        return source if isinstance(source, bytes) else source.read_bytes()


def _header(spec: TableSpec) -> bytes:
    return (BOM + ",".join(c.name for c in spec.columns) + "\r\n").encode("utf-8")


class TableFile:
    """One table's CSV, written as the cities come: BOM and header first, then each city's lines."""

    def __init__(self, spec: TableSpec, folder: Path) -> None:
        self.spec, self.file = spec, folder / spec.path
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self._out: IO[bytes] = self.file.open("wb")
        self._hash = hashlib.sha256()
        self.size = self.rows = 0
        self._write(_header(spec))

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._hash.update(data)
        self.size += len(data)

    def add(self, lines: list[str]) -> None:
        if lines:
            self._write("".join(lines).encode("utf-8"))
            self.rows += len(lines)

    def close(self) -> Table:
        self._out.close()
        return Table(self.spec, self.rows, self.file, self.size, self._hash.hexdigest())

    def append(self, part: Table) -> None:
        """Another file of this table's rows (a worker's share of the cities) added after these,
        its header left out; the part's file is removed."""
        assert part.file is not None  # a worker's table is a file
        with part.file.open("rb") as lines:
            lines.seek(len(_header(self.spec)))
            while chunk := lines.read(1 << 20):
                self._write(chunk)
        self.rows += part.row_count
        part.file.unlink()


def write_table(spec: TableSpec, rows: list[dict[str, Any]], folder: Path) -> Table:
    """A whole table at once (the sources)."""
    content = csv_bytes(spec.columns, rows)
    return write_encoded(spec, len(rows), content, hashlib.sha256(content).hexdigest(), folder)


def write_encoded(spec: TableSpec, row_count: int, content: bytes, sha256: str, folder: Path) -> Table:
    """A table's CSV file, already encoded and hashed (a city's own file: see CityRows)."""
    file = folder / spec.path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(content)
    return Table(spec, row_count, file, len(content), sha256)


def one_city(data: Dataset, model: CityModel) -> Dataset:
    """The dataset as the row builders of one city see it: that city only."""
    return Dataset(data.root, cities={model.slug: model.record}, sources=data.sources,
                   changelog=data.changelog, files={model.slug: data.files[model.slug]},
                   names={model.slug: dict(model.name)})


@dataclass
class CityRows:
    """What one city adds to the tables, encoded: its CSV lines per table, its own city file's
    rows, and the feeds' correction entries. A preview keeps them while the model is the same."""

    model: CityModel
    sources: int
    lines: dict[str, list[str]]
    city_file: bytes  # the city's own CSV file
    city_file_rows: int
    city_file_sha256: str
    corrections: list[tuple[Figure, dict[str, Any]]]
    figure_lines: dict[int, str]  # id of each of the model's figures -> its line of figures.csv


def city_table_rows(model: CityModel, data: Dataset) -> dict[str, list[dict[str, Any]]]:
    """One city's rows of every table, by table name (the sources it declares among them)."""
    one = one_city(data, model)
    figures = [figure_row(f, data) for f in model.figures]
    rows: dict[str, list[dict[str, Any]]] = {
        "figures": figures, "targets": records.target_rows(model, data), "corrections": correction_rows(model, data),
        GLOBAL: records.source_rows(data, model.slug)}
    rows.update({name: build(one) for name, build in ROW_BUILDERS.items()})
    for spec in TABLES:
        if spec.columns is FIGURE_COLUMNS and spec.name != "figures":
            rows[spec.name] = [row for row in figures if row["theme"].replace("_", "-") == spec.name]
    return rows


def city_rows_of(model: CityModel, data: Dataset, sources: int = 0) -> CityRows:
    """One city's rows of every table, encoded, in the tables' declared order. Figure rows are
    encoded once: the theme files are slices of figures.csv."""
    rows = city_table_rows(model, data)
    encoded = dict(zip(map(id, rows["figures"]), csv_lines(FIGURE_COLUMNS, rows["figures"]), strict=True))
    lines: dict[str, list[str]] = {}
    for spec in TABLES:
        if spec.columns is FIGURE_COLUMNS:
            lines[spec.name] = [encoded[id(row)] for row in rows[spec.name]]
        elif spec.name != GLOBAL:
            lines[spec.name] = csv_lines(spec.columns, rows[spec.name])
    city_file = [line for spec in TABLES for row in rows[spec.name] for line in city_rows(spec, row)]
    content = csv_bytes(CITY_FILE.columns, city_file)
    figure_lines = {id(figure): encoded[id(row)] for figure, row in zip(model.figures, rows["figures"], strict=True)}
    return CityRows(model, sources, lines, content, len(city_file), hashlib.sha256(content).hexdigest(),
                    correction_entries(model), figure_lines)


@dataclass
class GatheredShare:
    """What a worker's share of the cities gathered: its lines of each table (files, header
    included), its cities' own files, and its correction entries, in the cities' order."""

    tables: dict[str, Table]
    city_tables: list[Table]
    corrections: list[tuple[Figure, dict[str, Any]]]


@dataclass
class Gathered:
    """The open data's share of the one pass over cities: each city's rows go into the tables'
    files as its pages are written, and its own city file is written at once. `memo` (the
    preview's, see reuse.PreviewCache) keeps a city's encoded rows while its model and the
    sources are the same; a one-off build passes none and keeps nothing."""

    data: Dataset
    folder: Path
    memo: dict[str, CityRows] | None = None
    sources: int = 0
    city_tables: list[Table] = field(default_factory=list)
    corrections: list[tuple[Figure, dict[str, Any]]] = field(default_factory=list)
    _files: dict[str, TableFile] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._files = {spec.name: TableFile(spec, self.folder) for spec in TABLES if spec.name != GLOBAL}

    def add(self, model: CityModel) -> CityRows:
        cached = self.memo.get(model.slug) if self.memo is not None else None
        if cached is None or cached.model is not model or cached.sources != self.sources:
            cached = city_rows_of(model, self.data, self.sources)
            if self.memo is not None:
                self.memo[model.slug] = cached
        for table, lines in cached.lines.items():
            self._files[table].add(lines)
        slug, name = model.slug, model.name
        spec = TableSpec(CITY_FILE.name.format(slug=slug), CITY_FILE.path.format(slug=slug),
                         CITY_FILE.zh.format(name_zh=name["zh"]), CITY_FILE.en.format(name_en=name["en"]),
                         CITY_FILE.about_zh, CITY_FILE.about_en, CITY_FILE.columns, CITY_FILE.primary_key)
        if self.memo is not None:  # a preview: the bytes are kept anyway, and an unchanged city's are not written again
            self.city_tables.append(Table(spec, cached.city_file_rows, None, len(cached.city_file),
                                          cached.city_file_sha256, cached.city_file))
        else:
            self.city_tables.append(write_encoded(spec, cached.city_file_rows, cached.city_file,
                                                  cached.city_file_sha256, self.folder))
        self.corrections += cached.corrections
        return cached

    def share(self) -> GatheredShare:
        """This gathering, closed, as one share of the pass (a worker's), for `add_share`."""
        return GatheredShare({name: table_file.close() for name, table_file in self._files.items()},
                             self.city_tables, self.corrections)

    def add_share(self, share: GatheredShare) -> None:
        """A worker's share added after what is gathered so far, as if its cities had come here."""
        for name, part in share.tables.items():
            self._files[name].append(part)
        self.city_tables += share.city_tables
        self.corrections += share.corrections

    def tables(self) -> list[Table]:
        """The theme tables in declared order, then one per city (call once, after the pass)."""
        done = {name: table_file.close() for name, table_file in self._files.items()}
        spec = next(spec for spec in TABLES if spec.name == GLOBAL)
        done[GLOBAL] = write_table(spec, records.source_rows(self.data), self.folder)
        return [done[spec.name] for spec in TABLES] + self.city_tables

    @classmethod
    def of(cls, data: Dataset, folder: Path, models: Iterable[CityModel]) -> Gathered:
        """Every city's rows at once, from their models (tests; the build gathers them in its one pass)."""
        gathered = cls(data, folder)
        for model in models:
            gathered.add(model)
        return gathered


def table_rows(data: Dataset, models: Iterable[CityModel]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table across the cities of `models`, by table name, as the files hold them (tests)."""
    out: dict[str, list[dict[str, Any]]] = {spec.name: [] for spec in TABLES}
    for model in models:
        for name, rows in city_table_rows(model, data).items():
            if name != GLOBAL:
                out[name] += rows
    out[GLOBAL] = records.source_rows(data)
    return out
