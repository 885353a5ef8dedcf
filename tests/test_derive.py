"""generator/derive.py on hand-made records: which figure counts as the latest, how a target is
held against its actual figure, what a city's candidacy status is, and which figures a
'you pick, we test' round gives. The records are shaped as the validator hands them over
(records as `Record`s with their positions, texts as plain dicts), so no real data file is read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import record

from generator import derive
from generator.derive import Figure
from generator.validate import Dataset

YEAR = {"kind": "year"}


def period(kind: str = "year", **fields: Any) -> dict[str, Any]:
    return {"kind": kind, **fields}


def figure(value: float = 99.0, *, year: int | None = 2021, unit: str = "percent", qualifier: str = "exact",
           metric: str | None = "supervision_pass_rate", city: str = "testcity",
           period_: dict[str, Any] | None = None) -> Figure:
    """A figure for a given year (None: no period stated) or with an explicit period."""
    when = period_ if period_ is not None else (period(year=year) if year else period("unstated"))
    return Figure(city=city, theme="sampling", metric=metric, label={"zh": "标签", "en": "label"}, value=value,
                  unit=unit, qualifier=qualifier, period=when, source="test-review", quote="摘录", path="sampling[0]")


def raw_figure(metric: str, value: float, year: int = 2021, **extra: Any) -> dict[str, Any]:
    """A figure record as the validator returns it."""
    return record(index=0, metric=metric, value=value, unit=extra.pop("unit", "percent"),
                  period=record(kind="year", year=year), source="test-review", quote=f"{year}年{value}", **extra)


def target(comparator: str = ">=", value: float = 98, unit: str = "percent", **extra: Any) -> dict[str, Any]:
    return record({"metric": "supervision_pass_rate", "comparator": comparator, "value": value, "unit": unit,
                   "source": "test-review", "quote": "目标", **extra})


def status(goal: dict[str, Any], *actuals: Figure) -> str:
    return derive.target_check(goal, list(actuals)).status


# ---------------------------------------------------------------- latest
def test_latest_of_nothing_is_none() -> None:
    assert derive.latest([]) is None


def test_latest_is_the_most_recent_year_wherever_it_stands() -> None:
    old, new, middle = figure(1, year=2019), figure(2, year=2022), figure(3, year=2020)
    assert derive.latest([old, new, middle]) is new
    assert derive.latest([new, old, middle]) is new
    assert derive.latest([middle, old, new]) is new


def test_undated_figures_rank_after_dated_ones() -> None:
    """A figure without a stated period is never taken for the newest one."""
    dated, undated = figure(1, year=2015), figure(2, year=None)
    assert derive.latest([dated, undated]) is dated
    assert derive.latest([undated, dated]) is dated
    assert derive.latest([undated]) is undated


def test_latest_reads_the_end_of_a_range_and_the_start_of_since() -> None:
    ranged = figure(1, period_=period("range", start=2015, end=2022))
    single = figure(2, year=2021)
    assert derive.latest([single, ranged]) is ranged  # ends in 2022, after 2021
    since = figure(3, period_=period("since", start=2019))
    assert derive.latest([since, figure(4, year=2018)]) is since
    assert derive.latest([since, figure(5, year=2020)]).value == 5
    recent = figure(6, period_=period("recent", years=3))  # "last 3 years": no year stated
    assert derive.latest([recent, figure(7, year=2010)]).value == 7


def test_latest_keeps_the_first_of_equal_years() -> None:
    first, second = figure(1, year=2021), figure(2, year=2021)
    assert derive.latest([first, second]) is first


# ---------------------------------------------------------------- target checks
@pytest.mark.parametrize("comparator, goal, value, expected", [
    (">=", 98, 98, "met"), (">=", 98, 97.9, "not_met"), (">=", 98, 99, "met"),
    (">", 98, 98, "not_met"), (">", 98, 98.1, "met"), (">", 98, 97, "not_met"),
    ("=", 100, 100, "met"), ("=", 100, 99.9, "not_met"), ("=", 99, 100, "not_met"),
    ("<=", 5, 5, "met"), ("<=", 5, 5.1, "not_met"), ("<=", 5, 4, "met"),
    ("<", 5, 5, "not_met"), ("<", 5, 4.9, "met"), ("<", 5, 6, "not_met"),
])
def test_exact_figure_against_each_comparator(comparator: str, goal: float, value: float, expected: str) -> None:
    assert status(target(comparator, goal), figure(value)) == expected


def test_no_actual_figure_is_never_met() -> None:
    assert status(target(">=", 0)) == "no_actual"


def test_a_figure_in_another_unit_is_not_compared() -> None:
    goal = target(">=", 100, unit="wan_person")
    assert status(goal, figure(200, unit="person")) == "not_comparable"
    assert status(goal, figure(200, unit="wan_person")) == "met"


@pytest.mark.parametrize("qualifier", ["approximate", "nearly", "at_most"])
@pytest.mark.parametrize("comparator", [">=", ">", "=", "<=", "<"])
def test_approximate_and_upper_bound_figures_are_not_compared(qualifier: str, comparator: str) -> None:
    """'About 99%' or 'nearly 99%' can neither meet nor miss a target of 98% or 100%."""
    assert status(target(comparator, 98), figure(99, qualifier=qualifier)) == "not_comparable"
    assert status(target(comparator, 100), figure(99, qualifier=qualifier)) == "not_comparable"


@pytest.mark.parametrize("qualifier", ["at_least", "over"])
def test_a_lower_bound_can_meet_an_at_least_target(qualifier: str) -> None:
    """'At least 99%' meets '≥ 98%' and '> 98%'; 'at least 97%' says nothing about either."""
    assert status(target(">=", 98), figure(99, qualifier=qualifier)) == "met"
    assert status(target(">", 98), figure(99, qualifier=qualifier)) == "met"
    assert status(target(">=", 98), figure(97, qualifier=qualifier)) == "not_met"
    assert status(target(">", 98), figure(98, qualifier=qualifier)) == "not_met"


@pytest.mark.parametrize("qualifier", ["at_least", "over"])
@pytest.mark.parametrize("comparator", ["<=", "<", "="])
def test_a_lower_bound_cannot_meet_an_at_most_or_equal_target(qualifier: str, comparator: str) -> None:
    """'At least 3' may be 3 or 300: it proves nothing against '≤ 5', '< 5' or '= 3'."""
    assert status(target(comparator, 5), figure(3, qualifier=qualifier)) == "not_comparable"
    assert status(target(comparator, 3), figure(3, qualifier=qualifier)) == "not_comparable"


def test_the_latest_actual_decides() -> None:
    goal = target(">=", 98)
    assert status(goal, figure(99, year=2020), figure(97, year=2022)) == "not_met"
    assert status(goal, figure(97, year=2020), figure(99, year=2022)) == "met"
    assert status(goal, figure(97, year=2020), figure(99, year=None)) == "not_met"  # undated never newest
    assert status(goal, figure(99, year=2022, unit="score"), figure(99, year=2021)) == "not_comparable"


def test_target_statuses_have_both_languages() -> None:
    assert set(derive.TARGET_STATUS) == {"met", "not_met", "not_comparable", "no_actual"}
    assert derive.TARGET_STATUS["met"].zh == "已达到" and derive.TARGET_STATUS["not_met"].en == "not met"


def test_target_checks_pair_each_target_with_its_metric() -> None:
    city = {"slug": "testcity", "targets": [target(">=", 98), target(">=", 90, metric="closure_rate"),
                                            {**target(">=", 1), "metric": None, "label": {"zh": "自定", "en": "own"}}]}
    sampling = figure(99)
    closure = figure(95, metric="closure_rate")
    other = figure(1, metric=None)
    checks = derive.target_checks(city, [sampling, closure, other])
    assert [c.target["value"] for c in checks] == [98, 90, 1]
    assert [c.actuals for c in checks] == [[sampling], [closure], []]
    assert [c.status for c in checks] == ["met", "met", "no_actual"]
    assert derive.target_checks({"slug": "x"}, [sampling]) == []


def test_target_label_and_text() -> None:
    assert derive.target_label(target()) == {"zh": "监督抽检合格率", "en": "Supervisory sampling pass rate"}
    own = target(label={"zh": "自定", "en": "own"})
    assert derive.target_label(own) == {"zh": "自定", "en": "own"}
    assert derive.target_text(target(">=", 98), "zh") == "不低于98%"
    assert derive.target_text(target(">=", 98), "en") == "at least 98%"
    assert derive.target_text(target("<", 5, deadline=2025), "zh") == "低于5%（2025年）"
    assert derive.target_text(target("<", 5, deadline=2025), "en") == "below 5% by 2025"


# ---------------------------------------------------------------- figures of a city
def test_city_figures_in_file_order_with_paths_labels_and_defaults() -> None:
    city = {
        "slug": "testcity",
        "indicators": [record(raw_figure("x", 7, unit="batch"), index=0, metric=None, label={"zh": "自定", "en": "own"})],
        "sampling": [raw_figure("supervision_pass_rate", 99.1, 2020),
                     raw_figure("supervision_pass_rate", 99.5, 2021, qualifier="at_least",
                                scope={"zh": "全市", "en": "city-wide"}, note={"zh": "注", "en": "note"})],
        "profile": [raw_figure("population", 120, 2021, unit="wan_person")],
        "complaints": [raw_figure("complaints_received", 30, 2021, unit="case_jian", channels=["12315", "12345"])],
    }
    figures = derive.city_figures(city)
    assert [(f.theme, f.path, f.value) for f in figures] == [
        ("profile", "profile[0]", 120), ("sampling", "sampling[0]", 99.1), ("sampling", "sampling[1]", 99.5),
        ("complaints", "complaints[0]", 30), ("indicators", "indicators[0]", 7)]
    population, first, second, complaints, own = figures
    assert population.label == {"zh": "常住人口", "en": "Resident population"}
    assert population.base_value == 1_200_000
    assert population.text("zh") == "120万人" and population.text("en") == "1.2 million people"
    assert first.qualifier == "exact" and first.exact and first.scope is None and first.note is None
    assert second.qualifier == "at_least" and not second.exact
    assert second.scope == {"zh": "全市", "en": "city-wide"} and second.note == {"zh": "注", "en": "note"}
    assert second.period == {"kind": "year", "year": 2021} and list(second.period) == ["kind", "year"]  # fields only
    assert second.text("zh") == "≥99.5%" and second.text("en") == "≥99.5%"
    assert first.period_text("zh") == "2020年" and first.period_text("en") == "2020"
    assert complaints.channels == ("12315", "12345")
    assert own.metric is None and own.label == {"zh": "自定", "en": "own"}
    assert (first.city, first.source, first.quote) == ("testcity", "test-review", "2020年99.1")


def test_a_city_without_figures_has_none() -> None:
    assert derive.city_figures({"slug": "empty"}) == []


def test_kept_models_are_reused_only_for_the_same_record() -> None:
    """A preview's derivation keeps each city's model with its record; an edited file (a new
    record) is derived afresh; a one-off build's derivation keeps nothing."""
    city = {"slug": "testcity", "name": {"zh": "测试市", "en": "Testcity"},
            "sampling": [raw_figure("supervision_pass_rate", 99.1)]}
    once = derive.Derivation()
    assert once.city(city) is not once.city(city)  # a one-off build keeps nothing
    preview = derive.Derivation(keep=True)
    first = preview.city(city)
    assert preview.city(city) is first
    edited = {**city, "sampling": [raw_figure("supervision_pass_rate", 98.0)]}
    assert [f.value for f in preview.city(edited).figures] == [98.0]
    assert preview.city(edited) is preview.city(edited)
    assert preview.city(city) is not first  # the old record was replaced: derived afresh


