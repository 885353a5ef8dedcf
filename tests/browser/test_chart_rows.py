"""No chart hides a figure once plotly.js has drawn it, on a phone and on a desktop: each
figure has a row of its own (bars and markers of two figures never share a row position),
every row keeps a tick label, no two tick labels read alike after the phone's trimming, and
no label, axis title or legend is cut off at the chart's edge (charts.js works out the room
round a chart before plotly draws it)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import ALL_DRAWN, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]

DESKTOP = {"width": 1280, "height": 900}

#: For each drawn chart: the row position of every figure (targets excluded) and the tick labels shown.
ROWS_SCRIPT = """() => [...document.querySelectorAll('.chart[data-drawn="true"]')].map(el => {
  const target = document.documentElement.lang.startsWith('zh') ? '目标' : 'target';
  const rows = [];
  el._fullData.forEach((trace, i) => {
    if (trace.name === target) { return; }
    (el.calcdata[i] || []).forEach(point => {
      const position = trace.type === 'bar' ? point.p : point.y;
      rows.push({position: position, value: trace.type === 'bar' ? point.s : point.x});
    });
  });
  const ticks = [...el.querySelectorAll('.ytick text')].map(t => t.textContent)
    .filter(text => text.trim());
  return {id: el.getAttribute('data-chart'), rows: rows, ticks: ticks,
          categories: el._fullLayout.yaxis._categories.length};
})"""


#: For each drawn chart: the texts (tick labels, axis titles, legend) that reach beyond its drawing.
CUT_OFF_SCRIPT = """() => [...document.querySelectorAll('.chart[data-drawn="true"]')].map(el => {
  const box = el.querySelector('svg.main-svg').getBoundingClientRect();
  const texts = [...el.querySelectorAll('.ytick text, .xtick text, .g-xtitle text, .legend text')]
    .filter(t => t.textContent.trim() && t.getClientRects().length);  // not those plotly hides
  const cut = texts.filter(t => {
    const r = t.getBoundingClientRect();
    return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5
      || r.bottom > box.bottom + 0.5;
  }).map(t => t.textContent);
  return {id: el.getAttribute('data-chart'), texts: texts.length, cut: cut};
})"""


def chart_pages(site_dir: Path) -> list[str]:
    pages = []
    for index in sorted(site_dir.rglob("index.html")):
        if 'class="chart"' in index.read_text(encoding="utf-8"):
            folder = index.parent.relative_to(site_dir).as_posix()
            pages.append("" if folder == "." else folder + "/")
    return pages


def test_every_drawn_chart_gives_each_figure_its_own_labelled_row(browser: Any, site_dir: Path,
                                                                   site_url: str) -> None:
    """At a phone's width, where labels are trimmed (the desktop draws the same rows: next test)."""
    paths = chart_pages(site_dir)
    assert any(p.startswith("en/themes/") for p in paths) and any(p.startswith("themes/") for p in paths)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    wrong: dict[str, list[str]] = {}
    checked = 0
    try:
        for path in paths:
            page.goto(site_url + path, wait_until="commit")
            page.wait_for_function(ALL_DRAWN, timeout=15_000)
            for chart in page.evaluate(ROWS_SCRIPT):
                checked += 1
                problems = []
                positions = [row["position"] for row in chart["rows"]]
                shared = sorted({p for p in positions if positions.count(p) > 1})
                if shared:
                    problems.append(f"figures sharing row positions {shared}: {chart['rows']}")
                if len(chart["ticks"]) != chart["categories"]:
                    problems.append(f"{chart['categories']} rows but {len(chart['ticks'])} tick labels shown")
                if len(set(chart["ticks"])) != len(chart["ticks"]):
                    problems.append(f"tick labels read alike: {chart['ticks']}")
                if problems:
                    wrong[f"{path}#{chart['id']}"] = problems
    finally:
        context.close()
    assert checked >= len(paths)
    assert wrong == {}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_label_title_or_legend_is_cut_off_at_a_charts_edge(browser: Any, site_dir: Path, site_url: str,
                                                                viewport: dict[str, int]) -> None:
    """Every tick label, axis title and legend entry lies inside its chart's drawing, in both
    languages (English labels are the longest, Chinese ones the widest per character)."""
    paths = [p for p in chart_pages(site_dir) if p.startswith(("cities/", "en/cities/", "themes/", "en/themes/"))]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    cut: dict[str, list[str]] = {}
    few: list[str] = []  # a tick label, the axis title and a legend entry at least
    try:
        for path in paths:
            page.goto(site_url + path, wait_until="commit")
            page.wait_for_function(ALL_DRAWN, timeout=15_000)
            for chart in page.evaluate(CUT_OFF_SCRIPT):
                if chart["texts"] < 3:
                    few.append(chart["id"])
                if chart["cut"]:
                    cut[f"{path}#{chart['id']}"] = chart["cut"]
    finally:
        context.close()
    assert paths and few == []
    assert cut == {}


@pytest.mark.parametrize("path", ["themes/sampling/", "en/themes/sampling/"])
def test_phone_and_desktop_draw_the_same_rows(open_page: Callable[..., tuple[Any, Any]], path: str) -> None:
    """The phone drops the value labels beside bars and dots, never a row or a tick label."""
    seen = {}
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page, _ = open_page(path)
        page.set_viewport_size(viewport)
        page.reload()
        page.wait_for_function(ALL_DRAWN, timeout=15_000)
        seen[name] = [(c["id"], c["ticks"]) for c in page.evaluate(ROWS_SCRIPT)]
        page.close()
    assert seen["phone"] == seen["desktop"] and seen["phone"]
