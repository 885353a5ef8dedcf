"""From data/ to the files MkDocs reads: validate, derive, render, then write.

This is the generator's whole pipeline; MkDocs only sees its output folder.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .content import check_translations
from .gcpause import without_cyclic_gc
from .problems import DataError
from .render.chart_files import chart_csv_files
from .render.markdown import page_markdown
from .render.pages import LANGS
from .render.site import iter_pages, read_intro
from .validate import Dataset, validate_dataset
from .write import write_tree

#: Extra file producers (open data, feeds) plug in here: data -> {relative path: bytes}.
PRODUCERS: list[Callable[[Dataset], dict[str, bytes]]] = []


def _register_producers() -> None:
    from .opendata.producer import open_data_files

    PRODUCERS.append(open_data_files)


_register_producers()


@dataclass
class Generated:
    data: Dataset
    files: list[str]
    changed: list[str]


def generated_files(data: Dataset, content: Path) -> Iterator[tuple[str, bytes]]:
    """Every generated file as (path relative to `content`, bytes), page by page, so that
    only one page is held in memory at a time."""
    charts: set[str] = set()
    for page in iter_pages(data, read_intro(content)):
        for lang in LANGS:
            yield f"{page.path}.{lang}.md", page_markdown(page, lang)
        yield from chart_csv_files(data, page, charts).items()
    for producer in PRODUCERS:
        yield from producer(data).items()


@without_cyclic_gc
def render_files(data: Dataset, content: Path) -> dict[str, bytes]:
    """Every generated file at once (tests and the benchmark's stage timer)."""
    return dict(generated_files(data, content))


def generate(data_dir: Path, content: Path) -> Generated:
    """Validate, then write the generated pages into `content`; raise DataError on bad data."""
    data = validate_dataset(data_dir)
    problems = data.problems + check_translations(content)
    if problems:
        raise DataError(problems)
    written: list[str] = []
    changed = without_cyclic_gc(write_tree)(content, generated_files(data, content), written)
    return Generated(data, written, changed)