def test_figures_by_metric_skips_figures_without_one() -> None:
    a, b, c = figure(1), figure(2, metric="closure_rate"), figure(3, metric=None)
    d = figure(4)
    assert derive.figures_by_metric([a, b, c, d]) == {"supervision_pass_rate": [a, d], "closure_rate": [b]}


def test_all_figures_go_city_by_city_in_slug_order() -> None:
    data = Dataset(root=Path("unread"))
    data.cities = {"zcity": {"slug": "zcity", "sampling": [raw_figure("supervision_pass_rate", 1)]},
                   "acity": {"slug": "acity", "sampling": [raw_figure("supervision_pass_rate", 2),
                                                           raw_figure("supervision_pass_rate", 3)]}}
    assert [(f.city, f.value) for f in derive.all_figures(data)] == [("acity", 2), ("acity", 3), ("zcity", 1)]


def test_province_of() -> None:
    assert derive.province_of({"province": record(zh="测试省", en="Test", quote="q")}) == {
        "zh": "测试省", "en": "Test"}
    assert derive.province_of({"slug": "x"}) is None


# ---------------------------------------------------------------- you pick, we test
def round_(id_: str, **fields: Any) -> dict[str, Any]:
    return record(id=id_, title={"zh": "牛奶专项", "en": "Milk round"}, source="test-review", quote="群众投票",
                  **fields)


