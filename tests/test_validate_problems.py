"""One broken file per problem kind, with its exact expected report.

Each fixture under tests/fixtures/broken/ is raw YAML, so the line and column
asserted here are the ones you read in the file (its first line says what is
wrong and where). A fixture is installed as data/cities/testcity.yaml beside
the test document, then the whole folder is validated.
"""
from __future__ import annotations

import ast
import string
import textwrap
from pathlib import Path

import pytest
from conftest import (
    BROKEN,
    CITY,
    DOCUMENT_NAME,
    DOCUMENT_TEXT,
    VALID_CITY_FILE,
    broken_fixture,
    flatten,
    own_city,
    run_check,
    valid_city,
    write_data_folder,
)

from generator.load import MAX_DEPTH, MAX_FILE_BYTES
from generator.problems import KINDS, Problem
from generator.validate import ValidationMemo, validate_dataset

F = CITY

#: fixture -> every problem expected, as (file, line, column, path, code), in report order.
CASES: dict[str, list[tuple[str, int, int, str, str]]] = {
    "yaml-syntax.yaml": [(F, 9, 15, "", "yaml-syntax")],
    "yaml-syntax-tab.yaml": [(F, 4, 1, "", "yaml-syntax")],
    "yaml-alias.yaml": [(F, 3, 4, "", "yaml-alias")],
    "yaml-too-deep.yaml": [(F, 3, 46, "", "yaml-too-deep")],
    "empty-file.yaml": [(F, 1, 1, "", "empty-file")],
    "duplicate-key.yaml": [(F, 8, 5, "sampling[0].period", "duplicate-key")],
    "unknown-field.yaml": [(F, 5, 5, "sampling[0].period", "missing-field"),
                           (F, 7, 5, "sampling[0].perod", "unknown-field")],
    "missing-field.yaml": [(F, 2, 1, "name", "missing-field")],
    "wrong-type.yaml": [(F, 3, 7, "name", "wrong-type"),
                        (F, 7, 13, "sampling[0].period", "wrong-type")],
    "number-as-text-percent.yaml": [(F, 6, 12, "sampling[0].value", "number-as-text")],
    "number-as-text-fullwidth.yaml": [(F, 6, 12, "sampling[0].value", "number-as-text")],
    "not-integer.yaml": [(F, 7, 35, "sampling[0].period.years", "not-integer")],
    "out-of-range-rate.yaml": [(F, 6, 12, "sampling[0].value", "out-of-range")],
    "out-of-range-count.yaml": [(F, 6, 12, "complaints[0].value", "out-of-range")],
    "out-of-range-year.yaml": [(F, 7, 13, "sampling[0].period", "out-of-range")],
    "unknown-value.yaml": [(F, 5, 13, "sampling[0].metric", "unknown-value")],
    "invalid-date.yaml": [(F, 5, 11, "timeline[0].date", "invalid-date"),
                          (F, 9, 11, "timeline[1].date", "invalid-date")],
    "invalid-date-review.yaml": [(F, 15, 10, "reviews[0].end", "invalid-period")],
    "invalid-period.yaml": [(F, 7, 13, "sampling[0].period", "invalid-period")],
    "invalid-slug-non-ascii.yaml": [(F, 2, 7, "slug", "invalid-slug")],
    "invalid-slug-path.yaml": [(F, 2, 7, "slug", "invalid-slug")],
    "invalid-slug-reserved.yaml": [(F, 2, 7, "slug", "invalid-slug")],
    "slug-mismatch.yaml": [(F, 2, 7, "slug", "slug-mismatch")],
    "duplicate-slug.yaml": [("data/cities/testcity2.yaml", 2, 7, "slug", "duplicate-slug")],
    "duplicate-id.yaml": [(F, 15, 9, "sources[1].id", "duplicate-id")],
    "missing-translation.yaml": [(F, 3, 7, "name.zh", "missing-translation"),
                                 (F, 8, 25, "sampling[0].scope.en", "missing-translation")],
    "wrong-language.yaml": [(F, 3, 7, "name.en", "wrong-language"),
                            (F, 6, 7, "province.en", "wrong-language")],
    "unsafe-text.yaml": [(F, 3, 21, "name.en", "unsafe-text"),
                         (F, 8, 25, "sampling[0].scope.en", "unsafe-text"),
                         (F, 11, 11, "sampling[0].note.en", "unsafe-text")],
    "missing-source.yaml": [(F, 5, 5, "sampling[0].source", "missing-source"),
                            (F, 9, 5, "sampling[1].quote", "missing-source")],
    "unknown-source.yaml": [(F, 8, 13, "sampling[0].source", "unknown-source")],
    "quote-not-found.yaml": [(F, 5, 7, "divisions.zh", "quote-not-found"),
                             (F, 13, 12, "sampling[0].quote", "quote-not-found")],
    "value-not-in-quote.yaml": [(F, 6, 12, "sampling[0].value", "value-not-in-quote")],
    "unit-not-allowed.yaml": [(F, 7, 11, "sampling[0].unit", "unit-not-allowed")],
    "inconsistent-totals-complaints.yaml": [(F, 11, 12, "complaints[1].value", "inconsistent-totals")],
    "inconsistent-totals-you-pick.yaml": [
        (F, 12, 19, "you_pick_we_test.rounds[0].samples[0].passed", "inconsistent-totals")],
    "several.yaml": [(F, 4, 21, "name.en", "missing-translation"),
                     (F, 7, 12, "sampling[0].value", "number-as-text"),
                     (F, 14, 13, "sampling[1].source", "unknown-source"),
                     (F, 20, 12, "sampling[2].quote", "quote-not-found"),
                     (F, 21, 1, "mayor", "unknown-field")],
}

