"""The build's one pass: a one-off build validates, derives, renders and writes one city at a
time (stream_dataset), and writes exactly what the whole-dataset path writes; anything wrong
found on the way is reported exactly as `portal check` reports it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, own_city, write_data_folder

import generator.generate as generate_module
from generator.generate import generate
from generator.problems import DataError
from generator.reuse import PreviewCache
from generator.validate import validate_dataset


def content_folder(folder: Path) -> Path:
    shutil.copytree(ROOT / "content", folder, ignore=shutil.ignore_patterns(
        "cities", "themes", "sources", "data", "downloads", "embed", "en", "index.*.md", ".generated.json"))
    return folder


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def three_cities(tmp_path: Path) -> Path:
    return write_data_folder(tmp_path / "project", cities={slug: own_city(slug) for slug in ("aaa", "bbb", "ccc")})


def test_a_one_off_build_streams_and_writes_what_the_whole_dataset_gives(three_cities: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    whole = content_folder(tmp_path / "whole")
    generate(three_cities, whole, PreviewCache())  # the preview's path: validated whole
    monkeypatch.setattr(generate_module, "validate_dataset", lambda *a, **k: pytest.fail("validated whole"))
    streamed = content_folder(tmp_path / "streamed")
    generate(three_cities, streamed)
    assert files_of(streamed) == files_of(whole)
    assert "cities/bbb.en.md" in files_of(streamed)


def test_a_problem_met_on_the_way_is_reported_as_check_reports_it(three_cities: Path, tmp_path: Path) -> None:
    bad = three_cities / "cities" / "bbb.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("value: 99.7", "value: 199.7"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        generate(three_cities, content_folder(tmp_path / "content"))
    expected = validate_dataset(three_cities).problems
    assert expected and raised.value.problems == expected
    assert {p.file for p in expected} == {"data/cities/bbb.yaml"}