def food(zh: str, en: str) -> dict[str, Any]:
    return {"zh": zh, "en": en}


def test_you_pick_figures_votes_batches_and_passes_of_each_round() -> None:
    city = {"slug": "testcity", "you_pick_we_test": {"rounds": [
        round_("r1", date="2022-06", candidates=[{"food": food("牛奶", "Milk"), "votes": 120},
                                                 {"food": food("月饼", "Mooncakes")},  # no votes recorded
                                                 {"food": food("面包", "Bread"), "votes": 0}],
               samples=[{"food": food("牛奶", "Milk"), "batches": 12, "passed": 11},
                        {"food": food("月饼", "Mooncakes"), "batches": 3}]),
        round_("r2", period=record(kind="range", start=2020, end=2021),
               candidates=[{"food": food("牛奶", "Milk")}]),  # nothing countable: no entry
        round_("r3", date="--11-02", samples=[{"food": food("茶", "Tea"), "passed": 4}]),
        round_("r4", samples=[{"food": food("茶", "Tea"), "batches": 2}]),
    ]}}
    rounds = derive.you_pick_figures(city)
    assert list(rounds) == ["r1", "r3", "r4"]
    r1 = rounds["r1"]
    assert [(f.label["en"], f.value, f.unit, f.path) for f in r1] == [
        ("Milk", 120, "vote", "you_pick_we_test.rounds[0].candidates[0]"),
        ("Bread", 0, "vote", "you_pick_we_test.rounds[0].candidates[2]"),
        ("Milk · batches tested", 12, "batch", "you_pick_we_test.rounds[0].samples[0].batches"),
        ("Milk · batches passed", 11, "batch", "you_pick_we_test.rounds[0].samples[0].passed"),
        ("Mooncakes · batches tested", 3, "batch", "you_pick_we_test.rounds[0].samples[1].batches")]
    assert [f.label["zh"] for f in r1[2:]] == ["牛奶 · 抽检批次", "牛奶 · 合格批次", "月饼 · 抽检批次"]
    first = r1[0]
    assert first.label == {"zh": "牛奶", "en": "Milk"}
    assert (first.city, first.theme, first.metric, first.qualifier) == ("testcity", "you_pick_we_test", None, "exact")
    assert (first.source, first.quote) == ("test-review", "群众投票")
    assert first.scope == {"zh": "牛奶专项", "en": "Milk round"}
    assert {f.period["kind"] for f in r1} == {"year"} and r1[0].period["year"] == 2022
    assert {f.qualifier for f in r1} == {"exact"} and all(f.exact for f in r1)
    assert rounds["r3"][0].period == {"kind": "unstated"}  # a yearless date states no year
    assert rounds["r4"][0].period == {"kind": "unstated"}  # no date at all
    assert [(f.label["en"], f.value) for f in rounds["r3"]] == [("Tea · batches passed", 4)]


