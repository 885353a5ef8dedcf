"""The GitHub Pages workflow: valid Actions syntax, the official Pages actions with the
permissions they need, and the README's own build command."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "publish.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_is_valid_github_actions_syntax() -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploys_main_to_pages_with_the_official_actions(workflow: dict[Any, Any]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert runs == ["make site"]
    uses = [step["uses"].split("@")[0] for step in build["steps"] if "uses" in step]
    assert uses[-1] == "actions/upload-pages-artifact"
    upload = build["steps"][-1]
    assert upload["with"]["path"].rstrip("/") == "site"
    site_step = next(step for step in build["steps"] if step.get("run") == "make site")
    assert "PORTAL_SITE_URL" in site_step["env"], "the canonical address comes from the Pages URL"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
