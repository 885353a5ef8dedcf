"""`portal diff` shows the old and new wording of a quote that changed, and lists the source
documents added to data/documents/ (with the sources that cite them, or none)."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_diff import PASS_2021, city, diff, fig, git, write

from generator.cli import main
from generator.staff.diff_report import format_markdown, format_text


@pytest.fixture
def history(tmp_path: Path):
    """`history(old, new)`: commit the old cities, leave the new ones in the working tree; return data/."""

    def build(old: dict, new: dict) -> Path:
        git(tmp_path, "init", "-q", "-b", "main")
        write(tmp_path, old)
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-q", "-m", "old data")
        return write(tmp_path, new)

    return build


OLD_QUOTE = PASS_2021["quote"]
NEW_QUOTE = "经复核，2021年监督抽检合格率为99.2%"


def test_a_changed_quote_shows_the_old_and_new_text(history, tmp_path: Path) -> None:
    new = {**PASS_2021, "quote": NEW_QUOTE}
    report = diff(history({"testcity": city(sampling=[PASS_2021])}, {"testcity": city(sampling=[new])}), tmp_path)
    change, = report.cities[0].changes
    assert (change.old_quote, change.new_quote) == (OLD_QUOTE, NEW_QUOTE)
    text = format_text(report)
    assert f"    旧摘录 / old quote: “{OLD_QUOTE}”" in text.splitlines()
    assert f"    新摘录 / new quote: “{NEW_QUOTE}”" in text.splitlines()
    row = next(line for line in format_markdown(report).splitlines() if "监督抽检合格率" in line)
    assert f"旧摘录 / old quote: “{OLD_QUOTE}”<br>新摘录 / new quote: “{NEW_QUOTE}”" in row


def test_a_quote_of_a_round_or_target_that_changed_is_shown_too(history, tmp_path: Path) -> None:
    def with_round(quote: str) -> dict:
        return city(you_pick_we_test={"rounds": [{"id": "r1", "title": {"zh": "第一轮", "en": "Round 1"},
                                                   "source": "test-review", "quote": quote}]})
    report = diff(history({"testcity": with_round("开展“你点我检”活动")},
                       {"testcity": with_round("开展“你点我检”活动1次")}), tmp_path)
    change, = report.cities[0].changes
    assert (change.old_quote, change.new_quote) == ("开展“你点我检”活动", "开展“你点我检”活动1次")


def test_an_unchanged_quote_is_not_shown(history, tmp_path: Path) -> None:
    new = fig("supervision_pass_rate", 99.2, 2021, OLD_QUOTE, note={"zh": "复核", "en": "rechecked"})
    report = diff(history({"testcity": city(sampling=[PASS_2021])}, {"testcity": city(sampling=[new])}), tmp_path)
    change, = report.cities[0].changes
    assert change.old_quote is None and change.new_quote is None
    assert "旧摘录" not in format_text(report) and "old quote" not in format_markdown(report)


def test_new_source_documents_are_listed_with_the_sources_that_cite_them(history, tmp_path: Path, capsys) -> None:
    old = {"testcity": city(sampling=[PASS_2021])}
    new = city(sampling=[PASS_2021])
    new["sources"].append({"id": "test-notice", "kind": "other", "title": {"zh": "更正说明", "en": "Correction notice"},
                           "document": "test-notice.txt"})
    data = history(old, {"testcity": new})
    (data / "documents" / "test-notice.txt").write_text("关于更正的说明。\n", encoding="utf-8")
    (data / "documents" / "stray.txt").write_text("没有来源引用的文件。\n", encoding="utf-8")
    report = diff(data, tmp_path)
    assert [(d.name, d.cited_by) for d in report.documents] == [("stray.txt", []), ("test-notice.txt", ["test-notice"])]
    assert main(["--data", str(data), "diff", "HEAD"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "新增来源文件 / new source documents:" in out
    assert "  + data/documents/test-notice.txt  引用 / cited by: test-notice（更正说明 / Correction notice）" in out
    assert "  + data/documents/stray.txt  未被任何来源引用 / not cited by any source" in out
    assert main(["--data", str(data), "diff", "HEAD", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert "### 新增来源文件 / New source documents" in md
    assert "- `data/documents/stray.txt` 未被任何来源引用 / not cited by any source" in md


def test_a_new_document_alone_is_a_change(history, tmp_path: Path, capsys) -> None:
    same = {"testcity": city(sampling=[PASS_2021])}
    data = history(same, same)
    (data / "documents" / "later.txt").write_text("以后要用的文件。\n", encoding="utf-8")
    assert main(["--data", str(data), "diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "没有公众可见的数据变化" not in out and "data/documents/later.txt" in out


def test_a_correction_added_to_a_figure_is_a_change(history, tmp_path: Path) -> None:
    corrected = {**PASS_2021, "corrections": [{"date": "2026-11-20", "old_value": 99.0,
                                               "reason": {"zh": "录入有误", "en": "mistyped"},
                                               "source": "test-review", "quote": OLD_QUOTE}]}
    report = diff(history({"testcity": city(sampling=[PASS_2021])}, {"testcity": city(sampling=[corrected])}),
                  tmp_path)
    change, = report.cities[0].changes
    assert change.kind == "changed" and [f["en"] for f in change.fields] == ["corrections"]