#: Fixtures installed under another name; the valid test city is installed beside them.
INSTALL_BESIDE_VALID = {"duplicate-slug.yaml": "testcity2.yaml"}


def install(name: str, root: Path) -> Path:
    """Write a data folder holding the broken fixture `name`; return the folder."""
    text = broken_fixture(name)
    if name in INSTALL_BESIDE_VALID:
        cities = {"testcity": VALID_CITY_FILE.read_text(encoding="utf-8"), INSTALL_BESIDE_VALID[name]: text}
    else:
        cities = {"testcity": text}
    return write_data_folder(root, cities=cities)


def problems_of(name: str, root: Path) -> list[Problem]:
    return run_check(install(name, root))


# ---------------------------------------------------------------- the valid baseline
def test_valid_city_file_has_no_problems(tmp_path: Path) -> None:
    assert run_check(write_data_folder(tmp_path, cities={"testcity": VALID_CITY_FILE.read_text("utf-8")})) == []


def test_valid_city_dict_has_no_problems(data_folder) -> None:
    assert run_check(data_folder()) == []


def test_valid_changelog_has_no_problems(data_folder) -> None:
    changelog = (BROKEN.parent / "changelog" / "valid.yaml").read_text(encoding="utf-8")
    assert run_check(data_folder(changelog=changelog)) == []


def test_the_test_document_holds_every_fixture_quote() -> None:
    """Guards the fixtures themselves: the baseline quote is in the document, the paraphrase is not."""
    squashed = "".join(DOCUMENT_TEXT.split())
    assert "2021年，食品安全监督抽检合格率达到99.7%" in squashed
    assert "2021年，食品安全监督抽检合格率为99.7%" not in squashed


# ---------------------------------------------------------------- one fixture per problem kind
@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_fixture_reports_exactly(name: str, tmp_path: Path) -> None:
    assert flatten(problems_of(name, tmp_path)) == CASES[name]


def test_every_fixture_file_has_a_case() -> None:
    """A fixture nobody asserts on is dead weight; a case without a fixture is a typo."""
    on_disk = {p.name for p in BROKEN.glob("*.yaml")}
    assert set(CASES) | set(FIXED_CASES) | {"wrong-type-empty-quote.yaml"} == on_disk


def _codes_in(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and n.value in KINDS}


def asserted_codes(source: str) -> set[str]:
    """Problem codes a test module really checks: a code written inside an `assert ... == ...`
    (the exact list of problems a test expects), or held by a module-level table such as CASES
    that such an assertion reads. A code merely mentioned (a comment, an `in` test on printed
    text, a table nobody asserts on) does not count."""
    tree = ast.parse(source)
    tables = {target.id: _codes_in(node.value) for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
              for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
              if isinstance(target, ast.Name) and node.value is not None}
    found: set[str] = set()
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        # a parametrized test's cases count when one of its exact assertions reads the parameter they fill
        local = dict(tables)
        for decorator in function.decorator_list:
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "parametrize" and decorator.args:
                names = decorator.args[0]  # "a, b" or ("a", "b")
                words = (str(names.value).split(",") if isinstance(names, ast.Constant)
                         else [e.value for e in getattr(names, "elts", []) if isinstance(e, ast.Constant)])
                local.update({str(name).strip(): _codes_in(decorator) for name in words})
        for node in ast.walk(function):
            if not isinstance(node, ast.Assert):
                continue
            for compare in ast.walk(node.test):
                if isinstance(compare, ast.Compare) and any(isinstance(op, ast.Eq) for op in compare.ops):
                    found |= _codes_in(compare)
                    found |= {code for name in ast.walk(compare) if isinstance(name, ast.Name)
                              for code in local.get(name.id, ())}
    return found


