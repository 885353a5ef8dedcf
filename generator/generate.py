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
from .opendata.chart_files import chart_csv_files
from .opendata.meta import last_update
from .opendata.producer import open_data_stream
from .opendata.tables import Gathered
from .page import LANGS, Page, page_markdown
from .problems import DataError
from .render.embed import embed_files
from .render.pages import THEME_PAGES
from .render.site import cities_index, city_page, home_page, read_intro, source_pages, theme_page, themes_index
from .reuse import PreviewCache
from .validate import CityStream, Dataset, stream_dataset, validate_dataset
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


class NotStreamed(Exception):
    """The streaming validator found a problem, or could not be sure of a file: the whole dataset
    is validated instead (validate_dataset), which says what and where."""


def generated_files(data: Dataset, content: Path, cache: PreviewCache | None = None,
                    spool: Path | None = None, stream: CityStream | None = None) -> Iterator[tuple[str, bytes | Path]]:
    """Every generated file as (path relative to `content`, bytes or a finished file), city by
    city, so that only one city's pages and rows are held at a time.

    With `cache` (the preview server), a city whose model and the sources it may name are
    unchanged since the last call is not derived or rendered again. `spool`: where the tables
    are written (a temporary folder of its own when not given). `stream`: the cities, validated
    one at a time (a one-off build); without it, those of `data` (validated whole). A stream that
    ends not ok raises NotStreamed before the pages across cities are made."""
    if spool is None:
        with spool_folder(content) as folder:
            yield from generated_files(data, content, cache, Path(folder), stream)
        return
    cities = stream.cities() if stream is not None else ((slug, data.cities[slug]) for slug in sorted(data.cities))
    site = site_index(data, last_update(data))
    derivation = cache.derivation if cache is not None else Derivation()
    sources = cache.sources_key(data) if cache is not None else 0
    gathered = Gathered(data, spool, cache.city_rows if cache is not None else None, sources)
    charts: set[str] = set()
    summaries: list[CitySummary] = []
    for slug, record in cities:
        model = derivation.city(record)
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
        del model, record  # the city's record and figures go: only its summary stays
    if stream is not None and not stream.ok:
        raise NotStreamed
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

    A one-off build makes one pass per city: each is validated, derived, rendered, written and let
    go (stream_dataset), so memory does not grow with the number of cities. If the stream finds
    anything wrong, the whole dataset is validated as `portal check` does, for the same report.
    `cache`: a preview server's, which keeps what an unchanged file gave (see reuse.py); a one-off
    build passes none and keeps nothing. `site_url`: the site's absolute address (MkDocs' site_url),
    which citations give."""
    translations = check_translations(content)
    if cache is None and not translations:
        stream = stream_dataset(data_dir)
        stream.data.site_url = site_url or ""
        written: list[str] = []
        try:
            changed = without_cyclic_gc(write_tree)(content, generated_files(stream.data, content, stream=stream), written)
            return Generated(stream.data, written, changed)
        except NotStreamed:
            pass  # validated whole below: its problems are reported, or (none found) the pages made from it
    data = validate_dataset(data_dir, cache.validation if cache is not None else None)
    data.site_url = site_url or ""
    problems = data.problems + translations
    if problems:
        raise DataError(problems)
    written = []
    changed = without_cyclic_gc(write_tree)(content, generated_files(data, content, cache), written)
    return Generated(data, written, changed)
