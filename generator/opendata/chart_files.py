"""The charts' CSV downloads: the rows of the tidy figures table that each chart draws.

A city's charts share one file, downloads/charts/<city>.csv, with a first column `chart` naming
the chart each row belongs to: one file per city instead of one per chart (a dozen per city, tens
of thousands at national scale). The page script (assets/javascripts/charts.js) saves a chart's
own rows from it as <chart id>.csv, in the columns of the figures table. A chart that compares
cities (the theme pages, a few dozen) keeps a file of its own, downloads/charts/<chart id>.csv.
"""
from __future__ import annotations

from ..page import ChartLike, Page, chart_city, chart_csv_path
from ..schema.columns import FIGURE_COLUMNS, Column
from ..validate import Dataset
from .csvfile import csv_bytes
from .rows import figure_row

#: The column of a city's chart file that says which chart a row belongs to.
CHART_COLUMN = Column("chart", "string", "图表", "chart", "该行所属图表的标识（图表下方“下载 CSV”保存的即该图表的各行）。",
                      "The id of the chart the row belongs to (a chart's \"Download CSV\" saves its rows).",
                      required=True)


def chart_csv_files(data: Dataset, page: Page, done: set[str]) -> dict[str, bytes]:
    """The CSV files of the charts on this page not in `done` (a chart shown on two pages has one
    file, written with the first): each city's charts in one file, in the page's order."""
    shared: dict[str, list[ChartLike]] = {}
    files = {}
    for chart in page.charts:
        if chart.id in done:
            continue
        done.add(chart.id)
        if chart_city(chart) is None:
            files[chart_csv_path(chart)] = csv_bytes(FIGURE_COLUMNS, (figure_row(f, data) for f in chart.figures))
        else:
            shared.setdefault(chart_csv_path(chart), []).append(chart)
    for path, charts in shared.items():
        files[path] = csv_bytes([CHART_COLUMN, *FIGURE_COLUMNS],
                                ({"chart": chart.id, **figure_row(f, data)} for chart in charts for f in chart.figures))
    return files
