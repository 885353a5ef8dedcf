"""Every page of the built site, as a visitor's browser loads it: no console error, no failed
request, nothing fetched from another host, the right `<html lang>`, chart code only where
there are charts, and a Content-Security-Policy that admits only the site's own scripts."""
from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Visit
from .support import page_lang, page_paths

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PLOTLY = "assets/vendor/plotly-basic.min.js"


def test_every_page_was_visited(site_dir: Path, site_visits: dict[str, Visit]) -> None:
    # 5 cities: home, cities, themes, data, about, 5 cities, 9 themes, 5 sources, in 2 languages.
    assert len(page_paths(site_dir)) >= 2 * (5 + 5 + 9 + 5)
    assert set(site_visits) == set(page_paths(site_dir)) | {"404.html"}


def test_every_page_loads_without_errors(site_visits: dict[str, Visit]) -> None:
    problems = {path: v.watch.problems() for path, v in site_visits.items() if v.watch.problems()}
    assert problems == {}


def test_no_page_requests_another_host(site_visits: dict[str, Visit]) -> None:
    outside = {path: v.watch.outside for path, v in site_visits.items() if v.watch.outside}
    assert outside == {}
    assert all(v.watch.requests for v in site_visits.values()), "the watch saw no request at all"


def test_html_lang_is_the_page_language(site_visits: dict[str, Visit]) -> None:
    langs = {path: v.facts["lang"] for path, v in site_visits.items()}
    expected = {path: "zh" if path == "404.html" else page_lang(path) for path in site_visits}
    assert langs == expected


def test_chart_code_loads_only_on_pages_with_charts(site_visits: dict[str, Visit]) -> None:
    with_charts = {path for path, v in site_visits.items() if v.facts["charts"]}
    with_plotly = {path for path, v in site_visits.items() if any(PLOTLY in url for url in v.watch.requests)}
    assert with_charts, "no page has a chart"
    assert with_charts != set(site_visits), "every page has a chart: the check below would prove nothing"
    assert with_plotly == with_charts


def test_every_chart_is_drawn_as_svg(site_visits: dict[str, Visit]) -> None:
    counts = {path: (v.facts["charts"], v.facts["drawn"], v.facts["svgs"])
              for path, v in site_visits.items() if v.facts["charts"]}
    assert counts and {path: (n, n, n) for path, (n, _, _) in counts.items()} == counts
    assert all(site_visits[p].facts["charts"] for p in ("cities/xining/", "en/cities/xining/"))


def test_each_page_has_one_csp_before_any_script(site_visits: dict[str, Visit]) -> None:
    policies = {path: v.facts["csp"] for path, v in site_visits.items()}
    assert {path: len(p) for path, p in policies.items() if len(p) != 1} == {}
    assert [path for path, v in site_visits.items() if v.facts["scriptBeforeCsp"]] == []


def test_no_page_scrolls_sideways_on_a_phone(site_visits: dict[str, Visit]) -> None:
    assert {path: v.facts["overflow"] for path, v in site_visits.items() if v.facts["overflow"] > 0} == {}


def test_chart_text_is_readable_on_a_phone(site_visits: dict[str, Visit]) -> None:
    assert {path: v.facts["chartText"] for path, v in site_visits.items() if v.facts["chartText"]} == {}
