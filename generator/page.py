"""The shape of a generated page, shared by the pages (render) and the open-data pages
(opendata): its two languages, its path and titles, and the relative links between pages."""
from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from markupsafe import escape

from .publish import UnsafePage, refuse_inline_script

LANGS = ("zh", "en")

#: The longest description, in characters: about 80 CJK characters fill a Chinese search result
#: or a WeChat preview; about 160 Latin characters an English one.
LIMITS = {"zh": 80, "en": 160}
#: Where a Chinese text may be cut: after a clause, never inside a word.
_ZH_BREAKS = "，、；：。）"
ELLIPSIS = "…"


@dataclass
class Page:
    """One page in both languages: where it lives, its titles, bodies and whether it draws charts."""

    path: str  # e.g. "cities/xining" (index pages end in "/index")
    title: dict[str, str]
    body: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    charts: list[Any] = field(default_factory=list)  # render.charts.Chart


def page_dir(path: str) -> str:
    """The URL folder a page is served from (directory URLs)."""
    return path[: -len("index")].rstrip("/") if path.endswith("index") else path


class Links:
    """Relative links between pages and to shared files, right for both languages.

    Pages of the second language live under /en/, shared files (CSV, documents) only once at the root.
    """

    def __init__(self, page_path: str, lang: str, memo: dict[tuple[str, str], str] | None = None):
        self.here = page_dir(page_path)
        self.memo = {} if memo is None else memo  # one build's relative links (see SiteIndex.links)
        self.depth = (len(self.here.split("/")) if self.here else 0) + (1 if lang == "en" else 0)

    def page(self, path: str) -> str:
        key = (page_dir(path), self.here)
        if key not in self.memo:
            self.memo[key] = _relative_url(*key)
        return self.memo[key]

    def asset(self, path: str) -> str:
        return "../" * self.depth + path


def _relative_url(target: str, here: str) -> str:
    """Remembered per build (Links.memo): posixpath.relpath asks the OS for the working directory
    on every call, and a large site makes hundreds of thousands of links."""
    rel = posixpath.relpath(target or ".", here or ".")
    return "./" if rel == "." else rel + "/"


def page_url_path(page_path: str, lang: str) -> str:
    """A page's path from the site root: `cities/xining/`, `en/cities/xining/`, `` for the home page."""
    folder = page_path[: -len("index")].rstrip("/") if page_path.endswith("index") else page_path
    path = f"{folder}/" if folder else ""
    return path if lang == "zh" else f"en/{path}"


def clip(text: str, lang: str) -> str:
    """`text` on one line, cut to the language's limit: English at a word boundary, Chinese after
    a punctuation mark when one is near the end; an ellipsis marks the cut."""
    text = " ".join(text.split())
    limit = LIMITS[lang]
    if len(text) <= limit:
        return text
    cut = text[:limit - len(ELLIPSIS)]
    if lang == "en":
        rest = text[len(cut)]
        if not rest.isspace() and " " in cut:
            cut = cut[:cut.rfind(" ")]
        cut = cut.rstrip(" ,;:—–-(")
    else:
        at = max(cut.rfind(mark) for mark in _ZH_BREAKS)
        if at >= limit * 2 // 3:
            cut = cut[:at]
        cut = cut.rstrip("，、；：（")
    return cut + ELLIPSIS


def page_markdown(page: Page, lang: str) -> bytes:
    """Front matter, then the HTML body as one raw block (Markdown leaves it as is).

    MkDocs themes print the title and description without escaping them, so they are escaped here;
    the description is cut to what a search result or link preview shows (clip).
    """
    meta: dict[str, object] = {"title": str(escape(page.title[lang])),
                               "description": str(escape(clip(page.description.get(lang, page.title[lang]), lang))),
                               "hide": ["navigation", "toc"]}
    if page.charts:
        meta["charts"] = True
    try:
        refuse_inline_script(page.body[lang])  # the theme's part is checked as the site is built (mkdocs_adapter)
    except UnsafePage as error:
        raise UnsafePage(f"{page.path}.{lang}.md: {error}") from None
    return f"---\n{front_matter(meta)}---\n\n{page.body[lang]}\n".encode()


#: What YAML reads otherwise than JSON inside double quotes, beyond the control characters JSON
#: escapes already: DEL and the C1 controls (PyYAML's reader refuses them; NEL it reads as a line break),
#: surrogates and U+FFFE/U+FFFF; escaped too, for any YAML reader: the line and paragraph separators
#: and the byte-order mark.
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def _escaped(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def front_matter(meta: dict[str, object]) -> str:
    """A page's front matter: one `key: value` line per field, in key order, each value written as
    JSON, which YAML reads as the same string, list or flag (a double-quoted scalar, a flow list).
    yaml.safe_dump wrote the same fields at 0.4 ms a page, thousands of pages in a national build."""
    lines = []
    for key in sorted(meta):
        value = _NOT_YAML.sub(_escaped, json.dumps(meta[key], ensure_ascii=False))
        lines.append(f"{key}: {value}\n")
    return "".join(lines)


class ChartLike(Protocol):
    """What the shape of the site needs to know of a chart (render.charts.Chart)."""

    @property
    def id(self) -> str: ...

    @property
    def by_city(self) -> bool: ...

    @property
    def figures(self) -> Sequence[Any]: ...


#: Where the charts' CSV downloads live.
CHART_FILES = "downloads/charts/"


def chart_city(chart: ChartLike) -> str | None:
    """The city whose page the chart belongs to (every figure that city's, no comparison), else None."""
    cities = {fig.city for fig in chart.figures}
    return next(iter(cities)) if len(cities) == 1 and not chart.by_city else None


def chart_csv_path(chart: ChartLike) -> str:
    """The file a chart's "Download CSV" link points to: its city's charts file, or its own.
    A city's charts share one file, with a first column `chart` naming each row's chart (one file
    per city instead of a dozen); a chart that compares cities keeps a file of its own."""
    city = chart_city(chart)
    return f"{CHART_FILES}{city if city is not None else chart.id}.csv"
