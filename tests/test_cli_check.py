"""`portal check` and `portal schema` as staff and CI run them: in a subprocess.

Also keeps the editor hints honest: the committed JSON Schema must be current
and must accept the real city files.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import BROKEN, CITY, REAL_DATA, ROOT, VALID_CITY_FILE, broken_fixture, run_check, write_data_folder

PORTAL = [sys.executable, "-m", "generator.cli"]
SCHEMA_DIR = REAL_DATA / "schema"


def portal(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*PORTAL, *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=60)


# ---------------------------------------------------------------- exit codes
def test_check_passes_on_the_real_data() -> None:
    """The committed data must be valid (colleagues mid-edit may break this for a while)."""
    result = portal("check")  # exactly what staff type, from the repository root
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "未发现问题 / " in result.stderr and "no problems" in result.stderr


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with five problems in one city file (tests/fixtures/broken/several.yaml)."""
    return write_data_folder(tmp_path_factory.mktemp("cli"), cities={"testcity": broken_fixture("several.yaml")})


@pytest.fixture(scope="module")
def expected(broken: Path) -> list:
    problems = run_check(broken)
    assert len(problems) == 5
    return problems


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_fails_on_broken_data(fmt: str, broken: Path) -> None:
    assert portal("--data", str(broken), "check", "--format", fmt).returncode == 1


def test_check_passes_on_a_valid_folder(tmp_path: Path) -> None:
    data = write_data_folder(tmp_path, cities={"testcity": VALID_CITY_FILE.read_text(encoding="utf-8")})
    result = portal("--data", str(data), "check", "--format", "github")
    assert (result.returncode, result.stdout) == (0, "")


def test_check_fails_on_a_missing_data_folder(tmp_path: Path) -> None:
    result = portal("--data", str(tmp_path / "no-such-data"), "check")
    assert (result.returncode, result.stdout) == (2, "")
    assert f"{tmp_path / 'no-such-data'}/cities" in result.stderr


# ---------------------------------------------------------------- the three formats
def test_text_format(broken: Path, expected: list) -> None:
    result = portal("--data", str(broken), "check")
    lines = result.stdout.splitlines()
    assert len(lines) == 3 * len(expected)
    for i, p in enumerate(expected):
        head, zh, en = lines[3 * i: 3 * i + 3]
        assert head == f"{p.file}:{p.line}:{p.column}  {p.code}  {p.path or '(file)'}"
        assert zh == f"    {p.message_zh}"
        assert en == f"    {p.message_en}"
    assert lines[3:6] == [
        f"{CITY}:7:12  number-as-text  sampling[0].value",
        "    期望数字，实际为文本 “99.7%”。请只填数字，不带百分号。",
        '    expected a number, got text "99.7%". Digits only, no % sign.',
    ]
    assert "✗ 5 个问题 / 5 problem(s) in 1 file(s)" in result.stderr


GITHUB = re.compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
                    r"title=(?P<title>[^:]+)::(?P<message>.+)$")


def test_github_format(broken: Path, expected: list) -> None:
    lines = portal("--data", str(broken), "check", "--format", "github").stdout.splitlines()
    assert len(lines) == len(expected)  # one workflow command per problem: newlines are escaped
    for line, p in zip(lines, expected, strict=True):
        match = GITHUB.match(line)
        assert match, line
        assert (match["file"], int(match["line"]), int(match["col"])) == (p.file, p.line, p.column)
        assert match["title"] == f"{p.code} ({p.kind.title_en})"
        # GitHub's escaping of a message: % first, then line breaks
        assert match["message"] == f"{p.path}: {p.message_zh}\n{p.message_en}".replace("%", "%25").replace(
            "\n", "%0A")
    assert lines[1].startswith(f"::error file={CITY},line=7,col=12,title=number-as-text (number written as text)::"
                               "sampling[0].value: 期望数字")
    assert "99.7%25" in lines[1]  # a literal % is escaped, or GitHub would read it as an escape


def test_json_format(broken: Path, expected: list) -> None:
    result = portal("--data", str(broken), "check", "--format", "json")
    problems = json.loads(result.stdout)
    assert [set(p) for p in problems] == [{"file", "line", "column", "path", "code", "message_zh", "message_en"}] * 5
    assert problems == [p.as_dict() for p in expected]
    assert problems[1] == {"file": CITY, "line": 7, "column": 12, "path": "sampling[0].value",
                           "code": "number-as-text",
                           "message_zh": "期望数字，实际为文本 “99.7%”。请只填数字，不带百分号。",
                           "message_en": 'expected a number, got text "99.7%". Digits only, no % sign.'}