def test_every_problem_kind_is_covered() -> None:
    """Each code in the catalogue is the expected result of some test's exact assertion."""
    covered = set().union(*(asserted_codes(path.read_text(encoding="utf-8"))
                            for path in sorted(Path(__file__).parent.rglob("test_*.py"))))
    assert sorted(set(KINDS) - covered) == []


def test_the_coverage_meta_test_counts_only_assertions() -> None:
    source = textwrap.dedent("""
        TABLE = {"a": [("f", 1, "yaml-alias")]}
        UNUSED = {"b": [("f", 1, "yaml-too-deep")]}
        # empty-file is only named in this comment
        def test_one():
            assert flatten(problems) == [("f", 1, "duplicate-key")]
            assert "unknown-field" in output
            assert codes == TABLE["a"]
            check("missing-field")
        @pytest.mark.parametrize("text, code", [("x", "empty-file"), ("y", "unknown-field")])
        def test_two(text, code):
            assert run(text) == [code]
        @pytest.mark.parametrize(("text", "expected"), [("x", ("f", "invalid-date"))])
        def test_four(text, expected):
            assert run(text) == [expected]
        @pytest.mark.parametrize("text, code", [("x", "yaml-syntax")])
        def test_three(text, code):
            assert code in run(text)
    """)
    assert asserted_codes(source) == {"duplicate-key", "yaml-alias", "empty-file", "unknown-field", "invalid-date"}


def test_file_too_large(tmp_path: Path) -> None:
    text = VALID_CITY_FILE.read_text(encoding="utf-8")
    padding = MAX_FILE_BYTES + 1 - len(text.encode("utf-8")) - 2
    data = write_data_folder(tmp_path, cities={"testcity": text + "#" + "x" * padding + "\n"})
    assert (data / "cities" / "testcity.yaml").stat().st_size == MAX_FILE_BYTES + 1
    problems = run_check(data)
    assert flatten(problems) == [(F, 1, 1, "", "file-too-large")]
    assert f"{MAX_FILE_BYTES + 1}" in problems[0].message_en and f"{MAX_FILE_BYTES}" in problems[0].message_en
    assert f"{MAX_FILE_BYTES + 1} 字节" in problems[0].message_zh


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    text = VALID_CITY_FILE.read_text(encoding="utf-8")
    padding = MAX_FILE_BYTES - len(text.encode("utf-8")) - 2
    data = write_data_folder(tmp_path, cities={"testcity": text + "#" + "x" * padding + "\n"})
    assert (data / "cities" / "testcity.yaml").stat().st_size == MAX_FILE_BYTES
    assert run_check(data) == []


def test_not_utf8_city_file_is_a_syntax_problem(tmp_path: Path) -> None:
    gbk = VALID_CITY_FILE.read_text(encoding="utf-8").encode("gbk")
    problems = run_check(write_data_folder(tmp_path, cities={"testcity": gbk}))
    assert flatten(problems) == [(F, 1, 1, "", "yaml-syntax")]
    assert "UTF-8" in problems[0].message_zh and "UTF-8" in problems[0].message_en


def test_nesting_just_under_the_limit_is_not_too_deep(tmp_path: Path) -> None:
    """MAX_DEPTH levels are allowed (the root mapping is one); one more is refused."""
    lists = MAX_DEPTH - 1
    text = f"slug: testcity\nname: {'[' * lists}{']' * lists}\n"
    problems = run_check(write_data_folder(tmp_path / "ok", cities={"testcity": text}))
    assert flatten(problems) == [(F, 1, 1, "sources", "missing-field"),  # read, and found wanting for other reasons
                                 (F, 2, 7, "name", "wrong-type")]
    deeper = f"slug: testcity\nname: {'[' * (lists + 1)}{']' * (lists + 1)}\n"
    assert flatten(run_check(write_data_folder(tmp_path / "deep", cities={"testcity": deeper}))) == [
        (F, 2, 7 + lists, "", "yaml-too-deep")]


