"""A whole dataset's open data at once, for tests and small data: every city derived, in slug order,
then handed to opendata, which reads models and never derives (the build does this city by city in
its one pass, city_pass)."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from .derive import Derivation
from .model import CityModel
from .opendata.corrections import correction_entries
from .opendata.feed import feed_bytes
from .opendata.producer import open_data_stream
from .opendata.tables import Gathered, Table, table_rows
from .validate import Dataset


def city_models(data: Dataset) -> list[CityModel]:
    """Every city's model, in slug order, as the one pass makes them."""
    derivation = Derivation()
    return [derivation.city(data.cities[slug]) for slug in sorted(data.cities)]


def open_data_files(data: Dataset) -> dict[str, bytes]:
    """Every open-data file, read into memory."""
    with tempfile.TemporaryDirectory(prefix="portal-opendata-") as folder:
        return {path: content if isinstance(content, bytes) else content.read_bytes()
                for path, content in open_data_stream(data, Gathered.of(data, Path(folder), city_models(data)))}


def all_tables(data: Dataset, folder: Path) -> list[Table]:
    """Every table, written into `folder`."""
    return Gathered.of(data, folder, city_models(data)).tables()


def all_table_rows(data: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table, by table name, as the files hold them."""
    return table_rows(data, city_models(data))


def whole_feed(data: Dataset, lang: str) -> bytes:
    """The feed of changes and corrections in `lang`."""
    return feed_bytes(data, lang, [entry for model in city_models(data) for entry in correction_entries(model)])
