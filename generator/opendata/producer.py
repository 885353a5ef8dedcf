"""Files for journalists, generated with the site: tidy CSV per theme and per city, the
data package, the ZIP, the Atom feeds, the download page and the data dictionary."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..page import LANGS, page_markdown
from ..validate import Dataset
from . import meta
from .archive import ArchiveMemo, zip_file
from .dictionary import dictionary_page
from .downloads import ARCHIVE_FILE, PACKAGE_FILE, download_page
from .feed import feed_bytes, feed_path
from .package import package_bytes
from .readme import readme_bytes
from .tables import DOWNLOADS, Gathered


def open_data_stream(data: Dataset, gathered: Gathered, archive_memo: ArchiveMemo | None = None
                     ) -> Iterator[tuple[str, bytes | Path]]:
    """Every open-data file, after the one pass gathered the cities' rows: the tables (files in
    the gathering folder, never read into memory), the data package, the ZIP, the feeds, then
    the download page and the dictionary. `archive_memo`: a preview's (see archive.ArchiveMemo)."""
    tables = gathered.tables()
    package = package_bytes(data, tables)
    inside: dict[str, bytes | Path] = {table.path[len(DOWNLOADS) + 1:]: table.source for table in tables}
    inside[PACKAGE_FILE[len(DOWNLOADS) + 1:]] = package
    inside["README.txt"] = readme_bytes(data, tables)
    archive = zip_file(inside, meta.ARCHIVE_FOLDER, meta.full_date(meta.last_update(data)),
                       gathered.folder / meta.ARCHIVE, archive_memo)  # before the tables' files are moved into place
    sizes = {PACKAGE_FILE: len(package), ARCHIVE_FILE: archive.stat().st_size}
    for table in tables:  # each is moved into place once yielded: nothing reads it after this
        yield table.path, table.source
    yield PACKAGE_FILE, package
    yield ARCHIVE_FILE, archive
    for lang in LANGS:
        feed = feed_bytes(data, lang, gathered.corrections)
        sizes[feed_path(lang)] = len(feed)
        yield feed_path(lang), feed
    for page in (download_page(data, tables, sizes), dictionary_page()):
        for lang in LANGS:
            yield f"{page.path}.{lang}.md", page_markdown(page, lang)
