"""Every table of the built site fits the reader's screen, on a phone (375 px) and a desktop
(1280 px), in both languages: each cell is on screen, or its table sits in a scroll container a
keyboard can reach and scroll (tabindex="0", an accessible name) that shows a scroll hint; and no
cell is squeezed to a character or two per line.

The pages are every page of the real build that holds a table (found in the built HTML, so a new
table or page is checked without editing this file). Chart data tables are folded in <details>:
they are opened first, as a reader would.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import TABS
from .support import page_lang, page_paths

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

#: What a reader of the page meets in its tables, as a list of findings (empty when all is readable),
#: and the scroll containers that do have something to scroll (marked data-scroll-check="n").
TABLE_FINDINGS = """() => {
  document.querySelectorAll('details.chart-data').forEach(d => { d.open = true; });
  const viewport = document.documentElement.clientWidth;
  const findings = [];
  const scrollers = new Set();
  const name = el => {
    const label = (el.getAttribute('aria-label') || '').trim();
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent.trim()).join(' ');
    return label || by;
  };
  const keyboardScroller = el => /(auto|scroll)/.test(getComputedStyle(el).overflowX)
    && el.getAttribute('tabindex') === '0' && name(el) !== '';
  const tableName = t => (t.caption ? t.caption.textContent : t.querySelector('th, td').textContent).trim().slice(0, 40);
  // Why the box `rect` of `el` cannot be seen in full, or null when it can.
  const hidden = (el, rect) => {
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const box = a.getBoundingClientRect();
      if (rect.right > box.right + 1 || rect.left < box.left - 1) {
        if (keyboardScroller(a)) { scrollers.add(a); return hidden(a, box); }
        return `cut off by <${a.tagName.toLowerCase()} class="${a.className}"> that a keyboard cannot scroll`;
      }
    }
    return rect.right > viewport + 1 || rect.left < -1 ? `beyond the ${viewport} px screen` : null;
  };
  // Lines a cell's text takes: distinct tops of its text's line boxes.
  const lines = cell => {
    const tops = new Set();
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;  // a closed <details>' text
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    }
    return tops.size;
  };
  // False for a cell hidden on purpose: visually hidden (clipped to a pixel), as a header row whose
  // names each card repeats, or not rendered.
  const shown = (cell, table) => {
    for (let a = cell; a !== table; a = a.parentElement) {
      const r = a.getBoundingClientRect();
      if ((r.width < 2 || r.height < 2) && (a === cell || getComputedStyle(a).overflow !== 'visible')) return false;
    }
    return true;
  };
  for (const table of document.querySelectorAll('article table')) {
    if (!table.getClientRects().length) continue;  // inside a closed disclosure, not shown
    for (const cell of table.querySelectorAll('th, td')) {
      const rect = cell.getBoundingClientRect();
      if (!shown(cell, table)) continue;
      const where = `${tableName(table)} | ${cell.textContent.trim().slice(0, 30)}`;
      const why = hidden(cell, rect);
      if (why) findings.push(`${where}: ${why}`);
      const text = cell.innerText.replace(/\\s+/g, '');
      if (text.length < 2) continue;
      const style = getComputedStyle(cell);
      const font = parseFloat(style.fontSize);
      const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const n = lines(cell);
      if (n >= 2 && (inner < 2 * font || text.length / n < 2.5)) {
        findings.push(`${where}: squeezed to ${Math.round(inner)} px, ${n} lines for ${text.length} characters`);
      }
    }
  }
  let i = 0;
  for (const s of scrollers) {
    s.dataset.scrollCheck = String(i++);
    if (getComputedStyle(s).backgroundImage === 'none' && getComputedStyle(s).boxShadow === 'none') {
      findings.push(`${name(s)}: scrolls sideways with no scroll hint (shadow)`);
    }
  }
  return {findings, scrollers: i};
}"""

#: Requests of every page that no table depends on.
SKIPPED = ("plotly", "/search/")

#: After ArrowRight on a focused scroll container: has it moved?
SCROLLED = "el => el.scrollLeft > 0"


def table_pages(site_dir: Path) -> list[str]:
    """Every page of the build whose HTML holds a table."""
    return [path for path in page_paths(site_dir)
            if "<table" in (site_dir / path / "index.html").read_text(encoding="utf-8")]


@pytest.fixture(scope="module", params=[PHONE, DESKTOP], ids=["375px", "1280px"])
def tabs(request: pytest.FixtureRequest, browser: Any) -> Iterator[list[Any]]:
    ctx = browser.new_context(viewport=request.param)
    # Charts (plotly) and the search index weigh megabytes and change no table: not fetched here.
    ctx.route("**/*", lambda route: route.abort() if any(part in route.request.url for part in SKIPPED)
              else route.continue_())
    yield [ctx.new_page() for _ in range(TABS)]
    ctx.close()


def check_page(page: Any) -> list[str]:
    """The page's table findings, then ArrowRight in every scroll container that has something to scroll."""
    result = page.evaluate(TABLE_FINDINGS)
    findings: list[str] = result["findings"]
    for i in range(result["scrollers"]):
        scroller = page.locator(f'[data-scroll-check="{i}"]')
        scroller.focus()
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function(SCROLLED, arg=scroller.element_handle(), timeout=2_000)
        except Exception:  # noqa: BLE001 - reported as a finding
            findings.append(f"{scroller.get_attribute('aria-label')}: ArrowRight did not scroll it")
    return findings


def test_some_pages_of_each_language_have_tables(site_dir: Path) -> None:
    langs = {page_lang(path) for path in table_pages(site_dir)}
    assert langs == {"zh", "en"}


def test_every_table_fits_or_scrolls_by_keyboard(tabs: list[Any], site_dir: Path, site_url: str) -> None:
    paths = table_pages(site_dir)
    problems: dict[str, list[str]] = {}
    for start in range(0, len(paths), len(tabs)):
        batch = list(zip(tabs, paths[start:start + len(tabs)], strict=False))
        for page, path in batch:
            page.goto(site_url + path, wait_until="commit")
        for page, path in batch:
            page.wait_for_load_state("load")
            findings = check_page(page)
            if findings:
                problems[path] = findings
    assert problems == {}
