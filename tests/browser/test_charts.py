"""Each chart's "download CSV" link, clicked as a visitor would: the browser saves a file named
after the chart that Python's csv module reads, with the columns of the published figures table
and one row per figure in the chart's own data table. A city's charts share one file (a `chart`
column names each row's chart), which the page script slices to the chart's rows; without the
script, the link gives that whole file."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.schema.columns import FIGURE_COLUMNS

from .conftest import Visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: For each chart: its CSV link and how many rows its accessible data table shows.
CHARTS_SCRIPT = """() => [...document.querySelectorAll('.chart-block')].map(block => ({
  id: block.id,
  svg: !!block.querySelector('.chart svg.main-svg'),
  label: block.querySelector('.chart').getAttribute('aria-label') || '',
  links: [...block.querySelectorAll('a[download]')].map(a => a.getAttribute('href')),
  shared: [...block.querySelectorAll('a[download]')].map(a => a.getAttribute('data-chart-rows')),
  rows: block.querySelectorAll('.chart-data tbody tr').length,
}))"""


def read_csv(data: bytes) -> list[list[str]]:
    """Parse as a spreadsheet user's script would: UTF-8 (with BOM), csv module defaults."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def download(page: Any, block: str) -> tuple[str, bytes]:
    """Click the CSV link of the chart block with this id; the saved file's name and bytes."""
    with page.expect_download() as info:
        page.click(f'#{block} .chart-download a[download]')
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_every_chart_csv_link_downloads_its_figures(site_visits: dict[str, Visit], open_page: Callable[..., Any]
                                                    ) -> None:
    # Chinese and English pages link the same shared files: the Chinese pages reach every one.
    pages = sorted(p for p, v in site_visits.items() if v.facts["charts"] and not p.startswith("en/"))
    assert pages
    header = [c.name for c in FIGURE_COLUMNS]
    checked, shared, wrong = 0, 0, {}
    for path in pages:
        page, watch = open_page(path)
        page.wait_for_selector(".chart[data-drawn=true]")
        for chart in page.evaluate(CHARTS_SCRIPT):
            assert chart["svg"] and chart["label"] and len(chart["links"]) == 1, (path, chart)
            name, data = download(page, chart["id"])
            rows = read_csv(data)
            checked += 1
            shared += chart["shared"][0] is not None
            ragged = [i for i, row in enumerate(rows) if len(row) != len(header)]
            if (name != chart["id"].removeprefix("chart-") + ".csv" or rows[0] != header or ragged
                    or len(rows) - 1 != chart["rows"] or chart["rows"] == 0):
                wrong[f"{path}#{chart['id']}"] = (name, rows[0][:3], ragged, len(rows) - 1, chart["rows"])
        assert watch.problems() == {}, path
    assert wrong == {}
    assert checked >= 10 and 0 < shared < checked  # city charts share their city's file, theme charts do not


def test_without_the_page_script_a_city_chart_link_gives_its_citys_charts(browser: Any, site_url: str) -> None:
    context = browser.new_context(accept_downloads=True, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "cities/xining/")
        links = page.eval_on_selector_all(".chart-download a[download]", "links => links.map(a => [a.getAttribute('href'), "
                                          "a.getAttribute('data-chart-rows')])")
        charts = {chart for _, chart in links}
        assert len(links) > 1 and {href for href, _ in links} == {"../../downloads/charts/xining.csv"}
        with page.expect_download() as info:
            page.click(".chart-download a[download]")
        assert info.value.suggested_filename == "xining.csv"
        rows = read_csv(Path(info.value.path()).read_bytes())
        assert rows[0] == ["chart"] + [c.name for c in FIGURE_COLUMNS]
        assert {row[0] for row in rows[1:]} == charts and {row[1] for row in rows[1:]} == {"xining"}
    finally:
        context.close()
