"""What the schema could not say before issue 13, now said as data: an event over several days,
a campaign batch (第四批), ... Each is checked three ways on a synthetic city: the validator
(good input passes, bad input gets its exact problem), the city page in both languages, and the
CSV row with its data-dictionary entry."""
from __future__ import annotations

import copy
import csv
import html
import io
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import DOCUMENT_NAME, DOCUMENT_TEXT, valid_city, write_data_folder

from generator.derive import Figure, target_check
from generator.format import value_text
from generator.opendata.dictionary import dictionary_page
from generator.validate import Dataset, validate_dataset
from generator.whole import all_table_rows, all_tables
from tests.pages import city_page

SRC = {"source": "test-review"}
#: Sentences of the gaps document, one per case; each is quoted verbatim by the city below.
SENTENCES = {
    "listed": "2021年，测试市被列为全国第四批国家食品安全示范创建推荐城市。",
    "inspection": "11月2日至11月12日，省食品安全办委托第三方机构开展现场检查。",
    "range": "每个村配备2—3名食品安全协管员。",
    "two_qualifiers": "附带合格证上市的农畜产品约5万余吨。",
    "zero": "2020年以来，全市未发生重大食品安全事故。",
    "rank": "2022年病原学阳性检出率居全省第一。",
    "change": "2023年，评价性抽检合格率较2022年提高0.4个百分点。",
    "score": "经综合评定，测试市省级初评得分92.6分。",
    "campaign": "按照关于开展第四批国家食品安全示范城市评价验收的工作部署，省食品安全办开展省级初评。",
}
DOCUMENT = DOCUMENT_TEXT + "\n".join(SENTENCES.values()) + "\n"


def gaps_city() -> dict[str, Any]:
    """The valid test city with one record of each gap."""
    return valid_city(
        timeline=[
            {"date": "2021", "event": "listed", "batch": 4, **SRC, "quote": SENTENCES["listed"][:-1]},
            {"date": "--11-02", "end_date": "--11-12", "event": "provincial_review", **SRC,
             "quote": "11月2日至11月12日，省食品安全办委托第三方机构开展现场检查"},
        ],
        indicators=[
            {"label": {"zh": "附带合格证上市的农畜产品", "en": "Produce sold with a certificate"}, "value": 5,
             "unit": "wan_ton", "qualifier": "approximate_over", "period": {"kind": "unstated"}, **SRC,
             "quote": SENTENCES["two_qualifiers"][:-1]},
            {"label": {"zh": "重大食品安全事故", "en": "Major food-safety incidents"}, "value": 0, "unit": "case_qi",
             "period": {"kind": "since", "start": 2020}, **SRC, "quote": SENTENCES["zero"][:-1]},
            {"label": {"zh": "病原学阳性检出率排名", "en": "Rank of the pathogen detection rate"}, "value": 1,
             "unit": "rank", "among": {"zh": "全省", "en": "the province"}, "period": 2022, **SRC,
             "quote": SENTENCES["rank"][:-1]},
            {"label": {"zh": "评价性抽检合格率变化", "en": "Change in the evaluative sampling pass rate"},
             "value": 0.4, "unit": "percentage_point", "change": "increase", "compared_to": 2022, "period": 2023,
             **SRC, "quote": SENTENCES["change"][:-1]},
        ],
        targets=[{"label": {"zh": "食品安全协管员", "en": "Assistant inspectors"}, "comparator": "=", "value": 2,
                   "value_max": 3, "unit": "person", "scope": {"zh": "每个村", "en": "each village"}, **SRC,
                   "quote": SENTENCES["range"][:-1]}],
        reviews=[{
            "id": "test-preliminary", "stage": "preliminary", "level": "provincial", **SRC,
            "campaign": {"zh": "第四批国家食品安全示范城市评价验收", "en": "Acceptance reviews of the 4th batch",
                         "quote": "关于开展第四批国家食品安全示范城市评价验收的工作部署"},
            "batch": 4,
            "body": {"zh": "省食品安全办", "en": "Provincial Food Safety Office"},
            "verdict": {"outcome": "passed", "summary": {"zh": "通过", "en": "Passed"},
                        "quote": "省食品安全办开展省级初评"},
            "score": {"value": 92.6, "quote": SENTENCES["score"][:-1]},
        }],
    )


