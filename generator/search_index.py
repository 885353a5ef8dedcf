"""Search entries for the generated pages, and one search index file per language.

Material's search plugin parses every finished page with Python's HTMLParser and runs jieba
over all of its text: half of a national build (47 of 96 s at 300 cities), and an index of
both languages in one file (15.7 MB gzip at 1000 cities) that every reader who searches must
download. The generated pages are our own HTML, so their entries come from it directly, and
briefly: the page title, then one entry per section (<h2 id=…>) with its heading and the
opening of its text. Sources, chart data (the `data-search-exclude` expanders) and charts
stay out, as Material would leave them. Chinese is segmented with jieba and joined with U+200B exactly
as Material does, so the browser side of search is Material's own, unchanged.

Nothing here depends on MkDocs; the adapter feeds pages in and writes the files out.
"""
from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

#: Characters of section text kept in the index: enough to find a page by what it is about
#: (figure labels, review headings, lead sentences), not a copy of the site.
SECTION_TEXT = 240
_SECTION = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
#: Left out: sources and chart data (marked data-search-exclude, as for Material), charts, scripts.
_EXCLUDED = re.compile(r'<(details|figure|script)\b[^>]*(?:\bdata-search-exclude\b|class="chart-block|type=)[^>]*>'
                       r".*?</\1>", re.S)
#: Table headers and captions repeat on every table ("metric, value, period, source"): noise in a snippet.
_TABLE_CHROME = re.compile(r"<(thead|caption)\b[^>]*>.*?</\1>", re.S)
_SUBHEADING = re.compile(r"<h[3-6]\b[^>]*>(.*?)</h[3-6]>", re.S)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def plain_text(fragment: str) -> str:
    """Visible text of a fragment of generated HTML: tags dropped, entities read, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


@lru_cache(maxsize=200_000)
def _segmented(run: str) -> str:
    import jieba  # loaded only when a page is indexed: jieba's dictionary costs a second or so

    return "\u200b" + "\u200b".join(jieba.cut(run)) + "\u200b"


def segment(text: str) -> str:
    """Chinese runs cut into words with U+200B between them, as Material's search plugin does."""
    return _HAN.sub(lambda m: _segmented(m.group(0)), text).strip("\u200b")


def _clip(text: str, limit: int = SECTION_TEXT) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def page_entries(url: str, title: str, body: str) -> list[dict[str, str]]:
    """Index entries of one generated page: the page, then each of its sections."""
    body = _TABLE_CHROME.sub(" ", _EXCLUDED.sub(" ", _FRONT_MATTER.sub("", body)))
    sections = list(_SECTION.finditer(body))
    lead = plain_text(body[:sections[0].start()] if sections else body)
    entries = [{"location": url, "title": segment(title), "text": segment(_clip(lead))}]
    for number, match in enumerate(sections):
        end = sections[number + 1].start() if number + 1 < len(sections) else len(body)
        text = body[match.end():end]
        subheadings = " ".join(plain_text(h) for h in _SUBHEADING.findall(text))
        summary = " ".join(part for part in (subheadings, plain_text(_SUBHEADING.sub(" ", text))) if part)
        entries.append({"location": f"{url}#{match.group(1)}", "title": segment(plain_text(match.group(2))),
                        "text": segment(_clip(summary))})
    return entries


def index_json(config: dict[str, Any], entries: list[dict[str, Any]]) -> str:
    """The file Material's search worker reads: its configuration and the entries, compact."""
    return json.dumps({"config": config, "docs": entries}, ensure_ascii=False, separators=(",", ":"))
