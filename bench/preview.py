"""How long `make serve` (`portal serve`) takes to show an edited figure.

It starts the preview server on a benchmark project, waits for the first build, then
changes one figure in a city file (and the sentence it quotes in the source document,
so the data stays valid) and polls the city page until the new value appears.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.project import ROOT

CITY = "city-0001"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(url: str, needle: str, timeout: float) -> float:
    """Seconds until the page at `url` contains `needle`; raise if it never does."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if needle in page_text(url):
            return time.perf_counter() - started
        time.sleep(0.1)
    raise TimeoutError(f"{needle!r} did not appear at {url} within {timeout:.0f} s")


def edit_figure(data: Path) -> str:
    """Change the 2023 supervisory pass rate of CITY by 0.1 in its YAML and in the document it
    quotes (as staff would fix a figure); return the new quote, which the page shows once."""
    city, document = data / "cities" / f"{CITY}.yaml", data / "documents" / f"{CITY}-review.txt"
    text, doc = city.read_text(encoding="utf-8"), document.read_text(encoding="utf-8")
    marker = "2023年，全市监督抽检合格率为"
    old = doc.split(marker, 1)[1].split("%", 1)[0]
    new = f"{float(old) + (0.1 if float(old) < 99.8 else -0.1):.1f}"
    block = f"value: {old}\n  period: 2023\n  source: {CITY}-review\n  quote: {marker}{old}%"
    if text.count(block) != 1:
        raise ValueError(f"{city}: the 2023 pass rate is not where bench.synth writes it")
    document.write_text(doc.replace(f"{marker}{old}%", f"{marker}{new}%"), encoding="utf-8")
    city.write_text(text.replace(block, block.replace(old, new)), encoding="utf-8")
    return f"{marker}{new}%"  # the quote is on the page once, beside the figure


def preview_seconds(project: Path, timeout: float = 900) -> tuple[float, float]:
    """(first build, edit to page) in seconds for `portal serve` on `project`."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/cities/{CITY}/"
    command = [sys.executable, "-m", "generator.cli", "--data", str(project / "data"), "serve",
               "--config", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_SKIP_GENERATE"}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # its own process group: portal and its MkDocs child
    try:
        first = wait_for(url, "</html>", timeout)
        time.sleep(1.0)  # let the watcher settle after the first build
        needle = edit_figure(project / "data")
        return first, wait_for(url, needle, timeout)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
