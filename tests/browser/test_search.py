"""Search at national scale: the index (megabytes once there are hundreds of cities) is
fetched only when a reader uses search, and search still finds the right pages in
both languages (theme/assets/javascripts/search-lazy.js holds the request back)."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

QUERY = "[data-md-component=search-query]"
RESULT_LINKS = ".md-search-result__item > a.md-search-result__link"


def index_requests(watch: Any) -> list[str]:
    return [url for url in watch.requests if "search_index" in url]


def search(page: Any, text: str) -> list[str]:
    """Type into Material's search box as a reader would; return the result links (site-relative)."""
    page.click(QUERY)
    page.keyboard.type(text)
    # Playwright types characters off the US layout (Chinese) as bare input events; an input method ends its
    # composition with key events, which is what Material's search listens to: press a key as it would.
    page.keyboard.press("End")
    page.wait_for_selector(RESULT_LINKS, timeout=30_000)
    origin = page.url.split("/", 3)[:3]
    prefix = "/".join(origin) + "/"
    return [href.removeprefix(prefix) for href in
            page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href.split('#')[0])")]


@pytest.mark.parametrize("path", ["cities/xining/", "en/themes/sampling/", ""])
def test_a_page_load_does_not_fetch_the_search_index(open_page: Callable[..., Any], site_dir: Path,
                                                     path: str) -> None:
    assert (site_dir / "search" / "search_index.json").is_file()  # there is an index to hold back
    page, watch = open_page(path, wait_until="networkidle")
    page.wait_for_timeout(300)
    assert index_requests(watch) == []
    assert page.locator(QUERY).count() == 1  # and search is still on the page


@pytest.mark.parametrize("path, text, expected", [
    ("", "合格率", "themes/sampling/"),
    ("cities/xining/", "你点我检", "themes/you-pick-we-test/"),
    ("en/", "pass rate", "en/themes/sampling/"),
    ("themes/", "西宁", "cities/xining/"),
    ("en/cities/", "Mianyang", "en/cities/mianyang/"),
    ("en/", "you pick", "en/themes/you-pick-we-test/"),
])
def test_search_finds_the_right_pages(open_page: Callable[..., Any], path: str, text: str, expected: str) -> None:
    page, watch = open_page(path, wait_until="networkidle")
    assert index_requests(watch) == []
    found = search(page, text)
    requested = index_requests(watch)
    assert len(requested) == 1  # fetched once, when the reader started searching
    english = path.startswith("en/")
    # each language has its own index, and results stay in the reader's language
    assert requested[0].endswith("/en/search/search_index.json") == english
    assert found and all(link.startswith("en/") == english for link in found), found
    assert expected in found, f"{text!r}: {expected} not among {found}"
    assert watch.problems() == {}


def test_search_on_a_phone_opens_from_the_header_button(browser: Any, site_url: str) -> None:
    """At 375 px the box is hidden behind the header's search button; opening it fetches the index."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda r: "search_index" in r.url and requested.append(r.url))
        page.goto(site_url + "cities/xining/", wait_until="networkidle")
        assert requested == []
        page.click("label.md-header__button[for=__search]")
        page.keyboard.type("合格率")
        page.keyboard.press("End")
        page.wait_for_selector(RESULT_LINKS, timeout=30_000)
        assert len(requested) == 1
    finally:
        context.close()


def test_built_site_has_one_index_per_language(site_dir: Path) -> None:
    zh = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((site_dir / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert zh["docs"] and en["docs"]
    assert not any(d["location"].startswith("en/") for d in zh["docs"])
    assert all(d["location"].startswith("en/") for d in en["docs"])
    # every city page of the site is findable in both languages
    for city in (p.stem.split(".")[0] for p in (ROOT / "data" / "cities").glob("*.yaml")):
        assert f"cities/{city}/" in {d["location"] for d in zh["docs"]}
        assert f"en/cities/{city}/" in {d["location"] for d in en["docs"]}