def test_missing_document_location(tmp_path: Path) -> None:
    """Where it is reported; the field path is checked in FIXED_CASES."""
    problems = problems_of("missing-document.yaml", tmp_path)
    assert flatten(problems, ("file", "line", "column", "code")) == [(F, 14, 15, "missing-document")]
    assert "data/documents/no-such-review.txt" in problems[0].message_en


def test_duplicate_source_id_across_files(data_folder) -> None:
    """Source ids are global: a second city cannot reuse one (built from dicts)."""
    other = valid_city(slug="othercity", name={"zh": "另一市", "en": "Other City"})
    problems = run_check(data_folder(cities={"testcity": valid_city(), "othercity": other}))
    assert flatten(problems, ("file", "path", "code")) == [("data/cities/testcity.yaml", "sources[0].id",
                                                           "duplicate-id")]
    assert "data/cities/othercity.yaml" in problems[0].message_en


def test_duplicate_review_id(data_folder) -> None:
    review = {"id": "preliminary-2022", "stage": "preliminary", "level": "provincial", "source": "test-review",
              "body": {"zh": "测试省", "en": "Test Province"},
              "verdict": {"outcome": "passed", "summary": {"zh": "通过", "en": "Passed"},
                          "quote": "测试市是测试省省会"}}
    problems = run_check(data_folder(cities={"testcity": valid_city(reviews=[review, review])}))
    assert flatten(problems, ("path", "code")) == [("reviews[1].id", "duplicate-id")]


YOU_PICK_QUOTE = "群众投票选出牛奶，抽检3批次"


def you_pick_round(round_id: str) -> dict:
    return {"id": round_id, "title": {"zh": "牛奶专项", "en": "Milk round"}, "date": "2022",
            "source": "test-review", "quote": YOU_PICK_QUOTE}


def test_duplicate_round_id_in_one_file(data_folder) -> None:
    """Round ids name the chart CSV files: a second round with the same id would overwrite the first."""
    city = valid_city(you_pick_we_test={"rounds": [you_pick_round("milk-2022"), you_pick_round("milk-2022")]})
    problems = run_check(data_folder(cities={"testcity": city}))
    assert flatten(problems, ("file", "path", "code")) == [(F, "you_pick_we_test.rounds[1].id", "duplicate-id")]
    assert '"milk-2022"' in problems[0].message_en and f"{F}:" in problems[0].message_en


def test_duplicate_round_id_across_files_and_kinds(tmp_path: Path) -> None:
    """Across two cities a round id is reported once, at the second city; a review may share a round's id."""
    other = valid_city(slug="othercity", name={"zh": "另一市", "en": "Other City"},
                       sources=[{"id": "other-review", "kind": "provincial_review",
                                 "title": {"zh": "另一市初评", "en": "Other review"}, "document": DOCUMENT_NAME}],
                       you_pick_we_test={"rounds": [{**you_pick_round("milk-2022"), "source": "other-review"}]})
    other["sampling"][0]["source"] = "other-review"
    city = valid_city(you_pick_we_test={"rounds": [you_pick_round("milk-2022")]})
    problems = run_check(write_data_folder(tmp_path / "two", cities={"testcity": city, "othercity": other}))
    assert flatten(problems, ("file", "path", "code")) == [
        ("data/cities/testcity.yaml", "you_pick_we_test.rounds[0].id", "duplicate-id")]
    assert "data/cities/othercity.yaml:" in problems[0].message_en
    review = {"id": "milk-2022", "stage": "preliminary", "level": "provincial", "source": "test-review",
              "body": {"zh": "测试省", "en": "Test Province"},
              "verdict": {"outcome": "passed", "summary": {"zh": "通过", "en": "Passed"}, "quote": "测试市是测试省省会"}}
    city = valid_city(reviews=[review], you_pick_we_test={"rounds": [you_pick_round("milk-2022")]})
    assert run_check(write_data_folder(tmp_path / "one", cities={"testcity": city})) == []


