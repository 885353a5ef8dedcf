"""From data/ to the files MkDocs reads, in one pass per city.

Validate; then for each city: derive its model once, render its pages (both languages), its
charts' files and embed pages, gather its open-data rows, write them, and keep only its summary.
The pages across cities (home, index, themes, sources) and the open data follow, from those
summaries and rows. render only reads the models; opendata never imports render.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .content import check_translations
from .derive import Derivation, site_index, summarize
from .gcpause import without_cyclic_gc
from .model import CityModel, CitySummary
from .opendata.meta import last_update
from .opendata.producer import open_data_stream
from .opendata.tables import Gathered
from .page import LANGS, Page, page_markdown
from .problems import DataError
from .render.chart_files import chart_csv_files
from .render.embed import embed_files
from .render.pages import THEME_PAGES
from .render.site import cities_index, city_page, home_page, read_intro, source_pages, theme_page, themes_index
from .reuse import PreviewCache
from .validate import Dataset, validate_dataset
from .write import write_tree


@dataclass
class Generated:
    data: Dataset
    files: list[str]
    changed: list[str]


@dataclass
class _CityOutput:
    """A city page's files as last generated, with the model they were made from."""

    model: CityModel
    sources: int
    files: list[tuple[str, bytes]]
    charts: list[str]


def _page_files(data: Dataset, page: Page, charts: set[str]) -> list[tuple[str, bytes]]:
    fresh = [chart for chart in page.charts if chart.id not in charts]  # charts first shown on this page
    files = [(f"{page.path}.{lang}.md", page_markdown(page, lang)) for lang in LANGS]
    return files + list(chart_csv_files(data, page, charts).items()) + list(embed_files(data, fresh, page).items())


def spool_folder(content: Path) -> tempfile.TemporaryDirectory[str]:
    """Where the national tables are written as the pass goes: beside the docs folder (same
    disk, so that each finished file is moved into place, not copied), removed afterwards."""
    build = content.parent / "build"
    build.mkdir(exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="spool-", dir=build)


def generated_files(data: Dataset, content: Path, cache: PreviewCache | None = None,
                    spool: Path | None = None) -> Iterator[tuple[str, bytes | Path]]:
    """Every generated file as (path relative to `content`, bytes or a finished file), city by
    city, so that only one city's pages and rows are held at a time.

    With `cache` (the preview server), a city whose model and the sources it may name are
    unchanged since the last call is not derived or rendered again. `spool`: where the tables
    are written (a temporary folder of its own when not given)."""
    if spool is None:
        with spool_folder(content) as folder:
            yield from generated_files(data, content, cache, Path(folder))
        return
    site = site_index(data, last_update(data))
    derivation = cache.derivation if cache is not None else Derivation()
    sources = cache.sources_key(data) if cache is not None else 0
    gathered = Gathered(data, spool, cache.city_rows if cache is not None else None, sources)
    charts: set[str] = set()
    summaries: list[CitySummary] = []
    for slug in sorted(data.cities):
        model = derivation.city(data.cities[slug])
        kept = cache.city_pages.get(slug) if cache is not None else None
        if kept is None or kept.model is not model or kept.sources != sources:
            before = set(charts)
            files = _page_files(data, city_page(model, site), charts)
            kept = _CityOutput(model, sources, files, sorted(charts - before))
            if cache is not None:
                cache.city_pages[slug] = kept
        else:
            charts.update(kept.charts)
        yield from kept.files
        gathered.add(model)
        summaries.append(summarize(model))
    intro = read_intro(content)
    for page in (home_page(summaries, site, intro), cities_index(summaries, site), themes_index(site),
                 *(theme_page(theme, summaries, site) for theme in THEME_PAGES), *source_pages(site)):
        yield from _page_files(data, page, charts)
    yield from open_data_stream(data, gathered)


def site_pages(data: Dataset, content: Path | None = None) -> list[Page]:
    """Every generated page of the site, as a list (tests look pages up by path)."""
    site = site_index(data, last_update(data))
    derivation = Derivation()
    models = [derivation.city(data.cities[slug]) for slug in sorted(data.cities)]
    summaries = [summarize(model) for model in models]
    intro = read_intro(content) if content is not None else {}
    return [home_page(summaries, site, intro), cities_index(summaries, site), themes_index(site),
            *(city_page(model, site) for model in models),
            *(theme_page(theme, summaries, site) for theme in THEME_PAGES), *source_pages(site)]


@without_cyclic_gc
def render_files(data: Dataset, content: Path) -> dict[str, bytes]:
    """Every generated file at once, read into memory (tests)."""
    return {path: body if isinstance(body, bytes) else body.read_bytes()
            for path, body in generated_files(data, content)}


def generate(data_dir: Path, content: Path, cache: PreviewCache | None = None, site_url: str = "") -> Generated:
    """Validate, then write the generated pages into `content`; raise DataError on bad data.
    `cache`: a preview server's, which keeps what an unchanged file gave (see reuse.py); a one-off
    build passes none and keeps nothing. `site_url`: the site's absolute address (MkDocs' site_url),
    which citations give."""
    data = validate_dataset(data_dir, cache.validation if cache is not None else None)
    data.site_url = site_url or ""
    problems = data.problems + check_translations(content)
    if problems:
        raise DataError(problems)
    written: list[str] = []
    changed = without_cyclic_gc(write_tree)(content, generated_files(data, content, cache), written)
    return Generated(data, written, changed)
