"""From data/ to the files MkDocs reads: validate, derive, render, then write.

This is the generator's whole pipeline; MkDocs only sees its output folder.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import derive
from .content import check_translations
from .gcpause import without_cyclic_gc
from .problems import DataError
from .render.chart_files import chart_csv_files
from .render.embed import embed_files
from .render.markdown import page_markdown
from .render.pages import LANGS, Page
from .render.site import city_page, iter_pages, read_intro
from .reuse import CityMemo, sources_key
from .validate import Dataset, validate_dataset
from .write import write_tree

#: Extra file producers (open data, feeds) plug in here: (data, reuse) -> {relative path: bytes};
#: `reuse` as for generated_files.
PRODUCERS: list[Callable[[Dataset, bool], dict[str, bytes]]] = []


def _register_producers() -> None:
    from .opendata.producer import open_data_files

    PRODUCERS.append(open_data_files)


_register_producers()


@dataclass
class Generated:
    data: Dataset
    files: list[str]
    changed: list[str]


@dataclass
class _CityOutput:
    """A city page's files as last generated."""

    files: list[tuple[str, bytes]]
    charts: list[str]


#: The preview's city pages (see `generated_files(reuse=True)`).
_CITY_PAGES: CityMemo[_CityOutput] = CityMemo()


def _page_files(data: Dataset, page: Page, charts: set[str]) -> list[tuple[str, bytes]]:
    fresh = [chart for chart in page.charts if chart.id not in charts]  # charts first shown on this page
    files = [(f"{page.path}.{lang}.md", page_markdown(page, lang)) for lang in LANGS]
    return files + list(chart_csv_files(data, page, charts).items()) + list(embed_files(data, fresh, page).items())


def generated_files(data: Dataset, content: Path, reuse: bool = False) -> Iterator[tuple[str, bytes]]:
    """Every generated file as (path relative to `content`, bytes), page by page, so that
    only one page is held in memory at a time.

    With `reuse` (the preview server), a city page whose record and the sources it may name
    are unchanged since the last call is not rendered again: after an edit to one city, only
    that city's page and the pages across cities are."""
    charts: set[str] = set()
    sources = sources_key(data) if reuse else 0

    rendered: dict[str, str] = {}  # page path -> slug of the city pages rendered (not reused) in this call

    def city(data: Dataset, slug: str) -> Page | _CityOutput:
        cached = _CITY_PAGES.get(data, slug, sources) if reuse else None
        if cached is not None:
            return cached
        page = city_page(data, slug)
        rendered[page.path] = slug
        return page

    for item in iter_pages(data, read_intro(content), city):
        if isinstance(item, _CityOutput):
            charts.update(item.charts)
            yield from item.files
            continue
        before = set(charts)
        files = _page_files(data, item, charts)
        if reuse and item.path in rendered:
            _CITY_PAGES.put(data, rendered[item.path], sources, _CityOutput(files, sorted(charts - before)))
        yield from files
    for producer in PRODUCERS:
        yield from producer(data, reuse).items()


@without_cyclic_gc
def render_files(data: Dataset, content: Path) -> dict[str, bytes]:
    """Every generated file at once (tests and the benchmark's stage timer)."""
    return dict(generated_files(data, content))


def generate(data_dir: Path, content: Path, reuse: bool = False, site_url: str = "") -> Generated:
    """Validate, then write the generated pages into `content`; raise DataError on bad data.
    `reuse`: a preview server's rebuild, which reads and renders only what changed.
    `site_url`: the site's absolute address (MkDocs' site_url), which citations give."""
    if reuse:
        derive.keep_figures()
    data = validate_dataset(data_dir, reuse=reuse)
    data.site_url = site_url or ""
    problems = data.problems + check_translations(content)
    if problems:
        raise DataError(problems)
    written: list[str] = []
    changed = without_cyclic_gc(write_tree)(content, generated_files(data, content, reuse), written)
    return Generated(data, written, changed)
