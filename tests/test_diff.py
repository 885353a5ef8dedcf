"""`portal diff REV`: two versions of a fixture data folder in a throw-away git repository.

The old version is committed, the new one is left in the working tree, and the diff must list
exactly the figures that changed, with the warnings a reviewer needs and no others.
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import write_data_folder

from generator.cli import main
from generator.staff.changes import Report
from generator.staff.diff import compare, data_at
from generator.staff.diff_report import format_markdown
from generator.validate import validate_dataset

DOC = "test-review.txt"


def fig(metric: str, value: float, year: int | dict[str, Any], quote: str, **extra: Any) -> dict[str, Any]:
    return {"metric": metric, "value": value, "period": year, "source": "test-review", "quote": quote, **extra}


PASS_2021 = fig("supervision_pass_rate", 99.2, 2021, "2021年监督抽检合格率为99.2%")
EVAL_2021 = fig("evaluation_pass_rate", 99.5, 2021, "2021年评价性抽检合格率为99.5%")
RECEIVED_2021 = fig("complaints_received", 120, 2021, "2021年受理投诉举报120件")
FUNDING = fig("funding", 800, {"kind": "unstated"}, "投入食品安全经费800万元", unit="wan_yuan")


def city(**themes: Any) -> dict[str, Any]:
    return {"slug": "testcity", "name": {"zh": "测试市", "en": "Test City"}, **themes,
            "sources": [{"id": "test-review", "kind": "provincial_review",
                         "title": {"zh": "测试市初评情况", "en": "Review of Test City"}, "document": DOC}]}


def quotes(value: Any) -> list[str]:
    """Every quote in a city, so the fixture document always holds them verbatim."""
    if isinstance(value, dict):
        return [v for k, v in value.items() if k == "quote"] + [q for v in value.values() for q in quotes(v)]
    if isinstance(value, list):
        return [q for v in value for q in quotes(v)]
    return []


def write(root: Path, cities: dict[str, dict[str, Any]]) -> Path:
    every = [q for c in cities.values() for q in quotes(c)]
    data = root / "data"
    for old in (data / "cities").glob("*.yaml") if data.exists() else []:
        old.unlink()
    return write_data_folder(root, cities=cities, documents={DOC: "。\n".join(every) + "。\n"})


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=root,
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path):
    """`repo(old, new)`: commit the old cities, leave the new ones in the working tree; return data/."""

    def build(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> Path:
        git(tmp_path, "init", "-q", "-b", "main")
        write(tmp_path, old)
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-q", "-m", "old data")
        return write(tmp_path, new)

    return build


def diff(data: Path, tmp_path: Path, rev: str = "HEAD") -> Report:
    old = validate_dataset(data_at(rev, data, tmp_path / "old"))
    new = validate_dataset(data)
    assert not old.problems and not new.problems, (old.problems, new.problems)
    return compare(old, new, rev)


def flat(report: Report) -> list[tuple[Any, ...]]:
    """(city, kind, item in English, old, new, alert codes) for every change."""
    return [(c.slug, ch.kind, ch.label["en"], (ch.old or {}).get("en"), (ch.new or {}).get("en"),
             tuple(a.code for a in ch.alerts)) for c in report.cities for ch in c.changes]


def test_lists_exactly_the_changed_figures(repo, tmp_path):
    old = {"testcity": city(sampling=[PASS_2021, EVAL_2021], complaints=[RECEIVED_2021])}
    new = {"testcity": city(sampling=[fig("supervision_pass_rate", 98.8, 2021, "2021年监督抽检合格率为98.8%")],
                            complaints=[RECEIVED_2021], funding=[FUNDING])}
    report = diff(repo(old, new), tmp_path)
    assert flat(report) == [
        ("testcity", "removed", "Evaluative sampling pass rate", "99.5%", None, ()),
        ("testcity", "changed", "Supervisory sampling pass rate", "99.2%", "98.8%", ()),
        ("testcity", "added", "Funding", None, "CNY 8 million", ()),
    ]
    changed = report.cities[0].changes[1]
    assert changed.period == {"zh": "2021年", "en": "2021"}
    assert changed.source == "test-review"
    assert [f["en"] for f in changed.fields] == ["verbatim quote"]
    assert report.cities[0].sources == {"test-review": {"zh": "测试市初评情况", "en": "Review of Test City"}}


def test_nothing_changed_says_so(repo, tmp_path, capsys):
    same = {"testcity": city(sampling=[PASS_2021])}
    data = repo(same, same)
    assert diff(data, tmp_path).cities == []
    assert main(["--data", str(data), "diff", "HEAD", "--fail-on-warning"]) == 0
    out = capsys.readouterr().out
    assert "没有公众可见的数据变化" in out and "No change the public will see" in out


@pytest.mark.parametrize(("old", "new", "codes"), [
    (PASS_2021, fig("supervision_pass_rate", 96.5, 2021, "2021年监督抽检合格率为96.5%"), ("rate-jump",)),
    (PASS_2021, fig("supervision_pass_rate", 97.2, 2021, "2021年监督抽检合格率为97.2%"), ()),  # exactly 2 points
    (PASS_2021, fig("supervision_pass_rate", 98.8, 2021, "2021年监督抽检合格率为98.8%"), ()),
    (RECEIVED_2021, fig("complaints_received", 1200, 2021, "2021年受理投诉举报1200件"), ("magnitude",)),
    (RECEIVED_2021, fig("complaints_received", 12, 2021, "2021年受理投诉举报12件"), ("magnitude",)),
    (RECEIVED_2021, fig("complaints_received", 150, 2021, "2021年受理投诉举报150件"), ()),
    (RECEIVED_2021, fig("complaints_received", 1199, 2021, "2021年受理投诉举报1199件"), ()),  # 9.99×
    (fig("funding", 0.5, 2021, "投入经费0.5万元", unit="wan_yuan"),
     fig("funding", 5, 2021, "投入经费5万元", unit="wan_yuan"), ("magnitude",)),
    (fig("complaints_received", 0, 2021, "受理投诉举报0件"),
     fig("complaints_received", 5, 2021, "受理投诉举报5件"), ()),
    (fig("complaints_received", 0, 2021, "受理投诉举报0件"), fig("complaints_received", 40, 2021, "受理投诉举报40件"),
     ("magnitude",)),
    (FUNDING, fig("funding", 8000000, {"kind": "unstated"}, "投入食品安全经费800万元", unit="yuan"), ("unit-change",)),
    (FUNDING, fig("funding", 8000, {"kind": "unstated"}, "投入食品安全经费8000元", unit="yuan"),
     ("unit-change", "magnitude")),
])
def test_suspicious_jumps_warn_and_ordinary_edits_do_not(repo, tmp_path, old, new, codes):
    theme = {"supervision_pass_rate": "sampling", "complaints_received": "complaints", "funding": "funding"}
    report = diff(repo({"testcity": city(**{theme[old["metric"]]: [old]})},
                       {"testcity": city(**{theme[new["metric"]]: [new]})}), tmp_path)
    assert [(kind, alerts) for _, kind, _, _, _, alerts in flat(report)] == [("changed", codes)]


@pytest.mark.parametrize(("value", "codes"), [(95.0, ("rate-jump",)), (99.0, ())])
def test_a_new_years_figure_is_held_against_the_year_before(repo, tmp_path, value, codes):
    new_year = fig("supervision_pass_rate", value, 2022, f"2022年监督抽检合格率为{value:g}%")
    report = diff(repo({"testcity": city(sampling=[PASS_2021])},
                       {"testcity": city(sampling=[PASS_2021, new_year])}), tmp_path)
    assert flat(report) == [("testcity", "added", "Supervisory sampling pass rate", None, f"{value:g}%", codes)]
    if codes:
        assert "2021" in report.cities[0].changes[0].alerts[0].en


REVIEW = {"id": "testcity-review", "stage": "preliminary", "level": "provincial", "source": "test-review",
          "body": {"zh": "测试省食安办", "en": "Test Province Food Safety Office", "quote": "测试省食安办组织评审"},
          "verdict": {"outcome": "passed", "summary": {"zh": "通过初评", "en": "Passed"},
                      "quote": "测试市通过省级初评"}}
TARGET = {"metric": "supervision_pass_rate", "comparator": ">=", "value": 98, "deadline": 2025,
          "source": "test-review", "quote": "监督抽检合格率达到98%以上"}


def test_reviews_and_targets_changes_are_listed(repo, tmp_path):
    verdict = {**REVIEW["verdict"], "outcome": "recommended"}
    old = {"testcity": city(reviews=[REVIEW], targets=[TARGET])}
    new = {"testcity": city(reviews=[{**REVIEW, "verdict": verdict}],
                            targets=[{**TARGET, "value": 99, "quote": "监督抽检合格率达到99%以上"}])}
    report = diff(repo(old, new), tmp_path)
    assert flat(report) == [
        ("testcity", "changed", "Supervisory sampling pass rate", "at least 98% by 2025", "at least 99% by 2025", ()),
        ("testcity", "changed", "provincial preliminary review testcity-review", "passed",
         "passed and recommended for national acceptance", ()),
    ]
    assert [f["en"] for f in report.cities[0].changes[1].fields] == ["verdict"]


def test_a_city_added_or_removed_is_named(repo, tmp_path):
    other = {**city(sampling=[EVAL_2021]), "slug": "othercity", "name": {"zh": "另一市", "en": "Other City"}}
    old = {"testcity": city(sampling=[PASS_2021])}
    new = {"othercity": other}
    report = diff(repo(old, new), tmp_path)
    assert [(c.slug, c.status, c.file) for c in report.cities] == [
        ("othercity", "added", "data/cities/othercity.yaml"), ("testcity", "removed", "data/cities/testcity.yaml")]
    assert ("othercity", "added", "Evaluative sampling pass rate", None, "99.5%", ()) in flat(report)
    assert ("testcity", "removed", "Supervisory sampling pass rate", "99.2%", None, ()) in flat(report)


def test_cli_prints_both_languages_and_fails_on_warning_only_when_asked(repo, capsys):
    data = repo({"testcity": city(sampling=[PASS_2021])},
                {"testcity": city(sampling=[fig("supervision_pass_rate", 96.5, 2021, "2021年监督抽检合格率为96.5%")])})
    assert main(["--data", str(data), "diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "修改 抽检监测 · 监督抽检合格率 · 2021年：99.2% → 96.5%" in out
    assert "changed Sampling inspection · Supervisory sampling pass rate · 2021: 99.2% → 96.5%" in out
    assert "合格率变化 2.7 个百分点" in out and "pass rate moved 2.7 points" in out
    assert main(["--data", str(data), "diff", "HEAD", "--fail-on-warning"]) == 1


def test_markdown_summary_is_a_table_with_escaped_text(repo, capsys):
    label = {"zh": "快检室|数量*", "en": "Rapid-test rooms | count_*"}
    old = {"testcity": city(indicators=[{"label": label, "value": 9, "unit": "item", "period": 2021,
                                         "source": "test-review", "quote": "建成快检室9个"}])}
    new = {"testcity": city(indicators=[{"label": label, "value": 13, "unit": "item", "period": 2021,
                                         "source": "test-review", "quote": "建成快检室13个"}])}
    data = repo(old, new)
    assert main(["--data", str(data), "diff", "HEAD", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## 数据变化 / Data changes: `HEAD`")
    assert "| 变化<br>Change | 项目<br>Item | 期间<br>Period | 原值<br>Old | 新值<br>New | 来源<br>Source |" in out
    row = next(line for line in out.splitlines() if "快检室" in line)
    assert row.count(" | ") == 5  # the "|" in the label did not open a new cell
    assert "快检室&#124;数量\\*" in row and "Rapid-test rooms &#124; count\\_\\*" in row
    assert "| 9个<br>9 units | 13个<br>13 units |" in row


def test_markdown_lists_warnings_first(repo, tmp_path):
    data = repo({"testcity": city(complaints=[RECEIVED_2021])},
                {"testcity": city(complaints=[fig("complaints_received", 1200, 2021, "2021年受理投诉举报1200件")])})
    text = format_markdown(diff(data, tmp_path))
    assert text.index("> [!WARNING]") < text.index("### 测试市 / Test City")
    assert "数值相差 10 倍" in text


def test_data_folder_missing_at_the_revision_counts_everything_as_added(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README").write_text("no data yet\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "before data")
    data = write(tmp_path, {"testcity": city(sampling=[PASS_2021])})
    assert flat(diff(data, tmp_path)) == [
        ("testcity", "added", "city name", None, "Test City", ()),
        ("testcity", "added", "Supervisory sampling pass rate", None, "99.2%", ()),
        ("testcity", "added", "Review of Test City", None, "provincial preliminary review", ())]


def test_unknown_revision_is_reported_in_both_languages(repo, capsys):
    data = repo({"testcity": city(sampling=[PASS_2021])}, {"testcity": city(sampling=[PASS_2021])})
    assert main(["--data", str(data), "diff", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert "找不到版本 “no-such-branch”" in err and 'unknown revision "no-such-branch"' in err


def test_invalid_current_data_is_a_warning(repo, tmp_path, capsys):
    data = repo({"testcity": city(sampling=[PASS_2021])}, {"testcity": city(sampling=[PASS_2021])})
    (data / "cities" / "testcity.yaml").write_text("slug: testcity\nname: 测试市\nsources: []\n", encoding="utf-8")
    assert main(["--data", str(data), "diff", "HEAD", "--fail-on-warning"]) == 1
    out = capsys.readouterr().out
    assert "当前数据有 1 个问题" in out and "the current data has 1 problem(s)" in out
