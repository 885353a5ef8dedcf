"""From data/ to the files MkDocs reads, in one pass per city.

Validate; then for each city: derive its model once, render its pages (both languages), its
charts' files and embed pages, gather its open-data rows, write them, and keep only its summary.
The pages across cities (home, index, themes, sources) and the open data follow, from those
summaries and rows. render only reads the models; opendata never imports render.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .content import check_translations
from .derive import Derivation, site_index, summarize
from .gcpause import without_cyclic_gc
from .model import CityModel, CitySummary, SiteIndex
from .opendata.chart_files import chart_csv_files
from .opendata.meta import last_update
from .opendata.producer import open_data_stream
from .opendata.tables import Gathered, GatheredShare
from .page import LANGS, Page, page_markdown
from .problems import DataError
from .render.embed import embed_files
from .render.pages import THEME_PAGES
from .render.site import cities_index, city_page, home_page, read_intro, source_pages, theme_inputs, theme_page, themes_index
from .reuse import PreviewCache
from .schema import shapes
from .validate import CityStream, Dataset, duplicate_item_ids, stream_dataset, validate_dataset
from .write import TreeWriter, write_tree

#: How many processes share a one-off build's pass over the cities (default: one per core, see worker_count).
WORKERS_ENV = "PORTAL_WORKERS"
MAX_WORKERS = 4
#: Fewer cities than this per process, and forking costs more than it saves.
MIN_SHARE = 20


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


@dataclass
class CityPass:
    """What the pass over the cities leaves for the pages across cities: each city's summary, the
    charts already given files, and the cities' open-data rows."""

    gathered: Gathered
    summaries: list[CitySummary] = field(default_factory=list)
    charts: set[str] = field(default_factory=set)


def city_files(data: Dataset, cities: Iterable[tuple[str, shapes.City]], site: SiteIndex, passed: CityPass,
               cache: PreviewCache | None = None, sources: int = 0) -> Iterator[tuple[str, bytes | Path]]:
    """Each city's files, city by city: derive its model once, render its pages, gather its rows,
    keep its summary, let the rest go. With `cache` (the preview), a city whose model and the
    sources it may name (`sources`, their key) are unchanged is not rendered again."""
    derivation = cache.derivation if cache is not None else Derivation()
    charts = passed.charts
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
        passed.gathered.add(model)
        passed.summaries.append(summarize(model))
        del model, record  # the city's record and figures go: only its summary stays


@dataclass
class _ThemeOutput:
    """A theme page's files as last generated (a preview's), with what they were made from."""

    inputs: tuple[Any, ...]
    files: list[tuple[str, bytes]]
    charts: list[str]


def _theme_files(data: Dataset, theme: str, site: SiteIndex, passed: CityPass, cache: PreviewCache | None,
                 sources: int) -> list[tuple[str, bytes]]:
    """A theme page's files; a preview keeps them while what the page reads is the same (an edit
    elsewhere), instead of rendering every city's figures of the theme again."""
    if cache is None:
        return _page_files(data, theme_page(theme, passed.summaries, site), passed.charts)
    inputs = (theme_inputs(theme, passed.summaries), sources, dict(site.names), site.changelog, site.site_url,
              site.last_update)
    kept = cache.theme_pages.get(theme)
    if kept is not None and kept.inputs == inputs:
        passed.charts.update(kept.charts)
        return kept.files
    before = set(passed.charts)
    files = _page_files(data, theme_page(theme, passed.summaries, site), passed.charts)
    cache.theme_pages[theme] = _ThemeOutput(inputs, files, sorted(passed.charts - before))
    return files


def site_files(data: Dataset, content: Path, site: SiteIndex, passed: CityPass, cache: PreviewCache | None = None,
               sources: int = 0) -> Iterator[tuple[str, bytes | Path]]:
    """The pages across cities (from the summaries) and the open data (from the gathered rows).
    `cache`, `sources`: a preview's, see _theme_files."""
    intro = read_intro(content)
    summaries = passed.summaries
    pages: list[Callable[[], Page]] = [
        lambda: home_page(summaries, site, intro), lambda: cities_index(summaries, site), lambda: themes_index(site)]
    for make in pages:  # one page made at a time, and let go once written (each spans every city)
        yield from _page_files(data, make(), passed.charts)
    for theme in THEME_PAGES:
        yield from _theme_files(data, theme, site, passed, cache, sources)
    for page in source_pages(site):
        yield from _page_files(data, page, passed.charts)
    yield from open_data_stream(data, passed.gathered)


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
    sources = cache.sources_key(data) if cache is not None else 0
    passed = CityPass(Gathered(data, spool, cache.city_rows if cache is not None else None, sources))
    yield from city_files(data, cities, site, passed, cache, sources)
    if stream is not None and not stream.ok:
        raise NotStreamed
    yield from site_files(data, content, site, passed, cache, sources)