def test_json_format_is_an_empty_list_when_valid(tmp_path: Path) -> None:
    """Tools parse the output whatever happens: no problems is `[]`, not nothing."""
    data = write_data_folder(tmp_path, cities={"testcity": VALID_CITY_FILE.read_text(encoding="utf-8")})
    result = portal("--data", str(data), "check", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


# ---------------------------------------------------------------- JSON Schema for editors
def test_schema_check_passes_on_the_committed_schema() -> None:
    result = portal("--data", "data", "schema", "--check")
    assert result.returncode == 0, result.stderr


def test_schema_check_fails_on_a_stale_schema(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SCHEMA_DIR, data / "schema")
    stale = data / "schema" / "city.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace('"slug"', '"slogan"', 1), encoding="utf-8")
    before = stale.read_bytes()
    result = portal("--data", str(data), "schema", "--check")
    assert result.returncode == 1
    assert "city.schema.json" in result.stderr and "changelog.schema.json" not in result.stderr
    assert stale.read_bytes() == before  # --check never writes


class _DatesAsText(yaml.SafeLoader):
    """Reads 2022-06-09 as the text it is, as the validator does, instead of a datetime.date."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_yaml(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText)  # noqa: S506 - a SafeLoader


@pytest.fixture(scope="module")
def city_schema() -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / "city.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: jsonschema.Draft202012Validator, document: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


REAL_CITIES = sorted((REAL_DATA / "cities").glob("*.y*ml"))


def test_there_are_real_city_files() -> None:
    assert REAL_CITIES


@pytest.mark.parametrize("path", REAL_CITIES, ids=[p.stem for p in REAL_CITIES])
def test_json_schema_accepts_real_city_file(path: Path, city_schema) -> None:
    assert _errors(city_schema, load_yaml(path)) == []


def test_json_schema_accepts_real_changelog() -> None:
    path = REAL_DATA / "changelog.yaml"
    if not path.exists():
        pytest.skip("no data/changelog.yaml yet")
    schema = json.loads((SCHEMA_DIR / "changelog.schema.json").read_text(encoding="utf-8"))
    assert _errors(jsonschema.Draft202012Validator(schema), load_yaml(path)) == []


def test_json_schema_accepts_the_valid_fixture(city_schema) -> None:
    assert _errors(city_schema, load_yaml(VALID_CITY_FILE)) == []


#: Broken fixtures whose problem JSON Schema can express, so an editor underlines it too: fixture ->
#: every error as (field path, JSON Schema keyword, what the message names), at the field the
#: validator reports (or its parent object, for a missing or unknown key).
EDITOR_CATCHES: dict[str, list[tuple[str, str, str]]] = {
    "unknown-field.yaml": [("sampling/0", "additionalProperties", "'perod'"), ("sampling/0", "required", "'period'")],
    "missing-field.yaml": [("", "required", "'name'")],
    "wrong-type.yaml": [("name", "type", "'object'"), ("sampling/0/period", "anyOf", "True")],
    "number-as-text-percent.yaml": [("sampling/0/value", "type", "'99.7%'")],
    "number-as-text-fullwidth.yaml": [("sampling/0/value", "type", "'９９.７'")],
    "out-of-range-year.yaml": [("sampling/0/period", "anyOf", "1800")],
    "unknown-value.yaml": [("sampling/0/metric", "enum", "'supervison_pass_rate'")],
    "invalid-slug-non-ascii.yaml": [("slug", "pattern", "'测试市'")],
    "invalid-slug-path.yaml": [("slug", "pattern", "'../testcity'")],
    "missing-source.yaml": [("sampling/0", "required", "'source'"), ("sampling/1", "required", "'quote'")],
    "missing-translation.yaml": [("name", "required", "'zh'"), ("sampling/0/scope/en", "minLength", "''")],
}


@pytest.mark.parametrize("name", list(EDITOR_CATCHES))
def test_json_schema_rejects_broken_fixture(name: str, city_schema) -> None:
    errors = sorted(city_schema.iter_errors(load_yaml(BROKEN / name)), key=lambda e: (list(e.absolute_path), e.validator))
    found = [("/".join(map(str, e.absolute_path)), e.validator) for e in errors]
    assert found == [(path, keyword) for path, keyword, _ in EDITOR_CATCHES[name]]
    for error, (_, _, named) in zip(errors, EDITOR_CATCHES[name], strict=True):
        assert named in error.message, error.message
