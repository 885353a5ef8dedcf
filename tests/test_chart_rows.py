"""No chart hides a figure: two figures never share a row (or a marker position) unless their
labels tell them apart, and no row is labelled with a city's slug instead of its name.

Checked on the chart JSON and the text alternative each page carries, as the generator writes
them, for every chart of every page in both languages: on the real data (as an invariant), on
synthetic cities (bench/synth.py) and on crafted cities whose figures share city, metric and
period and differ only in scope or value — the case that drew Mianyang's 49,895 and 35,822
sampling batches on one row.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REAL_DATA, write_data_folder

from bench import synth
from generator import derive
from generator.render import charts as ch
from generator.render.pages import LANGS
from generator.render.ui import t
from generator.validate import Dataset, validate_dataset
from tests.pages import build_pages

CHART = re.compile(r'<div class="chart" role="img" aria-label="([^"]*)" data-chart="(chart-[^"]+)">')
SPEC = re.compile(r'<script type="application/json" id="(chart-[^"]+)">(.*?)</script>', re.S)


def written_charts(body: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(chart id, text alternative, Plotly spec) of every chart in a page body, as the browser reads them."""
    specs = {cid: json.loads(text) for cid, text in SPEC.findall(body)}
    found = [(cid, html.unescape(label), specs[cid]) for label, cid in CHART.findall(body)]
    assert len(found) == len(specs), "every chart has its text alternative and its JSON"
    return found


def _plain(label: str) -> str:
    return label.replace("<br>", " ")


def row_problems(spec: dict[str, Any], summary: str, lang: str, slugs: set[str]) -> list[str]:
    """What a reader of this chart could not tell apart, or would read as a slug."""
    problems = []
    rows: dict[str, list[str]] = {}
    for trace in spec["data"]:
        if trace["name"] == t("target", lang):  # a reference mark drawn on every row, in its own legend entry
            continue
        for y, text in zip(trace["y"], trace["text"], strict=True):
            rows.setdefault(y, []).append(text)
    for y, values in rows.items():
        if len(values) > 1:
            problems.append(f"{len(values)} figures on one row {_plain(y)!r}: {values}")
    # The phone draws the same categories (charts.js only drops the value labels): check the
    # lines a reader sees, with the line breaks, as they are.
    for y in rows:
        words = set(re.split(r"<br>|[\s·（）()]+", y))
        if words & slugs:
            problems.append(f"row labelled with a slug: {_plain(y)!r}")
    sep, colon = ("；", "：") if lang == "zh" else ("; ", ": ")
    head, _, listed = summary.partition(colon)
    labels = [part.rsplit(colon, 1)[0] for part in listed.split(sep) if colon in part]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        problems.append(f"text alternative names two figures alike: {repeated}")
    if set(re.split(r"[\s·（）()：:；;,]+", summary)) & slugs:
        problems.append(f"text alternative shows a slug: {summary[:120]!r}")
    return problems


def site_problems(data: Dataset) -> dict[str, list[str]]:
    slugs = set(data.cities)
    found: dict[str, list[str]] = {}
    charts = 0
    for page in build_pages(data, {"zh": "", "en": ""}):
        for lang in LANGS:
            for cid, summary, spec in written_charts(page.body[lang]):
                charts += 1
                problems = row_problems(spec, summary, lang, slugs)
                if problems:
                    found[f"{page.path} {cid}"] = problems
    assert charts, "the data draws charts"
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}: {problem}" for where, problems in sorted(found.items()) for problem in problems)


# --- crafted cities: same city, metric and period; different scope or value -------------------

LONG_SCOPE = ("全市食品生产经营单位监督抽检覆盖的城区农贸市场", "food businesses sampled in the city's supervisory "
              "programme, farmers' markets in the urban districts")
LONG_SCOPE_2 = ("全市食品生产经营单位监督抽检覆盖的农村集贸市场", "food businesses sampled in the city's supervisory "
                "programme, rural fairs and markets")


def _source_figure(source: str, metric: str, value: float, quote: str, period: Any, scope: tuple[str, str] | None = None,
             **extra: Any) -> dict[str, Any]:
    figure = {"metric": metric, "value": value, "period": period, "source": source, "quote": quote, **extra}
    if scope:
        figure["scope"] = {"zh": scope[0], "en": scope[1]}
    return figure


