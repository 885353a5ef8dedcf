"""How to cite the dataset, a city, a chart or one figure: GB/T 7714-2025 (dataset, [DS/OL]) and
its 2015 predecessor ([EB/OL]) in Chinese, APA 7 (data set) in English, and the source
document's own reference.

Every form is built from one metadata record (who publishes, the dataset's title, the release
from the changelog, the address), so the download page, city pages, charts and figures cite
alike. The access date is the reader's: left as a placeholder in the page, filled in by the
page's script, or given by a caller.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .published import DATA_TITLE, TITLE

#: What the page shows where the reader's access date goes; the page script fills in today's date.
ACCESSED_PLACEHOLDER = {"zh": "引用日期", "en": "Month D, YYYY"}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


@dataclass(frozen=True)
class Release:
    """The dataset as released: who publishes it, its title, its version and date, its address."""

    publisher: dict[str, str]
    title: dict[str, str]
    released: str | None  # YYYY-MM-DD of the newest changelog entry
    site_url: str  # absolute, ending in '/'

    @property
    def version(self) -> str | None:
        """Calendar version: the release date, as the changelog gives it."""
        return self.released

    @property
    def year(self) -> str:
        return self.released[:4] if self.released else "n.d."

    def url(self, path: str = "", anchor: str = "") -> str:
        """The absolute address of a page of the site (`cities/xining/`), with an anchor if given."""
        return self.site_url + path.lstrip("/") + (f"#{anchor}" if anchor else "")


def release(released: str | None, site_url: str) -> Release:
    return Release(TITLE, DATA_TITLE, released, site_url if site_url.endswith("/") else site_url + "/")


def _title(release: Release, part: str | None, lang: str) -> str:
    title = release.title[lang]
    if not part:
        return title
    return f"{title}：{part}" if lang == "zh" else f"{title}: {part}"


def gbt7714(release: Release, url: str, part: str | None = None, accessed: dt.date | None = None) -> str:
    """GB/T 7714-2025, data set:
    主要责任者. 题名：其他题名信息[DS/OL]. 版本. 发布平台（发布或修改日期）[引用日期]. 获取和访问路径."""
    version = f" {release.version}版." if release.version else ""
    date = f"（{release.released}）" if release.released else ""
    when = accessed.isoformat() if accessed else ACCESSED_PLACEHOLDER["zh"]
    return (f"{release.publisher['zh']}. {_title(release, part, 'zh')}[DS/OL].{version} "
            f"{release.publisher['zh']}{date}[{when}]. {url}.")


def gbt7714_2015(release: Release, url: str, part: str | None = None, accessed: dt.date | None = None) -> str:
    """GB/T 7714-2015, electronic resource: 主要责任者. 题名[EB/OL]. (更新或修改日期)[引用日期]. 获取和访问路径."""
    date = f"({release.released})" if release.released else ""
    when = accessed.isoformat() if accessed else ACCESSED_PLACEHOLDER["zh"]
    return f"{release.publisher['zh']}. {_title(release, part, 'zh')}[EB/OL]. {date}[{when}]. {url}."


def english_date(day: dt.date) -> str:
    return f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def apa7(release: Release, url: str, part: str | None = None, accessed: dt.date | None = None) -> str:
    """APA 7, data set: Author. (Year). Title (Version) [Data set]. Retrieved Month D, YYYY, from URL

    The publisher is the author, so APA leaves it out; the retrieval date is given because the
    data change between releases. The title is italic in the page, plain in this text."""
    version = f" (Version {release.version})" if release.version else ""
    when = english_date(accessed) if accessed else ACCESSED_PLACEHOLDER["en"]
    return (f"{release.publisher['en']}. ({release.year}). {_title(release, part, 'en')}{version} [Data set]. "
            f"Retrieved {when}, from {url}")


def source_reference(source: Mapping[str, Any], lang: str) -> str:
    """The source document's own reference as the data record it: issuer, title, document number,
    date, link (GB/T 7714 report form [R] in Chinese, APA 7 report form in English). What the
    record leaves out stays out; a date without its year counts as undated."""
    issuer = source.get("issuer", {}).get(lang)
    title = source["title"][lang] + (f": {source['number']}" if source.get("number") else "")
    date = source.get("date") if source.get("date", "").lstrip("-") == source.get("date") else None
    url = source.get("url")
    if lang == "zh":
        head = f"{issuer}. {title}[R]." if issuer else f"{title}[R]."
        return head + (f" {date}." if date else "") + (f" {url}." if url else "")
    year = f"({date[:4]})" if date else "(n.d.)"
    head = f"{issuer}. {year}. {title} [Report]." if issuer else f"{title} [Report]. {year}."
    return head + (f" {url}" if url else "")
