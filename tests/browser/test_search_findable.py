"""Every theme title, metric label and city name finds its page with the site's search, in both
languages, in headless Chromium: the queries come from the catalogue and the data
(tests/search_queries.py), and each runs through Material's own search worker with the index the
page fetches, as the search box would send it; a few run through the search box itself."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from search_queries import LANGS, Query, findable, unique

from generator.validate import validate_dataset

from .conftest import wait_settled
from .support import ROOT
from .test_search import index_requests, search

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: Material shows the first ten results at once, and more as the reader scrolls: the page must be among those ten.
SHOWN_AT_ONCE = 10

#: Material's worker, set up with the index this page's search box fetches (search-lazy.js names it), then
#: asked every query as the search box would ask it. Returns, per query, the pages of the results in order.
RUN_QUERIES = """async (queries) => {
  const lazy = document.querySelector('script[data-search-index]');
  const config = JSON.parse(document.querySelector('#__config').textContent);
  const worker = new Worker(new URL(config.search, document.baseURI));
  const answer = () => new Promise(resolve => worker.addEventListener('message', e => resolve(e.data), {once: true}));
  const index = await (await fetch(new URL(lazy.dataset.searchIndex, document.baseURI))).json();
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs,
                                      options: {suggest: config.features.includes('search.suggest')}}});
  await answer();
  const found = {};
  for (const query of queries) {
    worker.postMessage({type: 2, data: query});
    const groups = (await answer()).data.items;
    found[query] = groups.map(group => group[0].location.split('#')[0]);
  }
  worker.terminate();
  return found;
}"""


@pytest.fixture(scope="module")
def queries(site_dir: Path) -> list[Query]:
    data = validate_dataset(ROOT / "data")
    names = {slug: city["name"] for slug, city in data.cities.items()}

    def page_html(path: str) -> str:
        page = site_dir / path / "index.html"
        return page.read_text(encoding="utf-8") if page.is_file() else ""

    return unique(findable(names, page_html))


@pytest.mark.parametrize("lang", LANGS)
def test_every_title_label_and_city_name_finds_its_page(open_page: Callable[..., Any], queries: list[Query],
                                                        lang: str) -> None:
    page, watch = open_page("en/" if lang == "en" else "", wait_until="networkidle")
    page.focus("[data-md-component=search-query]")  # the reader turns to search: search-lazy.js lets the index load
    mine = [q for q in queries if q.lang == lang]
    found = page.evaluate(RUN_QUERIES, [q.text for q in mine])
    missed = [f"{q.what} {q.text!r}: none of {sorted(q.expected)} among {found[q.text][:SHOWN_AT_ONCE]}"
              for q in mine if not q.expected & set(found[q.text][:SHOWN_AT_ONCE])]
    assert not missed, "\n".join(missed)
    wait_settled([(page, watch)])  # the page's own search worker, woken by the focus, may still be loading lunr
    assert watch.problems() == {}


@pytest.mark.parametrize("path, text, expected", [
    ("en/", "complaints", "en/themes/complaints/"),
    ("en/cities/", "criminal", "en/themes/enforcement/"),
    ("en/themes/", "Sampling volume (batches per 1,000 residents)", "en/themes/sampling/"),
    ("", "抽检量（批次/千人）", "themes/sampling/"),
])
def test_the_search_box_finds_ordinary_words(open_page: Callable[..., Any], path: str, text: str,
                                              expected: str) -> None:
    page, watch = open_page(path, wait_until="networkidle")
    found = search(page, text)
    assert len(index_requests(watch)) == 1
    assert expected in found[:SHOWN_AT_ONCE], f"{text!r}: {expected} not among {found}"
