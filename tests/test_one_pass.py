"""The build's one pass: a one-off build validates, derives, renders and writes one city at a
time (stream_dataset), and writes exactly what the whole-dataset path writes; anything wrong
found on the way is reported exactly as `portal check` reports it."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, own_city, write_data_folder
from test_stream_validation import PROBLEMS

import generator.city_pass as city_pass
import generator.generate as generate_module
import generator.shared_pass as shared_pass
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


def _spy_shared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of each shared pass generate runs (its parent side)."""
    calls: list[int] = []
    shared = generate_module.generate_shared

    def spy(stream: Any, content: Path, workers: int) -> Any:
        calls.append(workers)
        return shared(stream, content, workers)

    monkeypatch.setattr(generate_module, "generate_shared", spy)
    return calls


@pytest.mark.parametrize("workers", [2, 3, 5])
def test_a_pass_shared_by_worker_processes_writes_what_one_process_writes(
        workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_data_folder(tmp_path / "project", cities={slug: own_city(slug) for slug in
                                                          ("aaa", "bbb", "ccc", "ddd", "eee")})
    monkeypatch.setenv(shared_pass.WORKERS_ENV, "1")
    alone = content_folder(tmp_path / "alone")
    generate(root, alone)
    monkeypatch.setenv(shared_pass.WORKERS_ENV, str(workers))
    calls = _spy_shared(monkeypatch)
    shared = content_folder(tmp_path / "shared")
    result = generate(root, shared)
    assert calls == [workers]
    assert files_of(shared) == files_of(alone)  # pages, tables merged in city order, manifest
    assert sorted(result.files) == sorted(generate(root, alone).files)
    assert not (tmp_path / "build").exists() or not any((tmp_path / "build").glob("spool-*"))  # shares' files gone


def test_the_theme_pages_are_made_once_the_open_data_process_is_done(three_cities: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """At national scale the theme pages are the parent's largest moment of memory and the data package
    the open data's process's: the parent waits for that process before it makes them."""
    monkeypatch.setenv(shared_pass.WORKERS_ENV, "2")
    events: list[str] = []
    results, theme_page = shared_pass.Children.results, city_pass.theme_page

    def collected(self: Any) -> Any:
        found = results(self)
        events.append("results")
        return found

    def made(*args: Any) -> Any:
        events.append("theme")
        return theme_page(*args)

    monkeypatch.setattr(shared_pass.Children, "results", collected)
    monkeypatch.setattr(city_pass, "theme_page", made)
    generate(three_cities, content_folder(tmp_path / "content"))
    assert events[:3] == ["results", "results", "theme"]  # the workers', the open data's, then the themes
    assert events.count("results") == 2


def test_a_shared_pass_rewrites_only_what_changed(three_cities: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(shared_pass.WORKERS_ENV, "2")
    content = content_folder(tmp_path / "content")
    generate(three_cities, content)
    (content / "cities" / "stale.zh.md").write_text("left by an earlier run", encoding="utf-8")
    manifest = content / ".generated.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('[', '["cities/stale.zh.md",', 1),
                        encoding="utf-8")
    edited = three_cities / "cities" / "ccc.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("en: City ccc", "en: Town ccc"), encoding="utf-8")
    changed = generate(three_cities, content).changed
    assert "cities/ccc.en.md" in changed and "cities/aaa.en.md" not in changed
    assert "cities/stale.zh.md" in changed and not (content / "cities" / "stale.zh.md").exists()


@pytest.mark.parametrize("case", PROBLEMS)
def test_a_problem_met_by_any_worker_is_reported_as_check_reports_it(case: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = PROBLEMS[case][0](tmp_path / "project")
    monkeypatch.setenv(shared_pass.WORKERS_ENV, "2")
    with pytest.raises(DataError) as raised:
        generate(root, content_folder(tmp_path / "content"))
    assert raised.value.problems == validate_dataset(root).problems


def test_a_worker_that_fails_fails_the_build_with_its_traceback(three_cities: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    city_page = city_pass.city_page

    def broken(model: Any, site: Any) -> Any:
        if model.slug == "ccc":
            raise ZeroDivisionError("a bug in the page of ccc")
        return city_page(model, site)

    monkeypatch.setattr(city_pass, "city_page", broken)  # the forked workers inherit it
    monkeypatch.setenv(shared_pass.WORKERS_ENV, "2")
    with pytest.raises(RuntimeError, match="(?s)ZeroDivisionError: a bug in the page of ccc"):
        generate(three_cities, content_folder(tmp_path / "content"))


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_a_worker_count_that_is_not_a_count_is_refused(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(shared_pass.WORKERS_ENV, value)
    with pytest.raises(ValueError, match="PORTAL_WORKERS"):
        shared_pass.worker_count(100)


def test_small_datasets_are_not_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(shared_pass.WORKERS_ENV, raising=False)
    assert shared_pass.worker_count(shared_pass.MIN_SHARE * 2 - 1) == 1
    assert shared_pass.worker_count(1000) == min(len(os.sched_getaffinity(0)), shared_pass.MAX_WORKERS)


def test_the_open_data_process_that_fails_fails_the_build_with_its_traceback(three_cities: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: Any, gathered: Any) -> Any:
        raise OSError("the disk is full")
        yield  # a generator, as open_data_stream is

    monkeypatch.setattr(shared_pass, "open_data_stream", broken)  # the forked process inherits it
    monkeypatch.setenv(shared_pass.WORKERS_ENV, "2")
    with pytest.raises(RuntimeError, match="(?s)OSError: the disk is full"):
        generate(three_cities, content_folder(tmp_path / "content"))


def test_a_worker_spills_each_summary_as_it_comes_and_keeps_none(three_cities: Path, tmp_path: Path) -> None:
    """A worker's memory must not grow with its share of the cities: its summaries go to a file city by
    city, and come back from it as the pass would have kept them."""
    from generator.derive import site_index
    from generator.opendata.tables import Gathered

    data = validate_dataset(three_cities)
    cities = [(slug, data.cities[slug]) for slug in sorted(data.cities)]
    site = site_index(data)
    kept = city_pass.CityPass()
    list(city_pass.city_files(data, cities, site, kept, Gathered(data, tmp_path / "a")))
    with (tmp_path / "summaries").open("wb") as spill:
        spilled = city_pass.CityPass(spill=spill)
        for _ in city_pass.city_files(data, cities, site, spilled, Gathered(data, tmp_path / "b")):
            assert spilled.summaries == []
        size = spill.tell()
    assert size > 0
    with (tmp_path / "summaries").open("rb") as spill:
        read = city_pass.read_summaries(spill)
    assert read == kept.summaries
    # texts alike in every city come back as one object each, not one per city (the parent holds
    # every city's summary at once): a label, its unit, a text in both languages
    first, *others = read
    metric = next(iter(first.latest))
    for other in others:
        assert other.latest[metric].label is first.latest[metric].label
        assert other.latest[metric].unit is first.latest[metric].unit
        assert other.latest[metric].label["zh"] is first.latest[metric].label["zh"]
