"""The download page and the data dictionary, in both languages: every file listed with its
real size and row count, links that resolve under / and /en/, and a dictionary that covers
every CSV column and YAML field of the schema."""
from __future__ import annotations

import html
import posixpath
import re
from html.parser import HTMLParser

import pytest
import yaml
from conftest import REAL_DATA

from generator.opendata import meta
from generator.opendata.csvfile import count_rows
from generator.opendata.dictionary import walk
from generator.schema import catalogue as cat
from generator.schema.city import CHANGELOG, CITY
from generator.schema.columns import CITY_FILE, TABLES
from generator.validate import validate_dataset
from generator.whole import open_data_files

PAGE_URL = {"zh": "/data/", "en": "/en/data/"}
DICTIONARY_URL = {"zh": "/data/dictionary/", "en": "/en/data/dictionary/"}


class Links(HTMLParser):
    """Anchors and the cells of download-table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.rows: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag == "tr":
            self.rows.append({})
        if tag == "td" and self.rows:
            for key in ("data-rows", "data-bytes"):
                if key in values:
                    self.rows[-1][key] = values[key] or ""


@pytest.fixture(scope="module")
def built() -> tuple[object, dict[str, bytes]]:
    data = validate_dataset(REAL_DATA)
    return data, open_data_files(data)


def body(files: dict[str, bytes], path: str) -> tuple[dict[str, str], str]:
    text = files[path].decode()
    _, front, rest = text.split("---\n", 2)
    return yaml.safe_load(front), rest


def resolve(page_url: str, href: str) -> str:
    """The site path an href points to from a page served at page_url."""
    return posixpath.normpath(posixpath.join(page_url, href)).lstrip("/") + ("/" if href.endswith("/") else "")


def generated_file(site_path: str) -> str:
    """The generated file behind a site path: a download as is, a page as its Markdown source."""
    if site_path.startswith("downloads/"):
        return site_path
    lang, path = ("en", site_path[3:]) if site_path.startswith("en/") else ("zh", site_path)
    path = path.rstrip("/")
    return f"{path}/index.{lang}.md" if path == "data" else f"{path}.{lang}.md"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_download_page_lists_every_file_with_real_size_rows_and_working_links(built, lang: str) -> None:
    data, files = built
    front, page = body(files, f"data/index.{lang}.md")
    assert front["title"] == {"zh": "数据下载", "en": "Data downloads"}[lang]
    parser = Links()
    parser.feed(page)
    targets = {resolve(PAGE_URL[lang], h): h for h in parser.hrefs if not h.startswith(("http:", "https:"))}
    downloads = {p for p in files if p.startswith("downloads/")}
    assert downloads <= set(targets), "every generated download is linked"
    for target in targets:
        assert generated_file(target) in files, target
    assert f"{'en/' if lang == 'en' else ''}data/dictionary/" in targets
    listed = [r for r in parser.rows if "data-bytes" in r]
    sizes = sorted(int(r["data-bytes"]) for r in listed)
    expected = sorted(len(files[p]) for p in downloads if p != f"downloads/{meta.ARCHIVE}")
    assert sizes == expected
    row_counts = sorted(int(r["data-rows"]) for r in listed if r["data-rows"])
    assert row_counts == sorted(count_rows(files[p]) for p in downloads if p.endswith(".csv"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_download_page_states_encoding_licence_citation_and_last_update(built, lang: str) -> None:
    data, files = built
    page = html.unescape(body(files, f"data/index.{lang}.md")[1])
    assert "UTF-8" in page and "BOM" in page and "CRLF" in page
    assert meta.LICENCE["path"] in page and meta.LICENCE_SHORT in page
    assert meta.citation(data, lang) in page
    year, month, day = (int(part) for part in max(c["date"] for c in data.changelog).split("-"))
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert {"zh": f"{year}年{month}月{day}日", "en": f"{day} {months[month - 1]} {year}"}[lang] in page
    assert f"downloads/feed-{lang}.xml" in page
    assert "<script" not in page


@pytest.mark.parametrize("lang, stated", [("zh", "2024年3月5日"), ("en", "5 Mar 2024")])
def test_last_update_is_the_latest_changelog_date_in_any_order(data_folder, lang: str, stated: str) -> None:
    changelog = {"changes": [
        {"date": day, "title": {"zh": "更新", "en": "Update"}, "summary": {"zh": "摘要", "en": "Summary"},
         "cities": ["testcity"]} for day in ("2024-01-02", "2024-03-05", "2023-12-31")]}
    data = validate_dataset(data_folder(changelog=changelog))
    assert data.problems == []
    page = html.unescape(body(open_data_files(data), f"data/index.{lang}.md")[1])
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    label = {"zh": "更新日期", "en": "Last update"}[lang]
    assert text.split(label, 1)[1].lstrip(" :：").startswith(stated), text.split(label, 1)[1][:40]


def test_links_are_relative_and_right_under_both_roots(built) -> None:
    _, files = built
    zh = Links()
    zh.feed(body(files, "data/index.zh.md")[1])
    en = Links()
    en.feed(body(files, "data/index.en.md")[1])
    assert "../downloads/figures.csv" in zh.hrefs
    assert "../../downloads/figures.csv" in en.hrefs
    assert not [h for h in zh.hrefs + en.hrefs if h.startswith("/")]


def codes_in(page: str) -> set[str]:
    return set(re.findall(r"<code[^>]*>([^<]+)</code>", page))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dictionary_covers_every_csv_column_and_yaml_field(built, lang: str) -> None:
    _, files = built
    front, page = body(files, f"data/dictionary.{lang}.md")
    assert front["title"] == {"zh": "数据字典", "en": "Data dictionary"}[lang]
    codes = {html.unescape(code) for code in codes_in(page)}  # before unescaping: a code may read <slug>
    page = html.unescape(page)
    for spec in [*TABLES, CITY_FILE]:
        assert spec.path.replace("{slug}", "<slug>") in codes  # a city file's name as a pattern, never "{slug}"
        for column in spec.columns:
            assert column.name in codes
            for words in (column.zh, column.en, column.about_zh, column.about_en):
                assert words in page, (spec.name, column.name, words)
    first = cat.FIGURE_THEMES[0]
    for row in walk(CITY):
        theme, _, rest = row.path.partition("[]")
        shown = row.path in codes or (theme in cat.FIGURE_THEMES and f"{first}[]{rest}" in codes)
        assert shown, row.path
        assert row.field.zh in page and row.field.en in page
        assert row.field.about_zh in page and row.field.about_en in page
    assert {r.path for r in walk(CHANGELOG)} <= codes
    assert set(cat.METRICS) <= codes and set(cat.UNITS) <= codes