# ---------------------------------------------------------------- what the messages say
#: (fixture, index of the problem, fragment of message_zh, fragment of message_en)
MESSAGES = [
    ("yaml-syntax.yaml", 0, "含冒号的文字请整个加引号", "put text that holds a colon in quotes"),
    ("yaml-syntax-tab.yaml", 0, "不能用 Tab 缩进", "indent with spaces"),
    ("yaml-alias.yaml", 0, "锚点（&）或别名（*）", "anchors (&) and aliases (*)"),
    ("yaml-too-deep.yaml", 0, f"嵌套超过 {MAX_DEPTH} 层", f"deeper than {MAX_DEPTH} levels"),
    ("duplicate-key.yaml", 0, "第一次在第 7 行", "first on line 7"),
    ("unknown-field.yaml", 0, "缺少必填字段 “period”", 'required field "period"'),
    ("unknown-field.yaml", 1, "是否应为 “period”？", 'Did you mean "period"?'),
    ("missing-field.yaml", 0, "“name”（城市名称）", '"name" (city name)'),
    ("wrong-type.yaml", 0, "实际为文本 '测试市'", "got text '测试市'"),
    ("number-as-text-percent.yaml", 0, "请只填数字，不带百分号。", "Digits only, no % sign."),
    ("number-as-text-fullwidth.yaml", 0, "请使用半角数字，例如 99.7，不要用全角字符。",
     "Use half-width digits such as 99.7, not full-width ones."),
    ("number-as-text-fullwidth.yaml", 0, "“９９.７”", '"９９.７"'),
    ("not-integer.yaml", 0, "实际为 2.5", "got 2.5"),
    ("out-of-range-rate.yaml", 0, "0–100 之间的值（%），实际为 100.5", "within 0–100 (%), got 100.5"),
    ("out-of-range-count.yaml", 0, "0–∞ 之间的值（件），实际为 -5", "within 0–∞ (cases), got -5"),
    ("out-of-range-year.yaml", 0, "1949–2100", "got 1800"),
    ("unknown-value.yaml", 0, "是否应为 “supervision_pass_rate”？", 'Did you mean "supervision_pass_rate"?'),
    ("invalid-date.yaml", 0, "“2022-02-30” 不是有效日期", '"2022-02-30" is not a valid date'),
    ("invalid-date.yaml", 1, "“2022-13” 不是有效日期", '"2022-13" is not a valid date'),
    ("invalid-period.yaml", 0, "起始年 2021 晚于结束年 2019", "start year 2021 is after end year 2019"),
    ("invalid-slug-non-ascii.yaml", 0, "建议：“ce-shi-shi”", 'Suggestion: "ce-shi-shi"'),
    ("invalid-slug-path.yaml", 0, "建议：“testcity”", 'Suggestion: "testcity"'),
    ("invalid-slug-reserved.yaml", 0, "这是网站保留的名称", "it is a name the site reserves"),
    ("slug-mismatch.yaml", 0, "“other-city.yaml”", '"other-city.yaml"'),
    ("duplicate-slug.yaml", 0, "data/cities/testcity.yaml", "already used in data/cities/testcity.yaml"),
    ("duplicate-id.yaml", 0, "data/cities/testcity.yaml:11", "already used at data/cities/testcity.yaml:11"),
    ("missing-translation.yaml", 0, "缺少中文文本", "the Chinese text is missing"),
    ("missing-translation.yaml", 1, "缺少英文文本", "the English text is missing"),
    ("wrong-language.yaml", 0, "“测试市” 看起来不是英文", 'the English text "测试市" does not look like English'),
    ("unsafe-text.yaml", 0, "HTML 标签或脚本", "HTML tags or script"),
    ("unsafe-text.yaml", 1, "Markdown 链接语法", "Markdown link syntax"),
    ("unsafe-text.yaml", 2, "零宽或方向控制字符", "zero-width or bidirectional control characters"),
    ("missing-source.yaml", 0, "来源（source）和原文摘录（quote）", "its source (source) and a verbatim quote"),
    ("unknown-source.yaml", 0, "是否应为 “test-review”？已有来源：test-review",
     'Did you mean "test-review"? Known sources: test-review'),
    ("quote-not-found.yaml", 1, "data/documents/test-review.txt", "not in the source document "
     "data/documents/test-review.txt"),
    ("value-not-in-quote.yaml", 0, "数值 99.6 没有出现在摘录中", "the value 99.6 does not appear in the quote"),
    ("unit-not-allowed.yaml", 0, "不能使用单位 “batch”。允许：percent", 'cannot use unit "batch". Allowed: percent'),
    ("inconsistent-totals-complaints.yaml", 0, "办结 130 件，多于受理的 120 件", "130 closed but only 120 received"),
    ("inconsistent-totals-you-pick.yaml", 0, "合格批次 5 多于抽检批次 3", "5 batches passed but only 3 were tested"),
]


