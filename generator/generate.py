"""From data/ to the files MkDocs reads: validate, derive, render, then write.

This is the generator's whole pipeline; MkDocs only sees its output folder.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .content import check_translations
from .gcpause import without_cyclic_gc
from .problems import DataError
from .render.markdown import page_markdown
from .render.pages import LANGS, Page
from .render.site import build_pages, read_intro
from .validate import Dataset, validate_dataset
from .write import write_tree

#: Extra file producers (open data, feeds) plug in here: (data, pages) -> {relative path: bytes}.
PRODUCERS: list[Callable[[Dataset, list[Page]], dict[str, bytes]]] = []


def _register_producers() -> None:
    from .opendata.producer import open_data_files

    PRODUCERS.append(open_data_files)


_register_producers()


@dataclass
class Generated:
    data: Dataset
    files: dict[str, bytes]
    changed: list[str]


@without_cyclic_gc
def render_files(data: Dataset, content: Path) -> dict[str, bytes]:
    pages = build_pages(data, read_intro(content))
    files: dict[str, bytes] = {}
    for page in pages:
        for lang in LANGS:
            files[f"{page.path}.{lang}.md"] = page_markdown(page, lang)
    from .render.chart_files import chart_csv_files

    files.update(chart_csv_files(data, pages))
    for producer in PRODUCERS:
        files.update(producer(data, pages))
    return files


def generate(data_dir: Path, content: Path) -> Generated:
    """Validate, then write the generated pages into `content`; raise DataError on bad data."""
    data = validate_dataset(data_dir)
    problems = data.problems + check_translations(content)
    if problems:
        raise DataError(problems)
    files = render_files(data, content)
    changed = write_tree(content, files)
    return Generated(data, files, changed)
