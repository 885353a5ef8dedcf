"""Text the reader sees is whole and in the page's language: no unfilled placeholder, no
Chinese punctuation in English prose, no two data fields run together without a label.

Two sites are built: one from a synthetic city that fills every field of the schema
(tests/every_field.py) and one from the real data. Every HTML page in both languages and
every CSV file is read back.

The language rule: on an English page, text outside an element marked lang="zh…" holds no
CJK character and no CJK punctuation. Chinese that belongs on an English page (a verbatim
quote, a Chinese document number, the language switch's "中文") must be marked as Chinese,
which is also what a screen reader needs to pronounce it.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.opendata.dictionary import walk
from generator.schema.city import CHANGELOG, CITY
from tests.browser.support import build_isolated
from tests.conftest import REAL_DATA, write_data_folder
from tests.every_field import SLUG, every_field_data

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff5b-\uff65]")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|\{\{|\}\}|\{%|%\}|%s\b|%\(\w+\)s|\bNone\b|\bundefined\b|\bnan\b")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
#: Elements that set their text apart from the text around them (a line, a cell, an item).
BLOCK = {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
         "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
         "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "th", "thead", "tr", "ul"}
TEXT_ATTRS = ("aria-label", "title", "alt", "placeholder")


@dataclass
class PageText:
    """What one page says: text nodes with their language, attribute texts, chart JSON texts,
    and the page's running text with a line break wherever an element sets text apart."""

    text_nodes: list[tuple[str, str]] = field(default_factory=list)  # (lang in effect, text)
    attributes: list[tuple[str, str]] = field(default_factory=list)
    chart_strings: list[str] = field(default_factory=list)
    #: the citation data the page script reads (a source's reference keeps its Chinese document number)
    cite_strings: list[str] = field(default_factory=list)
    flow: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, dict[str, str | None]]] = []
        self.out = PageText()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or (self.stack[-1][1] if self.stack else "")
        if tag in BLOCK:
            self.out.flow.append("\n")
        for name in TEXT_ATTRS:
            if values.get(name):
                self.out.attributes.append((lang, values[name] or ""))
        if tag == "meta" and values.get("name") == "description":
            self.out.attributes.append((lang, values.get("content") or ""))
        if tag not in VOID:
            self.stack.append((tag, lang, values))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK:
            self.out.flow.append("\n")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        tag, lang, attrs = self.stack[-1] if self.stack else ("", "", {})
        if tag == "script":
            if attrs.get("type") == "application/json":
                value = json.loads(data)
                if attrs.get("id") == "cite-data":  # citation forms left open ({part}, {url}) for the page script
                    self.out.cite_strings += _strings({key: item for key, item in value.items() if key != "forms"})
                else:
                    self.out.chart_strings += list(_strings(value))
            return
        if tag == "style":
            return
        self.out.flow.append(data)
        if data.strip():
            self.out.text_nodes.append((lang, data.strip()))


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() if key not in ("hovertemplate", "texttemplate")
                for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def read_page(path: Path) -> PageText:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.out