@dataclass
class _ShareDone:
    """What a worker's share of the pass hands back to the parent (pickled through a pipe)."""

    ok: bool
    item_ids: dict[str, str]
    summaries: list[CitySummary]
    charts: set[str]
    rows: GatheredShare
    names: list[str]
    changed: list[str]


def _pass_share(stream: CityStream, content: Path, site: SiteIndex, folder: Path, share: tuple[int, int],
                report_to: Connection) -> None:
    """A worker process: the pass over its share of the cities, written into `content`; its tables
    into `folder`. Sends back a _ShareDone, or the traceback of what went wrong."""
    try:
        gc.disable()  # as without_cyclic_gc: the objects of a pass form no cycles; the process ends after
        passed = CityPass(Gathered(stream.data, folder))
        writer = TreeWriter(content)
        for relative, body in city_files(stream.data, stream.cities(share), site, passed):
            writer.put(relative, body)
        report_to.send(_ShareDone(stream.ok, stream.item_ids, passed.summaries, passed.charts,
                                  passed.gathered.share(), writer.names, writer.changed))
    except BaseException:
        report_to.send(traceback.format_exc())
        raise


def _generate_shared(stream: CityStream, content: Path, workers: int) -> tuple[list[str], list[str]]:
    """A one-off build's pass, shared by `workers` forked processes, each on a contiguous run of the
    cities (so the output is the same as one process's); the parent then makes the pages across
    cities from their summaries and merged rows, and the open data. Returns (written, changed);
    raises NotStreamed if a share was not ok or two shares declared the same review or round id."""
    data = stream.data
    site = site_index(data, last_update(data))
    context = multiprocessing.get_context("fork")
    with spool_folder(content) as folder:
        spool = Path(folder)
        running = []
        for k in range(workers):
            reports, report_to = context.Pipe(duplex=False)
            child = context.Process(target=_pass_share, name=f"portal-pass-{k + 1}",
                                    args=(stream, content, site, spool / f"share-{k + 1}", (k, workers), report_to))
            child.start()
            report_to.close()
            running.append((child, reports))
        done: list[_ShareDone | str] = []
        for child, reports in running:
            try:
                done.append(reports.recv())
            except EOFError:
                done.append(f"{child.name} ended without a word")
            child.join()
        failed = [d for d in done if isinstance(d, str)]
        if failed:
            raise RuntimeError("a worker of the build's pass failed:\n" + failed[0])
        shares = [d for d in done if isinstance(d, _ShareDone)]
        if not all(d.ok for d in shares) or duplicate_item_ids([d.item_ids for d in shares]):
            raise NotStreamed
        passed = CityPass(Gathered(data, spool))
        writer = TreeWriter(content)
        for d in shares:
            writer.adopt(d.names, d.changed)
            passed.summaries += d.summaries
            passed.charts |= d.charts
            passed.gathered.add_share(d.rows)
        for relative, body in site_files(data, content, site, passed):
            writer.put(relative, body)
        return writer.names, writer.finish()


def worker_count(cities: int) -> int:
    """How many processes share a one-off build's pass: one per core the build may use (at most
    MAX_WORKERS), or PORTAL_WORKERS; never so many that a share has fewer than MIN_SHARE cities."""
    asked = os.environ.get(WORKERS_ENV, "")
    if asked:
        if not asked.isdigit() or int(asked) < 1:
            raise ValueError(f"{WORKERS_ENV}={asked!r}: expected a whole number of processes, 1 or more")
        return int(asked)
    return max(1, min(len(os.sched_getaffinity(0)), MAX_WORKERS, cities // MIN_SHARE))


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
            workers = worker_count(len(stream.slugs()))
            if workers > 1:
                written, changed = _generate_shared(stream, content, workers)
            else:
                changed = without_cyclic_gc(write_tree)(content, generated_files(stream.data, content, stream=stream),
                                                        written)
            return Generated(stream.data, written, changed)
        except NotStreamed:
            pass  # validated whole below: its problems are reported, or (none found) the pages made from it
    data = validate_dataset(data_dir, cache.validation if cache is not None else None)
    data.site_url = site_url or ""
    problems = data.problems + translations
    if problems:
        raise DataError(problems)
    written = []
    changed = without_cyclic_gc(write_tree)(content, generated_files(data, content, cache), written,
                                            cache.writes if cache is not None else None)
    return Generated(data, written, changed)
