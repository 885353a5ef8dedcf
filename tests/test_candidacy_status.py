"""Where a candidacy stands and what comes next, who received an award, and what the
province filter says about cities whose province the sources do not name. All on
synthetic cities: the rules, never today's real data."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_data_folder
from test_opendata_roundtrip import DOC, DOCUMENT, SOURCE, tricky_city

from generator.derive import candidacy_status
from generator.render.pages import next_step_text
from generator.validate import Dataset, validate_dataset
from tests.pages import cities_index, city_page, home_page

ROOT = Path(__file__).resolve().parents[1]


def review(level: str = "provincial", outcome: str = "passed", end: str = "2022-06-12") -> dict[str, Any]:
    return {"stage": "preliminary" if level != "national" else "acceptance", "level": level,
            "verdict": {"outcome": outcome}, "end": end}


def event(kind: str, date: str) -> dict[str, Any]:
    return {"event": kind, "date": date}


# ---------------------------------------------------------------- the status and its next step
@pytest.mark.parametrize(("city", "expected"), [
    ({"reviews": [review()]}, ("review", "national_review")),
    ({"reviews": [review("autonomous_region", "recommended")]}, ("review", "national_review")),
    ({"reviews": [review(outcome="conditional")]}, ("review", "fixes")),
    ({"reviews": [review(outcome="pending")]}, ("review", "verdict")),
    ({"reviews": [review(outcome="failed")]}, ("review", "unstated")),
    ({"reviews": [review(), review("national")]}, ("review", "naming")),
    ({"reviews": [review("national"), review()]}, ("review", "naming")),  # the furthest, not the last written
    ({"timeline": [event("plan_issued", "2022-12-12")]}, ("event", "preliminary_review")),
    ({"timeline": [event("listed", "2021")]}, ("event", "preliminary_review")),
    ({"timeline": [event("launched", "2021"), event("provincial_review", "--11-02")]}, ("event", "verdict")),
    ({"timeline": [event("launched", "2017"), event("award", "2020")]}, ("event", "preliminary_review")),
    ({"reviews": [review()], "timeline": [event("named", "2024")]}, ("event", "none")),
    ({"reviews": [review()], "timeline": [event("listed", "2016"), event("award", "2023")]},
     ("review", "national_review")),
    ({}, ("none", "preliminary_review")),
])
def test_status_and_next_step_follow_the_furthest_recorded_step(city: dict[str, Any], expected: tuple[str, str]
                                                                ) -> None:
    status = candidacy_status(city)
    assert (status["kind"], status["next"]) == expected


def test_an_award_is_never_where_a_candidacy_stands() -> None:
    status = candidacy_status({"timeline": [event("launched", "2017"), event("award", "2020")]})
    assert (status["event"], status["date"]) == ("launched", "2017")


def test_a_yearless_review_date_does_not_hide_the_review_step() -> None:
    status = candidacy_status({"timeline": [event("launched", "2021"), event("provincial_review", "--11-02")]})
    assert (status["event"], status["date"]) == ("provincial_review", "--11-02")


# ---------------------------------------------------------------- the pages
TEXTS = {"award": "2020年，市市场监管局荣获“全国食品安全先进集体”称号", "launched": "自2017年创建以来"}


def city_named(slug: str, zh: str, en: str) -> dict[str, Any]:
    """The tricky city under another slug, with ids of its own (ids are unique across cities)."""
    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return f"{slug}-{node}" if isinstance(node, str) and node.startswith("trick-") else node
    return {**walk(tricky_city()), "slug": slug, "name": {"zh": zh, "en": en}}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """A reviewed city with a bureau's award, a plan-only city, and one with no province stated."""
    root = tmp_path_factory.mktemp("status")
    src = {"source": f"reviewed-{SOURCE}"}
    reviewed = city_named("reviewed", "评审市", "Reviewed City")
    del reviewed["province"]
    reviewed["timeline"] = [
        {"date": "2017", "event": "launched", "quote": TEXTS["launched"], **src},
        {"date": "2020", "event": "award", "quote": TEXTS["award"], **src,
         "text": {"zh": "市市场监管局荣获“全国食品安全先进集体”称号",
                  "en": "The city's market regulation bureau was named a National Advanced Collective"}},
    ]
    planned = city_named("planned", "方案市", "Plan City")
    del planned["reviews"]
    src = {"source": f"planned-{SOURCE}"}
    planned["timeline"] = [{"date": "2018", "event": "award", "quote": TEXTS["award"], **src},
                           {"date": "2022-12-12", "event": "plan_issued", "quote": TEXTS["launched"], **src}]
    folder = write_data_folder(root, cities={"reviewed": reviewed, "planned": planned},
                               documents={DOC: DOCUMENT + "\n".join(TEXTS.values()) + "\n"})
    dataset = validate_dataset(folder)
    assert not dataset.problems, dataset.problems
    return dataset


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)))


def test_city_page_says_what_comes_next_in_both_languages(data: Dataset) -> None:
    reviewed, planned = city_page(data, "reviewed"), city_page(data, "planned")
    assert "下一步：国家评价验收" in text_of(reviewed.body["zh"])
    assert "Next step: the national acceptance review" in text_of(reviewed.body["en"])
    assert "下一步：初评：来源文件尚无评审记录" in text_of(planned.body["zh"])
    assert "Next step: a preliminary review: the sources record none yet" in text_of(planned.body["en"])
    assert next_step_text(candidacy_status(data.cities["planned"]), "en") in text_of(planned.body["en"])


def test_home_timeline_says_who_received_an_award(data: Dataset) -> None:
    home = home_page(data, {})
    zh, en = text_of(home.body["zh"]), text_of(home.body["en"])
    assert "2020年 评审市 — 荣誉：市市场监管局荣获“全国食品安全先进集体”称号" in zh
    assert "Reviewed City — award: The city's market regulation bureau was named a National Advanced Collective" in en
    assert "方案市 — 荣誉：未记录获奖单位" in zh and "Plan City — award: recipient not recorded" in en
    assert "获得荣誉" not in zh


def test_cities_index_names_the_cities_without_a_province(data: Dataset) -> None:
    page = cities_index(data)
    for lang, words in (("zh", "来源文件未注明以下城市的省份"), ("en", "do not state the province")):
        note = re.search(r'<p[^>]*id="city-filter-note"[^>]*>(.*?)</p>', page.body[lang], re.S)
        assert note and words in note.group(1), lang
        assert text_of(note.group(1)).endswith("评审市" if lang == "zh" else "Reviewed City")
        assert "data-province-unstated" in page.body[lang]


@pytest.mark.browser
def test_province_filter_says_which_cities_it_cannot_find(data: Dataset) -> None:
    """The real portal.js on the rendered page: a province query hides the city without a
    province, and the page says so; clearing the query hides the note again."""
    from bench.browser import chromium

    body = cities_index(data).body["en"]
    script = (ROOT / "theme" / "assets" / "javascripts" / "portal.js").read_text(encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(f"<!doctype html><html lang='en'><body>{body}</body></html>")
        page.add_script_tag(content=script)
        note = page.locator("#city-filter-note")
        assert not note.is_visible()
        page.fill("#city-filter", "test province")
        assert page.locator("#city-count").inner_text().startswith("1 ")
        assert note.is_visible() and "Reviewed City" in note.inner_text()
        page.fill("#city-filter", "not stated")
        assert page.locator("li:visible").all_inner_texts()[0].startswith("Reviewed City")
        page.fill("#city-filter", "")
        assert not note.is_visible()
        page.close()
