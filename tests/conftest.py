"""Builders shared by the validator tests.

`write_data_folder` lays out a throw-away `data/` folder (city files, source
documents, an optional changelog) from Python dicts or from raw YAML text;
`run_check` validates it and returns the sorted problems; `flatten` turns the
problems into compact tuples that tests compare exactly, in the manner of
frictionless' `report.flatten(...)`.

The folder is always called `data`, as in the repository, so problems are
reported with the same display paths staff see: `data/cities/<slug>.yaml`.
"""
from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.problems import Problem
from generator.schema.record import Record
from generator.validate import validate_dataset

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
REAL_DATA = ROOT / "data"
FIXTURES = TESTS / "fixtures"
BROKEN = FIXTURES / "broken"
VALID_CITY_FILE = FIXTURES / "valid" / "testcity.yaml"

DOCUMENT_NAME = "test-review.txt"
#: The source document every fixture quotes; it holds each sentence the fixtures quote.
DOCUMENT_TEXT = (FIXTURES / "valid" / DOCUMENT_NAME).read_text(encoding="utf-8")

#: The display path of the test city, as validate_dataset reports it.
CITY = "data/cities/testcity.yaml"

FIELDS = ("file", "line", "column", "path", "code")


def record(fields: Mapping[str, Any] | None = None, /, *, index: int | None = None, **more: Any) -> Record:
    """A record as the validator hands it over, made by hand: `fields` and `more`, each at line 1,
    column 1, as is the record itself; `index`, its place in its list (None: not a list's item)."""
    data = {**(fields or {}), **more}
    return Record(data, pos={key: (1, 1) for key in ("", *data)}, index=index)


def valid_city(**overrides: Any) -> dict[str, Any]:
    """A minimal valid city as a dict (the same city as fixtures/valid/testcity.yaml).

    Keyword arguments replace top-level fields; a value of None removes the field.
    """
    city: dict[str, Any] = {
        "slug": "testcity",
        "name": {"zh": "测试市", "en": "Test City"},
        "sampling": [{
            "metric": "supervision_pass_rate",
            "value": 99.7,
            "period": 2021,
            "source": "test-review",
            "quote": "2021年，食品安全监督抽检合格率达到99.7%",
        }],
        "sources": [{
            "id": "test-review",
            "kind": "provincial_review",
            "title": {"zh": "测试市初评情况", "en": "Review of Test City"},
            "document": DOCUMENT_NAME,
        }],
    }
    for key, value in overrides.items():
        if value is None:
            city.pop(key, None)
        else:
            city[key] = copy.deepcopy(value)
    return city


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a repeated object out in full: data files may not use anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _as_bytes(content: Mapping[str, Any] | list[Any] | str | bytes) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    return yaml.dump(content, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=1000).encode("utf-8")


def write_data_folder(
    root: Path,
    cities: Mapping[str, Mapping[str, Any] | str | bytes] | None = None,
    documents: Mapping[str, str | bytes] | None = None,
    changelog: Mapping[str, Any] | str | None = None,
) -> Path:
    """Write `root/data/` and return it.

    cities: file name (".yaml" is added when there is no suffix) -> a dict, raw YAML
    text (written byte for byte, so its line numbers are the ones you read) or bytes.
    Defaults to one valid city, `testcity.yaml`.
    documents: file name -> text under data/documents/; defaults to the test document.
    changelog: written to data/changelog.yaml when given.
    """
    data = root / "data"
    (data / "cities").mkdir(parents=True, exist_ok=True)
    (data / "documents").mkdir(exist_ok=True)
    if cities is None:
        cities = {"testcity": valid_city()}
    if documents is None:
        documents = {DOCUMENT_NAME: DOCUMENT_TEXT}
    for name, content in cities.items():
        file_name = name if Path(name).suffix else f"{name}.yaml"
        (data / "cities" / file_name).write_bytes(_as_bytes(content))
    for name, text in documents.items():
        (data / "documents" / name).write_bytes(_as_bytes(text))
    if changelog is not None:
        (data / "changelog.yaml").write_bytes(_as_bytes(changelog))
    return data


def run_check(data_dir: Path) -> list[Problem]:
    """Every problem validate_dataset finds in `data_dir`, sorted by file, line and column."""
    return sorted(validate_dataset(data_dir).problems)


def flatten(problems: Iterable[Problem], fields: tuple[str, ...] = FIELDS) -> list[tuple[Any, ...]]:
    """Problems as tuples of the chosen fields, e.g. (file, line, column, path, code)."""
    return [tuple(getattr(p, f) for f in fields) for p in problems]


def broken_fixture(name: str) -> str:
    """The raw text of tests/fixtures/broken/<name>."""
    return (BROKEN / name).read_text(encoding="utf-8")


@pytest.fixture
def data_folder(tmp_path: Path) -> Callable[..., Path]:
    """`data_folder(cities=..., documents=..., changelog=...)` writes a data folder into tmp_path."""

    def build(**kwargs: Any) -> Path:
        return write_data_folder(tmp_path, **kwargs)

    return build


def own_city(slug: str, document: str = DOCUMENT_NAME, **overrides: Any) -> dict[str, Any]:
    """A valid city of its own: its slug, name and source id are its own; it quotes `document`."""
    source = f"{slug}-review"
    city = valid_city(slug=slug, name={"zh": f"{slug}市", "en": f"City {slug}"}, sources=[{
        "id": source, "kind": "provincial_review", "title": {"zh": "初评情况", "en": "Review"},
        "document": document}])
    city["sampling"][0]["source"] = source
    return {**city, **overrides}