@pytest.mark.parametrize("name, index, zh, en", MESSAGES, ids=[f"{m[0]}-{m[1]}" for m in MESSAGES])
def test_message_text(name: str, index: int, zh: str, en: str, tmp_path: Path) -> None:
    problem = problems_of(name, tmp_path)[index]
    assert zh in problem.message_zh
    assert en in problem.message_en


def test_no_suggestion_when_nothing_is_close(tmp_path: Path) -> None:
    problem = problems_of("invalid-slug-reserved.yaml", tmp_path)[0]
    assert "建议" not in problem.message_zh and "Suggestion" not in problem.message_en


@pytest.mark.parametrize("text, zh, en", [
    ("99.7%", "不带百分号", "no % sign"),
    ("９９.７", "半角数字", "half-width digits"),
    ("1,000", "千位分隔符", "thousands separators"),
    ("12件", "单位写在 unit 字段", "put the unit in the unit field"),
    ("99.7", "请去掉引号", "Remove the quotes"),
])
def test_number_as_text_hints(text: str, zh: str, en: str, data_folder) -> None:
    city = valid_city()
    city["sampling"][0]["value"] = text
    problems = run_check(data_folder(cities={"testcity": city}))
    assert flatten(problems, ("path", "code")) == [("sampling[0].value", "number-as-text")]
    assert zh in problems[0].message_zh and en in problems[0].message_en


def _all_case_problems(root: Path) -> list[Problem]:
    return [p for i, name in enumerate(sorted(CASES)) for p in problems_of(name, root / str(i))]


_CJK = set(range(0x4E00, 0xA000))


def test_every_message_is_complete_in_both_languages(tmp_path: Path) -> None:
    """Non-empty zh (with Chinese) and en (with Latin letters), and no template field left blank."""
    problems = _all_case_problems(tmp_path)
    assert len(problems) >= len(CASES)
    for p in problems:
        assert p.message_zh.strip() and p.message_en.strip(), p
        assert any(ord(c) in _CJK for c in p.message_zh), p.message_zh
        assert any(c.isascii() and c.isalpha() for c in p.message_en), p.message_en
        for template in (p.kind.zh, p.kind.en):
            needed = {field for _, field, _, _ in string.Formatter().parse(template) if field}
            assert needed <= set(p.params), (p.code, needed - set(p.params))


def test_catalogue_entries_are_bilingual() -> None:
    for code, kind in KINDS.items():
        assert kind.code == code
        assert all((kind.title_zh, kind.title_en, kind.zh, kind.en)), code
        assert any(ord(c) in _CJK for c in kind.title_zh + kind.zh), code


# ---------------------------------------------------------------- all problems, sorted
def test_several_problems_in_one_file_are_all_reported_sorted_by_line(tmp_path: Path) -> None:
    """Found in different passes (schema, references, quotes), reported in line order."""
    problems = validate_dataset(install("several.yaml", tmp_path)).problems
    assert flatten(problems) == CASES["several.yaml"]
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_problems_in_several_files_are_sorted_by_file_then_line(tmp_path: Path) -> None:
    cities = {"bcity": broken_fixture("several.yaml").replace("slug: testcity", "slug: bcity"),
              "acity": broken_fixture("unknown-field.yaml").replace("slug: testcity", "slug: acity")
              .replace("test-review", "a-review").replace("document: a-review.txt", f"document: {DOCUMENT_NAME}")}
    problems = validate_dataset(write_data_folder(tmp_path, cities=cities)).problems
    assert [(p.file, p.line) for p in problems] == [
        ("data/cities/acity.yaml", 5), ("data/cities/acity.yaml", 7),
        ("data/cities/bcity.yaml", 4), ("data/cities/bcity.yaml", 7), ("data/cities/bcity.yaml", 14),
        ("data/cities/bcity.yaml", 20), ("data/cities/bcity.yaml", 21)]


def test_one_broken_file_does_not_hide_problems_in_another(tmp_path: Path) -> None:
    cities = {"testcity": broken_fixture("yaml-syntax.yaml"),
              "zcity": broken_fixture("value-not-in-quote.yaml").replace("slug: testcity", "slug: zcity")
              .replace("id: test-review", "id: z-review").replace("source: test-review", "source: z-review")}
    assert flatten(run_check(write_data_folder(tmp_path, cities=cities)), ("file", "code")) == [
        (F, "yaml-syntax"), ("data/cities/zcity.yaml", "value-not-in-quote")]


