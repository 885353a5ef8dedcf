"""The pass over the cities, and the pages across cities that follow it.

For each city: derive its model once, render its pages (both languages), its charts' files and
embed pages, gather its open-data rows, hand them to the writer, and keep only its summary. The
pages across cities (home, index, themes, sources) and the open data follow, from those summaries
and rows. render only reads the models; opendata never imports render. A one-off build may share
the pass among processes (shared_pass); a preview passes its cache, to keep what did not change.
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from .derive import Derivation, site_index, summarize
from .model import CityModel, CitySummary, SiteIndex
from .opendata.chart_files import chart_csv_files
from .opendata.meta import last_update
from .opendata.producer import open_data_stream
from .opendata.tables import Gathered
from .page import LANGS, Page, page_markdown
from .render.embed import embed_files
from .render.pages import THEME_PAGES
from .render.site import (
    cities_index,
    city_page,
    home_page,
    read_intro,
    source_page,
    source_text,
    theme_inputs,
    theme_page,
    themes_index,
)
from .reuse import PreviewCache
from .schema import shapes
from .validate import CityStream, Dataset


@dataclass
class _CityOutput:
    """A city page's files as last generated, with the model they were made from."""

    model: CityModel
    sources: int
    files: list[tuple[str, bytes]]
    charts: list[str]


def _page_files(data: Dataset, page: Page, charts: set[str], lines: Mapping[int, str] | None = None
                ) -> list[tuple[str, bytes]]:
    """A page's Markdown in each language, its charts' CSV files and embed pages (`lines`: see chart_csv_files)."""
    fresh = [chart for chart in page.charts if chart.id not in charts]  # charts first shown on this page
    files = [(f"{page.path}.{lang}.md", page_markdown(page, lang)) for lang in LANGS]
    return (files + list(chart_csv_files(data, page, charts, lines).items())
            + list(embed_files(data, fresh, page).items()))


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
    """What the pass over the cities leaves for the pages across cities: each city's summary, and
    the charts already given files (the cities' open-data rows go to a Gathered). `spill`: a worker's
    file, where the summaries go as they come instead of into `summaries` (read_summaries reads them)."""

    summaries: list[CitySummary] = field(default_factory=list)
    charts: set[str] = field(default_factory=set)
    spill: IO[bytes] | None = None
    _pickler: _SpillPickler | None = field(default=None, repr=False, compare=False)  # the spill's, once used

    def keep(self, summary: CitySummary) -> None:
        if self.spill is None:
            self.summaries.append(summary)
            return
        if self._pickler is None:
            self._pickler = _SpillPickler(self.spill)
        self._pickler.dump(summary)
        self._pickler.clear_memo()  # a worker's memory stays that of one city, not of its whole share


#: The keys of a text in both languages.
_LANG_KEYS = frozenset(LANGS)


