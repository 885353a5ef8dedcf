"""`portal new-city`, `new-review`, `new-round`, `new-source` as staff use them.

A new city file must validate as written. A template added to an existing file must leave its
data and every existing line untouched; uncommented, it must add exactly one item in the right
place; left blank, every required field still to fill must be reported (once), blank optional fields
not at all; filled in, it must validate.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DOCUMENT_NAME, REAL_DATA, VALID_CITY_FILE, flatten, run_check, write_data_folder

from generator.cli import main
from generator.staff.yaml_insert import uncomment

#: What a staff member would type into the blanks, by field path (list indices left out).
FILL = {
    "sources.id": "test-review", "sources.kind": "provincial_review",
    "sources.title.zh": "测试市初评情况", "sources.title.en": "Review of Test City", "sources.document": DOCUMENT_NAME,
    "province.quote": "测试市是测试省省会", "province.source": "test-review",
    "timeline.date": "2022", "timeline.event": "provincial_review", "timeline.source": "test-review",
    "timeline.quote": "测试市创建国家食品安全示范城市省级初评情况",
    "sampling.metric": "supervision_pass_rate", "sampling.value": 99.7, "sampling.period": 2021,
    "sampling.source": "test-review", "sampling.quote": "2021年，食品安全监督抽检合格率达到99.7%",
    "reviews.id": "testcity-2022", "reviews.stage": "preliminary", "reviews.level": "provincial",
    "reviews.source": "test-review", "reviews.body.zh": "测试省", "reviews.body.en": "Test Province",
    "reviews.verdict.outcome": "passed", "reviews.verdict.summary.zh": "通过初评",
    "reviews.verdict.summary.en": "Passed the preliminary review",
    "reviews.verdict.quote": "测试市创建国家食品安全示范城市省级初评情况",
    "you_pick_we_test.rounds.id": "testcity-milk", "you_pick_we_test.rounds.title.zh": "你点我检：牛奶",
    "you_pick_we_test.rounds.title.en": "You pick, we test: milk", "you_pick_we_test.rounds.source": "test-review",
    "you_pick_we_test.rounds.quote": "群众投票选出牛奶，抽检3批次",
}


def portal(data: Path, *args: str) -> int:
    return main(["--data", str(data), *args])


def fill(value: Any, path: str = "") -> Any:
    """Fill the blanks from FILL; a blank that FILL does not know is an optional field, so delete it."""
    if isinstance(value, dict):
        out = {k: fill(v, f"{path}.{k}" if path else k) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None and v != [{}] and v != {}}
    if isinstance(value, list):
        return [fill(v, path) for v in value]
    return FILL.get(path) if value is None else value


def blanks(text: str) -> set[int]:
    """The 1-based lines of a YAML text whose value is left blank (`key:` followed by nothing or a comment)."""
    found = set()
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        body = line.split(" #")[0].rstrip()
        nested = number < len(lines) and len(lines[number]) - len(lines[number].lstrip(" -")) > len(line) - len(
            line.lstrip(" -"))
        if body.endswith(":") and not body.lstrip().startswith("#") and not nested:
            found.add(number)
    return found


def required_blanks(text: str) -> set[int]:
    """The blank lines staff must fill: those the template does not mark optional (可选 / optional), nor
    nest under such a field left wholly blank (a partly filled one, or a list's items, are checked).
    A blank optional field left from a template counts as not written."""
    lines = text.splitlines()
    optional: set[int] = set()
    under: int | None = None  # indentation of the optional field whose blank children are being skipped
    for number, line in enumerate(lines, 1):
        indent = len(line) - len(line.lstrip(" -"))
        if under is not None and indent <= under:
            under = None
        if under is not None or "可选 / optional" in line:
            optional.add(number)
            if under is None and _all_blank_below(lines, number - 1, indent):
                under = indent
    return blanks(text) - optional


def _all_blank_below(lines: list[str], at: int, indent: int) -> bool:
    """Whether the lines nested under lines[at] leave every field blank and start no list item
    (an optional field wholly blank is skipped; one partly filled, or a list's items, is checked)."""
    for line in lines[at + 1:]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) - len(line.lstrip(" -")) <= indent:
            return True
        body = line.split(" #")[0].rstrip()
        if line.lstrip().startswith("- ") or not body.endswith(":"):
            return False
    return True


def inserted(before: str, after: str) -> tuple[int, list[str]]:
    """Where the lines added to a file start (0-based) and what they are; the old lines must all remain."""
    old, new = before.splitlines(), after.splitlines()
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    count = len(new) - len(old)
    assert new[:start] + new[start + count:] == old, "an existing line was changed"
    return start, new[start:start + count]


# ---------------------------------------------------------------- new-city
def test_new_city_writes_a_valid_commented_skeleton(tmp_path, capsys):
    data = write_data_folder(tmp_path)
    assert portal(data, "new-city", "鄂尔多斯市", "--slug", "ordos", "--province", "内蒙古自治区") == 0
    path = data / "cities" / "ordos.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/city.schema.json"
    assert yaml.safe_load(text) == {"slug": "ordos", "name": {"zh": "鄂尔多斯市", "en": "Ordos"}, "sources": []}
    assert "#   zh: 内蒙古自治区" in text and "#   en: Inner Mongolia Autonomous Region" in text
    assert run_check(data) == []
    out = capsys.readouterr().out
    assert f"✓ {path} 通过校验。" in out and f"✓ {path} passes validation." in out


def test_new_city_templates_report_every_blank_then_validate_once_filled(tmp_path):
    data = write_data_folder(tmp_path)
    assert portal(data, "new-city", "测试二市", "--slug", "second", "--province", "测试省", "--province-en",
                  "Test Province", "--name-en", "Second City") == 0
    path = data / "cities" / "second.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("sources: []"))
    text = "\n".join(lines[:at] + uncomment(lines[at + 1:], 0)) + "\n"  # staff uncomment everything
    path.write_text(text, encoding="utf-8")
    problems = [p for p in run_check(data) if p.file.endswith("second.yaml")]
    assert {p.line for p in problems} == required_blanks(text)
    assert {p.code for p in problems} <= {"empty-text", "missing-source", "missing-translation"}
    filled = fill(yaml.safe_load(text))
    path.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (data / "cities" / "testcity.yaml").unlink()  # the filled template reuses the fixture's source id
    assert run_check(data) == []
    assert filled["province"]["en"] == "Test Province" and filled["sampling"][0]["value"] == 99.7


def test_new_city_never_overwrites(tmp_path, capsys):
    data = write_data_folder(tmp_path)
    before = (data / "cities" / "testcity.yaml").read_bytes()
    assert portal(data, "new-city", "测试市", "--slug", "testcity") == 1
    assert (data / "cities" / "testcity.yaml").read_bytes() == before
    err = capsys.readouterr().err
    assert "已存在，未做任何改动" in err and "already exists; nothing was changed" in err


@pytest.mark.parametrize(("args", "code", "words"), [
    (["鄂尔多斯", "--slug", "鄂尔多斯"], 2, "is not valid"),
    (["鄂尔多斯", "--slug", "Ordos"], 2, "is not valid"),
    (["鄂尔多斯", "--slug", "index"], 2, "reserves"),
    (["鄂尔多斯", "--slug", "ordos", "--name-en", "鄂尔多斯"], 1, "wrong-language"),
    (["<b>鄂尔多斯</b>", "--slug", "ordos"], 1, "unsafe-text"),
])
def test_new_city_refuses_bad_input_and_writes_nothing(tmp_path, capsys, args, code, words):
    data = write_data_folder(tmp_path)
    assert portal(data, "new-city", *args) == code
    assert sorted(p.name for p in (data / "cities").iterdir()) == ["testcity.yaml"]
    assert words in capsys.readouterr().err


# ---------------------------------------------------------------- templates added to existing files
def add(data: Path, command: str, slug: str = "testcity") -> tuple[str, str]:
    path = data / "cities" / f"{slug}.yaml"
    before = path.read_text(encoding="utf-8")
    assert portal(data, command, slug) == 0
    return before, path.read_text(encoding="utf-8")


def uncommented(before: str, after: str) -> str:
    start, block = inserted(before, after)
    column = len(block[0]) - len(block[0].lstrip())
    lines = after.splitlines()
    return "\n".join(lines[:start] + uncomment(block, column) + lines[start + len(block):]) + "\n"


CASES = {
    "new-review": (("reviews",), "id"),
    "new-round": (("you_pick_we_test", "rounds"), "id"),
    "new-source": (("sources",), "id"),
}


def items(data: dict[str, Any], path: tuple[str, ...]) -> list[Any]:
    for key in path:
        data = (data or {}).get(key) or {}
    return data or []  # type: ignore[return-value]


@pytest.mark.parametrize("command", sorted(CASES))
def test_template_is_comments_only_then_fills_in_as_one_new_item(tmp_path, command):
    data = write_data_folder(tmp_path)
    path = data / "cities" / "testcity.yaml"
    before, after = add(data, command)
    assert yaml.safe_load(after) == yaml.safe_load(before)
    assert run_check(data) == []
    text = uncommented(before, after)
    list_path, key = CASES[command]
    assert len(items(yaml.safe_load(text), list_path)) == len(items(yaml.safe_load(before), list_path)) + 1
    path.write_text(text, encoding="utf-8")
    problems = run_check(data)
    assert problems and {p.line for p in problems} == required_blanks(text) - blanks(before)
    filled = fill(yaml.safe_load(text))
    if command == "new-source":  # a second source needs its own id
        filled["sources"][-1]["id"] = "test-review-2"
    path.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run_check(data) == []


def test_review_goes_inside_an_existing_list_before_what_follows(tmp_path):
    review = ("reviews:\n  - id: testcity-first\n    stage: preliminary\n    level: provincial\n"
              "    source: test-review\n    body: {zh: 测试省, en: Test Province}\n"
              "    verdict:\n      outcome: pending\n      summary: {zh: 尚无结论, en: No verdict yet}\n"
              "      quote: 测试市创建国家食品安全示范城市省级初评情况\n\n  # 以下为来源 / sources follow\n")
    text = VALID_CITY_FILE.read_text(encoding="utf-8").replace("sources:\n", review + "sources:\n")
    data = write_data_folder(tmp_path, cities={"testcity": text})
    before, after = add(data, "new-review")
    start, block = inserted(before, after)
    assert before.splitlines()[start - 1].endswith("省级初评情况")  # right after the last review
    assert block[0].startswith("  ## ") and any(line.startswith("  # - id:") for line in block)
    result = yaml.safe_load(uncommented(before, after))
    assert [r["id"] for r in result["reviews"]] == ["testcity-first", None]
    assert len(result["sources"]) == 1


def test_round_goes_under_an_existing_you_pick_we_test(tmp_path):
    practice = ("you_pick_we_test:\n  practices:\n    - description: {zh: 群众点单, en: The public chooses}\n"
                "      source: test-review\n      quote: 群众投票选出牛奶\n")
    text = VALID_CITY_FILE.read_text(encoding="utf-8").replace("sources:\n", practice + "sources:\n")
    data = write_data_folder(tmp_path, cities={"testcity": text})
    before, after = add(data, "new-round")
    result = yaml.safe_load(uncommented(before, after))
    assert len(result["you_pick_we_test"]["practices"]) == 1
    assert [r["id"] for r in result["you_pick_we_test"]["rounds"]] == [None]


def test_a_flow_style_list_gets_the_template_printed_and_the_file_left_alone(tmp_path, capsys):
    text = VALID_CITY_FILE.read_text(encoding="utf-8") + "reviews: []\n"
    data = write_data_folder(tmp_path, cities={"testcity": text})
    before, after = add(data, "new-review")
    assert after == before
    captured = capsys.readouterr()
    assert "无法安全地自动插入" in captured.err and "Cannot insert" in captured.err
    assert captured.out.splitlines()[-1].startswith("#")
    assert yaml.safe_load("\n".join(uncomment(captured.out.splitlines(), 0)))["reviews"][0]["id"] is None


def test_crlf_files_keep_their_line_endings(tmp_path):
    text = VALID_CITY_FILE.read_text(encoding="utf-8").replace("\n", "\r\n")
    data = write_data_folder(tmp_path, cities={"testcity": text.encode("utf-8")})
    assert portal(data, "new-review", "testcity") == 0
    raw = (data / "cities" / "testcity.yaml").read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") and raw.startswith(text.encode("utf-8"))
    assert run_check(data) == []


def test_unknown_city_is_named_with_the_known_ones(tmp_path, capsys):
    data = write_data_folder(tmp_path)
    assert portal(data, "new-round", "nowhere") == 2
    err = capsys.readouterr().err
    assert "已有城市：testcity" in err and "Cities: testcity" in err


@pytest.mark.parametrize("slug", sorted(p.stem for p in (REAL_DATA / "cities").glob("*.yaml")))
def test_templates_fit_every_real_city_file(tmp_path, slug):
    """The real files, with their comments, block scalars and layouts, stay byte-for-byte intact."""
    data = tmp_path / "data"
    shutil.copytree(REAL_DATA / "documents", data / "documents")
    (data / "cities").mkdir()
    shutil.copy(REAL_DATA / "cities" / f"{slug}.yaml", data / "cities")
    problems_before = flatten(run_check(data))
    for command, (list_path, _) in CASES.items():
        before, after = add(data, command, slug)
        assert yaml.safe_load(after) == yaml.safe_load(before)
        if after == before:
            # Only where the list is still the flow-style `[]` of a fresh `portal new-city` file may the
            # command decline (it prints the template to paste instead); a list with items must take it.
            assert items(yaml.safe_load(before), list_path) == [] and f"{list_path[-1]}: []" in before, command
            continue
        counts = len(items(yaml.safe_load(before), list_path)), len(items(yaml.safe_load(uncommented(before, after)),
                                                                         list_path))
        assert counts[1] == counts[0] + 1, command
    assert flatten(run_check(data)) == problems_before
