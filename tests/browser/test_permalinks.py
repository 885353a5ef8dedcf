"""A figure's permalink lands on that figure in both languages (same id), its link icon copies
the address, and its "Cite", written by the page script, reads exactly as the generator's
formats with today's date; the page's own citation gets today's date too."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cite, derive
from generator.validate import validate_dataset

from .conftest import PHONE
from .support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: Where the element the address points to is, once the page has moved to it.
TARGET_SCRIPT = """() => {
  const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!el) { return null; }
  const box = el.getBoundingClientRect();
  return {target: el.matches(':target'), top: box.top, bottom: box.bottom, height: window.innerHeight,
          visible: box.height > 0};
}"""


def figure_ids(html: str) -> list[str]:
    """The ids of the table rows that hold a figure with its "Cite"."""
    return re.findall(r'<tr id="([^"]+)">[^\n]*?<details class="fig-cite"', html)


def city_with_figures(site_dir: Path) -> tuple[str, list[str]]:
    """A city page of the real site and the figure ids of its section tables (the fewest assumptions
    about the real data: any city with figures will do)."""
    for index in sorted((site_dir / "cities").glob("*/index.html")):
        ids = figure_ids(index.read_text(encoding="utf-8"))
        if len(ids) >= 3:
            return index.parent.name, ids
    raise AssertionError("no city page with figures")


def site_address() -> str:
    """The address the build was given ('' without one: the page script then cites the address it is served from)."""
    configured = os.environ.get("PORTAL_SITE_URL") or yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"] or ""
    return configured if not configured or configured.endswith("/") else configured + "/"


def test_figure_ids_are_the_same_in_both_languages(site_dir: Path) -> None:
    slug, ids = city_with_figures(site_dir)
    english = figure_ids((site_dir / "en" / "cities" / slug / "index.html").read_text("utf-8"))
    assert english == ids and len(set(ids)) == len(ids)


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_a_permalink_lands_on_its_figure_in_both_languages(browser: Any, site_dir: Path, site_url: str,
                                                          viewport: dict[str, int]) -> None:
    slug, ids = city_with_figures(site_dir)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        for prefix in ("", "en/"):
            for anchor in (ids[len(ids) // 2], ids[-1]):
                page.goto(f"{site_url}{prefix}cities/{slug}/#{anchor}", wait_until="load")
                page.wait_for_timeout(100)
                where = page.evaluate(TARGET_SCRIPT)
                assert where is not None, f"{prefix}{anchor}: no such element"
                assert where["target"] and where["visible"], (prefix, anchor, where)
                assert 0 <= where["top"] and where["bottom"] <= where["height"], (prefix, anchor, where)
    finally:
        context.close()


def test_link_icon_shows_on_focus_and_copies_the_address(browser: Any, site_dir: Path, site_url: str) -> None:
    slug, ids = city_with_figures(site_dir)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(f"{site_url}cities/{slug}/", wait_until="load")
        link = page.locator(f'tr#{ids[0]} a.fig-link')
        assert float(link.evaluate("a => getComputedStyle(a).opacity")) == 0
        link.focus()
        page.wait_for_timeout(300)  # Material's own transitions
        assert float(link.evaluate("a => getComputedStyle(a).opacity")) == 1
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('copy-status')?.textContent === '已复制'")
        assert page.evaluate("() => navigator.clipboard.readText()") == f"{site_url}cities/{slug}/#{ids[0]}"
        assert page.evaluate("() => location.hash") == f"#{ids[0]}"
        assert page.get_attribute("#copy-status", "role") == "status"
    finally:
        context.close()


def test_cite_written_by_the_page_matches_the_formats(browser: Any, site_dir: Path, site_url: str) -> None:
    from generator.opendata.meta import last_update
    from generator.render import citations

    slug, ids = city_with_figures(site_dir)
    data = validate_dataset(ROOT / "data")
    data.site_url = site_address() or site_url
    release = citations.site_release(derive.site_index(data, last_update(data)))
    figures = {f.anchor: f for f in derive.city_figures(data.cities[slug])}
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    today = dt.date.today()
    try:
        for lang, prefix in (("zh", ""), ("en", "en/")):
            page.goto(f"{site_url}{prefix}cities/{slug}/", wait_until="load")
            name = data.cities[slug]["name"][lang]
            page_url = release.url(f"{prefix}cities/{slug}/")
            for anchor in (ids[0], ids[-1]):
                figure = figures[anchor]
                part = citations.figure_part(figure, name, lang)
                url = release.url(f"{prefix}cities/{slug}/", anchor)
                page.click(f"tr#{anchor} details.fig-cite > summary")
                page.locator(f"tr#{anchor} details.fig-cite .cite-text").first.wait_for()  # written on "toggle"
                texts = page.locator(f"tr#{anchor} details.fig-cite .cite-text").all_text_contents()
                expected = ([cite.gbt7714(release, url, part, today), cite.gbt7714_2015(release, url, part, today)]
                            if lang == "zh" else [cite.apa7(release, url, part, today)])
                assert texts == [*expected, cite.source_reference(data.sources[figure.source], lang)]
            page_forms = page.locator("#cite .cite-text").all_text_contents()
            expected_page = ([cite.gbt7714(release, page_url, name, today),
                              cite.gbt7714_2015(release, page_url, name, today)] if lang == "zh"
                             else [cite.apa7(release, page_url, name, today)])
            assert page_forms == expected_page
            copy_buttons = page.locator("#cite button.cite-copy")
            assert copy_buttons.count() == len(expected_page)
    finally:
        context.close()


LINKS_SCRIPT = """() => [...document.querySelectorAll('a.fig-link')].map(a => ({
  href: a.href, name: a.getAttribute('aria-label'),
  here: a.hash && a.pathname === location.pathname ? !!document.getElementById(a.hash.slice(1)) : null}))"""


HEADINGS_SCRIPT = """() => [...document.querySelectorAll('.portal h2[id]')].map(h => ({
  id: h.id, link: (h.querySelector('a.headerlink') || {}).getAttribute?.('href') || null}))"""


def test_every_link_icon_leads_to_its_figure(browser: Any, site_dir: Path, site_url: str) -> None:
    """The page script's link icons: one per figure row, card, chart-data row and chart, each named,
    each leading to an element that exists (on the city page itself, or from a theme page)."""
    slug, ids = city_with_figures(site_dir)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        for prefix in ("", "en/"):
            html = (site_dir / prefix / "cities" / slug / "index.html").read_text(encoding="utf-8")
            expected = len(ids) + html.count("data-permalink=") + html.count('<figure class="chart-block" id=')
            page.goto(f"{site_url}{prefix}cities/{slug}/", wait_until="load")
            links = page.evaluate(LINKS_SCRIPT)
            assert len(links) == expected and all(link["here"] for link in links), links
            assert all(link["name"].startswith(("链接到此", "Link to this")) and len(link["name"]) > 8 for link in links)
            headings = page.evaluate(HEADINGS_SCRIPT)
            assert headings and all(h["link"] == f"#{h['id']}" for h in headings), headings
            page.goto(f"{site_url}{prefix}themes/sampling/", wait_until="load")
            to_cities = [link["href"] for link in page.evaluate(LINKS_SCRIPT) if "/cities/" in link["href"]]
            assert to_cities
            for href in to_cities:
                path, anchor = href.removeprefix(site_url).split("#")
                assert f'<tr id="{anchor}">' in (site_dir / path / "index.html").read_text(encoding="utf-8"), href
    finally:
        context.close()