# ---------------------------------------------------------------- known validator bugs
#: fixture -> (expected problems as (file, line, column, path, code), why the current output is wrong)
FIXED_CASES: dict[str, tuple[list[tuple[str, int, int, str, str]], str]] = {
    "wrong-type-root-list.yaml": (
        [(F, 2, 1, "", "wrong-type")],
        "a city file whose top level is a list crashes validate_dataset (_partial_city unpacks the "
        "list items as key/value pairs: TypeError) instead of reporting wrong-type"),
    "wrong-type-root-text.yaml": (
        [(F, 2, 1, "", "wrong-type")],
        "a city file whose top level is plain text crashes validate_dataset (_partial_city iterates "
        "the characters: ValueError) instead of reporting wrong-type"),
    "unknown-value-source-kind.yaml": (
        [(F, 12, 11, "sources[0].kind", "unknown-value")],
        "any problem inside a source record drops the source, so every figure citing it also gets a "
        "false unknown-source ('\"test-review\" does not exist. Known sources: —')"),
    "missing-document.yaml": (
        [(F, 14, 15, "sources[0].document", "missing-document")],
        "missing-document is reported with path 'document' instead of the full field path "
        "'sources[0].document' that every other problem uses"),
    "missing-document-unquoted.yaml": (
        [(F, 18, 15, "sources[1].document", "missing-document")],
        "a source whose document file does not exist is only reported when some quote cites it; "
        "a declared but missing document passes silently"),
    "invalid-date-review-precision.yaml": (
        [(F, 15, 10, "reviews[0].end", "invalid-period")],
        "_check_dates only compares start/end of the same precision: end 2022-05 before start "
        "2022-06-09 passes"),
    "yaml-syntax-unclosed-quote.yaml": (
        [(F, 3, 21, "", "yaml-syntax")],
        "an unclosed quote is reported at the end of the stream (line 4, past the last line) instead "
        "of where the quote opens (line 3): load.parse_yaml prefers problem_mark over context_mark"),
}


@pytest.mark.parametrize("name", list(FIXED_CASES))
def test_fixed_bug(name: str, tmp_path: Path) -> None:
    """Cases that once went wrong (the reason says how), each with its exact report."""
    assert flatten(problems_of(name, tmp_path)) == FIXED_CASES[name][0]


def test_empty_quote_message_does_not_contradict_itself(tmp_path: Path) -> None:
    problems = problems_of("wrong-type-empty-quote.yaml", tmp_path)
    # a blank quote is a missing one: one problem, saying what is needed
    assert flatten(problems) == [(F, 9, 12, "sampling[0].quote", "missing-source")]
    assert "expected text, got text" not in problems[0].message_en
    assert "期望文本，实际为文本" not in problems[0].message_zh


def test_blank_required_text_is_one_empty_text_problem(tmp_path: Path) -> None:
    text = VALID_CITY_FILE.read_text(encoding="utf-8").replace(
        "    title: {zh: 测试市初评情况, en: Review of Test City}", "    title:")
    problems = run_check(write_data_folder(tmp_path, cities={"testcity": text}))
    assert flatten(problems) == [(F, 13, 5, "sources[0].title", "empty-text")]
    assert "\"title\" (title)" in problems[0].message_en


def test_control_character_is_reported_on_its_line(tmp_path: Path) -> None:
    text = VALID_CITY_FILE.read_text(encoding="utf-8").replace("en: Test City}", "en: Test\x07City}")
    problems = run_check(write_data_folder(tmp_path, cities={"testcity": text}))
    assert flatten(problems, ("file", "line", "code")) == [(F, 3, "yaml-syntax")]


def test_document_not_utf8_is_reported_not_raised(tmp_path: Path) -> None:
    data = write_data_folder(tmp_path, documents={DOCUMENT_NAME: DOCUMENT_TEXT.encode("gbk")})
    problems = run_check(data)
    assert flatten(problems) == [(F, 17, 13, "sources[0].document", "document-encoding")]


def test_changelog_unknown_city_is_not_called_a_source(data_folder) -> None:
    changelog = (BROKEN.parent / "changelog" / "unknown-city.yaml").read_text(encoding="utf-8")
    problems = run_check(data_folder(changelog=changelog))
    assert flatten(problems) == [("data/changelog.yaml", 8, 9, "changes[0].cities[1]", "unknown-city")]
    assert "source" not in problems[0].message_en and "来源" not in problems[0].message_zh
    assert "city" in problems[0].message_en


