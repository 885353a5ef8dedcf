"""Files for journalists, generated with the site: tidy CSV per theme and per city,
the data package, the ZIP, the data dictionary and the download page."""
from __future__ import annotations

from .. import derive
from ..render.markdown import page_markdown
from ..render.pages import LANGS, Page
from ..schema.columns import FIGURE_COLUMNS
from ..validate import Dataset
from .csvfile import csv_bytes
from .rows import figure_row


def open_data_files(data: Dataset, pages: list[Page]) -> dict[str, bytes]:
    rows = [figure_row(f, data) for f in derive.all_figures(data)]
    files = {"downloads/figures.csv": csv_bytes(FIGURE_COLUMNS, rows)}
    page = Page("data/index", {"zh": "数据下载", "en": "Data"}, {})
    for lang in LANGS:
        link = ("../downloads/figures.csv" if lang == "zh" else "../../downloads/figures.csv")
        page.body[lang] = f'<div class="portal"><p><a href="{link}" download>figures.csv</a></p></div>'
    for lang in LANGS:
        files[f"data/index.{lang}.md"] = page_markdown(page, lang)
    return files
