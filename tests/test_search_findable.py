"""The search index holds the words a reader types: every theme title, metric label and city name
(tests/search_queries.py derives them from the catalogue and the data), in both languages, tokenised
as Material's search worker tokenises the index. Fast: the pages are rendered without MkDocs and
indexed with generator/search_index.py, as the build does; tests/browser/test_search_findable.py
runs the same queries through Material's search in Chromium."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import material
import pytest
import yaml
from conftest import REAL_DATA
from search_queries import LANGS, Query, findable, site_path, unique

from generator.opendata.dictionary import dictionary_page
from generator.render.markdown import page_markdown
from generator.render.pages import page_dir
from generator.search_index import index_json, page_entries, segment
from generator.validate import validate_dataset
from tests.pages import build_pages

#: Material's search defaults for the site's language (theme.language: zh), as its search plugin reads them.
MATERIAL_ZH = Path(material.__file__).parent / "templates" / "partials" / "languages" / "zh.html"


def material_config() -> dict[str, Any]:
    """The configuration Material's search plugin writes for this site (mkdocs.yml: lang [zh, en])."""
    text = MATERIAL_ZH.read_text(encoding="utf-8")

    def setting(key: str) -> str:
        found = re.search(rf'"search\.config\.{key}": "((?:[^"\\]|\\.)*)"', text)
        assert found, f"{key} not in {MATERIAL_ZH}"
        return found.group(1).encode().decode("unicode_escape")

    return {"lang": ["zh", "en"], "separator": setting("separator"),
            "pipeline": [p.strip() for p in setting("pipeline").split(",") if p.strip()],
            "fields": {"title": {"boost": 1e3}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}}}


#: lunr-languages' trimmer for zh + en: a word loses what is neither \w (ASCII in JavaScript) nor 一-龥 at its ends.
_TRIM = re.compile(r"^[^A-Za-z0-9_\u4e00-\u9fa5]+|[^A-Za-z0-9_\u4e00-\u9fa5]+$")


def client_words(text: str, separator: str) -> set[str]:
    """The index terms Material's worker makes of a field: split at the separator, lower-cased, trimmed."""
    return {w for w in (_TRIM.sub("", word.lower()) for word in re.split(separator, text)) if w}


@pytest.fixture(scope="module")
def site() -> dict[str, Any]:
    """The generated pages of the real data: their index entries and HTML, by site path."""
    data = validate_dataset(REAL_DATA)
    pages = [*build_pages(data, {"zh": "", "en": ""}), dictionary_page()]
    entries: dict[str, list[dict[str, str]]] = {}
    bodies: dict[str, str] = {}
    for page in pages:
        folder = page_dir(page.path)
        for lang in LANGS:
            url = site_path(lang, f"{folder}/" if folder else "")
            markdown = page_markdown(page, lang).decode()
            entries[url] = page_entries(url, yaml.safe_load(markdown.split("---\n")[1])["title"],
                                        markdown.split("---\n", 2)[2])
            bodies[url] = page.body[lang]
    names = {slug: city["name"] for slug, city in data.cities.items()}
    queries = unique(findable(names, lambda path: bodies.get(path, "")))
    config = json.loads(index_json(material_config(), []))["config"]  # as the build writes it
    return {"entries": entries, "queries": queries, "config": config}


def test_queries_cover_the_catalogue_and_the_data(site: dict[str, Any]) -> None:
    from generator.schema import catalogue as cat

    queries: list[Query] = site["queries"]
    kinds = {q.what.split()[0] for q in queries}
    assert kinds == {"theme", "metric", "city"}
    for lang in LANGS:
        texts = {q.text for q in queries if q.lang == lang}
        assert {getattr(m, lang) for m in cat.METRICS.values()} <= texts
        assert {getattr(t, lang) for t in cat.THEMES.values()} <= texts


def test_index_words_are_matched_as_typed(site: dict[str, Any]) -> None:
    """Material's worker adds a wildcard to every query word, and lunr runs no pipeline on a wildcard
    term: an index of stemmed words ("complaint", "enforc", "sampl") never matches the word typed."""
    config = site["config"]
    assert "stemmer" not in config["pipeline"], config["pipeline"]
    assert config["lang"] == ["zh", "en"]  # lunr-languages' trimmer keeps both scripts' words


def test_every_title_label_and_city_name_is_in_its_pages_index(site: dict[str, Any]) -> None:
    config = site["config"]
    missing = []
    for query in site["queries"]:
        wanted = client_words(segment(query.text), config["separator"])
        found = False
        for path in query.expected:
            held: set[str] = set()
            for entry in site["entries"][path]:
                for field in config["fields"]:
                    held |= client_words(entry.get(field, ""), config["separator"])
            found = found or wanted <= held
        if not found:
            missing.append(f"{query.lang} {query.what} {query.text!r}: {sorted(query.expected)}")
    assert missing == []


def test_keywords_hold_what_the_snippet_leaves_out_but_not_quotes_or_document_text() -> None:
    from generator.search_index import KEYWORDS

    body = ('<h2 id="s">创建知晓率</h2><p>' + "开头文字。" * 60 + '</p>'
            '<figure class="chart-block" id="c"><details class="chart-data" data-search-exclude><table><tbody>'
            '<tr><td>Hotline answer rate</td></tr></tbody></table></details></figure>'
            '<details class="fig-source" data-search-exclude><blockquote>quotedword</blockquote></details>'
            '<h2 id="full-text">Full text</h2><div class="doc-text" lang="zh-Hans"><p>documentword</p></div>')
    section, document = page_entries("x/", "T", body)[1:]
    hidden = section[KEYWORDS].split()
    assert {"Hotline", "answer", "rate"} <= set(hidden)  # a chart's label, though the snippet shows no chart
    assert "quotedword" not in hidden and "documentword" not in document.get(KEYWORDS, "")
    assert "知晓" in hidden  # the leading part of 知晓率 (Material's query segmenter needs it)
    assert len(hidden) == len({w.lower() for w in hidden})  # once each
