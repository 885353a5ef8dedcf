"""`portal propose`: what it reads from a Chinese government document, and what it must not
take for a figure."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.staff.propose import draft, propose

ROOT = Path(__file__).resolve().parents[1]


def only(text: str) -> dict:
    found = propose(text)
    assert len(found) == 1, [(p.value, p.unit, p.quote) for p in found]
    item = found[0]
    return {"value": item.value, "unit": item.unit, "qualifier": item.qualifier, "period": item.period,
            "metric": item.metric, "quote": item.quote}


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("全市共有食品经营户5.6万户。", 56000, "business_hu"),
    ("落实专项资金2000余万元。", 2000, "wan_yuan"),
    ("投入经费1.4亿元。", 1.4, "yi_yuan"),
    ("常住人口247.56万人。", 247.56, "wan_person"),
    ("抽检量达到4批次/千人。", 4, "batch_per_1000"),
    ("共抽检食品49,895批次。", 49895, "batch"),
    ("合格率达到99.2％。", 99.2, "percent"),
    ("总面积7660平方公里。", 7660, "km2"),
])
def test_units_and_multipliers(text: str, value: float, unit: str) -> None:
    found = only(text)
    assert (found["value"], found["unit"]) == (value, unit)


@pytest.mark.parametrize(("text", "qualifier"), [
    ("罚没款约800万元。", "approximate"),
    ("罚没款800余万元。", "over"),
    ("安排1000多万元专项经费。", "over"),
    ("合格率保持在99.7%以上。", "at_least"),
    ("提供近36亿元的风险保障。", "nearly"),
    ("配备不少于3人。", "at_least"),
    ("附带合格证上市的农畜产品约5万余吨。", "approximate_over"),
    ("查办案件920起。", "exact"),
])
def test_qualifier_from_the_wording(text: str, qualifier: str) -> None:
    assert only(text)["qualifier"] == qualifier


@pytest.mark.parametrize(("text", "period"), [
    ("2021年，监督抽检合格率达到99.2%。", {"kind": "year", "year": 2021}),
    ("近三年查办案件920起。", {"kind": "recent", "years": 3}),
    ("近3年查办案件920起。", {"kind": "recent", "years": 3}),
    ("2019年以来，查处刑事案件66起。", {"kind": "since", "start": 2019}),
    ("2021年至今共抽检49895批次。", {"kind": "since", "start": 2021}),
    ("抽检量连续三年达到4批次/千人以上。", {"kind": "consecutive", "years": 3}),
    ("2019—2021年共安排专项经费2526万元。", {"kind": "range", "start": 2019, "end": 2021}),
    ("每年确保开展1万批次以上抽检。", {"kind": "annual"}),
    ("查办各类案件2945件。", {"kind": "unstated"}),
])
def test_period_from_the_sentence(text: str, period: dict) -> None:
    assert only(text)["period"] == period


@pytest.mark.parametrize("text", [
    "按照《通知》（食安办函〔2022〕12号）要求。",
    "2021年，绵阳市被列为创建城市。",
    "第四批国家食品安全示范城市。",
    "1．夯实监管基础。",
    "（2）强化责任。",
    "依据《评价细则（2023版）》。",
    "拨打12315或12345热线。",
    "于11月2日开展现场检查。",
])
def test_dates_document_numbers_and_ordinals_are_not_figures(text: str) -> None:
    assert propose(text) == []


def test_metric_by_label_or_synonym_nearest_the_number() -> None:
    assert only("近3年累计查办食品类刑事案件18起。")["metric"] == "criminal_cases"
    assert only("全市共有各类食品生产经营单位43993家。")["metric"] == "food_businesses"
    assert only("罚没款800余万元。")["metric"] == "fines_confiscations"
    assert only("组建5000名志愿者队伍。")["metric"] == "volunteers"
    assert only("规范整治小作坊90余家。")["metric"] is None  # not in the catalogue: a labelled indicator


def test_one_number_for_several_rates_gives_each_its_figure() -> None:
    found = propose("投诉举报受理办结率、回复反馈率、群众满意率均达到100%。")
    assert [(p.metric, p.value) for p in found] == [("closure_rate", 100), ("reply_rate", 100),
                                                     ("complaint_satisfaction_rate", 100)]


def test_respectively_pairs_years_and_carries_the_qualifier() -> None:
    found = propose("2021年、2022年投入的食品安全经费分别约1.4亿元、2亿元。")
    assert [(p.value, p.qualifier, p.period) for p in found] == [
        (1.4, "approximate", {"kind": "year", "year": 2021}), (2, "approximate", {"kind": "year", "year": 2022})]


def test_quote_is_the_shortest_whole_clause() -> None:
    assert only("二、总体情况\n2021年以来，全市共抽检食品49895批次，合格率较高。")["quote"] == "全市共抽检食品49895批次"


def test_draft_is_yaml_whose_quotes_stand_in_the_document() -> None:
    text = (ROOT / "tests" / "fixtures" / "valid" / "test-review.txt").read_text(encoding="utf-8")
    proposals = propose(text)
    assert proposals
    entries = yaml.safe_load(draft(proposals, "test-review", "test-review.txt"))
    figures = [entry for theme in entries.values() for entry in theme]
    assert len(figures) == len(proposals)
    squashed = "".join(text.split())
    for figure in figures:
        assert "".join(figure["quote"].split()) in squashed
        assert figure["source"] == "test-review"


def test_command_never_writes_into_data(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "generator.cli", "propose", "xining-review.txt", "--out", "data/draft.yaml"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and "data/" in result.stderr
    assert not (ROOT / "data" / "draft.yaml").exists()
    out = tmp_path / "draft.yaml"
    result = subprocess.run([*command[:-1], str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "source: xining-review" in out.read_text(encoding="utf-8")
