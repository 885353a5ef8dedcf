"""The files that make up the staff workflow stay true: the pull-request workflow, the pre-commit
hook, the editor settings and CONTRIBUTING.md.

The workflow must be valid GitHub Actions syntax and run only the project's own commands; the
pre-commit hook must really reject bad data; the editor must find the schema and every field's
explanation in both languages; the `portal check` output shown in CONTRIBUTING.md must be what
`portal check` prints today.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from typing import Any

import pytest
import yaml
from conftest import BROKEN, REAL_DATA, ROOT, write_data_folder

from generator.cli import build_parser
from generator.validate import CHANGELOG_FILE, CITY_DIR

WORKFLOW = ROOT / ".github" / "workflows" / "pr.yml"
PRECOMMIT = ROOT / ".pre-commit-config.yaml"
SETTINGS = ROOT / ".vscode" / "settings.json"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
PORTAL = ".venv/bin/portal"
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2}")


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([a-z][\w-]*):", text, re.M)}


def parses_as_portal(words: list[str]) -> None:
    """A `portal …` command line as the real CLI reads it; argparse exits on an unknown command or option."""
    build_parser().parse_args(words)


# ---------------------------------------------------------------- the pull-request workflow
@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_workflow_is_valid_github_actions_syntax():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_on_pull_requests_with_jobs_and_steps(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert job["runs-on"] and job["steps"]
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step


def test_workflow_runs_only_the_projects_own_commands(workflow):
    targets = make_targets()
    commands = [line.strip() for step in steps(workflow) if "run" in step
                for line in step["run"].splitlines() if line.strip()]
    assert commands
    for command in commands:
        words = shlex.split(command.split(">>")[0])
        assert words[0] in ("make", PORTAL), command
        if words[0] == "make":
            assert set(words[1:]) <= targets, command
        else:
            parses_as_portal([w.replace("$BASE_REF", "main") for w in words[1:]])
    made = {w for c in commands if c.startswith("make ") for w in c.split()[1:]}
    assert {"check", "test", "site"} <= made


def test_workflow_annotates_posts_the_diff_and_keeps_the_site(workflow):
    runs = [step.get("run", "") for step in steps(workflow)]
    assert f"{PORTAL} check --format github" in runs
    diff = next(step for step in steps(workflow) if "portal diff" in step.get("run", ""))
    assert diff["run"] == f'{PORTAL} diff "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"'
    assert diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    checkout = next(step for step in steps(workflow) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch must be there for portal diff
    upload = next(step for step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert runs.index("make site") < steps(workflow).index(upload)


# ---------------------------------------------------------------- pre-commit
def hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load(PRECOMMIT.read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]


def test_precommit_hook_runs_the_validator_on_data_changes():
    hook = next(h for h in hooks() if h["id"] == "portal-check")
    words = shlex.split(hook["entry"])
    assert words[0] == PORTAL and hook["language"] == "system" and hook["pass_filenames"] is False
    parses_as_portal(words[1:])
    files = re.compile(hook["files"])
    assert files.search("data/cities/xining.yaml") and files.search("data/changelog.yaml")
    assert not files.search("generator/validate.py")


def test_precommit_hook_entry_rejects_bad_data_and_accepts_good(tmp_path):
    hook = next(h for h in hooks() if h["id"] == "portal-check")
    words = shlex.split(hook["entry"])
    command = [sys.executable, "-m", "generator.cli", *words[1:]]  # what .venv/bin/portal runs
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    good = write_data_folder(tmp_path / "good")
    assert subprocess.run(command, cwd=good.parent, capture_output=True, timeout=60, env=env).returncode == 0
    broken = (BROKEN / "number-as-text-percent.yaml").read_text(encoding="utf-8")
    bad = write_data_folder(tmp_path / "bad", cities={"testcity": broken})
    result = subprocess.run(command, cwd=bad.parent, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "data/cities/testcity.yaml:6:12  number-as-text  sampling[0].value"


# ---------------------------------------------------------------- editor support
def test_editor_maps_the_schemas_to_the_data_files():
    settings = json.loads(SETTINGS.read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema, globs in mapping.items():
        assert (ROOT / schema).is_file(), schema
        assert globs
    city_globs = mapping["./data/schema/city.schema.json"]
    assert all(any(path.match(g) for g in city_globs) for path in (REAL_DATA / CITY_DIR).glob("*.yaml"))
    assert f"data/{CHANGELOG_FILE}" in mapping["./data/schema/changelog.schema.json"]


def properties(schema: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every property of a JSON Schema, however deeply nested, with its path."""
    found = []
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            found.append((f"{path}.{name}", sub))
        for key, sub in schema.items():
            found += properties(sub, f"{path}.{key}" if key != "properties" else path)
    elif isinstance(schema, list):
        for sub in schema:
            found += properties(sub, path)
    return found


@pytest.mark.parametrize("name", ["city.schema.json", "changelog.schema.json"])
def test_every_field_explains_itself_in_both_languages_on_hover(name):
    schema = json.loads((REAL_DATA / "schema" / name).read_text(encoding="utf-8"))
    fields = properties(schema)
    assert len(fields) > 20 or name.startswith("changelog")
    missing = [path for path, sub in fields if "const" not in sub
               and not (CJK.search(sub.get("description", "")) and LATIN.search(sub.get("description", "")))]
    assert missing == []


# ---------------------------------------------------------------- CONTRIBUTING.md
def example_blocks(marker: str) -> list[str]:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    pattern = rf"<!-- example: {marker} -->\n```\w*\n(.*?)```"
    return re.findall(pattern, text, re.S)


def test_contributing_shows_what_portal_check_really_prints(tmp_path, capsys):
    from generator.cli import main

    (example,) = example_blocks("check-input")
    data = write_data_folder(tmp_path, cities={"testcity": example})
    assert main(["--data", str(data), "check"]) == 1
    printed = capsys.readouterr().out
    shown = example_blocks("check-output")
    assert shown and all(block == printed for block in shown)
    english = CONTRIBUTING.read_text(encoding="utf-8").split("## English", 1)[1]
    assert printed in english  # the English section shows the same output


def test_contributing_commands_exist():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    lines = [line.split("#")[0].strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)
             for line in block.splitlines()]
    portal = [shlex.split(line)[1:] for line in lines if line.startswith("portal ")]
    assert {words[0] for words in portal} >= {"new-city", "new-review", "new-round", "new-source", "diff"}
    for words in portal:
        parses_as_portal(words)
    targets = make_targets()
    assert {line.split()[1] for line in lines if line.startswith("make ")} <= targets
    for section in ("## 中文", "## English"):
        assert section in text
    assert text.index("## 中文") < text.index("## English")
