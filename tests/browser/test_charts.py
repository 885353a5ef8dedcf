"""Each chart's "download CSV" link, clicked as a visitor would: the browser saves a file that
Python's csv module reads, with the columns of the published figures table and one row per
figure in the chart's own data table."""
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
  rows: block.querySelectorAll('.chart-data tbody tr').length,
}))"""


def read_csv(data: bytes) -> list[list[str]]:
    """Parse as a spreadsheet user's script would: UTF-8 (with BOM), csv module defaults."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def download(page: Any, href: str) -> bytes:
    with page.expect_download() as info:
        page.click(f'.chart-block a[download][href="{href}"]')
    return Path(info.value.path()).read_bytes()


def test_every_chart_csv_link_downloads_its_figures(site_visits: dict[str, Visit], open_page: Callable[..., Any]
                                                    ) -> None:
    # Chinese and English pages link the same shared files: the Chinese pages reach every one.
    pages = sorted(p for p, v in site_visits.items() if v.facts["charts"] and not p.startswith("en/"))
    assert pages
    header = [c.name for c in FIGURE_COLUMNS]
    checked, wrong = 0, {}
    for path in pages:
        page, watch = open_page(path)
        page.wait_for_selector(".chart[data-drawn=true]")
        for chart in page.evaluate(CHARTS_SCRIPT):
            assert chart["svg"] and chart["label"] and len(chart["links"]) == 1, (path, chart)
            rows = read_csv(download(page, chart["links"][0]))
            checked += 1
            ragged = [i for i, row in enumerate(rows) if len(row) != len(header)]
            if rows[0] != header or ragged or len(rows) - 1 != chart["rows"] or chart["rows"] == 0:
                wrong[f"{path}#{chart['id']}"] = (rows[0][:3], ragged, len(rows) - 1, chart["rows"])
        assert watch.problems() == {}, path
    assert wrong == {}
    assert checked >= 10
