"""No broken internal link: linkchecker crawls the served site from the home page (both
languages are linked from it), following every internal link and checking every #anchor.
Outside links are listed by linkchecker but never requested."""
from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from .support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]

LINKCHECKER = ROOT / ".venv" / "bin" / "linkchecker"
CONFIG = """[checking]
threads=4
maxrequestspersecond=100
[filtering]
checkextern=0
# the charts' embed pages (one per chart and language) are checked by test_embed.py: their link back
# and that each chart's embed page exists; fetching every one of them here doubled this check's time
ignore=
  /embed/
[output]
warnings=1
[AnchorCheck]
"""


def test_no_broken_internal_link(site_url: str, tmp_path: Path) -> None:
    assert LINKCHECKER.is_file(), "linkchecker is missing from .venv: run `make deps`"
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    run = subprocess.run([str(LINKCHECKER), "-f", str(config), "--no-status", "-o", "csv", site_url],
                         capture_output=True, text=True, timeout=420)  # ~900 pages with the charts' embeds
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in run.stdout.splitlines()
                                                     if not line.startswith("#"))), delimiter=";"))
    broken = [f"{r['parentname']} -> {r['urlname']}: {r['result']} {r['warningstring']}" for r in rows]
    assert broken == []
    assert run.returncode == 0, run.stderr[-2000:]
