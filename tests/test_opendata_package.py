"""The data package validates with frictionless, the ZIP holds it byte for byte, and the
same input always gives the same bytes."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import REAL_DATA

from generator.opendata import meta
from generator.opendata.downloads import ARCHIVE_FILE, PACKAGE_FILE
from generator.schema.columns import CITY_FILE, TABLES
from generator.validate import validate_dataset
from generator.whole import open_data_files

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return open_data_files(validate_dataset(REAL_DATA))


def write(files: dict[str, bytes], root: Path) -> Path:
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root / PACKAGE_FILE


def frictionless(package: Path) -> dict[str, Any]:
    """`frictionless validate --json datapackage.json`, as a journalist or CI would run it."""
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", package.name], cwd=package.parent,
                            capture_output=True, text=True, timeout=120)
    report: dict[str, Any] = json.loads(result.stdout)
    assert (result.returncode == 0) == report["valid"]
    return report


def errors(report: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return sorted((task["name"], e["type"], e.get("fieldName")) for task in report["tasks"] for e in task["errors"])


@pytest.mark.slow
def test_frictionless_validates_the_package_and_can_fail(files: dict[str, bytes], tmp_path: Path) -> None:
    package = write(files, tmp_path / "good")
    report = frictionless(package)
    assert report["valid"], errors(report)
    assert len(report["tasks"]) == len(TABLES) + len(list((REAL_DATA / "cities").glob("*.yaml")))  # one file per city
    # a number written as text, a broken reference, a changed byte: each is caught
    figures = (package.parent / "figures.csv").read_bytes()
    bad = dict(files)
    bad["downloads/figures.csv"] = figures.replace(b",99.7,", b",99.7%,", 1)
    first_source = files["downloads/sources.csv"].split(b"\r\n")[1].split(b",")[0]
    bad["downloads/sources.csv"] = files["downloads/sources.csv"].replace(b"\r\n" + first_source + b",",
                                                                          b"\r\n" + first_source + b"-gone,")
    report = frictionless(write(bad, tmp_path / "bad"))
    assert not report["valid"]
    found = set(errors(report))
    assert ("figures", "type-error", "value") in found
    assert ("figures", "hash-count", None) in found
    assert any(kind == "foreign-key" for _, kind, _ in found)


def test_every_table_has_a_schema_from_the_column_declarations(files: dict[str, bytes]) -> None:
    package = json.loads(files[PACKAGE_FILE])
    resources = {r["name"]: r for r in package["resources"]}
    assert package["licenses"] == [meta.LICENCE]
    data = validate_dataset(REAL_DATA)
    assert {s["title"] for s in package["sources"]} >= {f"{source['title']['zh']} / {source['title']['en']}"
                                                        for source in data.sources.values()}
    for spec in TABLES:
        fields = resources[spec.name]["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in spec.columns]
        assert [f["type"] for f in fields] == [c.type for c in spec.columns]
        for field, column in zip(fields, spec.columns, strict=True):
            assert field["title"].startswith(column.zh) and field["title"].endswith(column.en)
            assert field.get("unit", "") == column.unit
    assert {name for name in resources if name.startswith("city-")} == {f"city-{slug}" for slug in data.cities}
    slug = sorted(data.cities)[0]
    city = resources[f"city-{slug}"]
    assert city["path"] == f"cities/{slug}.csv"
    assert [f["name"] for f in city["schema"]["fields"]] == [c.name for c in CITY_FILE.columns]
    comparator = next(f for f in resources["targets"]["schema"]["fields"] if f["name"] == "comparator")
    assert comparator["constraints"]["enum"] == ["ge", "gt", "eq", "le", "lt"], "codes as the CSV writes them"


def test_zip_holds_the_package_byte_for_byte_sorted_and_stamped(files: dict[str, bytes]) -> None:
    archive = zipfile.ZipFile(io.BytesIO(files[ARCHIVE_FILE]))
    names = archive.namelist()
    assert names == sorted(names)
    folder = meta.ARCHIVE_FOLDER + "/"
    inside = {n[len(folder):]: archive.read(n) for n in names}
    expected = {p[len("downloads/"):]: b for p, b in files.items()
                if p.startswith("downloads/") and p.endswith((".csv", ".json")) and "/charts/" not in p}
    assert {k: v for k, v in inside.items() if k != "README.txt"} == expected
    assert "CC BY 4.0" in inside["README.txt"].decode()
    last = max(change["date"] for change in validate_dataset(REAL_DATA).changelog)  # the last data update
    assert {info.date_time for info in archive.infolist()} == {(int(last[:4]), int(last[5:7]), int(last[8:]), 0, 0, 0)}
    assert archive.testzip() is None


def test_same_input_gives_byte_identical_files(files: dict[str, bytes]) -> None:
    again = open_data_files(validate_dataset(REAL_DATA))
    assert again.keys() == files.keys()
    assert [p for p in files if files[p] != again[p]] == []


def test_a_preview_archive_reusing_unchanged_entries_is_the_one_a_build_writes(tmp_path: Path) -> None:
    """The preview keeps each entry's deflated bytes and deflates only what an edit changed; its
    archive must still be byte for byte what a build writes from the same files."""
    from generator.opendata.archive import ArchiveMemo, zip_file

    table = tmp_path / "figures.csv"
    table.write_bytes("城市,合格率\r\n".encode() * 5000)
    files: dict[str, bytes | Path] = {"figures.csv": table, "a.csv": b"a,b\r\n1,2\r\n" * 300, "empty.txt": b""}
    memo = ArchiveMemo()

    def both(name: str) -> tuple[bytes, bytes]:
        built = zip_file(files, "pkg", "2024-05-01", tmp_path / f"{name}-built.zip").read_bytes()
        previewed = zip_file(files, "pkg", "2024-05-01", tmp_path / f"{name}-preview.zip", memo).read_bytes()
        return built, previewed

    built, previewed = both("first")
    assert previewed == built
    kept = dict(memo.entries)
    files["a.csv"] = b"a,b\r\n1,3\r\n" * 300  # an edit: one entry changes, the same size
    table.write_bytes("城市,合格率\r\n".encode() * 5000)  # rewritten, the same content
    built, previewed = both("second")
    assert previewed == built
    assert zipfile.ZipFile(io.BytesIO(previewed)).read("pkg/a.csv") == files["a.csv"]
    assert memo.entries["figures.csv"] is kept["figures.csv"], "an unchanged entry is not deflated again"
    assert memo.entries["a.csv"] is not kept["a.csv"]


def test_the_package_is_json_dumps_indented_of_its_description(tmp_path: Path) -> None:
    """package_bytes encodes each distinct schema once and puts it in place; the file must be exactly
    what encoding the whole description gives (real data: theme tables and city files sharing a schema)."""
    from generator.opendata.package import package, package_bytes
    from generator.whole import all_tables

    data = validate_dataset(REAL_DATA)
    tables = all_tables(data, tmp_path)
    described = package(data, tables)
    assert len({json.dumps(r["schema"]) for r in described["resources"]}) < len(described["resources"])
    assert package_bytes(data, tables) == (json.dumps(described, ensure_ascii=False, indent=2) + "\n").encode()
    # the city files share one schema, not a copy each (a thousand at national scale)
    city_files = [r for r in described["resources"] if r["path"].startswith("cities/")]
    assert len(city_files) > 1 and all(r["schema"] is city_files[0]["schema"] for r in city_files)