def test_a_round_period_wins_over_its_date() -> None:
    city = {"slug": "t", "you_pick_we_test": {"rounds": [
        round_("r", date="2022-06", period=record(kind="year", year=2021),
               candidates=[{"food": food("牛奶", "Milk"), "votes": 5}])]}}
    assert derive.you_pick_figures(city)["r"][0].period == {"kind": "year", "year": 2021}


def test_no_rounds_no_figures() -> None:
    assert derive.you_pick_figures({"slug": "t"}) == {}
    assert derive.you_pick_figures({"slug": "t", "you_pick_we_test": {"rounds": []}}) == {}


# ---------------------------------------------------------------- candidacy status
def review(stage: str, outcome: str, start: str | None = None, end: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f"{stage}-{outcome}", "stage": stage, "level": "provincial",
                           "verdict": {"outcome": outcome}}
    if start:
        out["start"] = start
    if end:
        out["end"] = end
    return out


def event(date: str, kind: str) -> dict[str, Any]:
    return {"date": date, "event": kind}


def test_the_review_is_the_status_beside_later_dated_events_of_earlier_steps() -> None:
    city = {"reviews": [review("preliminary", "failed", "2021-03"), review("recheck", "passed", "2022-06-09",
                                                                           "2022-06-12")],
            "timeline": [event("2016", "listed"), event("2023", "applied")]}
    assert derive.candidacy_status(city) == {"kind": "review", "stage": "recheck", "level": "provincial",
                                             "outcome": "passed", "date": "2022-06-12", "next": "national_review"}


