"""Files for journalists, generated with the site: tidy CSV per theme and per city, the
data package, the ZIP, the Atom feeds, the download page and the data dictionary."""
from __future__ import annotations

from ..page import LANGS, page_markdown
from ..validate import Dataset
from . import meta
from .archive import zip_bytes
from .dictionary import dictionary_page
from .downloads import ARCHIVE_FILE, PACKAGE_FILE, download_page
from .feed import feed_bytes, feed_path
from .package import package_bytes
from .readme import readme_bytes
from .tables import DOWNLOADS, Gathered, Table, all_tables


def data_files(data: Dataset, tables: list[Table], gathered: Gathered | None = None) -> dict[str, bytes]:
    """Everything under downloads/ (except the charts' own slices), by path."""
    files = {t.path: t.data for t in tables}
    files[PACKAGE_FILE] = package_bytes(data, tables)
    inside = {path[len(DOWNLOADS) + 1:]: content for path, content in files.items()}
    inside["README.txt"] = readme_bytes(data, tables)
    files[ARCHIVE_FILE] = zip_bytes(inside, meta.ARCHIVE_FOLDER, meta.full_date(meta.last_update(data)))
    for lang in LANGS:
        files[feed_path(lang)] = feed_bytes(data, lang, gathered.rows("correction_entries") if gathered else None)
    return files


def open_data_files(data: Dataset, gathered: Gathered | None = None) -> dict[str, bytes]:
    """The data files, then the two open-data pages (download page, dictionary), from the rows the
    one pass over cities gathered (gathered here when not given)."""
    gathered = gathered if gathered is not None else Gathered.of(data)
    tables = all_tables(data, gathered)
    files = data_files(data, tables, gathered)
    for page in (download_page(data, tables, files), dictionary_page()):
        for lang in LANGS:
            files[f"{page.path}.{lang}.md"] = page_markdown(page, lang)
    return files
