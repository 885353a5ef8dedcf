"""Fixtures of the browser tests: the real site, built once per test session with
`portal build`, served on 127.0.0.1, one headless Chromium shared by every test, and one
visit of every page whose findings several tests read.

A `Watch` records what a visitor's browser would complain about while a page loads:
console errors, uncaught exceptions, failed requests, HTTP errors, requests to any host
but the local server, and dialogs (alert, confirm, prompt).
"""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .support import ROOT, build_isolated, chromium, page_paths, serve

#: The site-wide visit is a phone's (the narrowest width the portal promises to be readable at).
PHONE = {"width": 375, "height": 740}
#: Pages loading at once while visiting the whole site (Chromium renders them in parallel).
TABS = 3
#: A page has settled once no request has been pending for this long after its load event.
QUIET_SECONDS = 0.15
#: A page that has not settled by then has a request that never ends: reported as such.
SETTLE_TIMEOUT = 20.0


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data built once into a temporary site folder."""
    folder = tmp_path_factory.mktemp("real-site")
    site = folder / "site"
    assert build_isolated(folder / "project", ROOT / "data", site) == 0, "portal build failed on the real data"
    return site


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module. Not for the whole session: playwright's sync API runs
    once per thread, and other modules (bench, for one) start it themselves."""
    with chromium() as instance:
        yield instance


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile per test (no cache or storage carried between tests)."""
    ctx = browser.new_context(accept_downloads=True)
    yield ctx
    ctx.close()


@dataclass
class Watch:
    """What went wrong while one page loaded, as a visitor's browser saw it."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    pending: dict[int, str] = field(default_factory=dict)
    loaded: bool = False
    last_activity: float = field(default_factory=time.monotonic)

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(f"{m.text} @ {m.location}"))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_done)
        page.on("requestfailed", self._on_failed)
        page.on("response", lambda r: r.status >= 400 and self.http_errors.append(f"{r.status} {r.url}"))
        page.on("dialog", self._on_dialog)
        page.on("load", lambda _: self._touch(loaded=True))

    def _touch(self, loaded: bool = False) -> None:
        self.loaded = self.loaded or loaded
        self.last_activity = time.monotonic()

    def _on_request(self, request: Any) -> None:
        self._touch()
        self.requests.append(request.url)
        self.pending[id(request)] = request.url
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.outside.append(request.url)

    def _on_done(self, request: Any) -> None:
        self._touch()
        self.pending.pop(id(request), None)

    def _on_failed(self, request: Any) -> None:
        self._on_done(request)
        self.failed.append(f"{request.url}: {request.failure}")

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def reset(self) -> None:
        """Start afresh before the tab loads its next page."""
        fresh = Watch(origin=self.origin)
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))

    def copy(self) -> Watch:
        """The findings so far, kept apart from what the tab sees next."""
        return dataclasses.replace(self, **{name: type(value)(value) for name, value in vars(self).items()
                                            if isinstance(value, (list, dict))})

    def settled(self) -> bool:
        return self.loaded and not self.pending and time.monotonic() - self.last_activity >= QUIET_SECONDS

    def problems(self) -> dict[str, list[str]]:
        """Every complaint, by kind; empty when the page loaded cleanly."""
        kinds = {"console errors": self.console_errors, "uncaught exceptions": self.page_errors,
                 "failed requests": self.failed, "HTTP errors": self.http_errors,
                 "requests to other hosts": self.outside, "dialogs": self.dialogs,
                 "requests that never ended": list(self.pending.values()) if self.loaded else ["no load event"]}
        return {kind: items for kind, items in kinds.items() if items}


def wait_settled(pages: list[tuple[Any, Watch]], timeout: float = SETTLE_TIMEOUT) -> None:
    """Wait until every page has loaded and its network has gone quiet (Material's search
    worker, for one, fetches the index after the load event)."""
    deadline = time.monotonic() + timeout
    while not all(watch.settled() for _, watch in pages) and time.monotonic() < deadline:
        pages[0][0].wait_for_timeout(25)


