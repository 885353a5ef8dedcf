"""Messages that say how to fix (issue 13): each broken file under tests/fixtures/broken/fix-hints/
with its exact report and the words that tell staff what to write instead.

A fixture is installed as data/cities/testcity.yaml beside the test document, as in
test_validate_problems.py; its first lines say what is wrong and where.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BROKEN, CITY, DOCUMENT_TEXT, flatten, run_check, valid_city, write_data_folder

from generator.problems import Problem
from generator.quotes import closest_passage, explain, stray_whitespace
from generator.schema.city import period_conflict

HINTS = BROKEN / "fix-hints"
F = CITY

#: fixture -> every problem expected, as (file, line, column, path, code), in report order.
CASES: dict[str, list[tuple[str, int, int, str, str]]] = {
    "quote-closest.yaml": [(F, 9, 12, "sampling[0].quote", "quote-not-found"),
                           (F, 14, 12, "sampling[1].quote", "quote-not-found"),
                           (F, 17, 7, "province.zh", "quote-not-found"),
                           (F, 21, 7, "divisions.zh", "quote-not-found")],
    "quote-whitespace.yaml": [(F, 9, 12, "sampling[0].quote", "quote-whitespace"),
                              (F, 15, 12, "sampling[1].quote", "quote-whitespace")],
    "label-for-code.yaml": [(F, 6, 13, "sampling[0].metric", "unknown-value"),
                            (F, 11, 13, "sampling[1].metric", "unknown-value"),
                            (F, 13, 11, "sampling[1].unit", "unknown-value")],
    "period-words.yaml": [(F, line, 50, f"sampling[{line - 5}].period", "invalid-period") for line in range(5, 12)],
    "period-not-in-quote.yaml": [(F, 8, 13, "sampling[0].period", "period-not-in-quote")],
    "duplicate-figure.yaml": [(F, 11, 5, "sampling[1]", "duplicate-figure")],
    "yaml-syntax-quoted-then-text.yaml": [(F, 9, 19, "", "yaml-syntax")],
    "yaml-syntax-indent.yaml": [(F, 7, 12, "", "yaml-syntax")],
    "yaml-syntax-fullwidth-colon.yaml": [(F, 7, 5, "", "yaml-syntax")],
    "blank-optional.yaml": [(F, 14, 5, "sampling[0].quote", "missing-source")],
}

#: (fixture, index of the problem, exact message_zh, exact message_en)
MESSAGES = [
    ("quote-closest.yaml", 0,
     "摘录 “2021年,食品安全监督抽检合格率达到99.7％” 在来源文件 data/documents/test-review.txt 中找不到，请逐字复制原文。"
     "最接近的原文：“2021年【，】食品安全监督抽检合格率达到99.7【%】”，摘录：“2021年【,】食品安全监督抽检合格率达到99.7【％】”"
     "（【】内为不同之处）。可能的原因：摘录用了半角逗号【,】，原文是全角【，】；摘录用了全角百分号【％】，原文是半角【%】。",
     "the quote \"2021年,食品安全监督抽检合格率达到99.7％\" is not in the source document data/documents/test-review.txt;"
     " copy it verbatim. Closest passage: \"2021年【，】食品安全监督抽检合格率达到99.7【%】\"; the quote: "
     "\"2021年【,】食品安全监督抽检合格率达到99.7【％】\" (differences in 【】). Likely cause: the quote has half-width "
     "comma 【,】 where the document has full-width 【，】; the quote has full-width per cent sign 【％】 where the "
     "document has half-width 【%】."),
    ("quote-whitespace.yaml", 1,
     "摘录中有换行，原文此处没有：“…全监督抽检合格率达到99.7%，【⏎】评价性抽检合格率达到99.5%”。请删去，使摘录与原文逐字一致。",
     "the quote has a line break where the document has none: \"…全监督抽检合格率达到99.7%，【⏎】评价性抽检合格率达到99.5%\". "
     "Remove it so that the quote matches the document exactly."),
    ("period-not-in-quote.yaml", 0,
     "期间为 2024，但摘录写的是 2021年：“2021年，食品安全监督抽检合格率达到99.7%”。请核对 period。",
     "the period is 2024, but the quote states 2021年: \"2021年，食品安全监督抽检合格率达到99.7%\". Check the period."),
    ("duplicate-figure.yaml", 0,
     "同一指标、范围和期间的数字已在第 6 行录入（sampling: supervision_pass_rate, period: 2021）。请删去一条，"
     "或用 scope（范围）区分。",
     "a figure for the same metric, scope and period is already entered on line 6 (sampling: supervision_pass_rate, "
     "period: 2021). Delete one, or tell them apart with scope."),
    ("yaml-syntax-quoted-then-text.yaml", 0,
     "YAML 无法解析：引号只括住了值的一部分，引号后还有文字：请给整个值加引号，或去掉引号。",
     "the file cannot be read as YAML. A quoted text is followed by more text on the same line; put the whole value "
     "in quotes, or none of it."),
    ("yaml-syntax-indent.yaml", 0,
     "YAML 无法解析：这一行比上一行缩进得多：同一层的字段要左对齐。",
     "the file cannot be read as YAML. This line is indented further than the line above; fields at the same level "
     "must line up."),
    ("yaml-syntax-fullwidth-colon.yaml", 0,
     "YAML 无法解析：字段名后用了全角冒号 “：”：请改为半角冒号加空格 “: ”。",
     "the file cannot be read as YAML. A full-width colon \"：\" follows the field name; write a half-width colon and a "
     "space \": \"."),
]

#: (fixture, index, fragment of message_zh, fragment of message_en)
FRAGMENTS = [
    ("quote-closest.yaml", 1, "摘录用了全角数字【９５】，原文是半角【95】", "full-width digits 【９５】"),
    ("quote-closest.yaml", 2, "摘录用了半角引号【\"】，原文是全角【“”】", "half-width quotation marks 【\"】"),
    ("quote-closest.yaml", 3, "摘录用了半角括号【()】，原文是全角【（）】", "half-width brackets 【()】"),
    ("quote-whitespace.yaml", 0, "空格（或 YAML 中折行形成的空格）", "a line break in the YAML file"),
    ("label-for-code.yaml", 0, "请写指标代码 “supervision_pass_rate”", 'Write the metric\'s code "supervision_pass_rate"'),
    ("label-for-code.yaml", 1, "代码是 “closure_rate”，属于“投诉举报”：请把这条数字移到 complaints: 下",
     'is the metric "closure_rate" (Closure rate) of the theme Complaints and reports: move this figure under '
     "complaints:"),
    ("label-for-code.yaml", 2, "请写单位代码 “batch”（批次）", 'Write the unit\'s code "batch"'),
    ("period-words.yaml", 0, "“近三年” 请写成 period: {kind: recent, years: 3}", "period: {kind: recent, years: 3}"),
    ("period-words.yaml", 1, "period: {kind: since, start: 2019}", "period: {kind: since, start: 2019}"),
    ("period-words.yaml", 2, "period: {kind: since, start: 2021}", "period: {kind: since, start: 2021}"),
    ("period-words.yaml", 3, "period: {kind: consecutive, years: 3}", "period: {kind: consecutive, years: 3}"),
    ("period-words.yaml", 4, "period: {kind: annual}", "period: {kind: annual}"),
    ("period-words.yaml", 5, "period: {kind: range, start: 2019, end: 2021}", "{kind: range, start: 2019, end: 2021}"),
    ("period-words.yaml", 6, "“2022年” 请写成 period: 2022。", 'write "2022年" as period: 2022.'),
    ("blank-optional.yaml", 0, "原文摘录（quote）", "a verbatim quote (quote)"),
]


def problems_of(name: str, root: Path) -> list[Problem]:
    return run_check(write_data_folder(root, cities={"testcity": (HINTS / name).read_text(encoding="utf-8")}))


def test_every_fixture_has_a_case() -> None:
    assert {p.name for p in HINTS.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_reports_exactly(name: str, tmp_path: Path) -> None:
    assert flatten(problems_of(name, tmp_path)) == CASES[name]


@pytest.mark.parametrize("name, index, zh, en", MESSAGES, ids=[f"{m[0]}-{m[1]}" for m in MESSAGES])
def test_message_is_exactly(name: str, index: int, zh: str, en: str, tmp_path: Path) -> None:
    problem = problems_of(name, tmp_path)[index]
    assert (problem.message_zh, problem.message_en) == (zh, en)


@pytest.mark.parametrize("name, index, zh, en", FRAGMENTS, ids=[f"{m[0]}-{m[1]}" for m in FRAGMENTS])
def test_message_says(name: str, index: int, zh: str, en: str, tmp_path: Path) -> None:
    problem = problems_of(name, tmp_path)[index]
    assert zh in problem.message_zh
    assert en in problem.message_en


def test_syntax_messages_are_sentences_not_parser_text(tmp_path: Path) -> None:
    for i, name in enumerate(n for n in CASES if n.startswith("yaml-syntax")):
        problem = problems_of(name, tmp_path / str(i))[0]
        for parser_words in ("expected <block end>", "mapping values", "while scanning", "could not find"):
            assert parser_words not in problem.message_en and parser_words not in problem.message_zh
        assert problem.message_en.endswith(".") and problem.message_zh.endswith("。")


# ---------------------------------------------------------------- quotes, closer up
@pytest.mark.parametrize("quote, document, zh", [
    ("措施如下;一是", "措施如下；一是加强监管", "摘录用了半角分号【;】，原文是全角【；】"),
    ("目标:合格率", "目标：合格率达到98%", "摘录用了半角冒号【:】，原文是全角【：】"),
    ("合格率达到98％", "目标：合格率达到98%", "摘录用了全角百分号【％】，原文是半角【%】"),
])
def test_lookalike_causes(quote: str, document: str, zh: str) -> None:
    why = explain(quote, document)
    assert why is not None and zh in why.causes_zh


def test_closest_passage_is_found_in_a_long_document() -> None:
    """The passage is found where it is, not where a common phrase first occurs."""
    filler = "食品安全监督抽检工作稳步推进。" * 400
    document = filler + "2023年，食品安全监督抽检合格率达到98.6%。" + filler
    assert closest_passage("2023年，食品安全监督抽检合格率为98.6%", document) == "2023年，食品安全监督抽检合格率达到98.6%"


def test_white_space_the_document_has_is_not_stray() -> None:
    raw = "第一段末尾。\n\n第二段开头，GB 2763 标准。"
    assert stray_whitespace("第一段末尾。 第二段开头，GB 2763 标准", raw) is None
    assert stray_whitespace("第一段末尾。第二段开头", raw) is None  # across a line break, none is needed
    assert stray_whitespace("第二段 开头", raw) == (3, " ")


# ---------------------------------------------------------------- periods and quotes
@pytest.mark.parametrize("period, quote, conflict", [
    ({"kind": "year", "year": 2024}, "2023年，合格率达到99%", "2023年"),
    ({"kind": "year", "year": 2023}, "2023年，合格率较2022年提高0.4个百分点", None),
    ({"kind": "year", "year": 2023}, "合格率较2022年提高0.4个百分点", None),  # a comparison, not the year
    ({"kind": "year", "year": 2022}, "2021年、2022年投入的经费分别约1.4亿元、2亿元", None),
    ({"kind": "year", "year": 2020}, "2019—2021年共安排专项经费2526万元", None),
    ({"kind": "year", "year": 2021}, "合格率达到99%", None),
    ({"kind": "since", "start": 2019}, "2019年以来，查处案件66起", None),
    ({"kind": "since", "start": 2019}, "2021年至今，查处案件66起", "2021年至今"),
    ({"kind": "range", "start": 2019, "end": 2021}, "2019—2021年共安排专项经费2526万元", None),
    ({"kind": "range", "start": 2019, "end": 2022}, "2019—2021年共安排专项经费2526万元", "2019—2021年"),
    ({"kind": "recent", "years": 3}, "2021年，合格率达到99%", None),
])
def test_period_conflict(period: dict, quote: str, conflict: str | None) -> None:
    assert period_conflict(period, quote) == conflict


# ---------------------------------------------------------------- one syntax error, one problem
def test_a_syntax_error_does_not_set_off_errors_in_other_files(tmp_path: Path) -> None:
    """City A cannot be parsed; city B cites A's source and the changelog names A: only A's error."""
    broken = (HINTS / "yaml-syntax-quoted-then-text.yaml").read_text(encoding="utf-8")
    other = valid_city(slug="othercity", name={"zh": "另一市", "en": "Other City"}, sources=[])
    changelog = {"changes": [{"date": "2026-11-26", "title": {"zh": "更新", "en": "Update"},
                              "summary": {"zh": "更新", "en": "Update"}, "cities": ["testcity", "othercity"]}]}
    data = write_data_folder(tmp_path, cities={"testcity": broken, "othercity": other}, changelog=changelog)
    assert flatten(run_check(data), ("file", "code")) == [(F, "yaml-syntax")]


def test_fixture_document_still_holds_the_baseline_quote() -> None:
    assert "2021年，食品安全监督抽检合格率达到99.7%" in DOCUMENT_TEXT