def pages(site: Path) -> dict[str, tuple[str, PageText]]:
    """Every HTML page of the site by its path, with its language (pages under en/ are English)."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")) or rel == "404.html":
            continue
        out[rel] = ("en" if rel.startswith("en/") else "zh", read_page(path))
    return out


# ------------------------------------------------------------------ the rules
def placeholder_problems(text: PageText) -> list[str]:
    found = [node for _, node in text.text_nodes + text.attributes if PLACEHOLDER.search(node)]
    return found + [s for s in text.chart_strings + text.cite_strings if PLACEHOLDER.search(s)]


def _english(lang: str) -> bool:
    return not lang.lower().startswith("zh")


def chinese_in_english(text: PageText) -> list[str]:
    """Text outside a lang="zh…" element that holds CJK characters or punctuation."""
    found = [node for lang, node in text.text_nodes + text.attributes if _english(lang) and CJK.search(node)]
    return found + [s for s in text.chart_strings if CJK.search(s)]


def run_together(flow: str, values: list[str]) -> list[str]:
    """Pairs of field values that follow one another with only spaces between them: no label,
    no separator, no line — the reader cannot tell where one ends and the next begins."""
    if not values:
        return []
    pattern = re.compile("|".join(re.escape(v) for v in sorted(values, key=len, reverse=True)))
    hits = list(pattern.finditer(flow))
    return [f"{a.group()!r} + {b.group()!r}" for a, b in zip(hits, hits[1:], strict=False)
            if not flow[a.end():b.start()].strip(" \t")]


def csv_problems(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for column, cell in row.items():
                    if cell and PLACEHOLDER.search(cell):
                        found.append(f"{path.name} {column}: {cell[:80]}")
                    if column and column.endswith("_en") and cell and CJK.search(cell):
                        found.append(f"{path.name} {column} (English): {cell[:80]}")
    return found


# ------------------------------------------------------------------ the sites
@pytest.fixture(scope="module")
def every_field(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    city, changelog, document, texts = every_field_data()
    root = tmp_path_factory.mktemp("every-field")
    data = write_data_folder(root, {SLUG: yaml.safe_dump(city, allow_unicode=True, sort_keys=False)},
                             {"everyfield-doc.txt": document},
                             yaml.safe_dump(changelog, allow_unicode=True, sort_keys=False))
    site = root / "site"
    assert build_isolated(root / "project", data, site) == 0
    return site, texts


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real-text")
    site = root / "site"
    assert build_isolated(root / "project", REAL_DATA, site) == 0
    return site


def _paths(record: Any, prefix: str = "") -> set[str]:
    """The field paths a generated record fills, in the data dictionary's notation (a.b[].c).
    A period takes one form per record, so its fields count wherever any record fills them."""
    out: set[str] = set()
    if isinstance(record, dict):
        for key, value in record.items():
            path = f"{prefix}.{key}" if prefix else key
            if prefix.endswith("period"):
                path = f"period.{key}"
            out.add(path)
            out |= _paths(value, path)
    elif isinstance(record, list):
        for value in record:
            out |= _paths(value, prefix + "[]")
    return out


def test_the_fixture_fills_every_field_of_the_schema() -> None:
    city, changelog, _, _ = every_field_data()
    filled = _paths(city) | {f"changelog:{p}" for p in _paths(changelog)}
    schema = {re.sub(r".*\bperiod\.", "period.", r.path) for r in walk(CITY)} | {f"changelog:{r.path}" for r in walk(CHANGELOG)}
    assert sorted(schema - filled) == []


def test_every_text_field_is_shown_on_the_pages_of_its_language(every_field) -> None:
    site, texts = every_field
    shown = {"zh": "", "en": ""}
    for _, (lang, text) in pages(site).items():
        shown[lang] += "".join(text.flow)
    missing = [t["en"] for t in texts if t["en"] not in shown["en"] or t["zh"] not in shown["zh"]]
    assert missing == []


@pytest.mark.parametrize("which", ["every_field", "real"])
def test_no_unfilled_placeholder_on_any_page_or_csv(which, every_field, real_site) -> None:
    site = every_field[0] if which == "every_field" else real_site
    found = {rel: bad for rel, (_, text) in pages(site).items() if (bad := placeholder_problems(text))}
    assert found == {}
    assert csv_problems(site) == []


@pytest.mark.parametrize("which", ["every_field", "real"])
def test_english_pages_hold_no_chinese_outside_elements_marked_chinese(which, every_field, real_site) -> None:
    site = every_field[0] if which == "every_field" else real_site
    found = {rel: bad for rel, (lang, text) in pages(site).items() if lang == "en" and (bad := chinese_in_english(text))}
    assert found == {}


def test_no_two_fields_run_together_without_a_label(every_field) -> None:
    site, texts = every_field
    found = {}
    for rel, (lang, text) in pages(site).items():
        bad = run_together("".join(text.flow), [t[lang] for t in texts])
        if bad:
            found[rel] = bad
    assert found == {}


def test_the_rules_catch_what_they_are_for() -> None:
    """The checks themselves: each flags the defect it names, and passes its correct form."""
    assert run_together("\ndesc text n001 nomination text n002\n", ["desc text n001", "nomination text n002"])
    assert not run_together("desc text n001\nnomination text n002", ["desc text n001", "nomination text n002"])
    assert not run_together("\ndesc text n001\nHow foods are nominated: nomination text n002",
                            ["desc text n001", "nomination text n002"])
    page = _Reader()
    page.feed('<html lang="en"><body><p>98.5% (2021)</p><p lang="zh-Hans">鄂府发〔2022〕156号</p>'
              '<p>all data of {name_en}</p></body></html>')
    assert chinese_in_english(page.out) == []
    assert placeholder_problems(page.out) == ["all data of {name_en}"]
    page = _Reader()
    page.feed('<html lang="en"><body><p>98.5%（2021）</p></body></html>')
    assert chinese_in_english(page.out) == ["98.5%（2021）"]
