"""The charts' CSV downloads: the rows of the tidy figures table that each chart draws.

A city's charts share one file, downloads/charts/<city>.csv, with a first column `chart` naming
the chart each row belongs to: one file per city instead of one per chart (a dozen per city, tens
of thousands at national scale). The page script (assets/javascripts/charts.js) saves a chart's
own rows from it as <chart id>.csv, in the columns of the figures table. A chart that compares
cities (the theme pages, a few dozen) keeps a file of its own, downloads/charts/<chart id>.csv.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..page import ChartLike, Page, chart_city, chart_csv_path
from ..schema.columns import FIGURE_COLUMNS, Column
from ..validate import Dataset
from .csvfile import csv_bytes, csv_file, csv_lines
from .rows import figure_row

#: The column of a city's chart file that says which chart a row belongs to.
CHART_COLUMN = Column("chart", "string", "图表", "chart", "该行所属图表的标识（图表下方“下载 CSV”保存的即该图表的各行）。",
                      "The id of the chart the row belongs to (a chart's \"Download CSV\" saves its rows).",
                      required=True)


def chart_csv_files(data: Dataset, page: Page, done: set[str], lines: Mapping[int, str] | None = None) -> dict[str, bytes]:
    """The CSV files of the charts on this page not in `done` (a chart shown on two pages has one
    file, written with the first): each city's charts in one file, in the page's order. `lines`:
    the figures table's line of each of the city's figures (by id of the figure) as figures.csv
    has it, which a city file's row ends with (not encoded twice)."""
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
    columns = [CHART_COLUMN, *FIGURE_COLUMNS]
    known = lines or {}
    for path, charts in shared.items():
        rows = []
        for chart in charts:
            first = csv_lines([CHART_COLUMN], [{"chart": chart.id}])[0].removesuffix("\r\n") + ","
            rows += [first + known[id(f)] if id(f) in known else
                     csv_lines(columns, [{"chart": chart.id, **figure_row(f, data)}])[0] for f in chart.figures]
        files[path] = csv_file(columns, rows)
    return files
