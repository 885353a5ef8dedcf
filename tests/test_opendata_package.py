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
import yaml
from conftest import REAL_DATA

from generator.opendata import meta
from generator.opendata.downloads import ARCHIVE_FILE, PACKAGE_FILE
from generator.opendata.producer import open_data_files
from generator.schema.columns import CITY_FILE, TABLES
from generator.validate import validate_dataset

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
    assert len(report["tasks"]) == len(TABLES) + 5
    # a number written as text, a broken reference, a changed byte: each is caught
    figures = (package.parent / "figures.csv").read_bytes()
    bad = dict(files)
    bad["downloads/figures.csv"] = figures.replace(b",99.7,", b",99.7%,", 1)
    bad["downloads/sources.csv"] = files["downloads/sources.csv"].replace(b"\r\nxining-review,", b"\r\nxining-gone,")
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
    assert {s["title"] for s in package["sources"]} >= {"绵阳市创建国家食品安全示范城市省级初评报告 / Provincial "
                                                        "preliminary review report on Mianyang's candidacy as a "
                                                        "National Food Safety Demonstration City"}
    for spec in TABLES:
        fields = resources[spec.name]["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in spec.columns]
        assert [f["type"] for f in fields] == [c.type for c in spec.columns]
        for field, column in zip(fields, spec.columns, strict=True):
            assert field["title"].startswith(column.zh) and field["title"].endswith(column.en)
            assert field.get("unit", "") == column.unit
    city = resources["city-ordos"]
    assert city["path"] == "cities/ordos.csv"
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
    latest = max(str(c["date"]) for c in yaml.safe_load((REAL_DATA / "changelog.yaml").read_text("utf-8"))["changes"])
    assert {info.date_time for info in archive.infolist()} == {(*map(int, latest.split("-")), 0, 0, 0)}
    assert archive.testzip() is None


def test_same_input_gives_byte_identical_files(files: dict[str, bytes]) -> None:
    again = open_data_files(validate_dataset(REAL_DATA))
    assert again.keys() == files.keys()
    assert [p for p in files if files[p] != again[p]] == []