class _SpillPickler(pickle.Pickler):
    """Pickles summaries one after another into a spill file, each text once: labels, units, periods
    and provinces' names recur in every city's summary, and read back as one object each they take
    less of the parent's memory (15 MB less at 1,000 cities, of about 40). A text, or a text in both
    languages ({"zh": …, "en": …}), is pickled whole the first time and by its number after that.
    The shared dicts are never changed: summaries are only read. The worker keeps each distinct text
    of its share once (about 1 MB for 500 cities), beside its numbered place in the file."""

    def __init__(self, file: IO[bytes]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._texts: dict[str, int] = {}
        self._bilingual: dict[tuple[tuple[str, str], ...], int] = {}

    def persistent_id(self, obj: Any) -> Any:
        """A text's first pickling: its UTF-8 bytes (which this hook leaves alone); then (number,).
        A bilingual text's: (b"d", its items); then (b"D", number)."""
        kind = type(obj)
        if kind is str:
            number = self._texts.get(obj)
            if number is None:
                self._texts[obj] = len(self._texts)
                return obj.encode("utf-8", "surrogatepass")
            return (number,)
        if kind is dict and 0 < len(obj) <= 2 and obj.keys() <= _LANG_KEYS and all(type(v) is str for v in obj.values()):
            items = tuple(obj.items())
            number = self._bilingual.get(items)
            if number is None:
                self._bilingual[items] = len(self._bilingual)
                return (b"d", items)
            return (b"D", number)
        return None


class _SpillUnpickler(pickle.Unpickler):
    """Reads one summary that a _SpillPickler wrote: texts and bilingual texts are made once per
    file (`shared`, kept from one summary to the next), then handed out again by their number."""

    def __init__(self, file: IO[bytes], shared: tuple[list[str], list[dict[str, str]]]) -> None:
        super().__init__(file)
        self._texts, self._bilingual = shared

    def persistent_load(self, pid: Any) -> Any:
        if type(pid) is bytes:
            self._texts.append(pid.decode("utf-8", "surrogatepass"))
            return self._texts[-1]
        if len(pid) == 1:
            return self._texts[pid[0]]
        if pid[0] == b"d":
            self._bilingual.append(dict(pid[1]))
            return self._bilingual[-1]
        return self._bilingual[pid[1]]


def read_summaries(spill: IO[bytes]) -> list[CitySummary]:
    """The summaries a CityPass spilled into a file, in order."""
    summaries: list[CitySummary] = []
    shared: tuple[list[str], list[dict[str, str]]] = ([], [])
    while True:
        try:  # a reader per summary: the pickler's memo was cleared after each
            summaries.append(_SpillUnpickler(spill, shared).load())
        except EOFError:
            return summaries


def city_files(data: Dataset, cities: Iterable[tuple[str, shapes.City]], site: SiteIndex, passed: CityPass,
               gathered: Gathered, cache: PreviewCache | None = None,
               sources: int = 0) -> Iterator[tuple[str, bytes | Path]]:
    """Each city's files, city by city: derive its model once, render its pages, gather its rows,
    keep its summary, let the rest go. With `cache` (the preview), a city whose model and the
    sources it may name (`sources`, their key) are unchanged is not rendered again."""
    derivation = cache.derivation if cache is not None else Derivation()
    charts = passed.charts
    for slug, record in cities:
        model = derivation.city(record)
        rows = gathered.add(model)
        kept = cache.city_pages.get(slug) if cache is not None else None
        if kept is None or kept.model is not model or kept.sources != sources:
            before = set(charts)
            files = _page_files(data, city_page(model, site), charts, rows.figure_lines)
            kept = _CityOutput(model, sources, files, sorted(charts - before))
            if cache is not None:
                cache.city_pages[slug] = kept
        else:
            charts.update(kept.charts)
        yield from kept.files
        passed.keep(summarize(model))
        del model, record  # the city's record and figures go: only its summary stays


@dataclass
class _KeptPage:
    """A page across cities as a preview last generated it: its files, the charts they gave files
    to, and what the page was made from."""

    inputs: tuple[Any, ...]
    files: list[tuple[str, bytes]]
    charts: list[str]


def _kept_page_files(data: Dataset, make: Callable[[], Page], passed: CityPass, kept: dict[str, _KeptPage] | None,
                     key: str, inputs: tuple[Any, ...]) -> list[tuple[str, bytes]]:
    """A page's files; a preview (`kept`: its store for this kind of page) keeps them while what the
    page reads (`inputs`) is the same, instead of rendering the page again after an edit elsewhere."""
    if kept is None:
        return _page_files(data, make(), passed.charts)
    last = kept.get(key)
    if last is not None and last.inputs == inputs:
        passed.charts.update(last.charts)
        return last.files
    before = set(passed.charts)
    files = _page_files(data, make(), passed.charts)
    kept[key] = _KeptPage(inputs, files, sorted(passed.charts - before))
    return files


def site_files(data: Dataset, content: Path, site: SiteIndex, passed: CityPass, gathered: Gathered,
               cache: PreviewCache | None = None, sources: int = 0) -> Iterator[tuple[str, bytes | Path]]:
    """The pages across cities (from the summaries) and the open data (from the gathered rows).
    `cache`, `sources`: a preview's, see _kept_page_files."""
    yield from across_pages(data, content, site, passed, cache, sources)
    yield from open_data_stream(data, gathered, cache.archive if cache is not None else None)


def across_pages(data: Dataset, content: Path, site: SiteIndex, passed: CityPass, cache: PreviewCache | None = None,
                 sources: int = 0, before_themes: Callable[[], object] | None = None) -> Iterator[tuple[str, bytes]]:
    """The files of the pages across cities: home, the indexes, the sources, then the themes (the
    largest: megabytes each at national scale). `before_themes`: called before the themes are made
    (a one-off build waits there for its open data's process, so that the two peaks of memory do not
    meet). The sources show no chart, so the order gives the same files."""
    intro = read_intro(content)
    summaries = passed.summaries
    pages: list[Callable[[], Page]] = [
        lambda: home_page(summaries, site, intro), lambda: cities_index(summaries, site), lambda: themes_index(site)]
    for make in pages:  # one page made at a time, and let go once written (each spans every city)
        yield from _page_files(data, make(), passed.charts)
    themes, sources_kept = (cache.theme_pages, cache.source_pages) if cache is not None else (None, None)
    # what any of these pages may read beyond its own inputs (a preview's key): the sources, the cities'
    # names, the site's dates and address
    around = hash(repr((sources, sorted(site.names.items()), site.changelog, site.site_url, site.last_update))
                  ) if cache is not None else 0
    for source_id in sorted(site.sources):
        text = source_text(site, source_id)
        yield from _kept_page_files(data, partial(source_page, site, source_id, text), passed, sources_kept,
                                    source_id, (around, text))
    if before_themes is not None:
        before_themes()
    for theme in THEME_PAGES:
        yield from _kept_page_files(data, partial(theme_page, theme, summaries, site), passed, themes, theme,
                                    (around, theme_inputs(theme, summaries)) if cache is not None else ())


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
    passed, gathered = CityPass(), Gathered(data, spool, cache.city_rows if cache is not None else None, sources)
    yield from city_files(data, cities, site, passed, gathered, cache, sources)
    if stream is not None and not stream.ok:
        raise NotStreamed
    yield from site_files(data, content, site, passed, gathered, cache, sources)


