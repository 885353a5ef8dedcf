"""What the public reads on the pages: honest figures, sources one click away, escaped text."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import REAL_DATA, valid_city, write_data_folder
from markupsafe import escape

from generator import derive
from generator import format as fmt
from generator.render.pages import Links
from generator.validate import validate_dataset
from generator.write import UnsafePath, place_static, safe_target, static_root, write_tree
from tests.pages import build_pages, city_page


@pytest.fixture(scope="module")
def real():
    data = validate_dataset(REAL_DATA)
    assert not data.problems
    return data


@pytest.fixture(scope="module")
def real_pages(real):
    return {page.path: page for page in build_pages(real, {"zh": "", "en": ""})}


@pytest.mark.parametrize("value, unit, qualifier, zh, en", [
    (99.7, "percent", "at_least", "≥99.7%", "≥99.7%"),
    (800, "wan_yuan", "over", "800余万元", "over CNY 8 million"),
    (1.4, "yi_yuan", "approximate", "约1.4亿元", "about CNY 140 million"),
    (36, "yi_yuan", "nearly", "近36亿元", "nearly CNY 3.6 billion"),
    (40000, "business_hu", "over", "4万余户", "over 40,000 businesses"),
    (2945, "case_jian", "exact", "2945件", "2,945 cases"),
])
def test_value_keeps_its_qualifier_and_unit(value, unit, qualifier, zh, en) -> None:
    assert fmt.value_text(value, unit, qualifier, "zh") == zh
    assert fmt.value_text(value, unit, qualifier, "en") == en


@pytest.mark.parametrize("period, zh, en", [
    ({"kind": "year", "year": 2021}, "2021年", "2021"),
    ({"kind": "range", "start": 2019, "end": 2021}, "2019–2021年", "2019–2021"),
    ({"kind": "since", "start": 2019}, "2019年以来", "since 2019"),
    ({"kind": "recent", "years": 3}, "近3年", "last 3 years"),
    ({"kind": "unstated"}, "未注明期间", "period not stated"),
])
def test_period_reads_as_the_document_says(period, zh, en) -> None:
    assert fmt.period_text(period, "zh") == zh and fmt.period_text(period, "en") == en


def test_a_yearless_date_says_so() -> None:
    assert fmt.date_text("--11-02", "zh") == "11月2日（年份未注明）"
    assert fmt.date_text("--11-02", "en") == "2 Nov (year not stated)"


#: Sentences the fixture cities quote, added to the test document.
FIXTURE_QUOTES = "近3年罚没款800余万元。到2025年，评价性抽检合格率达到98%以上。"


def fixture_city() -> dict:
    """A city with an approximate figure over a 'last 3 years' period, a plan target without an actual
    figure, and no complaint figures at all."""
    return valid_city(
        enforcement=[{"metric": "fines_confiscations", "value": 800, "unit": "wan_yuan", "qualifier": "over",
                      "period": {"kind": "recent", "years": 3}, "source": "test-review",
                      "quote": "近3年罚没款800余万元"}],
        targets=[{"metric": "evaluation_pass_rate", "comparator": ">=", "value": 98, "deadline": 2025,
                  "source": "test-review", "quote": "到2025年，评价性抽检合格率达到98%以上"}])


@pytest.fixture(scope="module")
def fixture_pages(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from conftest import DOCUMENT_NAME, DOCUMENT_TEXT
    other = valid_city(slug="othercity", name={"zh": "另一市", "en": "Other City"},
                       sources=[{"id": "other-review", "kind": "provincial_review",
                                 "title": {"zh": "另一市初评", "en": "Other review"}, "document": DOCUMENT_NAME}])
    other["sampling"][0]["source"] = "other-review"
    data = validate_dataset(write_data_folder(tmp_path_factory.mktemp("render"),
                                              cities={"testcity": fixture_city(), "othercity": other},
                                              documents={DOCUMENT_NAME: DOCUMENT_TEXT + FIXTURE_QUOTES}))
    assert data.problems == []
    return {page.path: page for page in build_pages(data, {"zh": "", "en": ""})}


def test_missing_key_figure_reads_not_published_never_zero(fixture_pages) -> None:
    page = fixture_pages["cities/testcity"]
    zh, en = page.body["zh"], page.body["en"]
    # The city publishes no complaint closure rate: its card says so.
    card = zh.split("受理办结率</p>")[1].split("</div>")[0]
    assert "未公布" in card and ">0<" not in card
    assert "not published" in en.split("Closure rate</p>")[1].split("</div>")[0]


def test_every_figure_shows_its_quote_and_links_its_source(real, real_pages) -> None:
    for figure in derive.all_figures(real):
        page = real_pages[f"cities/{figure.city}"]
        for lang in ("zh", "en"):
            body = page.body[lang]
            assert html.escape(figure.quote, quote=False) in body, (figure.city, figure.path, lang)
            assert f'href="../../sources/{figure.source}/"' in body or f'href="../sources/{figure.source}/"' in body


def test_approximate_and_period_figures_keep_their_words_on_the_page(fixture_pages) -> None:
    page = fixture_pages["cities/testcity"].body
    assert "800余万元" in page["zh"] and "over CNY 8 million" in page["en"]
    assert "近3年" in page["zh"] and "last 3 years" in page["en"]


def test_links_are_right_from_both_languages() -> None:
    zh, en = Links("cities/xining", "zh"), Links("cities/xining", "en")
    assert zh.page("sources/xining-review") == "../../sources/xining-review/"
    assert en.page("sources/xining-review") == "../../sources/xining-review/"
    assert zh.asset("downloads/figures.csv") == "../../downloads/figures.csv"
    assert en.asset("downloads/figures.csv") == "../../../downloads/figures.csv"
    assert Links("index", "en").page("cities/index") == "cities/"


def test_plan_targets_are_not_shown_as_achievements(fixture_pages) -> None:
    page = fixture_pages["cities/testcity"].body
    assert "不是已取得的成绩" in page["zh"] and "not achievements" in page["en"]
    assert "未公布实际数字" in page["zh"] and "no actual figure published" in page["en"]
    assert "已达到" not in page["zh"]  # no actual figure, so nothing can be 'met'


def test_theme_page_names_cities_that_publish_nothing(fixture_pages) -> None:
    complaints = fixture_pages["themes/complaints"].body
    for lang, names in (("zh", ("测试市", "另一市")), ("en", ("Test City", "Other City"))):
        block = complaints[lang].split('id="complaints-received"')[1].split("<h2")[0]
        assert ("未公布此项数字的城市" if lang == "zh" else "Cities that publish no such figure") in block
        for name in names:
            assert name in block, (lang, name)


def test_every_real_city_without_a_key_figure_is_named_on_its_theme_page(real, real_pages) -> None:
    """The same rule held on the real data, whatever cities it holds."""
    published = {f.city for f in derive.all_figures(real) if f.metric == "complaints_received"}
    block = real_pages["themes/complaints"].body["zh"].split('id="complaints-received"')[1].split("<h2")[0]
    for slug in sorted(set(real.cities) - published):
        assert real.cities[slug]["name"]["zh"] in block.split("未公布此项数字的城市")[1], slug


def test_text_from_yaml_is_escaped_even_past_the_validator(real) -> None:
    """The validator refuses markup; the renderer must still never emit it."""
    slug = sorted(real.cities)[0]
    city = real.cities[slug]
    original = city["name"]
    city["name"] = {"zh": "<script>alert(1)</script>", "en": '<img src=x onerror="alert(1)">'}
    try:
        page = city_page(real, slug)
    finally:
        city["name"] = original
    from generator.render.markdown import page_markdown

    zh, en = page_markdown(page, "zh").decode(), page_markdown(page, "en").decode()
    assert "<script>alert(1)</script>" not in zh and "&lt;script&gt;alert(1)&lt;/script&gt;" in zh
    assert "<img src=x" not in en and "&lt;img src=x" in en


def you_pick_city() -> dict:
    quote = "2024年你点我检活动中，市民投票选出3种食品，抽检12批次，合格11批次"
    return valid_city(you_pick_we_test={"rounds": [{
        "id": "round-2024", "title": {"zh": "2024年你点我检", "en": "You pick, we test 2024"},
        "date": "2024-05",
        "candidates": [{"food": {"zh": "月饼", "en": "Mooncakes"}, "votes": 1520},
                       {"food": {"zh": "牛奶", "en": "Milk"}, "votes": 980}],
        "samples": [{"food": {"zh": "月饼", "en": "Mooncakes"}, "batches": 12, "passed": 11, "result": "fail",
                     "failing_items": [{"zh": "菌落总数", "en": "Aerobic plate count"}]}],
        "source": "test-review", "quote": quote}]}), quote


def test_you_pick_round_with_votes_and_results_is_charted(tmp_path: Path) -> None:
    city, quote = you_pick_city()
    from conftest import DOCUMENT_NAME, DOCUMENT_TEXT
    data_dir = write_data_folder(tmp_path, cities={"testcity": city},
                                 documents={DOCUMENT_NAME: DOCUMENT_TEXT + "\n" + quote + "\n"})
    data = validate_dataset(data_dir)
    assert not data.problems, data.problems
    page = city_page(data, "testcity")
    ids = [chart.id for chart in page.charts]
    assert "testcity-round-round-2024-vote" in ids and "testcity-round-round-2024-batch" in ids
    votes = next(c for c in page.charts if c.id.endswith("-vote"))
    spec = json.loads(votes.json("en"))
    assert sorted(x for trace in spec["data"] for x in trace["x"]) == [980, 1520]
    assert "Mooncakes" in page.body["en"] and "Aerobic plate count" in page.body["en"]
    assert "不合格" in page.body["zh"]


def test_the_you_pick_theme_page_needs_no_more_of_a_city_than_its_summary_keeps(tmp_path: Path) -> None:
    """A city's summary keeps of its "you pick, we test" record only what the theme page shows (the
    candidates, votes and quotes are most of a summary's memory at national scale): the page made
    from it is the page made from the whole record."""
    import dataclasses

    from generator.render.site import theme_page
    from tests.pages import _site

    city, quote = you_pick_city()
    city["you_pick_we_test"]["practices"] = [{"description": {"zh": "每年一次", "en": "Yearly"},
                                              "frequency": "annual", "source": "test-review", "quote": quote}]
    from conftest import DOCUMENT_NAME, DOCUMENT_TEXT
    data = validate_dataset(write_data_folder(tmp_path, cities={"testcity": city},
                                              documents={DOCUMENT_NAME: DOCUMENT_TEXT + "\n" + quote + "\n"}))
    assert not data.problems, data.problems
    summary = derive.summarize(derive.Derivation().city(data.cities["testcity"]))
    kept = summary.record["you_pick_we_test"]
    assert "candidates" not in kept["rounds"][0] and "quote" not in kept["rounds"][0]
    whole = dataclasses.replace(summary, record={**summary.record, "you_pick_we_test": city["you_pick_we_test"]})
    page, full = theme_page("you_pick_we_test", [summary], _site(data)), theme_page("you_pick_we_test", [whole],
                                                                                      _site(data))
    assert page.body == full.body
    assert "每年" in page.body["zh"] and "every year" in page.body["en"]  # the practice's frequency
    assert "2024年你点我检" in page.body["zh"] and "不合格 1" in page.body["zh"]  # the latest round, its results


def test_write_tree_writes_only_changes_and_prunes(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "about").mkdir(parents=True)
    (root / "about" / "index.zh.md").write_text("hand-written")
    assert sorted(write_tree(root, {"cities/a.zh.md": b"A", "cities/b.zh.md": b"B"})) == ["cities/a.zh.md",
                                                                                         "cities/b.zh.md"]
    assert write_tree(root, {"cities/a.zh.md": b"A", "cities/b.zh.md": b"B"}) == []
    assert write_tree(root, {"cities/a.zh.md": b"A2"}) == ["cities/a.zh.md", "cities/b.zh.md"]
    assert not (root / "cities" / "b.zh.md").exists()
    assert (root / "about" / "index.zh.md").read_text() == "hand-written"


def test_write_tree_takes_a_stream_and_refuses_a_file_generated_twice(tmp_path: Path) -> None:
    root = tmp_path / "content"
    written: list[str] = []
    stream = iter([("b.zh.md", b"B"), ("a.zh.md", b"A")])
    assert write_tree(root, stream, written) == ["b.zh.md", "a.zh.md"]
    assert written == ["b.zh.md", "a.zh.md"]
    assert json.loads((root / ".generated.json").read_text()) == ["a.zh.md", "b.zh.md"]
    with pytest.raises(ValueError, match="twice"):
        write_tree(root, iter([("a.zh.md", b"A"), ("a.zh.md", b"other")]))
    assert (root / "a.zh.md").read_bytes() == b"A"


def test_a_citys_charts_share_one_csv_file_and_a_comparison_keeps_its_own(real, real_pages) -> None:
    """One file per city, not one per chart (a dozen per city at national scale); each row names
    its chart, so the page script can save any chart's rows, in the chart's order and columns."""
    import csv
    import io

    from generator.opendata.chart_files import chart_csv_files

    done: set[str] = set()
    files = {path: body for page in real_pages.values() for path, body in chart_csv_files(real, page, done).items()}
    city = real_pages["cities/xining"]
    rows = list(csv.DictReader(io.StringIO(files["downloads/charts/xining.csv"].decode("utf-8-sig"), newline="")))
    assert [(row["chart"], row["metric_en"]) for row in rows] == [
        (chart.id, fig.label["en"]) for chart in city.charts for fig in chart.figures]
    assert len(city.charts) > 1 and {row["city"] for row in rows} == {"xining"}
    for lang in ("zh", "en"):
        links = re.findall(r'<a href="([^"]+)" download data-chart-rows="([^"]+)">', city.body[lang])
        up = "../../../" if lang == "en" else "../../"  # en/cities/xining/
        assert links == [(f"{up}downloads/charts/xining.csv", chart.id) for chart in city.charts]
    theme = real_pages["themes/sampling"]
    assert theme.charts and all(f"downloads/charts/{chart.id}.csv" in files for chart in theme.charts)
    assert f'<a href="../../downloads/charts/{theme.charts[0].id}.csv" download>' in theme.body["zh"]
    assert not any(re.search(r"/charts/xining-", path) for path in files)


def test_a_citys_chart_file_reuses_its_figures_lines_unchanged(real) -> None:
    """The pass hands a city's chart file the lines figures.csv has for its figures (not encoded
    twice): the file is byte for byte what encoding every row afresh gives, and lines are used."""
    from generator import derive
    from generator.model import SiteIndex
    from generator.opendata.chart_files import chart_csv_files
    from generator.opendata.tables import city_rows_of
    from generator.render.site import city_page

    site: SiteIndex = derive.site_index(real)
    derivation = derive.Derivation()
    used = 0
    for slug in sorted(real.cities):
        model = derivation.city(real.cities[slug])
        page = city_page(model, site)
        lines = city_rows_of(model, real).figure_lines
        used += sum(id(f) in lines for chart in page.charts for f in chart.figures)
        assert chart_csv_files(real, page, set(), lines) == chart_csv_files(real, page, set()), slug
    assert used


def test_only_pages_go_to_mkdocs_every_other_generated_file_beside_it(tmp_path: Path) -> None:
    """MkDocs reads the docs folder file by file: the CSV files and embed pages it would only copy
    (tens of thousands at national scale) are written to build/static/ beside it instead."""
    root = tmp_path / "content"
    files = {"cities/a.zh.md": b"A", "downloads/a.csv": b"1,2", "embed/a/index.html": b"<p>"}
    assert sorted(write_tree(root, files)) == sorted(files)
    static = static_root(root)
    assert static == tmp_path / "build" / "static"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        ".generated.json", "cities/a.zh.md"]
    assert (static / "downloads" / "a.csv").read_bytes() == b"1,2"
    assert json.loads((root / ".generated.json").read_text()) == sorted(files)  # one manifest for both
    assert write_tree(root, {"cities/a.zh.md": b"A", "downloads/a.csv": b"1,2"}) == ["embed/a/index.html"]
    assert not (static / "embed").exists()


def test_files_an_earlier_generator_wrote_into_the_docs_folder_move_out(tmp_path: Path) -> None:
    # An older generator wrote every file into the docs folder; MkDocs would publish that stale copy.
    root = tmp_path / "content"
    (root / "embed" / "a").mkdir(parents=True)
    (root / "embed" / "a" / "index.html").write_text("old")
    (root / "downloads").mkdir()
    (root / "downloads" / "gone.csv").write_text("no longer generated")
    (root / ".generated.json").write_text(json.dumps(["downloads/gone.csv", "embed/a/index.html"]))
    write_tree(root, {"embed/a/index.html": b"new"})
    assert not (root / "embed").exists() and not (root / "downloads").exists()
    assert (static_root(root) / "embed" / "a" / "index.html").read_bytes() == b"new"


def test_the_files_beside_the_docs_folder_reach_the_site(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_tree(root, {"cities/a.zh.md": b"A", "downloads/a.csv": b"1", "en/embed/a/index.html": b"<p>"})
    site = tmp_path / "site"
    (site / "en" / "cities").mkdir(parents=True)  # pages MkDocs wrote
    assert place_static(root, site) == 2
    assert (site / "downloads" / "a.csv").read_bytes() == b"1" and not (site / "cities" / "a.zh.md").exists()
    write_tree(root, {"cities/a.zh.md": b"A", "downloads/a.csv": b"2", "en/embed/a/index.html": b"<p>"})
    assert (site / "downloads" / "a.csv").read_bytes() == b"1", "a built site keeps what it was built with"
    # the preview links folders, so what the generator rewrites between rebuilds shows at once
    preview = tmp_path / "preview"
    (preview / "en" / "cities").mkdir(parents=True)
    place_static(root, preview, symbolic=True)
    assert (preview / "downloads").is_symlink() and (preview / "en" / "embed").is_symlink()
    assert not (preview / "en").is_symlink()
    write_tree(root, {"cities/a.zh.md": b"A", "downloads/a.csv": b"3", "en/embed/a/index.html": b"<p>"})
    assert (preview / "downloads" / "a.csv").read_bytes() == b"3"


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd", "a/../../b.md", "C:\\x.md", "a\\..\\b"])
def test_generated_paths_cannot_escape_the_output_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePath):
        safe_target(tmp_path, bad)
    with pytest.raises(UnsafePath):
        write_tree(tmp_path / "out", {bad: b"x"})
    assert not (tmp_path / "escape.md").exists()


@pytest.mark.parametrize("theme, anchor", [("reviews", "#review-"), ("targets", "#targets"),
                                           ("you-pick-we-test", "#you-pick-we-test")])
def test_record_themes_summarise_each_city_and_link_to_its_full_record(real, real_pages, theme: str,
                                                                       anchor: str) -> None:
    """One row per city (per review) on the theme page; the full record stays on the city page,
    so the theme pages do not grow with every city's full text."""
    body = real_pages[f"themes/{theme}"].body["en"]
    table = body[body.index('class="fig-table theme-records"'):]
    linked = set(re.findall(r'<th scope="row"><a href="\.\./\.\./cities/([a-z-]+)/' + re.escape(anchor), table))
    expected = {slug for slug, city in real.cities.items()
                if city.get({"reviews": "reviews", "targets": "targets"}.get(theme, "you_pick_we_test"))}
    assert linked == expected and expected
    for slug, city in real.cities.items():
        for review in city.get("reviews", []):
            for highlight in review.get("highlights", []):
                text = str(escape(highlight["en"]))
                assert text not in body and text in real_pages[f"cities/{slug}"].body["en"]


def test_a_symlinked_folder_cannot_lead_generated_files_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "content"
    root.mkdir()
    (root / "cities").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        write_tree(root, {"cities/a.zh.md": b"A"})
    assert list(outside.iterdir()) == []
