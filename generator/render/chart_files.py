"""Each chart's own CSV: the slice of the tidy figures table that the chart draws, same columns."""
from __future__ import annotations

from ..opendata.csvfile import csv_bytes
from ..opendata.rows import figure_row
from ..schema.columns import FIGURE_COLUMNS
from ..validate import Dataset
from .pages import Page


def chart_csv_files(data: Dataset, page: Page, done: set[str]) -> dict[str, bytes]:
    """The CSV of each chart on this page not in `done` (a chart shown on two pages, such as a
    "you pick, we test" round on its city page and on the theme page, has one file)."""
    files = {}
    for chart in page.charts:
        if chart.id not in done:
            done.add(chart.id)
            files[f"downloads/charts/{chart.id}.csv"] = csv_bytes(
                FIGURE_COLUMNS, (figure_row(f, data) for f in chart.figures))
    return files
