"""A city page's cold load in headless Chromium: every byte fetched (as encoded on
the wire, gzip where the server compresses) and the time from navigation until every
chart on the page is drawn (charts.js sets data-drawn="true")."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]
ALL_CHARTS_DRAWN = """() => {
  const charts = document.querySelectorAll('.chart');
  return charts.length > 0 && Array.from(charts).every(c => c.getAttribute('data-drawn') === 'true')
    ? {ms: performance.now(), charts: charts.length} : false;
}"""


@dataclass
class Load:
    bytes: int
    drawn_ms: float
    charts: int
    urls: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium under playwright (never a downloaded browser); the browser tests use it too."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make browser-deps` (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def cold_load(browser: Any, url: str, timeout_ms: int = 60_000) -> Load:
    """Open `url` in a fresh context (empty cache), wait for every chart, then for the network to settle."""
    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[Any] = []
        page.on("requestfinished", lambda request: requests.append(request))
        page.goto(url, wait_until="commit")
        drawn = page.wait_for_function(ALL_CHARTS_DRAWN, timeout=timeout_ms).json_value()
        page.wait_for_load_state("networkidle")
        total = 0
        for request in requests:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return Load(total, drawn["ms"], drawn["charts"], [r.url for r in requests])
    finally:
        context.close()