def check(tmp_path: Path, city: dict[str, Any]) -> list[tuple[Any, ...]]:
    folder = write_data_folder(tmp_path, cities={"testcity": city}, documents={DOCUMENT_NAME: DOCUMENT})
    return [(p.path, p.code, p.message_en) for p in validate_dataset(folder).problems]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = write_data_folder(tmp_path_factory.mktemp("gaps"), cities={"testcity": gaps_city()},
                               documents={DOCUMENT_NAME: DOCUMENT})
    dataset = validate_dataset(folder)
    assert not dataset.problems, [p.message_en for p in dataset.problems]
    return dataset


@pytest.fixture(scope="module")
def page(data: Dataset) -> dict[str, str]:
    """The visible text of the city page, cells and lines set apart by a space (screen-reader-only words left out)."""
    body = city_page(data, "testcity").body
    visible = {lang: re.sub(r'<span class="sr-only">[^<]*</span>', "", body[lang]) for lang in body}
    inline = {lang: re.sub(r"</?(span|strong|a|em|b|i|code|abbr)\b[^>]*>", "", visible[lang]) for lang in body}
    return {lang: html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inline[lang]))) for lang in body}


@pytest.fixture(scope="module")
def rows(data: Dataset) -> dict[str, list[dict[str, Any]]]:
    return all_table_rows(data)


@pytest.fixture(scope="module")
def dictionary() -> dict[str, str]:
    body = dictionary_page().body
    return {lang: html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body[lang]))) for lang in body}


def mutate(path: str, value: Any) -> dict[str, Any]:
    """The gaps city with one field (dotted path, list items by index) set; None deletes it."""
    city = copy.deepcopy(gaps_city())
    *parents, last = path.split(".")
    node: Any = city
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return city


def csv_table(data: Dataset, name: str) -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        table = next(t for t in all_tables(data, Path(folder)) if t.spec.name == name)
        return list(csv.DictReader(io.StringIO(table.data.decode("utf-8-sig"))))


# ---------------------------------------------------------------- a timeline event spanning dates
def test_an_event_may_span_dates_but_not_end_before_it_starts(tmp_path: Path) -> None:
    assert check(tmp_path, mutate("timeline.1.end_date", "--11-01")) == [
        ("timeline[1].end_date", "invalid-period",
         "invalid period: the end date --11-01 comes before the start date --11-02.")]


def test_an_event_spanning_dates_shows_both_on_the_page(page: dict[str, str]) -> None:
    assert "11月2日（年份未注明） – 11月12日（年份未注明） 省级初评" in page["zh"]
    assert "2 Nov (year not stated) – 12 Nov (year not stated) provincial review" in page["en"]


def test_an_event_spanning_dates_has_its_end_in_the_csv(data: Dataset, dictionary: dict[str, str]) -> None:
    row = next(r for r in csv_table(data, "timeline") if r["event"] == "provincial_review")
    assert (row["date"], row["end_date"], row["end_date_zh"], row["end_date_en"]) == (
        "XXXX-11-02", "XXXX-11-12", "11月12日（年份未注明）", "12 Nov (year not stated)")
    assert "end_date" in dictionary["zh"] and "持续多日的事件的最后一天" in dictionary["zh"]
    assert "timeline[].end_date" in dictionary["en"] and "The last day of an event over several days" in \
        dictionary["en"]


# ---------------------------------------------------------------- a campaign batch (第四批)
def test_a_batch_must_be_the_one_the_quote_names(tmp_path: Path) -> None:
    assert check(tmp_path, mutate("timeline.0.batch", 3)) == [
        ("timeline[0].batch", "batch-not-in-quote",
         f"batch 3 (第三批) is not the one the quote names: \"{SENTENCES['listed'][:-1]}\".")]
    assert check(tmp_path, mutate("reviews.0.batch", 5))[0][:2] == ("reviews[0].batch", "batch-not-in-quote")
    assert check(tmp_path, mutate("reviews.0.campaign", None)) == [
        ("reviews[0].campaign", "missing-field",
         "required field \"campaign\" (campaign (required with batch)) is missing.")]


