"""What a journalist opening the CSV files meets cell by cell: codes written as they are
documented (never mangled by the formula guard), whole numbers that read as whole numbers,
and a sources table that says why a link is missing instead of leaving it blank.

Rules are checked on a synthetic city (tests/test_opendata_roundtrip.py's tricky city),
never on counts of the real data.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import write_data_folder
from test_opendata_roundtrip import CHANGELOG, DOC, DOCUMENT, tricky_city

from generator.opendata.csvfile import starts_formula
from generator.opendata.dictionary import dictionary_page
from generator.opendata.downloads import PACKAGE_FILE
from generator.opendata.tables import DOWNLOADS
from generator.schema import catalogue as cat
from generator.schema.columns import CITY_FILE, TABLES, TableSpec
from generator.validate import validate_dataset
from generator.whole import open_data_files

WHOLE = re.compile(r"-?[0-9]+")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("cells")
    city = tricky_city()
    city["sources"].append({"id": "no-link", "kind": "implementation_plan",
                            "title": {"zh": "无链接的方案", "en": "A plan with no link"}, "document": DOC})
    data = validate_dataset(write_data_folder(root, cities={"trickcity": city}, documents={DOC: DOCUMENT},
                                              changelog=CHANGELOG))
    assert not data.problems, data.problems
    return open_data_files(data)


def rows(files: dict[str, bytes], path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"{DOWNLOADS}/{path}"].decode("utf-8-sig"), newline="")))


def published(files: dict[str, bytes]) -> list[tuple[str, TableSpec, str]]:
    """Every table: its resource name, its columns and the path of its file (one per city for the city files)."""
    cities = [p.removeprefix(f"{DOWNLOADS}/") for p in files if p.startswith(f"{DOWNLOADS}/cities/")]
    return [(spec.name, spec, spec.path) for spec in TABLES] + [
        ("city-" + Path(path).stem, CITY_FILE, path) for path in cities]


# ---------------------------------------------------------------- codes
def test_no_documented_code_needs_the_formula_guard() -> None:
    """A code the dictionary lists must be the very cell the CSV holds: one starting like a
    formula would be written as '= and match nothing a reader filters on."""
    for spec in [*TABLES, CITY_FILE]:
        for column in spec.columns:
            bad = [code for code in column.codes if starts_formula(code)]
            assert bad == [], (spec.path, column.name, bad)


def test_every_coded_cell_is_one_of_its_documented_codes(files: dict[str, bytes]) -> None:
    package = json.loads(files[PACKAGE_FILE])
    enums = {(r["name"], f["name"]): f["constraints"]["enum"] for r in package["resources"]
             for f in r["schema"]["fields"] if "enum" in f.get("constraints", {})}
    for name, spec, path in published(files):
        for column in (c for c in spec.columns if c.codes):
            cells = {row[column.name] for row in rows(files, path)} - {""}
            assert cells <= set(column.codes), (path, column.name, sorted(cells - set(column.codes)))
            assert enums[(name, column.name)] == list(column.codes), (path, column.name)


def test_targets_write_comparators_as_word_codes_with_their_labels(files: dict[str, bytes]) -> None:
    targets = rows(files, "targets.csv")
    assert [(t["comparator"], t["comparator_zh"], t["comparator_en"]) for t in targets] == [
        ("ge", "不低于", "at least"), ("eq", "达到", "equal to")]
    city = rows(files, "cities/trickcity.csv")
    assert [r["code"] for r in city if r["table"] == "targets" and r["item"] in ("supervision_pass_rate", "target")
            ] == ["ge", "eq"]
    comparator = next(c for s in TABLES if s.name == "targets" for c in s.columns if c.name == "comparator")
    for code, sign in cat.COMPARATOR_SIGN_OF.items():
        assert f"{code} {cat.COMPARATOR_CODES[code].en} ({sign})" in comparator.about_en


def test_the_guard_still_neutralises_text_from_yaml(files: dict[str, bytes]) -> None:
    note = rows(files, "reviews.csv")
    assert {r["text_zh"] for r in note if r["fact"] == "note"} == {"'=备注"}


# ---------------------------------------------------------------- whole numbers
def test_integer_columns_hold_only_whole_numbers_and_are_typed_integer(files: dict[str, bytes]) -> None:
    package = json.loads(files[PACKAGE_FILE])
    types = {(r["name"], f["name"]): f["type"] for r in package["resources"] for f in r["schema"]["fields"]}
    blanks = set()
    for name, spec, path in published(files):
        for column in (c for c in spec.columns if c.type == "integer"):
            assert types[(name, column.name)] == "integer"
            for row in rows(files, path):
                cell = row[column.name]
                assert cell == "" or WHOLE.fullmatch(cell), (path, column.name, cell)
                if cell == "":
                    blanks.add(column.name)
    assert {"period_start", "deadline"} <= blanks, "the fixture exercises empty integer cells"


def test_dictionary_says_how_to_read_empty_integer_columns_as_integers() -> None:
    page = dictionary_page()
    optional = sorted({c.name for s in [*TABLES, CITY_FILE] for c in s.columns
                       if c.type == "integer" and not c.required})
    for lang in ("zh", "en"):
        body = page.body[lang]
        assert 'dtype_backend=&#34;numpy_nullable&#34;' in body or 'dtype_backend="numpy_nullable"' in body, lang
        listed = re.search(r'id="reading".*?</p>\s*<pre>.*?</pre>\s*<p>(.*?)</p>', body, re.S)
        assert listed, lang
        assert re.findall(r"<code>([a-z_]+)</code>", listed.group(1)) == optional, lang


# ---------------------------------------------------------------- links of the sources
def test_sources_fill_the_recorded_link_and_say_why_one_is_missing(files: dict[str, bytes]) -> None:
    sources = {r["source"]: r for r in rows(files, "sources.csv")}
    linked, unlinked = sources["trick-doc"], sources["no-link"]
    assert (linked["url"], linked["url_note_zh"], linked["url_note_en"]) == ("https://example.org/doc", "", "")
    assert unlinked["url"] == ""
    assert "未记录原文网址" in unlinked["url_note_zh"] and "never guesses" in unlinked["url_note_en"]