# ---------------------------------------------------------------- complaints closed against received
def _complaints(received: dict, closed: dict) -> dict:
    base = {"source": "test-review", "unit": "case_jian"}
    return valid_city(complaints=[
        {**base, "metric": "complaints_received", "value": 120, "period": 2021, "quote": "受理投诉举报120件",
         **received},
        {**base, "metric": "complaints_closed", "value": 130, "period": 2021, "quote": "办结130件", **closed}])


@pytest.mark.parametrize("received, closed, expected", [
    ({}, {}, [("complaints[1].value", "inconsistent-totals")]),
    ({}, {"value": 120, "quote": "受理投诉举报120件"}, []),  # all closed: as many as received
    ({}, {"period": 2020, "quote": "办结130件"}, []),  # another year
    ({"scope": {"zh": "全市", "en": "city-wide"}}, {}, []),  # another scope
    ({"channels": ["12315"]}, {}, []),  # other channels
    ({"channels": ["12315", "12345"]}, {"channels": ["12345", "12315"]}, [("complaints[1].value",
                                                                         "inconsistent-totals")]),  # same, any order
])
def test_complaints_closed_are_held_against_received_of_the_same_period_scope_and_channels(
        data_folder, received: dict, closed: dict, expected: list) -> None:
    problems = run_check(data_folder(cities={"testcity": _complaints(received, closed)}))
    assert flatten(problems, ("path", "code")) == expected
    if expected:
        assert "130 closed but only 120 received" in problems[0].message_en
        assert "办结 130 件，多于受理的 120 件" in problems[0].message_zh


# ---------------------------------------------------------------- a preview's re-validation (reuse)
def test_a_preview_rechecks_quotes_when_only_a_document_changes(tmp_path: Path) -> None:
    """With a preview's memo, an unchanged city file keeps its findings only while its documents are unchanged."""
    data, memo = write_data_folder(tmp_path), ValidationMemo()
    assert validate_dataset(data, memo).problems == []
    document = data / "documents" / DOCUMENT_NAME
    document.write_text(DOCUMENT_TEXT.replace("99.7%", "99.8%"), encoding="utf-8")
    assert flatten(validate_dataset(data, memo).problems, ("path", "code")) == [
        ("sampling[0].quote", "quote-not-found")]
    document.write_text(DOCUMENT_TEXT, encoding="utf-8")
    assert validate_dataset(data, memo).problems == []
    (data / "cities" / "testcity.yaml").write_text(
        (data / "cities" / "testcity.yaml").read_text(encoding="utf-8").replace("document: test-review.txt",
                                                                                "document: other.txt"),
        encoding="utf-8")
    (data / "documents" / "other.txt").write_text("另一份文件", encoding="utf-8")
    assert flatten(validate_dataset(data, memo).problems, ("path", "code")) == [
        ("sampling[0].quote", "quote-not-found")]


def test_a_preview_rechecks_only_the_cities_quoting_an_edited_document(tmp_path: Path) -> None:
    """Editing one document re-checks the quotes of the cities that cite it, not every city's."""
    data = write_data_folder(tmp_path, cities={slug: own_city(slug, f"{slug}.txt") for slug in ("aaa", "bbb")},
                             documents={"aaa.txt": DOCUMENT_TEXT, "bbb.txt": DOCUMENT_TEXT})
    memo = ValidationMemo()
    assert validate_dataset(data, memo).problems == []
    kept = dict(memo.quotes)
    (data / "documents" / "aaa.txt").write_text(DOCUMENT_TEXT.replace("99.7%", "99.8%"), encoding="utf-8")
    assert flatten(validate_dataset(data, memo).problems, ("file", "code")) == [
        ("data/cities/aaa.yaml", "quote-not-found")]
    assert memo.quotes["data/cities/bbb.yaml"] is kept["data/cities/bbb.yaml"]  # not checked again
    assert memo.quotes["data/cities/aaa.yaml"] is not kept["data/cities/aaa.yaml"]


def test_a_data_folder_without_a_city_folder_is_a_problem_not_a_site_of_no_cities(tmp_path: Path) -> None:
    """`--data` naming the wrong folder would otherwise build and publish a site whose every page is empty."""
    from generator.validate import stream_dataset

    (tmp_path / "documents").mkdir()
    stream = stream_dataset(tmp_path)
    assert list(stream.cities()) == [] and not stream.ok
    for found in (validate_dataset(tmp_path).problems, stream.data.problems):
        assert [(p.file, p.line, p.code) for p in found] == [(f"{tmp_path.name}/cities", 1, "no-city-folder")]
        assert "cities/" in found[0].message_zh and "--data" in found[0].message_en