def test_a_batch_is_shown_on_the_timeline_and_the_review(page: dict[str, str]) -> None:
    assert "列为创建城市（第四批）" in page["zh"]
    assert "listed as a candidate city (4th batch)" in page["en"]
    assert "第四批：第四批国家食品安全示范城市评价验收" in page["zh"]
    assert "4th batch: Acceptance reviews of the 4th batch" in page["en"]


def test_a_batch_is_a_column_of_the_timeline_and_a_fact_of_the_review(
        data: Dataset, rows: dict[str, list[dict[str, Any]]], dictionary: dict[str, str]) -> None:
    row = next(r for r in csv_table(data, "timeline") if r["event"] == "listed")
    assert (row["batch"], row["batch_zh"], row["batch_en"]) == ("4", "第四批", "4th batch")
    fact = next(r for r in rows["reviews"] if r["fact"] == "batch")
    assert (fact["value"], fact["text_zh"], fact["text_en"]) == (4, "第四批", "4th batch")
    city_file = csv_table(data, "city-testcity")
    assert [(r["code"], r["text_zh"], r["text_en"]) for r in city_file if r["item"] == "listed.batch"] == [
        ("4", "第四批", "4th batch")]
    assert "timeline[].batch" in dictionary["en"] and "reviews[].batch" in dictionary["en"]
    assert "“第四批”写 4" in dictionary["zh"]


# ---------------------------------------------------------------- a target range (2–3 per village)
@pytest.mark.parametrize(("field", "value", "expected"), [
    ("value_max", 2, ("targets[0].value_max", "invalid-range", "invalid range: the top 2 is not above the bottom 2.")),
    ("value_max", 4, ("targets[0].value_max", "value-not-in-quote",
                      f"the value 4 does not appear in the quote: \"{SENTENCES['range'][:-1]}\".")),
    ("comparator", ">=", ("targets[0].value_max", "invalid-range",
                          "invalid range: a range target takes comparator \"=\", not \">=\".")),
])
def test_a_target_range_is_bottom_to_top_with_both_in_the_quote(tmp_path: Path, field: str, value: Any,
                                                                 expected: tuple[str, str, str]) -> None:
    assert check(tmp_path, mutate(f"targets.0.{field}", value)) == [expected]


def test_a_target_range_reads_as_the_document_writes_it(page: dict[str, str]) -> None:
    assert "食品安全协管员 每个村 2–3人" in page["zh"]
    assert "Assistant inspectors each village 2–3 people" in page["en"]


def test_a_target_range_has_its_top_in_the_csv(data: Dataset, dictionary: dict[str, str]) -> None:
    row = csv_table(data, "targets")[0]
    assert (row["comparator"], row["value"], row["value_max"], row["display_zh"], row["display_en"]) == (
        "eq", "2", "3", "2–3人", "2–3 people")
    assert "targets[].value_max" in dictionary["en"] and "The top of a target range" in dictionary["en"]
    assert "value_max" in dictionary["zh"] and "区间上限" in dictionary["zh"]


@pytest.mark.parametrize(("actual", "qualifier", "status"), [
    (2, "exact", "met"), (3, "exact", "met"), (4, "exact", "not_met"), (1, "exact", "not_met"),
    (3, "approximate", "not_comparable")])
def test_a_target_range_is_met_by_a_figure_inside_it(actual: float, qualifier: str, status: str) -> None:
    figure = Figure("testcity", "indicators", None, {"zh": "协管员", "en": "assistants"}, actual, "person", qualifier,
                    {"kind": "year", "year": 2023}, "test-review", "", "indicators[0]")
    target = {"comparator": "=", "value": 2, "value_max": 3, "unit": "person"}
    assert target_check(target, [figure]).status == status


# ---------------------------------------------------------------- two qualifiers in one figure (约…余)
def test_two_qualifiers_are_one_code_and_a_list_of_them_is_refused(tmp_path: Path) -> None:
    problems = check(tmp_path, mutate("indicators.0.qualifier", ["approximate", "over"]))
    assert [p[:2] for p in problems] == [("indicators[0].qualifier", "wrong-type")]


def test_two_qualifiers_read_as_the_document_writes_them(page: dict[str, str]) -> None:
    assert "附带合格证上市的农畜产品 约5万余吨" in page["zh"]
    assert "Produce sold with a certificate about 50,000-plus tonnes" in page["en"]


