"""The W3C Nu HTML Checker (vnu-jar, run with Java) finds no error in any built page,
and every page carries a Content-Security-Policy that admits only the site's own scripts."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def html_files(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def test_nu_checker_finds_no_error(site_dir: Path) -> None:
    java = shutil.which("java")
    assert java and VNU.is_file(), "Java or node_modules/vnu-jar is missing: run `make browser-deps`"
    files = html_files(site_dir)
    assert len(files) > 40
    # One JVM for every file; vnu exits 1 when it reports errors and prints its JSON to stderr.
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stderr or run.stdout)
    errors = [f"{Path(m['url'].removeprefix('file:')).relative_to(site_dir)}:{m.get('lastLine')}: {m['message']}"
              for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == []
    assert run.returncode == 0


def policy(path: Path) -> dict[str, list[str]]:
    """The page's CSP as directive -> values (exactly one meta, or the test fails)."""
    found = CSP.findall(path.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{path}: {len(found)} CSP meta tags"
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in found[0].split(";")) if d}


def test_every_page_limits_scripts_to_the_site(site_dir: Path) -> None:
    wrong = {}
    for path in html_files(site_dir):
        rules = policy(path)
        scripts = rules.get("script-src", [])
        allowed = scripts[:1] == ["'self'"] and all(re.fullmatch(r"'sha(256|384|512)-[A-Za-z0-9+/=]+'", s)
                                                    for s in scripts[1:])
        if not allowed or rules.get("default-src") != ["'self'"] or rules.get("object-src") != ["'none'"] \
                or rules.get("base-uri") != ["'self'"]:
            wrong[str(path.relative_to(site_dir))] = rules
    assert wrong == {}
