"""A correction on a figure: when it was corrected, the value it replaced, why, and the
document that says so. Validated (a real date, a changed value, a known source, a verbatim
quote), shown next to the figure in both languages, in corrections.csv and in the feeds."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import DOCUMENT_NAME, DOCUMENT_TEXT, run_check, valid_city, write_data_folder

from generator.opendata.feed import ATOM
from generator.schema.columns import TABLES
from generator.validate import validate_dataset
from generator.whole import all_table_rows, whole_feed
from tests.pages import city_page

NOTICE = "correction-notice.txt"
NOTICE_TEXT = "关于更正测试市数据的说明\n经核查，2021年食品安全监督抽检合格率应为99.7%，原公布的99.5%有误，特此更正。\n"
CORRECTION = {"date": "2026-11-20", "old_value": 99.5,
              "reason": {"zh": "原公布数字录入有误", "en": "the figure first published was mistyped"},
              "source": "test-correction", "quote": "2021年食品安全监督抽检合格率应为99.7%，原公布的99.5%有误"}
CORRECTION_SOURCE = {"id": "test-correction", "kind": "other", "title": {"zh": "更正说明", "en": "Correction notice"},
                     "date": "2026-11-20", "document": NOTICE}
PATH = "sampling[0].corrections[0]"


def corrected_city(**changes: Any) -> dict[str, Any]:
    city = valid_city()
    city["sampling"][0]["corrections"] = [{**CORRECTION, **changes}]
    city["sources"].append(CORRECTION_SOURCE)
    return city


def folder(tmp_path: Path, city: dict[str, Any], changelog: Any = None) -> Path:
    return write_data_folder(tmp_path, cities={"testcity": city},
                             documents={DOCUMENT_NAME: DOCUMENT_TEXT, NOTICE: NOTICE_TEXT}, changelog=changelog)


def test_a_valid_correction_passes(tmp_path: Path) -> None:
    assert run_check(folder(tmp_path, corrected_city())) == []


@pytest.mark.parametrize("changes, path, code", [
    ({"old_value": 99.7}, f"{PATH}.old_value", "correction-unchanged"),
    ({"date": "2026-11"}, f"{PATH}.date", "wrong-type"),
    ({"date": "2026-02-30"}, f"{PATH}.date", "invalid-date"),
    ({"source": "test-corection"}, f"{PATH}.source", "unknown-source"),
    ({"quote": "2021年监督抽检合格率更正为99.7%"}, f"{PATH}.quote", "quote-not-found"),
    ({"reason": {"zh": "原公布数字录入有误"}}, f"{PATH}.reason.en", "missing-translation"),
])
def test_a_broken_correction_is_reported_exactly(changes, path, code, tmp_path: Path) -> None:
    problems = run_check(folder(tmp_path, corrected_city(**changes)))
    assert [(p.path, p.code) for p in problems] == [(path, code)]


def test_the_unchanged_value_message_says_what_to_fix(tmp_path: Path) -> None:
    problem, = run_check(folder(tmp_path, corrected_city(old_value=99.7)))
    assert problem.message_zh == "更正前的数值 99.7 与现在的数值相同：更正记录要写被替换的旧数值。"
    assert problem.message_en == "the value before the correction, 99.7, is the value now: " \
                                 "a correction records the value it replaced."


def test_only_the_latest_correction_must_differ_from_the_value(tmp_path: Path) -> None:
    """Corrected twice, the value may come back to one it had before the first correction."""
    city = corrected_city()
    city["sampling"][0]["corrections"].insert(0, {**CORRECTION, "date": "2026-10-01", "old_value": 99.7})
    assert run_check(folder(tmp_path, city)) == []


def test_the_page_shows_the_correction_next_to_the_figure(tmp_path: Path) -> None:
    data = validate_dataset(folder(tmp_path, corrected_city()))
    page = city_page(data, "testcity")
    zh, en = page.body["zh"], page.body["en"]
    row_zh = next(r for r in zh.split("<tr>") if "99.7%" in r and "fig-corrected" in r)
    assert "已于2026年11月20日更正：原为99.5%；原因：原公布数字录入有误；依据：" in row_zh
    assert "更正说明</a>" in row_zh
    row_en = next(r for r in en.split("<tr>") if "99.7%" in r and "fig-corrected" in r)
    assert "Corrected on 20 Nov 2026: was 99.5%; reason: the figure first published was mistyped; source: " in row_en
    assert "Correction notice</a>" in row_en
    assert CORRECTION["quote"] in row_zh


def test_a_figure_never_corrected_says_nothing_about_corrections(tmp_path: Path) -> None:
    data = validate_dataset(write_data_folder(tmp_path))
    page = city_page(data, "testcity")
    assert "已于" not in page.body["zh"] and "Corrected on" not in page.body["en"]


def test_corrections_csv_has_one_row_per_correction(tmp_path: Path) -> None:
    data = validate_dataset(folder(tmp_path, corrected_city()))
    row, = all_table_rows(data)["corrections"]
    assert (row["date"], row["old_value"], row["value"], row["unit"]) == ("2026-11-20", 99.5, 99.7, "percent")
    assert row["old_display_zh"] == "99.5%" and row["display_en"] == "99.7%"
    assert row["reason_zh"] == "原公布数字录入有误" and row["source"] == "test-correction"
    assert row["figure_record"] == "data/cities/testcity.yaml#sampling[0]"
    assert row["record"] == f"data/cities/testcity.yaml#{PATH}"
    assert row["metric"] == "supervision_pass_rate"


def test_the_dictionary_lists_the_corrections_table() -> None:
    spec = next(t for t in TABLES if t.name == "corrections")
    names = [c.name for c in spec.columns]
    for name in ("date", "old_value", "value", "reason_zh", "reason_en", "figure_record", "source", "quote"):
        assert name in names
    old = next(c for c in spec.columns if c.name == "old_value")
    assert old.zh == "更正前数值" and old.en == "value before the correction"


@pytest.mark.parametrize("lang, title, summary", [
    ("zh", "更正：测试市 监督抽检合格率", "2021年：原为99.5%，更正为99.7%。原因：原公布数字录入有误。"),
    ("en", "Correction: Test City, Supervisory sampling pass rate",
     "2021: was 99.5%, now 99.7%. Reason: the figure first published was mistyped."),
])
def test_a_correction_is_an_entry_of_the_feed(lang, title, summary, tmp_path: Path) -> None:
    data = validate_dataset(folder(tmp_path, corrected_city()))
    assert not data.problems, data.problems
    ns = {"a": ATOM}
    root = ET.fromstring(whole_feed(data, lang))
    entry, = root.findall("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == title
    assert entry.findtext("a:summary", namespaces=ns) == summary
    assert entry.findtext("a:updated", namespaces=ns) == "2026-11-20T00:00:00Z"
    assert entry.find("a:category", ns).get("term") == "testcity"
    assert entry.find("a:link", ns).get("href").endswith("cities/testcity/")
    assert root.findtext("a:updated", namespaces=ns) == "2026-11-20T00:00:00Z"


def test_the_dictionary_page_describes_the_file_and_the_yaml_field() -> None:
    from generator.opendata.dictionary import dictionary_page

    page = dictionary_page()
    zh, en = page.body["zh"], page.body["en"]
    assert "corrections.csv" in zh and "更正前数值" in zh and "更正原因" in zh
    assert "corrections.csv" in en and "value before the correction" in en
    assert "sampling[].corrections[].old_value" in en or "corrections[].old_value" in en
