"""Rules of the rendered pages a reader would notice, checked on fixtures: the order of a
timeline, what a city's status line says, the axis of a rate chart."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import DOCUMENT_NAME, DOCUMENT_TEXT, valid_city, write_data_folder

from generator import derive
from generator.render import charts as ch
from generator.render.pages import status_text, timeline_events
from generator.validate import validate_dataset
from tests.pages import home_page

QUOTE = "测试市创建国家食品安全示范城市省级初评情况"


def event(date: str, kind: str) -> dict[str, Any]:
    return {"date": date, "event": kind, "source": "test-review", "quote": QUOTE}


# ---------------------------------------------------------------- timelines
def test_yearless_dates_come_after_dated_events_on_a_city_timeline() -> None:
    city = {"slug": "testcity", "timeline": [event("--11-02", "award"), event("2020", "award"),
                                             event("2016-05", "listed"), event("2016", "launched")]}
    assert [e["date"] for e in timeline_events(city, "en")] == ["2016", "2016-05", "2020", "--11-02"]
    assert [e["date_text"] for e in timeline_events(city, "zh")][-1] == "11月2日（年份未注明）"


def test_events_of_one_date_follow_the_stages_of_a_candidacy() -> None:
    city = {"slug": "testcity", "timeline": [event("2022", "named"), event("2022", "applied"),
                                             event("2022", "listed")]}
    assert [e["event"] for e in timeline_events(city, "en")] == ["listed", "applied", "named"]


def test_home_timeline_puts_yearless_dates_last_across_cities(tmp_path: Path) -> None:
    one = valid_city(timeline=[event("--11-02", "award"), event("2021", "applied")])
    two = valid_city(slug="othercity", name={"zh": "另一市", "en": "Other City"}, sources=[{
        "id": "other-review", "kind": "provincial_review", "title": {"zh": "另一市初评", "en": "Other review"},
        "document": DOCUMENT_NAME}], timeline=[{**event("2019", "listed"), "source": "other-review"}])
    two["sampling"][0]["source"] = "other-review"
    data = validate_dataset(write_data_folder(tmp_path, cities={"testcity": one, "othercity": two},
                                              documents={DOCUMENT_NAME: DOCUMENT_TEXT}))
    assert data.problems == []
    page = home_page(data, {"zh": "", "en": ""})
    timeline = page.body["en"].split('class="timeline"')[1].split("</ol>")[0]
    items = re.findall(r'<span class="tl-date">([^<]*)</span> <a [^>]*>([^<]*)</a>', timeline)
    assert items == [("2019", "Other City"), ("2021", "Test City"), ("2 Nov (year not stated)", "Test City")]


# ---------------------------------------------------------------- status line
def test_status_line_reports_the_review_not_a_later_event() -> None:
    """A later-dated event of an earlier step (an application recorded in 2023) does not hide the review."""
    city = {"reviews": [{"id": "r", "stage": "preliminary", "level": "provincial", "start": "2022-06-09",
                         "verdict": {"outcome": "passed"}}],
            "timeline": [event("2023", "applied")]}
    assert derive.candidacy_status(city)["kind"] == "review"
    status = derive.candidacy_status(city)
    assert status_text(status, "zh").startswith("省级初评：")
    assert "preliminary review" in status_text(status, "en") and "2023" not in status_text(status, "en")


# ---------------------------------------------------------------- the axis of a rate chart
def rate(value: float, city: str = "testcity") -> derive.Figure:
    return derive.Figure(city=city, theme="sampling", metric="supervision_pass_rate",
                         label={"zh": "监督抽检合格率", "en": "Pass rate"}, value=value, unit="percent",
                         qualifier="exact", period={"kind": "year", "year": 2021}, source="s", quote="q",
                         path="sampling[0]")


@pytest.mark.parametrize("values", [[99.7, 100], [60, 100], [12.5, 100], [0, 100], [97.1, 98.5], [50]])
def test_a_percent_axis_never_runs_past_100(values: list[float]) -> None:
    """A rate axis with ticks at 110% or 120% would show shares that cannot exist."""
    chart = ch.dot_chart("c", {"zh": "合格率", "en": "Pass rate"}, [rate(v, f"c{i}") for i, v in enumerate(values)])
    for lang in ("zh", "en"):
        low, high = json.loads(chart.json(lang))["layout"]["xaxis"]["range"]
        assert 0 <= low <= min(values) and max(values) <= high <= 100, (values, low, high)
        assert high > low


def test_a_percent_axis_with_a_target_shows_the_target() -> None:
    chart = ch.dot_chart("c", {"zh": "合格率", "en": "Pass rate"}, [rate(96.0)],
                         targets=[{"value": 98.0, "text": {"zh": "≥98%", "en": "≥98%"}}])
    low, high = chart.spec["en"]["layout"]["xaxis"]["range"]
    assert low <= 96.0 and 98.0 <= high <= 100


def test_a_count_axis_starts_at_zero_and_clears_the_largest_value() -> None:
    counts = [derive.Figure("t", "complaints", "complaints_received", {"zh": "受理", "en": "received"}, v,
                            "case_jian", "exact", {"kind": "year", "year": 2021}, "s", "q", "complaints[0]")
              for v in (120, 30)]
    low, high = ch.dot_chart("c", {"zh": "受理", "en": "received"}, counts).spec["en"]["layout"]["xaxis"]["range"]
    assert low == 0 and high > 120
