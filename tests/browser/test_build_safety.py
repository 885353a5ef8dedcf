"""Safe builds (no browser): the same data builds to byte-identical sites, wherever the
project lives; and a build that fails, on bad data or in MkDocs, leaves the site that was
there before exactly as it was."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from generator.build import build_site

from .hostile import copy_data
from .support import ROOT, build_isolated, isolated_project

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("rebuild")]


def digests(site: Path) -> dict[str, str]:
    """sha256 of every file under `site`, by relative path."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("first")
    assert build_isolated(folder / "project", ROOT / "data", folder / "site") == 0
    return folder / "site"


def test_two_builds_of_the_same_data_are_byte_identical(first_build: Path, tmp_path: Path) -> None:
    # A second project copy in another folder: nothing of the build's location may leak into the output.
    assert build_isolated(tmp_path / "elsewhere" / "project", ROOT / "data", tmp_path / "site") == 0
    first, second = digests(first_build), digests(tmp_path / "site")
    assert len(first) > 100
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def break_a_figure(data: Path) -> None:
    city = data / "cities" / "xining.yaml"
    text = city.read_text(encoding="utf-8")
    assert "value: 99.2\n" in text
    city.write_text(text.replace("value: 99.2\n", 'value: "99.2%"\n', 1), encoding="utf-8")


def test_bad_data_leaves_the_site_as_it_was(first_build: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = copy_data(tmp_path / "data")
    break_a_figure(data)
    before = digests(first_build)
    assert build_site(data, first_build, isolated_project(tmp_path / "project", data), quiet=True) != 0
    err = capsys.readouterr().err  # as `portal check` prints it: file:line:col, code, field, both languages
    assert re.search(r"cities/xining\.yaml:\d+:\d+ +number-as-text +sampling\[\d+\]\.value", err), err
    assert "Digits only, no % sign" in err and "请只填数字" in err and "the site was not changed" in err
    assert digests(first_build) == before
    assert not first_build.with_name("site.new").exists()


def test_a_data_folder_without_cities_leaves_the_site_as_it_was(first_build: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    # `--data` naming the wrong folder (here: one holding only the documents) must not publish a site of no cities.
    data = copy_data(tmp_path / "data")
    for city in (data / "cities").iterdir():
        city.unlink()
    (data / "cities").rmdir()
    before = digests(first_build)
    assert build_site(data, first_build, isolated_project(tmp_path / "project", data), quiet=True) != 0
    err = capsys.readouterr().err
    assert "data/cities:1:1  no-city-folder" in err and "--data" in err and "the site was not changed" in err, err
    assert digests(first_build) == before


def test_a_failing_mkdocs_build_leaves_the_site_as_it_was(first_build: Path, tmp_path: Path) -> None:
    # Valid data, but an English hand-written page links to a page that does not exist: the English
    # build (--strict) fails while the Chinese one, running beside it, succeeds.
    config = isolated_project(tmp_path / "project", ROOT / "data")
    content = tmp_path / "project" / "content"
    (content / "broken.zh.md").write_text("# 坏链接\n\n没有链接。\n", encoding="utf-8")
    (content / "broken.en.md").write_text("# Broken\n\n[missing](missing.md)\n", encoding="utf-8")
    before = digests(first_build)
    assert build_site(ROOT / "data", first_build, config, quiet=True) != 0
    assert digests(first_build) == before
    assert sorted(p.name for p in first_build.parent.iterdir() if p.name.startswith("site")) == ["site"]
