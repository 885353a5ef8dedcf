"""Every figure can be pointed at and cited: a stable anchor id per figure (same in both
languages, across builds, whatever else changes in the file), heading permalinks and a table of
contents on the city page, and the citations the pages give (exact strings)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import DOCUMENT_NAME, DOCUMENT_TEXT, valid_city, write_data_folder

from generator import cite, derive
from generator.validate import Dataset, validate_dataset
from tests.pages import city_page, theme_page

SITE = "https://example.test/portal/"
QUOTES = ["2021年，食品安全监督抽检合格率达到99.7%", "农产品抽检2021年以来共计1200批次", "食用农产品抽检合格率98.5%",
          "餐饮环节抽检合格率98.5%以上"]
CHANGELOG = {"changes": [
    {"date": "2026-11-26", "title": {"zh": "发布", "en": "Release"}, "summary": {"zh": "首次发布", "en": "First"},
     "cities": ["testcity"]},
    {"date": "2026-10-02", "title": {"zh": "试行", "en": "Trial"}, "summary": {"zh": "试行", "en": "Trial"},
     "cities": ["testcity"]}]}


def _sampling() -> list[dict[str, Any]]:
    return [
        {"metric": "supervision_pass_rate", "value": 99.7, "period": 2021, "source": "test-review",
         "quote": QUOTES[0]},
        {"metric": "sampling_batches", "value": 1200, "unit": "batch", "period": {"kind": "since", "start": 2021},
         "scope": {"zh": "农产品", "en": "Farm produce"}, "source": "test-review", "quote": QUOTES[1]},
        # Two figures of the same metric, scope and period (a valid file tells them apart by their qualifier):
        # their ids are told apart by their own words
        {"metric": "evaluation_pass_rate", "value": 98.5, "period": 2022, "source": "test-review", "quote": QUOTES[2]},
        {"metric": "evaluation_pass_rate", "value": 98.5, "qualifier": "at_least", "period": 2022,
         "source": "test-review", "quote": QUOTES[3]},
    ]


def build(tmp_path: Path, sampling: list[dict[str, Any]] | None = None) -> Dataset:
    city = valid_city(sampling=_sampling() if sampling is None else sampling)
    city["sources"][0].update({"issuer": {"zh": "测试省食安办", "en": "Test Province Food Safety Office"},
                               "date": "2023-05-10"})
    data_dir = write_data_folder(tmp_path, cities={"testcity": city}, changelog=CHANGELOG,
                                 documents={DOCUMENT_NAME: DOCUMENT_TEXT + "\n" + "\n".join(QUOTES) + "\n"})
    data = validate_dataset(data_dir)
    assert not data.problems, data.problems
    data.site_url = SITE
    return data


def row_ids(html: str) -> list[str]:
    return re.findall(r'<tr id="([^"]+)"', html)


def test_each_figure_has_an_id_from_city_metric_scope_and_period(tmp_path: Path) -> None:
    data = build(tmp_path)
    ids = [f.anchor for f in derive.city_figures(data.cities["testcity"])]
    assert ids[:2] == ["testcity-supervision-pass-rate-2021", "testcity-sampling-batches-farm-produce-since-2021"]
    # the two look-alike figures: a suffix from each one's own content, not its place in the list
    assert ids[2] != ids[3] and all(re.fullmatch(r"testcity-evaluation-pass-rate-2022-[0-9a-f]{6}", i) for i in ids[2:])
    page = city_page(data, "testcity")
    assert row_ids(page.body["zh"]) == ids == row_ids(page.body["en"])


def test_ids_survive_edits_elsewhere_in_the_file_and_a_second_build(tmp_path: Path) -> None:
    first = {f.quote: f.anchor for f in derive.city_figures(build(tmp_path / "a").cities["testcity"])}
    again = {f.quote: f.anchor for f in derive.city_figures(build(tmp_path / "b").cities["testcity"])}
    assert first == again
    reordered = list(reversed(_sampling()))
    edited = {f.quote: f.anchor for f in derive.city_figures(build(tmp_path / "c", reordered).cities["testcity"])}
    assert edited == first
    page_a, page_b = city_page(build(tmp_path / "d"), "testcity"), city_page(build(tmp_path / "e"), "testcity")
    assert page_a.body == page_b.body  # byte-identical: no date of the build in the page


def test_cards_chart_rows_and_theme_rows_name_the_figure_s_address(tmp_path: Path) -> None:
    """The row that holds the figure has its id; every other showing of it names that row's address
    (the page script turns it into the link icon)."""
    data = build(tmp_path)
    html = city_page(data, "testcity").body["zh"]
    anchor = "testcity-supervision-pass-rate-2021"
    assert html.count(f'id="{anchor}"') == 1
    assert f'<div class="fig-card" data-permalink="#{anchor}">' in html  # its key-figure card
    assert f'<tr data-permalink="#{anchor}">' in html  # its row in the chart's data table
    themed = theme_page(data, "sampling").body["en"]
    assert f'<tr data-permalink="../../cities/testcity/#{anchor}">' in themed and f'id="{anchor}"' not in themed


def test_the_city_page_has_a_table_of_contents(tmp_path: Path) -> None:
    html = city_page(build(tmp_path), "testcity").body["en"]
    toc = re.search(r'<nav class="page-toc" aria-label="On this page">(.*?)</nav>', html, re.S)
    assert toc is not None
    headings = re.findall(r'<h2 id="([^"]+)"', html)
    assert re.findall(r'href="#([^"]+)"', toc[1]) == headings and "key-figures" in headings


def test_city_page_citation_exact(tmp_path: Path) -> None:
    data = build(tmp_path)
    page = city_page(data, "testcity")
    assert ('<p class="cite-text" data-form="primary">国家食品安全示范城市数据公开平台. '
            '国家食品安全示范城市创建数据：测试市[DS/OL]. '
            '2026-11-26版. 国家食品安全示范城市数据公开平台（2026-11-26）[引用日期]. https://example.test/portal/cities/testcity/.</p>'
            ) in page.body["zh"]
    assert ('<p class="cite-text" data-form="gbt2015">国家食品安全示范城市数据公开平台. '
            '国家食品安全示范城市创建数据：测试市[EB/OL]. '
            '(2026-11-26)[引用日期]. https://example.test/portal/cities/testcity/.</p>') in page.body["zh"]
    assert ('<p class="cite-text" data-form="primary">Food Safety Demonstration Cities: Open Data. (2026). National Food '
            'Safety Demonstration City candidacy data: Test City (Version 2026-11-26) [Data set]. Retrieved Month D, YYYY, '
            'from https://example.test/portal/en/cities/testcity/</p>') in page.body["en"]


def figure_citations(html: str, anchor: str) -> dict[str, str]:
    """What the page script writes for a figure: the page's templates filled with the figure's
    part text and address (the same substitution as theme/assets/javascripts/cite.js)."""
    data = json.loads(re.search(r'<script type="application/json" id="cite-data">(.*?)</script>', html)[1])
    details = re.search(rf'<tr id="{anchor}">[^\n]*?<details class="fig-cite" data-search-exclude data-part="([^"]*)"'
                        r' data-source="([^"]*)">', html)
    assert details is not None
    part = details[1].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"')
    url = data["site"] + data["page"] + "#" + anchor
    out = {form: re.sub(r"\{(part|url)\}", lambda m: part if m[1] == "part" else url, text)
           for form, text in data["forms"].items()}
    out["source"] = data["sources"][details[2]]
    return out


def test_figure_citations_exact(tmp_path: Path) -> None:
    data = build(tmp_path)
    page = city_page(data, "testcity")
    anchor = "testcity-sampling-batches-farm-produce-since-2021"
    assert figure_citations(page.body["zh"], anchor) == {
        "primary": "国家食品安全示范城市数据公开平台. 国家食品安全示范城市创建数据：测试市 抽检批次 农产品（2021年以来）[DS/OL]. "
                   "2026-11-26版. 国家食品安全示范城市数据公开平台（2026-11-26）[引用日期]. "
                   "https://example.test/portal/cities/testcity/#testcity-sampling-batches-farm-produce-since-2021.",
        "gbt2015": "国家食品安全示范城市数据公开平台. 国家食品安全示范城市创建数据：测试市 抽检批次 农产品（2021年以来）[EB/OL]. "
                   "(2026-11-26)[引用日期]. "
                   "https://example.test/portal/cities/testcity/#testcity-sampling-batches-farm-produce-since-2021.",
        "source": "测试省食安办. 测试市初评情况[R]. 2023-05-10."}
    assert figure_citations(page.body["en"], "testcity-supervision-pass-rate-2021") == {
        "primary": "Food Safety Demonstration Cities: Open Data. (2026). National Food Safety Demonstration City "
                   "candidacy data: Test City, Supervisory sampling pass rate (2021) (Version 2026-11-26) [Data set]. "
                   "Retrieved Month D, YYYY, from "
                   "https://example.test/portal/en/cities/testcity/#testcity-supervision-pass-rate-2021",
        "source": "Test Province Food Safety Office. (2023). Review of Test City [Report]."}


def test_chart_citation_names_the_chart_and_its_anchor(tmp_path: Path) -> None:
    html = city_page(build(tmp_path), "testcity").body["zh"]
    charts = re.findall(r'<figure class="chart-block" id="(chart-[^"]+)">', html)
    assert charts
    for chart in charts:
        assert re.search(rf'id="{chart}">(?:(?!</figure>).)*<details class="fig-cite" data-search-exclude '
                         r'data-part="测试市 [^"]+"', html, re.S)


def test_without_a_site_address_the_page_path_is_cited(tmp_path: Path) -> None:
    data = build(tmp_path)
    data.site_url = ""
    html = city_page(data, "testcity").body["en"]
    assert "from /en/cities/testcity/</p>" in html


def test_download_page_gives_the_dataset_citation_in_both_forms(tmp_path: Path) -> None:
    from generator.opendata.downloads import dataset_citations

    data = build(tmp_path)
    release = cite.release("2026-11-26", SITE)
    assert dataset_citations(data, "zh") == [
        ("GB/T 7714-2025", "国家食品安全示范城市数据公开平台. 国家食品安全示范城市创建数据[DS/OL]. 2026-11-26版. "
                           "国家食品安全示范城市数据公开平台（2026-11-26）[引用日期]. https://example.test/portal/data/."),
        ("GB/T 7714-2015", "国家食品安全示范城市数据公开平台. 国家食品安全示范城市创建数据[EB/OL]. (2026-11-26)[引用日期]. "
                           "https://example.test/portal/data/."),
        ("APA 7", cite.apa7(release, "https://example.test/portal/data/"))]
    assert [form for form, _ in dataset_citations(data, "en")] == ["APA 7", "GB/T 7714-2025", "GB/T 7714-2015"]
    assert dataset_citations(data, "en")[0][1].endswith("from https://example.test/portal/en/data/")


def test_search_leaves_out_the_contents_and_the_citations(tmp_path: Path) -> None:
    from generator.render.markdown import page_markdown
    from generator.search_index import page_entries

    page = city_page(build(tmp_path), "testcity")
    markdown = page_markdown(page, "en").decode()
    entries = page_entries("en/cities/testcity/", "Test City", markdown)
    titles = [e["title"] for e in entries]
    assert "Sampling inspection" in titles
    assert "On this page" not in entries[0]["text"] and "Cite" not in " ".join(e["text"] for e in entries)


def test_a_theme_page_has_the_citation_its_charts_fall_back_to(tmp_path: Path) -> None:
    data = build(tmp_path)
    html = theme_page(data, "sampling").body["en"]
    assert '<a href="#cite">' in html and '<details class="cite-block" id="cite"' in html
    assert ("National Food Safety Demonstration City candidacy data: Sampling inspection (Version 2026-11-26) [Data set]. "
            "Retrieved Month D, YYYY, from https://example.test/portal/en/themes/sampling/</p>") in html
