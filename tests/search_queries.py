"""What a reader must be able to find with the site's search, in both languages, derived from the
catalogue and the data (never a hand-picked list): every theme title, every metric label and every
city name, each with the pages where it must lead. Shared by tests/test_search_findable.py (the index
holds the words) and tests/browser/test_search_findable.py (Material's search in Chromium finds the page).
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.render.pages import THEME_PAGES, theme_slug
from generator.schema import catalogue as cat

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Query:
    lang: str
    text: str
    what: str  # "theme sampling", "metric criminal_cases", "city xining": for the failure message
    expected: frozenset[str]  # site paths ("en/themes/sampling/"); any one of them among the results will do


def site_path(lang: str, path: str) -> str:
    return ("en/" if lang == "en" else "") + path


def metric_anchor(metric: str) -> str:
    return metric.replace("_", "-")


def findable(city_names: dict[str, dict[str, str]], page_html: Callable[[str], str]) -> list[Query]:
    """Every query the rule names. `city_names` is slug -> {zh, en}; `page_html(site path)` is the HTML
    of a built page ("" if there is none)."""
    cities = sorted(city_names)
    queries: list[Query] = []
    for lang in LANGS:
        for theme in cat.THEMES.values():
            # a theme with a page of its own leads there; the others are sections of every city page
            paths = [f"themes/{theme_slug(theme.id)}/"] if theme.id in THEME_PAGES else \
                [f"cities/{slug}/" for slug in cities]
            queries.append(Query(lang, getattr(theme, lang), f"theme {theme.id}",
                                 frozenset(site_path(lang, p) for p in paths)))
        for metric in cat.METRICS.values():
            # a metric leads to its theme page when that page shows it, else to the data dictionary
            # that lists every metric, or to a city page that shows it
            label = getattr(metric, lang)
            theme_page = site_path(lang, f"themes/{theme_slug(metric.theme)}/")
            if metric.theme in THEME_PAGES and metric_anchor(metric.id) in anchors(page_html(theme_page)):
                paths = {theme_page}
            else:
                paths = {site_path(lang, "data/dictionary/")} | {
                    site_path(lang, f"cities/{slug}/") for slug in cities
                    if html.escape(label, quote=False) in page_html(site_path(lang, f"cities/{slug}/"))}
            queries.append(Query(lang, label, f"metric {metric.id}", frozenset(paths)))
        for slug in cities:
            queries.append(Query(lang, city_names[slug][lang], f"city {slug}",
                                 frozenset({site_path(lang, f"cities/{slug}/")})))
    return queries


def anchors(html: str) -> set[str]:
    """The section ids of a page's HTML."""
    return set(re.findall(r'<h2 id="([^"]+)"', html))


def unique(queries: Iterable[Query]) -> list[Query]:
    """One query per (language, text): a theme and a metric of the same name ("Funding") share it,
    and either of their pages will do."""
    merged: dict[tuple[str, str], Query] = {}
    for q in queries:
        key = (q.lang, q.text)
        if key in merged:
            old = merged[key]
            q = Query(q.lang, q.text, f"{old.what} / {q.what}", old.expected | q.expected)
        merged[key] = q
    return list(merged.values())
