"""The download page (data/index), both languages: every file with its size, row count and
last update, the licence and a citation line. Links are relative, right under / and /en/."""
from __future__ import annotations

import posixpath
from typing import Any

from .. import cite
from ..format import date_text
from ..page import LANGS, Links, Page, page_url_path
from ..validate import Dataset
from . import meta
from .feed import entries, feed_path
from .render import partial, render, word
from .tables import DOWNLOADS, Table

PAGE = "data/index"
DICTIONARY = "data/dictionary"
PACKAGE_FILE = f"{DOWNLOADS}/datapackage.json"
ARCHIVE_FILE = f"{DOWNLOADS}/{meta.ARCHIVE}"


def size_text(size: int) -> str:
    """A file size as people read it: 812 B, 70.7 KB, 1.2 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _entry(path: str, size: int, title: str, rows: int | None, links: Links) -> dict[str, Any]:
    return {"name": posixpath.relpath(path, DOWNLOADS), "href": links.asset(path), "title": title,
            "rows": rows, "size": size_text(size), "bytes": size}


def _groups(tables: list[Table], files: dict[str, int], lang: str, links: Links) -> list[dict[str, Any]]:
    theme = [_entry(t.path, t.size, f"{t.spec.zh if lang == 'zh' else t.spec.en}",
                    t.row_count, links) for t in tables if "/" not in t.spec.path]
    city = [_entry(t.path, t.size, t.spec.zh if lang == "zh" else t.spec.en, t.row_count, links)
            for t in tables if "/" in t.spec.path]
    others = [_entry(PACKAGE_FILE, files[PACKAGE_FILE], word("package_about", lang), None, links)]
    others += [_entry(feed_path(f), files[feed_path(f)], f"{word('feed_about', lang)}（{f}）" if lang == "zh"
                      else f"{word('feed_about', lang)} ({f})", None, links) for f in LANGS]
    return [{"id": "tables", "title": word("tables", lang), "files": theme},
            {"id": "cities", "title": word("city_files", lang), "files": city},
            {"id": "metadata", "title": word("metadata", lang), "files": others}]


def dataset_citations(data: Dataset, lang: str) -> list[tuple[str, str]]:
    """The whole dataset's citation in both forms, GB/T 7714 (2025 [DS/OL] and 2015 [EB/OL]) and
    APA 7, the language's own first; the address is this page's."""
    release = cite.release(meta.last_update(data), data.site_url or "/")
    url = release.url(page_url_path(PAGE, lang))
    forms = [("GB/T 7714-2025", cite.gbt7714(release, url)), ("GB/T 7714-2015", cite.gbt7714_2015(release, url)),
             ("APA 7", cite.apa7(release, url))]
    return forms if lang == "zh" else forms[2:] + forms[:2]


def download_page(data: Dataset, tables: list[Table], files: dict[str, int]) -> Page:
    """`files`: the sizes of the data package, the ZIP and the feeds, already built."""
    page = Page(PAGE, {"zh": "数据下载", "en": "Data downloads"}, {})
    updated = meta.last_update(data)
    for lang in LANGS:
        links = Links(PAGE, lang)
        page.body[lang] = render(
            "downloads.html", lang=lang, w=lambda key, lang=lang: word(key, lang),
            intro=partial("downloads-intro", lang), licence_text=partial("downloads-licence", lang),
            archive=_entry(ARCHIVE_FILE, files[ARCHIVE_FILE], meta.ARCHIVE, None, links),
            groups=_groups(tables, files, lang, links),
            updated=date_text(updated, lang) if updated else word("not_stated", lang),
            licence=meta.LICENCE, licence_short=meta.LICENCE_SHORT, citation=meta.citation(data, lang),
            dataset_citations=dataset_citations(data, lang),
            dictionary_url=links.page(DICTIONARY), feed_url=links.asset(feed_path(lang)),
            changes=[{"date": date_text(c["date"], lang), "title": c["title"][lang], "summary": c["summary"][lang]}
                     for c in entries(data)])
        page.description[lang] = ("下载全部数字：CSV（带 BOM 的 UTF-8）、Frictionless 数据包、ZIP 与更新订阅"
                                  if lang == "zh" else
                                  "Download every figure: CSV (UTF-8 with BOM), a Frictionless data package, "
                                  "a ZIP and an update feed")
    return page
