"""Each chart's embed page (generator/render/embed.py), as the generator writes it: one per chart
and language at an address made from the chart's id, the same chart as on its page, a link back
to it, the site's CSP, no inline script, not for search engines; and the page's embed snippet."""
from __future__ import annotations

import copy
import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_data_folder

from bench import synth
from generator.generate import render_files
from generator.publish import META, inline_scripts
from generator.render.pages import page_dir
from generator.validate import Dataset, validate_dataset

CHART_SPEC = re.compile(r'<script type="application/json" id="chart-(.+?)-(zh|en)">(.*?)</script>', re.S)
BACK = re.compile(r'<p class="embed-back"><a href="([^"]+)" target="_blank" rel="noopener">')


def synth_cities(count: int) -> tuple[dict[str, Any], dict[str, str]]:
    cities, documents = {}, {}
    for index in range(1, count + 1):
        record, document = synth.city(index)
        cities[record["slug"]] = record
        documents[record["sources"][0]["document"]] = document
    return cities, documents


def site_files(root: Path, cities: dict[str, Any], documents: dict[str, str], site_url: str = "") -> dict[str, bytes]:
    data: Dataset = validate_dataset(write_data_folder(root, cities=cities, documents=documents))
    assert not data.problems, data.problems
    data.site_url = site_url  # as the build sets it (mkdocs.yml site_url or PORTAL_SITE_URL)
    return render_files(data, root / "content")


def page_charts(files: dict[str, bytes]) -> dict[tuple[str, str], tuple[str, str]]:
    """(chart id, lang) -> (page folder, chart JSON), for the first page that draws the chart."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for name in sorted(files, key=lambda n: (not n.startswith("cities/"), n)):
        if name.endswith(".md"):
            for chart_id, lang, spec in CHART_SPEC.findall(files[name].decode()):
                found.setdefault((chart_id, lang), (page_dir(name.rsplit(".", 2)[0]), spec))
    return found


@pytest.fixture(scope="module")
def synth_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return site_files(tmp_path_factory.mktemp("embed"), *synth_cities(3))


def test_every_chart_has_an_embed_page_in_each_language_with_its_chart_and_a_link_back(
        synth_site: dict[str, bytes]) -> None:
    charts = page_charts(synth_site)
    assert len(charts) > 10
    for (chart_id, lang), (home, spec) in charts.items():
        folder = ("en/" if lang == "en" else "") + f"embed/{chart_id}/"
        html = synth_site[folder + "index.html"].decode()
        assert CHART_SPEC.search(html).group(3) == spec, "the embed page draws the chart of its page"
        assert html.count(META) == 1 and inline_scripts(html) == []
        assert '<meta name="robots" content="noindex">' in html
        assert f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">' in html
        assert "md-header" not in html and "md-footer" not in html, "no site chrome"
        href = BACK.search(html).group(1)
        target, anchor = href.split("#")
        expected = ("en/" if lang == "en" else "") + home + "/"
        assert posixpath.normpath(posixpath.join(folder, target)) + "/" == expected
        assert anchor == f"chart-{chart_id}"
        assert re.search(r"\d{4}|未注明期间|period not stated", html.split("<h1>")[1].split("</h1>")[0]), \
            "the title gives the period"
        assert '<p class="embed-source">' + ("来源：" if lang == "zh" else "Source: ") in html
    embeds = {name for name in synth_site if "embed/" in name}
    assert len(embeds) == len(charts), "one embed page per chart and language, no more"


def test_embed_addresses_stay_put_when_figures_are_added_before_them(tmp_path: Path) -> None:
    cities, documents = synth_cities(2)
    before = site_files(tmp_path / "a", cities, documents)
    again = site_files(tmp_path / "b", cities, documents)
    assert {n: b for n, b in before.items() if "embed/" in n} == {n: b for n, b in again.items() if "embed/" in n}
    grown = copy.deepcopy(cities)
    first = next(iter(grown.values()))
    for theme in ("sampling", "complaints", "enforcement"):
        if first.get(theme):  # a new figure in front of the theme's list, in a unit the charts already draw
            first[theme].insert(0, {**first[theme][0], "scope": {"zh": "新增范围", "en": "new scope"}})
    extra, document = synth.city(9)
    extra["slug"] = "aaa-first"
    grown["aaa-first"] = extra  # a new city sorted before every other
    documents = {**documents, extra["sources"][0]["document"]: document}
    after = site_files(tmp_path / "c", grown, documents)
    old, new = page_charts(before), page_charts(after)
    for (chart_id, lang) in old:
        folder = ("en/" if lang == "en" else "") + f"embed/{chart_id}/"
        assert folder + "index.html" in after, f"{folder} is gone"
        title = re.compile(r"<h1>(.*?) <span")  # the same chart; its period may grow with the new figures
        assert title.search(after[folder + "index.html"].decode()).group(1) == \
            title.search(before[folder + "index.html"].decode()).group(1)
        assert (chart_id, lang) in new
    assert any(("aaa-first" in chart_id) for chart_id, _ in new)


def test_the_page_offers_each_chart_s_embed_code(synth_site: dict[str, bytes], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    body = synth_site["cities/city-0001.en.md"].decode()
    chart_id = CHART_SPEC.search(body).group(1)
    snippet = re.search(r"<code data-embed-snippet[^>]*>(.*?)</code>", body).group(1)
    assert snippet.startswith(f"&lt;iframe src=&quot;../../../en/embed/{chart_id}/&quot; loading=&quot;lazy&quot;")
    for label in ("Download PNG", "Download SVG", "Copy embed code"):
        assert f">{label}<span class=\"sr-only\">" in body
    body = site_files(tmp_path, *synth_cities(1), site_url="https://portal.example.cn/sub/")["cities/city-0001.zh.md"].decode()
    assert f"&lt;iframe src=&quot;https://portal.example.cn/sub/embed/{chart_id}/&quot;" in body
