"""Each chart's own CSV: the slice of the tidy figures table that the chart draws, same columns."""
from __future__ import annotations

from ..opendata.csvfile import csv_bytes
from ..opendata.rows import figure_row
from ..schema.columns import FIGURE_COLUMNS
from ..validate import Dataset
from .pages import Page


def chart_csv_files(data: Dataset, pages: list[Page]) -> dict[str, bytes]:
    files = {}
    for page in pages:
        for chart in page.charts:
            files[f"downloads/charts/{chart.id}.csv"] = csv_bytes(
                FIGURE_COLUMNS, (figure_row(f, data) for f in chart.figures))
    return files
