"""Hostile text (script tags, event handlers, javascript: links, Markdown with HTML) never
runs: the validator refuses it in data files, and text that reaches the renderer anyway is
escaped: in the browser no dialog opens and every payload reads as plain text."""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build_site

from .conftest import Visit, Watch, visit
from .hostile import LIVE_MARKUP, PAYLOADS, build_rendered, copy_data, hostile_dataset, taint
from .support import isolated_project, page_paths, serve

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("hostile")]


def test_a_data_folder_with_hostile_text_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = copy_data(tmp_path / "data")
    for path in sorted((data / "cities").glob("*.yaml")):
        city = yaml.safe_load(path.read_text(encoding="utf-8"))
        taint(city, itertools.cycle(PAYLOADS[:8]), set())
        path.write_text(yaml.safe_dump(city, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    code = build_site(data, site, isolated_project(tmp_path / "project", data), quiet=True)
    assert code != 0
    assert "unsafe-text" in capsys.readouterr().err
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    data = hostile_dataset(copy_data(folder / "data"))
    build = build_rendered(data, folder / "project", folder / "site")
    assert build.returncode == 0, build.stderr[-3000:]
    return folder / "site"


@pytest.fixture(scope="module")
def hostile_visits(hostile_site: Path, browser: Any) -> Iterator[dict[str, tuple[Visit, list[str], str]]]:
    """Every page of the hostile site: its visit, markup made from payloads, and its text."""
    ctx = browser.new_context()
    found = {}
    with serve(hostile_site) as url:
        tabs = [(ctx.new_page(), Watch(origin=url)) for _ in range(3)]
        for page, watch in tabs:
            watch.attach(page)
        paths = page_paths(hostile_site)
        for i in range(0, len(paths), len(tabs)):
            batch = paths[i:i + len(tabs)]
            for (page, _), v in zip(tabs[:len(batch)], visit(tabs, url, batch), strict=True):
                found[v.path] = (v, page.evaluate(LIVE_MARKUP),
                                 page.evaluate("() => document.title + '\\n' + document.body.textContent"))
    ctx.close()
    yield found


def test_no_dialog_opens_and_no_script_runs(hostile_visits: dict[str, tuple[Visit, list[str], str]]) -> None:
    assert len(hostile_visits) > 40
    problems = {path: v.watch.problems() for path, (v, _, _) in hostile_visits.items() if v.watch.problems()}
    assert problems == {}  # no dialog, no CSP violation, no console error


def test_no_markup_is_made_from_hostile_text(hostile_visits: dict[str, tuple[Visit, list[str], str]]) -> None:
    assert {path: live for path, (_, live, _) in hostile_visits.items() if live} == {}


def test_every_payload_reads_as_text(hostile_visits: dict[str, tuple[Visit, list[str], str]]) -> None:
    texts = {path: text for path, (_, _, text) in hostile_visits.items()}
    assert [p for p in PAYLOADS if not any(p in text for text in texts.values())] == []
    # the city's name, a payload itself, reads as text in the title, the heading and the body
    city = texts["en/cities/xining/"]
    assert city.split("\n")[0].startswith(tuple(PAYLOADS)) and city.count("Xining") > 3
    assert '<script>alert("xss-doc")</script>' in texts["sources/xining-review/"]


def test_a_javascript_url_fails_the_build(tmp_path: Path) -> None:
    """A `javascript:` source URL (the validator allows only http(s)) cannot be published:
    the page would hold script, and generator/publish.py stops the build as the page is written."""
    from generator.publish import UnsafePage
    from generator.validate import validate_dataset

    data = validate_dataset(copy_data(tmp_path / "data"))
    source = next(iter(data.sources.values()))
    source["url"] = "javascript:alert('xss-url')"
    with pytest.raises(UnsafePage) as refused:
        build_rendered(data, tmp_path / "project", tmp_path / "site")
    assert "javascript:alert" in str(refused.value) and "inline script" in str(refused.value)
    assert not (tmp_path / "site").exists()
