"""The language switch: Material's language selector lands on the same page in the other
language, with the right `<html lang>`, from every city page (clicked in the browser) and
from every other page (its selector links read from the HTML)."""
from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from generator.render.pages import LANGS

from .conftest import wait_settled
from .support import page_lang, page_paths

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def counterpart(path: str, lang: str) -> str:
    """The same page in `lang`: Chinese at the root, English under en/."""
    bare = path.removeprefix("en/") if page_lang(path) == "en" else path
    return bare if lang == "zh" else "en/" + bare


class _SelectorLinks(HTMLParser):
    """hreflang -> href of the language selector's links (`.md-select__link`)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and "md-select__link" in (values.get("class") or "").split():
            self.links[values.get("hreflang") or "?"] = values.get("href") or ""


def selector_targets(site_dir: Path, path: str) -> dict[str, str]:
    """Where each link of a page's language selector leads, as a site path."""
    parser = _SelectorLinks()
    parser.feed((site_dir / path / "index.html").read_text(encoding="utf-8"))
    base = "http://site/"
    return {lang: urljoin(base + path, href).removeprefix(base) for lang, href in parser.links.items()}


def test_every_page_links_to_itself_in_both_languages(site_dir: Path) -> None:
    paths = page_paths(site_dir)
    wrong = {}
    for path in paths:
        expected = {lang: counterpart(path, lang) for lang in LANGS}
        found = selector_targets(site_dir, path)
        if found != expected:
            wrong[path] = found
    assert wrong == {}
    assert all(counterpart(p, lang) in paths for p in paths for lang in LANGS), "a page lacks its translation"


def city_pages(site_dir: Path) -> list[str]:
    """Every city page in both languages (not the cities index)."""
    return [p for p in page_paths(site_dir) if p.removeprefix("en/").startswith("cities/")
            and p.removeprefix("en/") != "cities/"]


def switch_language(page: Any, lang: str) -> None:
    """Open the selector as a visitor does (hover the translate button), click the language."""
    page.hover(".md-select button")
    with page.expect_navigation():
        page.click(f".md-select__link[hreflang={lang}]")


def test_the_switch_on_each_city_page_lands_on_the_same_city(site_dir: Path, site_url: str,
                                                             open_page: Callable[..., Any]) -> None:
    """From each Chinese city page to English and back: both directions, every city."""
    chinese = [p for p in city_pages(site_dir) if page_lang(p) == "zh"]
    assert len(chinese) >= 5
    page, watch = open_page(chinese[0])
    landed, expected = {}, {}
    for path in chinese:
        page.goto(site_url + path)
        wait_settled([(page, watch)])
        slug = page.get_attribute(".city-page", "data-city")
        assert slug and path.endswith(f"/{slug}/"), path
        for lang, start in (("en", path), ("zh", counterpart(path, "en"))):
            switch_language(page, lang)
            wait_settled([(page, watch)])
            landed[start] = (page.url.removeprefix(site_url), page.get_attribute("html", "lang"),
                             page.get_attribute(".city-page", "data-city"))
            expected[start] = (counterpart(path, lang), lang, slug)
    assert landed == expected
    assert watch.problems() == {}