def twin_city(slug: str, zh: str, en: str) -> tuple[dict[str, Any], list[str]]:
    """A city whose figures collide on every axis a chart has; returns it and the quotes it needs."""
    since = {"kind": "since", "start": 2021}
    source = f"{slug}-review"

    def _figure(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return _source_figure(source, *args, **kwargs)

    figures = {
        "sampling": [
            _figure("sampling_batches", 49895, f"{zh}2021年至今共抽检食品及食品相关产品49895批次", since,
                    ("食品及食品相关产品", "food and food-related products")),
            _figure("sampling_batches", 35822, f"{zh}抽检农产品35822批次", since, ("农产品", "farm produce")),
            _figure("sampling_density", 3.3, f"{zh}城区每年抽检量达到3.3批次/千人以上",
                    {"kind": "annual", "since": 2021}, LONG_SCOPE, qualifier="at_least"),
            _figure("sampling_density", 1.7, f"{zh}农村每年抽检量达到1.7批次/千人以上",
                    {"kind": "annual", "since": 2021}, LONG_SCOPE_2, qualifier="at_least"),
            _figure("supervision_pass_rate", 99.1, f"{zh}2022年城区监督抽检合格率99.1%", 2022, LONG_SCOPE),
            _figure("supervision_pass_rate", 98.2, f"{zh}2022年农村监督抽检合格率98.2%", 2022, LONG_SCOPE_2),
        ],
        # same metric, period and scope (the unit's word differs, so validation takes them as two figures):
        # on a chart only the value tells them apart
        "enforcement": [
            _figure("cases_handled", 2945, f"{zh}查办各类食品安全违法案件2945件", {"kind": "unstated"}, unit="case_jian"),
            _figure("cases_handled", 314, f"{zh}查处假冒伪劣食品案件314起", {"kind": "unstated"}, unit="case_qi"),
        ],
    }
    round_quote = f"{zh}2024年你点我检活动抽检月饼两次，分别为12批次和8批次"
    city = {
        "slug": slug, "name": {"zh": zh, "en": en}, **figures,
        "you_pick_we_test": {"rounds": [{
            "id": f"{slug}-2024", "title": {"zh": "2024年你点我检", "en": "You pick, we test 2024"}, "date": "2024-05",
            "candidates": [{"food": {"zh": "月饼", "en": "Mooncakes"}, "votes": 1520},
                           {"food": {"zh": "月饼", "en": "Mooncakes"}, "votes": 980}],
            "samples": [{"food": {"zh": "月饼", "en": "Mooncakes"}, "batches": 12, "passed": 12, "result": "pass"},
                        {"food": {"zh": "月饼", "en": "Mooncakes"}, "batches": 8, "passed": 8, "result": "pass"}],
            "source": source, "quote": round_quote}]},
        "sources": [{"id": source, "kind": "provincial_review",
                     "title": {"zh": f"{zh}初评情况", "en": f"Review of {en}"}, "document": f"{slug}.txt"}],
    }
    quotes = [f["quote"] for theme in figures.values() for f in theme] + [round_quote]
    return city, quotes


def write_twins(root: Path, extra_cities: dict[str, Any] | None = None,
                extra_documents: dict[str, str] | None = None) -> Dataset:
    cities, documents = dict(extra_cities or {}), dict(extra_documents or {})
    for slug, zh, en in (("twinsville", "双子市", "Twinsville"), ("pairton", "对偶市", "Pairton")):
        city, quotes = twin_city(slug, zh, en)
        cities[slug] = city
        documents[f"{slug}.txt"] = "。\n".join(quotes) + "。\n"
    data = validate_dataset(write_data_folder(root, cities=cities, documents=documents))
    assert not data.problems, data.problems
    return data


# --- the rule, on every page of three data sets ---------------------------------------------------

def test_no_chart_of_the_real_data_hides_a_figure() -> None:
    data = validate_dataset(REAL_DATA)
    assert not data.problems
    found = site_problems(data)
    assert not found, report(found)


def test_no_chart_hides_a_figure_of_cities_that_share_metric_period_and_scope(tmp_path: Path) -> None:
    found = site_problems(write_twins(tmp_path))
    assert not found, report(found)


def test_no_chart_of_synthetic_cities_hides_a_figure(tmp_path: Path) -> None:
    synth.write_data(tmp_path / "synth", 3)
    cities, documents = {}, {}
    for index in (1, 2, 3):
        record, document = synth.city(index)
        cities[record["slug"]] = record
        documents[record["sources"][0]["document"]] = document
    found = site_problems(write_twins(tmp_path, cities, documents))
    assert not found, report(found)


# --- how rows are told apart, on the chart builder itself -----------------------------------------

def _twin_figures(tmp_path: Path) -> tuple[Dataset, list[derive.Figure]]:
    data = write_twins(tmp_path)
    return data, [f for slug in sorted(data.cities) for f in derive.city_figures(data.cities[slug])]


def test_a_theme_chart_gives_each_scope_its_own_row_named_for_the_city(tmp_path: Path) -> None:
    data, figures = _twin_figures(tmp_path)
    names = {slug: city["name"] for slug, city in data.cities.items()}
    batches = [f for f in figures if f.metric == "sampling_batches"]
    chart = ch.bar_chart("t", {"zh": "抽检批次", "en": "Sampling batches"}, batches, by_city=True, names=names)
    zh = json.loads(chart.json("zh"))
    rows = {y: x for trace in zh["data"] for y, x in zip(trace["y"], trace["x"], strict=True)}
    assert rows == {"对偶市 ·<br>食品及食品相关产品<br>2021年以来": 49895, "对偶市 · 农产品<br>2021年以来": 35822,
                    "双子市 ·<br>食品及食品相关产品<br>2021年以来": 49895, "双子市 · 农产品<br>2021年以来": 35822}
    assert chart.labels("en")[:2] == ["Pairton · food and food-related products (since 2021)",
                                      "Pairton · farm produce (since 2021)"]
    assert "pairton" not in chart.summary("en") and "对偶市 · 农产品（2021年以来）：35822批次" in chart.summary("zh")


def test_scopes_trimmed_alike_are_lengthened_until_they_differ(tmp_path: Path) -> None:
    _, figures = _twin_figures(tmp_path)
    density = [f for f in figures if f.metric == "sampling_density" and f.city == "twinsville"]
    chart = ch.dot_chart("d", {"zh": "抽检量", "en": "Sampling density"}, density)
    for lang in LANGS:
        rows = [y for trace in json.loads(chart.json(lang))["data"] for y in trace["y"]]
        assert len(set(rows)) == 2, rows
    zh = [y for trace in json.loads(chart.json("zh"))["data"] for y in trace["y"]]
    assert any("城区" in y for y in zh) and any("农村" in y for y in zh), zh


def test_figures_alike_but_for_their_value_are_numbered(tmp_path: Path) -> None:
    _, figures = _twin_figures(tmp_path)
    cases = [f for f in figures if f.metric == "cases_handled" and f.city == "twinsville"]
    chart = ch.bar_chart("c", {"zh": "办案", "en": "Cases"}, cases)
    rows = [(y, x) for trace in json.loads(chart.json("en"))["data"]
            for y, x in zip(trace["y"], trace["x"], strict=True)]
    assert rows == [("Cases handled<br>period not stated<br>(1 of 2)", 2945),
                    ("Cases handled<br>period not stated<br>(2 of 2)", 314)]
    assert chart.labels("zh") == ["查办案件（未注明期间）（第1项，共2项）", "查办案件（未注明期间）（第2项，共2项）"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_same_food_sampled_twice_in_a_round_has_two_rows(tmp_path: Path, lang: str) -> None:
    data = write_twins(tmp_path)
    pages = {p.path: p for p in build_pages(data, {"zh": "", "en": ""})}
    charts = {cid: spec for cid, _, spec in written_charts(pages["cities/twinsville"].body[lang])}
    batches = charts[f"chart-twinsville-round-twinsville-2024-batch-{lang}"]
    assert sum(len(set(trace["y"])) for trace in batches["data"]) == 4


def test_a_theme_page_shows_every_figure_as_recent_as_a_citys_latest(tmp_path: Path) -> None:
    """Two figures of one city, metric, scope and period are peers: the theme chart draws both
    (it used to keep the first and count the other as "earlier")."""
    data = write_twins(tmp_path)
    page = {p.path: p for p in build_pages(data, {"zh": "", "en": ""})}["themes/enforcement"]
    for lang in LANGS:
        charts = {cid: spec for cid, _, spec in written_charts(page.body[lang])}
        cases = charts[f"chart-metric-cases-handled-cases-{lang}"]
        assert sorted(x for trace in cases["data"] for x in trace["x"]) == [314, 314, 2945, 2945]
    assert "较早的数字" not in page.body["zh"] and "earlier figure" not in page.body["en"]


def test_a_long_text_alternative_ends_between_figures_and_points_to_the_table(tmp_path: Path) -> None:
    """A theme chart of many cities is cut between two figures, never inside a value."""
    _, figures = _twin_figures(tmp_path)
    many = [f for f in figures if f.metric == "sampling_batches"] * 40
    chart = ch.bar_chart("m", {"zh": "抽检批次", "en": "Batches sampled"}, many)
    for lang, rest in (("zh", "……其余见图下的数据表"), ("en", " … the rest in the data table below the chart")):
        summary = chart.summary(lang)
        assert len(summary) <= 1500 and summary.endswith(rest), summary[-80:]
        last = summary[: -len(rest)]
        assert last.endswith(("批次", "batches")), last[-40:]