@pytest.fixture
def open_page(context: Any, site_url: str) -> Callable[..., tuple[Any, Watch]]:
    """`open_page("en/cities/xining/")` -> (page, watch), once the page has settled."""

    def open_(path: str, base: str = site_url, wait_until: str = "commit") -> tuple[Any, Watch]:
        page = context.new_page()
        watch = Watch(origin=base)
        watch.attach(page)
        response = page.goto(base + path, wait_until=wait_until)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        wait_settled([(page, watch)])
        return page, watch

    return open_


@dataclass
class Visit:
    """One page as the site-wide visit found it, once settled and its charts drawn."""

    path: str
    watch: Watch
    facts: dict[str, Any]


#: Read in the page once it has settled; the tests assert on these facts.
FACTS_SCRIPT = """() => ({
  lang: document.documentElement.lang,
  charts: document.querySelectorAll('.chart').length,
  drawn: document.querySelectorAll('.chart[data-drawn="true"]').length,
  svgs: [...document.querySelectorAll('.chart')].filter(c => c.querySelector('svg.main-svg')).length,
  csp: [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map(m => m.content),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  chartText: [...document.querySelectorAll('.chart svg.main-svg')].flatMap(svg => {
    // Chart text cut off at the chart's edge, or printed over other text.
    const box = svg.getBoundingClientRect();
    const texts = [...svg.parentElement.querySelectorAll('svg text')]
      .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0);
    const id = svg.closest('figure') ? svg.closest('figure').id : '?';
    const found = texts.filter(t => t.getBoundingClientRect().left < box.left - 1
                                 || t.getBoundingClientRect().right > box.right + 1)
      .map(t => `${id}: cut off: ${t.textContent.slice(0, 40)}`);
    texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
      const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
      const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (x > 2 && y > 2) found.push(`${id}: overlap: ${a.textContent.slice(0, 30)} / ${b.textContent.slice(0, 30)}`);
    }));
    return found;
  }),
  scriptBeforeCsp: (() => {
    const head = [...document.head.children];
    const csp = head.findIndex(e => e.matches('meta[http-equiv="Content-Security-Policy"]'));
    const script = head.findIndex(e => e.tagName === 'SCRIPT');
    return script !== -1 && script < csp;
  })(),
})"""
ALL_DRAWN = "() => [...document.querySelectorAll('.chart')].every(c => c.dataset.drawn === 'true')"


def visit(tabs: list[tuple[Any, Watch]], base: str, paths: list[str]) -> list[Visit]:
    """Load one page in each tab; wait until each has settled and drawn its charts."""
    assert len(paths) <= len(tabs)
    used = tabs[:len(paths)]
    for (page, watch), path in zip(used, paths, strict=True):
        watch.reset()
        page.goto(base + path, wait_until="commit")
    wait_settled(used)
    visits = []
    for path, (page, watch) in zip(paths, used, strict=True):
        try:
            page.wait_for_function(ALL_DRAWN, timeout=10_000)
        except Exception as error:  # noqa: BLE001 - reported as a finding, not raised
            watch.page_errors.append(f"charts not drawn within 10 s: {error}")
        visits.append(Visit(path, watch.copy(), page.evaluate(FACTS_SCRIPT)))
    return visits


#: The visits of each served site, made once per session (by whichever module asks first).
_VISITS: dict[str, dict[str, Visit]] = {}


@pytest.fixture(scope="module")
def site_visits(browser: Any, site_dir: Path, site_url: str) -> dict[str, Visit]:
    """Every page of the site (home, cities, themes, sources, both languages, 404), visited once
    per session on a phone-sized screen."""
    if site_url not in _VISITS:
        _VISITS[site_url] = visit_site(browser, site_dir, site_url)
    return _VISITS[site_url]


def visit_site(browser: Any, site_dir: Path, site_url: str) -> dict[str, Visit]:
    ctx = browser.new_context(viewport=PHONE)
    paths = page_paths(site_dir) + ["404.html"]
    try:
        tabs = [(page, Watch(origin=site_url)) for page in (ctx.new_page() for _ in range(TABS))]
        for page, watch in tabs:
            watch.attach(page)
        visits = [v for i in range(0, len(paths), TABS) for v in visit(tabs, site_url, paths[i:i + TABS])]
    finally:
        ctx.close()
    return {v.path: v for v in visits}
