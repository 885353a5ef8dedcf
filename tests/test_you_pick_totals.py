"""A 'you pick, we test' round's totals (votes cast, batches tested, passed, failed) and its
selection rule: validated against each other, shown on the city page, exported in the CSV."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import DOCUMENT_NAME, DOCUMENT_TEXT, run_check, valid_city, write_data_folder

from generator.opendata.youpick import you_pick_rows
from generator.schema.columns import YOU_PICK_COLUMNS
from generator.validate import validate_dataset
from tests.pages import city_page

SENTENCE = ("2023年“你点我检”活动共收到投票15000票，按得票数从高到低选取前5种食品进行抽检，"
            "共抽检60批次，合格58批次，不合格2批次。")
DOCUMENTS = {DOCUMENT_NAME: DOCUMENT_TEXT + "\n" + SENTENCE + "\n复检后合格59批次。\n"}
PATH = "you_pick_we_test.rounds[0]"


def round_city(**overrides: Any) -> dict[str, Any]:
    round_ = {
        "id": "round-2023", "title": {"zh": "2023年你点我检", "en": "You pick, we test 2023"}, "date": "2023",
        "selection": {"zh": "按得票数从高到低选取前5种食品", "en": "the five foods with the most votes"},
        "votes_total": {"value": 15000, "quote": "共收到投票15000票"},
        "batches_tested": {"value": 60, "quote": "共抽检60批次"},
        "batches_passed": {"value": 58, "quote": "合格58批次"},
        "batches_failed": {"value": 2, "quote": "不合格2批次"},
        "samples": [{"food": {"zh": "牛奶", "en": "Milk"}, "result": "pass"}],
        "source": "test-review", "quote": "2023年“你点我检”活动共收到投票15000票",
    }
    for key, value in overrides.items():
        if value is None:
            round_.pop(key, None)
        else:
            round_[key] = value
    return valid_city(you_pick_we_test={"rounds": [round_]})


def check(tmp_path: Path, city: dict[str, Any]):
    return run_check(write_data_folder(tmp_path, cities={"testcity": city}, documents=DOCUMENTS))


def test_consistent_totals_pass(tmp_path: Path) -> None:
    assert check(tmp_path, round_city()) == []


@pytest.mark.parametrize("overrides, path, zh, en", [
    ({"batches_passed": {"value": 59, "quote": "复检后合格59批次"}}, f"{PATH}.batches_tested",
     "合格 59 批次与不合格 2 批次之和 61，多于抽检的 60 批次。",
     "59 batches passed and 2 failed make 61, more than the 60 tested."),
    ({"samples": [{"food": {"zh": "牛奶", "en": "Milk"}, "batches": 40, "result": "pass"},
                  {"food": {"zh": "月饼", "en": "Mooncakes"}, "batches": 30, "result": "pass"}]},
     f"{PATH}.batches_tested",
     "各食品抽检批次之和 70，多于活动抽检总数 60 批次。",
     "the foods' batches add up to 70, more than the 60 tested in the round."),
    ({"candidates": [{"food": {"zh": "牛奶", "en": "Milk"}, "votes": 9000},
                     {"food": {"zh": "月饼", "en": "Mooncakes"}, "votes": 7000}]},
     f"{PATH}.votes_total",
     "各候选食品票数之和 16000，多于投票总数 15000。",
     "the candidates' votes add up to 16000, more than the 15000 cast."),
])
def test_inconsistent_totals_are_reported(overrides, path, zh, en, tmp_path: Path) -> None:
    problems = check(tmp_path, round_city(**overrides))
    assert [(p.path, p.code) for p in problems] == [(path, "inconsistent-totals")]
    assert zh in problems[0].message_zh and en in problems[0].message_en


def test_a_total_stated_as_a_lower_bound_is_not_held_against_its_parts(tmp_path: Path) -> None:
    """'60余批次' means more than 60: 59 passed and 2 failed do not contradict it."""
    city = round_city(batches_tested={"value": 60, "qualifier": "over", "quote": "共抽检60批次"},
                      batches_passed={"value": 59, "quote": "复检后合格59批次"})
    assert check(tmp_path, city) == []


def test_the_page_shows_the_totals_and_the_selection_rule(tmp_path: Path) -> None:
    data = validate_dataset(write_data_folder(tmp_path, cities={"testcity": round_city()}, documents=DOCUMENTS))
    assert not data.problems, data.problems
    page = city_page(data, "testcity")
    zh, en = page.body["zh"], page.body["en"]
    assert "选取规则：按得票数从高到低选取前5种食品" in zh
    assert "How foods were chosen: the five foods with the most votes" in en
    assert "抽检批次总数：60" in zh and "合格批次总数：58" in zh and "不合格批次总数：2" in zh
    assert "Batches tested in all: 60" in en and "Batches passed in all: 58" in en
    assert "Batches failed in all: 2" in en
    assert "投票总数：15,000" in zh or "投票总数：15000" in zh
    # votes cast are published, so the votes cell does not say 'not published'
    votes_cell = zh.split("投票总数")[1].split("</td>")[0]
    assert "未公布" not in votes_cell
    assert "（/）" not in zh and "(/)" not in en


def test_the_csv_has_a_row_per_total_and_the_selection_rule(tmp_path: Path) -> None:
    data = validate_dataset(write_data_folder(tmp_path, cities={"testcity": round_city()}, documents=DOCUMENTS))
    rows = {row["kind"]: row for row in you_pick_rows(data)}
    assert rows["round"]["selection_zh"] == "按得票数从高到低选取前5种食品"
    assert rows["batches_tested"]["batches"] == 60 and rows["batches_tested"]["quote"] == "共抽检60批次"
    assert rows["batches_passed"]["passed"] == 58
    assert rows["batches_failed"]["failed"] == 2 and rows["batches_failed"]["kind_en"] == "batches failed in all"
    assert rows["batches_failed"]["record"].endswith(f"#{PATH}.batches_failed")
    names = [c.name for c in YOU_PICK_COLUMNS]
    assert "failed" in names


def test_the_dictionary_describes_the_failed_column() -> None:
    failed = next(c for c in YOU_PICK_COLUMNS if c.name == "failed")
    assert failed.zh == "不合格批次" and failed.en == "batches failed" and failed.unit == "batch"
    kind = next(c for c in YOU_PICK_COLUMNS if c.name == "kind")
    assert {"batches_tested", "batches_passed", "batches_failed"} <= set(kind.codes)
