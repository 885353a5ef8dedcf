"""Search entries for the generated pages, and one search index file per language.

Material's search plugin parses every finished page with Python's HTMLParser and runs jieba
over all of its text: half of a national build (47 of 96 s at 300 cities), and an index of
both languages in one file (15.7 MB gzip at 1000 cities) that every reader who searches must
download. The generated pages are our own HTML, so their entries come from it directly, and
briefly: the page title, then one entry per section (<h2 id=…>) with its heading and the
opening of its text. Sources, chart data (the `data-search-exclude` expanders) and charts
stay out, as Material would leave them. Chinese is segmented with jieba and joined with U+200B exactly
as Material does, so the browser side of search is Material's own, unchanged.

The snippet is clipped, but what a reader searches for is not: each entry also carries the words of its
section that the snippet leaves out (`keywords`: its words, chart tables' labels too, once each), in a
field Material indexes but does not show. Only a source document's own text (its Chinese original) stays
clipped: its words would make the index as large as the documents.

Material's worker ends every query word with a wildcard, and lunr does not stem a wildcard term, so an
index of stemmed words ("complaint", "enforc", "sampl" in English) is never matched by a whole word
("complaints", "enforcement", "sampling"). Material's Chinese default keeps the stemmer, which with
`lang: [zh, en]` stems English: `client_config` turns it off (words are matched as typed, by prefix).

Nothing here depends on MkDocs; the adapter feeds pages in and writes the files out.
"""
from __future__ import annotations

import html
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .jieba_dictionary import default_tokenizer

#: Characters of section text kept in the index: enough to find a page by what it is about
#: (figure labels, review headings, lead sentences), not a copy of the site.
SECTION_TEXT = 240
_SECTION = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
#: Left out: sources and chart data (marked data-search-exclude, as for Material), charts, scripts;
#: each element from this start tag to the first closing tag of its name (see `_without`).
_EXCLUDED = re.compile(r'<(details|figure|script)\b[^>]*(?:\bdata-search-exclude\b|class="chart-block|type=)[^>]*>')
#: Table headers and captions repeat on every table ("metric, value, period, source"): noise in a snippet.
_TABLE_CHROME = re.compile(r"<(thead|caption)\b[^>]*>.*?</\1>", re.S)
_SUBHEADING = re.compile(r"<h[3-6]\b[^>]*>(.*?)</h[3-6]>", re.S)
_TAG = re.compile(r"<[^>]*>")
#: A Chinese word whose leading part the index also holds. Material cuts a Chinese query into the index's
#: words, but never tries a piece that ends at the query's last character (its loop stops one short), so
#: the last word of "创建知晓率" is lost unless the index knows "知晓", which then finds "知晓率" by prefix.
_HEADS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3,}")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
#: Left out of the keywords: quotes from the sources, scripts, and a source document's own text.
_NOT_KEYWORDS = re.compile(r'<(details)\b[^>]*class="fig-source"[^>]*>|<(script)\b|<(div) class="doc-text"[^>]*>')
#: Where the browser splits text and queries into words: Material's Chinese separator (spaces, U+200B between
#: jieba's words, 、。，．？！；) and the brackets, slashes and colons of labels such as "抽检量（批次/千人）" or
#: "Sampling volume (batches per 1,000 residents)". Material splits a query only here, after cutting its Chinese
#: into words it knows: without them "批次/千人" stays one word that no index word begins with.
SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：（）《》〔〕【】“”/／(),;:!?\"]+"
_SPLIT = re.compile(SEPARATOR)
#: The field of the hidden words; Material indexes every field its configuration names.
KEYWORDS = "keywords"
#: Pipeline steps for the browser's index: no stemmer (see the module's docstring), no stop-word filter
#: (lunr's English list would drop "of", "not", and lunr-zh's would drop words jieba keeps, like 最).
PIPELINE = ["trimmer"]