def test_the_latest_of_two_reviews_at_the_same_step_whatever_their_order_in_the_file() -> None:
    city = {"reviews": [review("recheck", "passed", "2022-06-09"), review("preliminary", "failed", "2021-03")]}
    assert derive.candidacy_status(city)["stage"] == "recheck"
    city = {"reviews": [review("preliminary", "failed", "2021-03"), review("recheck", "passed", "2022-06-09")]}
    assert derive.candidacy_status(city)["stage"] == "recheck"


def test_a_further_step_of_the_timeline_outranks_a_review() -> None:
    city = {"reviews": [review("preliminary", "passed", "2022-06")], "timeline": [event("2023", "named")]}
    assert derive.candidacy_status(city) == {"kind": "event", "event": "named", "date": "2023", "next": "none"}


def test_a_review_dated_by_its_start_or_not_at_all() -> None:
    assert derive.candidacy_status({"reviews": [review("preliminary", "passed", "2022-06")]})["date"] == "2022-06"
    assert derive.candidacy_status({"reviews": [review("preliminary", "passed")]})["date"] is None


def test_without_reviews_the_furthest_timeline_step_is_the_status_never_an_award() -> None:
    city = {"timeline": [event("2020", "award"), event("2016", "listed"), event("2017", "launched")]}
    assert derive.candidacy_status(city) == {"kind": "event", "event": "launched", "date": "2017",
                                             "next": "preliminary_review"}


def test_the_furthest_step_wins_whatever_the_dates() -> None:
    city = {"timeline": [event("2022", "provincial_review"), event("2022", "applied"), event("2021", "named")]}
    assert derive.candidacy_status(city)["event"] == "named"
    city = {"timeline": [event("2022", "named"), event("2022", "listed")]}
    assert derive.candidacy_status(city)["event"] == "named"


def test_no_review_and_no_event() -> None:
    assert derive.candidacy_status({}) == {"kind": "none", "next": "preliminary_review"}
    assert derive.candidacy_status({"reviews": [], "timeline": []}) == {"kind": "none", "next": "preliminary_review"}


def test_stages_run_in_the_order_of_a_candidacy() -> None:
    assert derive.STAGES.index("listed") < derive.STAGES.index("applied") < derive.STAGES.index("verdict") \
        < derive.STAGES.index("named")