def test_two_qualifiers_in_the_csv(data: Dataset, dictionary: dict[str, str]) -> None:
    row = next(r for r in csv_table(data, "figures") if r["unit"] == "wan_ton")
    assert (row["qualifier"], row["qualifier_zh"], row["qualifier_class"], row["display_zh"], row["display_en"]) == (
        "approximate_over", "约…余", "approximate", "约5万余吨", "about 50,000-plus tonnes")
    assert "approximate_over 约…余" in dictionary["zh"] and "approximate_over ('about … -plus'" in dictionary["en"]


@pytest.mark.parametrize(("value", "unit", "qualifier", "zh", "en"), [
    (5, "wan_ton", "approximate_over", "约5万余吨", "about 50,000-plus tonnes"),
    (5, "wan_ton", "over", "5万余吨", "over 50,000 tonnes"),  # as the documents write it, not 5余万吨
    (800, "wan_yuan", "approximate_over", "约800余万元", "about CNY 8-plus million"),  # money: 800余万元
    (20000, "person_time", "approximate_over", "约2万余人次", "about 20,000-plus person-visits"),
])
def test_over_and_about_follow_the_documents_word_order(value: float, unit: str, qualifier: str, zh: str,
                                                        en: str) -> None:
    assert (value_text(value, unit, qualifier, "zh"), value_text(value, unit, qualifier, "en")) == (zh, en)


# ---------------------------------------------------------------- a zero stated in words (未发生…)
def test_a_zero_must_be_stated_and_a_year_in_its_quote_is_not_the_figure(tmp_path: Path) -> None:
    assert check(tmp_path, mutate("indicators.1.quote", "测试市是测试省省会")) == [
        ("indicators[1].value", "zero-not-in-quote",
         "the value is 0, but the quote neither writes 0 nor says 'none occurred' (未发生, 零, 无, 没有): "
         "\"测试市是测试省省会\".")]
    assert check(tmp_path, mutate("indicators.1.value", 1)) == [
        ("indicators[1].value", "value-not-in-quote",
         f"the value 1 does not appear in the quote: \"{SENTENCES['zero'][:-1]}\".")]


def test_a_zero_by_words_is_shown_as_zero(page: dict[str, str]) -> None:
    assert "重大食品安全事故 0起 2020年以来" in page["zh"]
    assert "Major food-safety incidents 0 cases since 2020" in page["en"]


def test_a_zero_by_words_is_a_zero_in_the_csv(data: Dataset, dictionary: dict[str, str]) -> None:
    row = next(r for r in csv_table(data, "figures") if r["metric_en"] == "Major food-safety incidents")
    assert (row["value"], row["display_zh"], row["display_en"], row["quote"]) == (
        "0", "0起", "0 cases", SENTENCES["zero"][:-1])
    assert "原文以“未发生”“零发生”等说明为零时填 0" in dictionary["zh"]
    assert "0 when the document states a zero in words" in dictionary["en"]


# ---------------------------------------------------------------- a ranking (居全省第一)
@pytest.mark.parametrize(("field", "value", "expected"), [
    ("value", 2, [("indicators[2].value", "value-not-in-quote",
                   f"the value 2 does not appear in the quote: \"{SENTENCES['rank'][:-1]}\".")]),
    ("among", None, [("indicators[2].among", "missing-field",
                      "required field \"among\" (ranked among (required with unit rank)) is missing.")]),
    # not a ranking any more: 第一 no longer states the value, and among has nothing to rank
    ("unit", "item", [("indicators[2].value", "value-not-in-quote",
                       f"the value 1 does not appear in the quote: \"{SENTENCES['rank'][:-1]}\"."),
                      ("indicators[2].among", "among-without-rank",
                       "among is only for a ranking (unit: rank); here the unit is \"item\".")]),
])
def test_a_ranking_names_its_place_and_field(tmp_path: Path, field: str, value: Any,
                                             expected: list[tuple[str, str, str]]) -> None:
    assert check(tmp_path, mutate(f"indicators.2.{field}", value)) == expected