def plain_text(fragment: str) -> str:
    """Visible text of a fragment of generated HTML: tags dropped, entities read, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())  # split(): the whitespace of \\s, faster


def _without(body: str, start: re.Pattern[str]) -> str:
    """`body` with a space for each element that `start` finds (its last group: the tag's name), up to
    the first closing tag of that name: what `start.*?</name>` would replace, without the regex
    engine's character-by-character search for the end (a third of indexing a page)."""
    return _cut(body, start, ended=False) or body


def _cut(body: str, start: re.Pattern[str], ended: bool) -> str | None:
    """_without; with `ended`, None if an element `start` finds has no end in `body` (it may end in
    what follows: see page_entries_from)."""
    kept: list[str] = []
    done = at = 0
    while found := start.search(body, at):
        close = f"</{found.group(found.lastindex or 0)}>"
        end = body.find(close, found.end())
        if end < 0:  # no end: no element here, as for the regex, which tries the next position
            if ended:
                return None
            at = found.start() + 1
            continue
        kept += [body[done:found.start()], " "]
        done = at = end + len(close)
    return "".join(kept) + body[done:] if kept else body


class Segmenter:
    """jieba's cuts as one process remembers them, for whoever owns it (the MkDocs adapter makes one per
    process): the same names, labels and headings recur on every page. `runs`: each run of Chinese as
    cut; `texts`: the words of each text between two tags that holds Chinese (a label, a heading,
    "来源"), the first `limit` of each: what recurs on every page is met on the first pages, and
    what each city's page says alone does not pile up (at 1,000 cities, a few MB instead of 10
    and growing)."""

    def __init__(self, limit: int = 5_000) -> None:
        self.runs: dict[str, str] = {}
        self.texts: dict[str, list[str]] = {}
        self.limit = limit

    def _run(self, found: re.Match[str]) -> str:
        run = found.group(0)
        if run not in self.runs:
            tokenizer = default_tokenizer()  # jieba, with its dictionary sorted (jieba_dictionary)
            cut = "\u200b" + "\u200b".join(tokenizer.cut(run)) + "\u200b"
            if len(self.runs) < self.limit:
                self.runs[run] = cut
            return cut
        return self.runs[run]

    def segment(self, text: str) -> str:
        """Chinese runs cut into words with U+200B between them, as Material's search plugin does."""
        return _HAN.sub(self._run, text).strip("\u200b")

    def text_words(self, fragment: str) -> list[str]:
        """The words of a fragment's visible text, in order: `_SPLIT.split(segment(plain_text(fragment)))`
        without its empty strings, worked out text by text between the tags (a tag is a space to
        plain_text, and spaces separate words, so no word spans two texts)."""
        found: list[str] = []
        for text in _TAG.split(fragment):
            if not text or text.isspace():
                continue
            known = self.texts.get(text)
            if known is None:
                plain = html.unescape(text) if "&" in text else text
                if _HAN.search(plain) is None:  # numbers, mostly: they differ from city to city
                    found += [word for word in _SPLIT.split(plain) if word]
                    continue
                known = [word for word in _SPLIT.split(self.segment(plain)) if word]
                if len(self.texts) < self.limit:
                    self.texts[text] = known
            found += known
        return found


def segment(text: str, segmenter: Segmenter | None = None) -> str:
    """Chinese runs cut into words with U+200B between them, as Material's search plugin does."""
    return (segmenter or Segmenter()).segment(text)


def _clip(text: str, limit: int = SECTION_TEXT) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def words(text: str) -> list[str]:
    """The words Material's search finds in a segmented text, lower-cased as its index holds them."""
    return [word.lower() for word in _SPLIT.split(text) if word]


def _keywords(fragment: str, shown: str, segmenter: Segmenter) -> str:
    """The words of a section that its title and snippet leave out, once each, in order of appearance,
    and the leading part of each Chinese word of three characters or more (see `_HEADS`)."""
    seen = set(words(shown))
    kept = []
    # a word met again adds nothing (its forms are seen): each is looked at once, in order of appearance
    for word in dict.fromkeys(segmenter.text_words(fragment) + _SPLIT.split(shown)):
        if not word:
            continue
        for form in (word, word[:-1] if _HEADS.fullmatch(word) else ""):
            if form and form.lower() not in seen:
                seen.add(form.lower())
                kept.append(form)
    return " ".join(kept)


def _entry(location: str, title: str, text: str, fragment: str, segmenter: Segmenter) -> dict[str, str]:
    entry = {"location": location, "title": segmenter.segment(title), "text": segmenter.segment(_clip(text))}
    hidden = _keywords(fragment, f"{entry['title']} {entry['text']}", segmenter)
    return {**entry, KEYWORDS: hidden} if hidden else entry


def _sections(body: str) -> tuple[str, list[tuple[str, str, str]]]:
    """What comes before the first <h2 id=…>, then each section as (id, heading, fragment)."""
    found = list(_SECTION.finditer(body))
    ends = [m.start() for m in found[1:]] + [len(body)] * bool(found)
    return (body[:found[0].start()] if found else body,
            [(m.group(1), m.group(2), body[m.end():end]) for m, end in zip(found, ends, strict=True)])


def page_entries(url: str, title: str, body: str, segmenter: Segmenter | None = None) -> list[dict[str, str]]:
    """Index entries of one generated page: the page, then each of its sections. `segmenter`: what the
    caller's process has cut before (see Segmenter); a new one if none."""
    segmenter = segmenter or Segmenter()
    body = _FRONT_MATTER.sub("", body)
    lead_all, all_sections = _sections(_without(body, _NOT_KEYWORDS))  # keywords: charts' tables and captions too
    whole = dict((anchor, fragment) for anchor, _, fragment in all_sections)
    lead, sections = _sections(_TABLE_CHROME.sub(" ", _without(body, _EXCLUDED)))
    entries = [_entry(url, title, _plain_start(lead), lead_all, segmenter)]
    for anchor, heading, text in sections:
        entries.append(_section_entry(f"{url}#{anchor}", heading, text, whole.get(anchor, text), segmenter))
    return entries


def _section_entry(location: str, heading: str, text: str, keywords: str, segmenter: Segmenter) -> dict[str, str]:
    """A section's entry: its heading, the start of its subheadings and text (what _clip keeps), and the
    words of `keywords` (its fragment with the charts' tables and captions) that those leave out."""
    subheadings = " ".join(plain_text(h) for h in _SUBHEADING.findall(text))
    summary = " ".join(part for part in (subheadings, _plain_start(_SUBHEADING.sub(" ", text))) if part)
    return _entry(location, plain_text(heading), summary, keywords, segmenter)


def _plain_start(fragment: str, limit: int = SECTION_TEXT) -> str:
    """plain_text(fragment), or a start of it longer than `limit` (all that _clip keeps): the visible
    text of a start of the fragment cut before a tag, which is a space to plain_text, so it is the
    whole's first words. A section of a theme page at national scale is megabytes of table, its
    words a list of hundreds of thousands, to give a snippet of 240 characters."""
    size = 16 * limit
    while size < len(fragment):
        cut = fragment.rfind("<", 0, size)  # every tag before it is whole: our text escapes "<"
        if cut > 0 and len(start := plain_text(fragment[:cut])) > limit:
            return start
        size *= 4
    return plain_text(fragment)


#: Where a section of a generated page may start, in its UTF-8 bytes (see page_entries_from).
_SECTION_MARK = b'<h2 id="'
#: A table's header or caption left after _TABLE_CHROME: one that runs on past its section.
_CHROME_START = re.compile(r"<(?:thead|caption)\b")


#: A body in parts of its UTF-8 bytes, from its start each time it is called (see page_entries_from).
Body = Callable[[], Iterable[bytes]]


def page_entries_from(url: str, title: str, body: Body, segmenter: Segmenter | None = None) -> list[dict[str, str]]:
    """page_entries of a body given as UTF-8 bytes, in parts of any size (a file read piece by piece),
    worked out section by section: a theme page at national scale (megabytes, twice that as text) is
    never held, decoded, cut and copied whole, which took 20 MB of a MkDocs process at 1,000 cities.
    Each part from one `<h2 id="` to the next is read as page_entries reads the whole; where that could
    give other entries (an element left out, a table's header or a section's heading running on into
    the next part, an anchor twice), the whole body is read instead."""
    segmenter = segmenter or Segmenter()
    by_section = _entries_by_section(url, title, _cut_sections(body()), segmenter)
    return by_section if by_section is not None else page_entries(url, title, b"".join(body()).decode("utf-8"),
                                                                  segmenter)


def _cut_sections(chunks: Iterable[bytes]) -> Iterator[tuple[str, str, str, str] | None]:
    """_section_cuts of the text before the first `<h2 id="`, then of each part from one to the next, from
    a body's UTF-8 bytes in parts of any size (a part's end may fall anywhere, even inside the marker or a
    character). A part's text is cut as soon as it is read, and never kept: megabytes of a theme page."""
    pending = bytearray()
    looked, split = 0, False  # where a marker may begin that was not looked for; a part was given
    for chunk in chunks:
        pending += chunk
        while (at := pending.find(_SECTION_MARK, max(looked, split))) != -1:  # a part begins with its marker
            cuts = _section_cuts(str(memoryview(pending)[:at], "utf-8"), first=not split)
            del pending[:at]  # a bytearray drops its start without moving the rest
            looked, split = 1, True
            yield cuts
        looked = max(0, len(pending) - len(_SECTION_MARK) + 1)  # a marker may end in the next chunk
    yield _section_cuts(pending.decode("utf-8"), first=not split)


def _section_cuts(text: str, first: bool) -> tuple[str, str, str, str] | None:
    """A part's anchor and heading ("" before the first section), then the rest of its text as shown and
    for its keywords (page_entries' two cuts of the whole); None where they could differ from the whole's."""
    if first and text.startswith("---\n"):  # front matter (page_entries drops it) may run on
        return None
    keywords, shown = _cut(text, _NOT_KEYWORDS, ended=True), _cut(text, _EXCLUDED, ended=True)
    del text  # megabytes for a theme page's section
    if keywords is None or shown is None:
        return None
    shown = _TABLE_CHROME.sub(" ", shown)
    if _CHROME_START.search(shown):
        return None
    if first:
        return "", "", shown, keywords
    heading, started = _SECTION.match(shown), _SECTION.match(keywords)
    if heading is None or started is None:
        return None
    return heading.group(1), heading.group(2), shown[heading.end():], keywords[started.end():]


def _entries_by_section(url: str, title: str, parts: Iterable[tuple[str, str, str, str] | None],
                        segmenter: Segmenter) -> list[dict[str, str]] | None:
    """page_entries_from's entries from _cut_sections, or None where working part by part could differ
    from the whole."""
    entries: list[dict[str, str]] = []
    anchors: set[str] = set()
    for number, part in enumerate(parts):
        if part is None:
            return None
        anchor, heading, shown, keywords = part
        if number == 0:
            entries.append(_entry(url, title, _plain_start(shown), keywords, segmenter))
            continue
        if anchor in anchors:
            return None
        anchors.add(anchor)
        entries.append(_section_entry(f"{url}#{anchor}", heading, shown, keywords, segmenter))
    return entries


def client_config(config: dict[str, Any]) -> dict[str, Any]:
    """Material's search configuration as the browser's index needs it: words kept as typed (no
    stemmer), split where the index splits them, and the hidden keywords indexed like the snippet's text."""
    fields = {**config.get("fields", {})}
    fields.setdefault(KEYWORDS, fields.get("text", {"boost": 1.0}))
    return {**config, "separator": SEPARATOR, "pipeline": PIPELINE, "fields": fields}


def index_json(config: dict[str, Any], entries: list[dict[str, Any]]) -> str:
    """The file Material's search worker reads: its configuration and the entries, compact."""
    return json.dumps({"config": client_config(config), "docs": entries}, ensure_ascii=False, separators=(",", ":"))


def entries_json(entries: list[dict[str, Any]]) -> str:
    """One page's entries as they stand in the index file (compact JSON, without the list's brackets):
    what the adapter keeps of each page until the index is written, a fraction of the entries' dicts."""
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))[1:-1]


class PageEntries:
    """Each page's entries_json, by the page's address, kept in a temporary file until the index
    is written rather than in memory (15 MB of a MkDocs process at 1,000 cities, growing with
    them). Entries given again for a page (a preview's rebuild) replace the earlier ones."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._at: dict[str, tuple[int, int]] = {}

    def __setitem__(self, url: str, entries: str) -> None:
        data = entries.encode("utf-8")
        self._file.seek(0, 2)
        self._at[url] = (self._file.tell(), len(data))
        self._file.write(data)

    def __getitem__(self, url: str) -> str:
        offset, size = self._at[url]
        self._file.seek(offset)
        return self._file.read(size).decode("utf-8")

    def __contains__(self, url: object) -> bool:
        return url in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)


def write_index(path: Path, config: dict[str, Any], pages: Iterable[str]) -> None:
    """The index file from each page's entries_json, written page by page instead of made whole in
    memory (with its UTF-8 copy, tens of MB at national scale): the bytes index_json would give."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"config":' + json.dumps(client_config(config), ensure_ascii=False, separators=(",", ":"))
                  + ',"docs":[')
        separator = ""
        for page in pages:
            if page:
                out.write(separator + page)
                separator = ","
        out.write("]}")