def test_a_ranking_reads_as_the_document_writes_it(page: dict[str, str]) -> None:
    assert "病原学阳性检出率排名 居全省第一 2022年" in page["zh"]
    assert "Rank of the pathogen detection rate 1st in the province 2022" in page["en"]


def test_a_ranking_in_the_csv(data: Dataset, dictionary: dict[str, str]) -> None:
    row = next(r for r in csv_table(data, "figures") if r["unit"] == "rank")
    assert (row["value"], row["unit_zh"], row["among_zh"], row["among_en"], row["display_zh"], row["display_en"]) == (
        "1", "名", "全省", "the province", "居全省第一", "1st in the province")
    assert "indicators[].among" in dictionary["en"] and "What a ranking (unit: rank) is among" in dictionary["en"]
    assert "among_zh" in dictionary["zh"] and "排名范围" in dictionary["zh"]


# ---------------------------------------------------------------- a change in percentage points
@pytest.mark.parametrize(("field", "value", "expected"), [
    ("change", None, ("indicators[3].change", "missing-field",
                      "required field \"change\" (change (required with unit percentage_point)) is missing.")),
    ("compared_to", 2021, ("indicators[3].compared_to", "value-not-in-quote",
                           f"the value 2021年 does not appear in the quote: \"{SENTENCES['change'][:-1]}\".")),
    ("value", 0.5, ("indicators[3].value", "value-not-in-quote",
                    f"the value 0.5 does not appear in the quote: \"{SENTENCES['change'][:-1]}\".")),
])
def test_a_change_has_a_direction_and_its_year_is_in_the_quote(tmp_path: Path, field: str, value: Any,
                                                                expected: tuple[str, str, str]) -> None:
    assert check(tmp_path, mutate(f"indicators.3.{field}", value)) == [expected]


def test_a_change_reads_as_the_document_writes_it(page: dict[str, str]) -> None:
    assert "评价性抽检合格率变化 较2022年提高0.4个百分点 2023年" in page["zh"]
    assert "Change in the evaluative sampling pass rate up 0.4 percentage points on 2022 2023" in page["en"]


def test_a_change_in_the_csv(data: Dataset, dictionary: dict[str, str]) -> None:
    row = next(r for r in csv_table(data, "figures") if r["unit"] == "percentage_point")
    assert (row["value"], row["unit_zh"], row["change"], row["change_zh"], row["compared_to"], row["display_zh"],
            row["display_en"]) == ("0.4", "个百分点", "increase", "提高", "2022", "较2022年提高0.4个百分点",
                                   "up 0.4 percentage points on 2022")
    assert "indicators[].compared_to" in dictionary["en"] and "The year a change is measured against" in \
        dictionary["en"]
    assert "compared_to" in dictionary["zh"] and "变化所比较的年份" in dictionary["zh"]


# ---------------------------------------------------------------- a review score (初评得分92.6分)
@pytest.mark.parametrize(("value", "expected"), [
    (93.6, ("reviews[0].score.value", "value-not-in-quote",
            f"the value 93.6 does not appear in the quote: \"{SENTENCES['score'][:-1]}\".")),
    (192.6, ("reviews[0].score.value", "out-of-range", None)),
])
def test_a_review_score_is_the_quoted_score_out_of_100(tmp_path: Path, value: float,
                                                      expected: tuple[str, str, str | None]) -> None:
    problems = check(tmp_path, mutate("reviews.0.score.value", value))
    assert [p if expected[2] else p[:2] for p in problems] == [expected if expected[2] else expected[:2]]


def test_a_review_score_is_shown_with_the_review(page: dict[str, str]) -> None:
    assert "评审得分：92.6分" in page["zh"]
    assert "Review score: 92.6 points" in page["en"]


def test_a_review_score_in_the_csv(rows: dict[str, list[dict[str, Any]]], dictionary: dict[str, str]) -> None:
    fact = next(r for r in rows["reviews"] if r["fact"] == "score")
    assert (fact["value"], fact["text_zh"], fact["text_en"], fact["quote"], fact["fact_en"]) == (
        92.6, "92.6分", "92.6 points", SENTENCES["score"][:-1], "review score")
    assert "reviews[].score.value" in dictionary["en"] and "The score out of 100" in dictionary["en"]
    assert "百分制得分" in dictionary["zh"]
