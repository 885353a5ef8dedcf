"""Charts leave the site: an embed page shown in an iframe by a page of another origin, PNG and
SVG downloads (plotly's image export), "Copy embed code", and the HTML, CSP and accessibility
checks of the site's pages on the embed pages."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Watch, wait_settled
from .support import ROOT, embed_paths, serve
from .test_accessibility import AXE, serious_violations
from .test_html_valid import VNU, policy

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CITY = "cities/xining/"
DRAWN = "() => [...document.querySelectorAll('.chart')].every(c => c.dataset.drawn === 'true')"


@pytest.fixture(scope="module")
def host_url(tmp_path_factory: pytest.TempPathFactory, site_dir: Path, site_url: str) -> Iterator[str]:
    """A page of another origin (another port of 127.0.0.1) holding the embed snippet of a chart."""
    folder = tmp_path_factory.mktemp("host")
    embeds = [p for p in embed_paths(site_dir) if p.startswith(("embed/xining-", "en/embed/xining-"))]
    frames = "".join(f'<iframe src="{site_url}{path}" loading="lazy" style="width: 100%; height: 600px; '
                     f'border: 0px none;" title="chart {n}"></iframe>' for n, path in enumerate(embeds[:1] + embeds[-1:]))
    head = "<!doctype html><html lang=en><title>host</title><link rel=icon href=data:,>"
    (folder / "index.html").write_text(f"{head}{frames}</html>", "utf-8")
    with serve(folder) as url:
        yield url


def test_an_embed_page_draws_its_chart_in_an_iframe_of_another_origin(browser: Any, site_url: str,
                                                                      host_url: str) -> None:
    assert host_url.split("/")[2] != site_url.split("/")[2], "two origins"
    page = browser.new_page()
    watch = Watch(origin=site_url)
    watch.attach(page)
    page.goto(host_url)
    frames: list[Any] = []
    for _ in range(100):  # the snippet's iframes load lazily: wait until both have their page
        frames = [f for f in page.frames if f.url.startswith(site_url) and "/embed/" in f.url]
        if len(frames) == 2:
            break
        page.wait_for_timeout(200)
    assert len(frames) == 2, [f.url for f in page.frames]
    for frame in frames:
        frame.wait_for_load_state("load")
    for frame in frames:
        frame.wait_for_function(DRAWN, timeout=15000)
        assert frame.locator(".chart svg.main-svg").count() >= 1
        assert frame.locator("h1").inner_text().strip()
        assert frame.locator(".embed-source").inner_text().strip()
        back = frame.locator(".embed-back a")
        assert back.get_attribute("target") == "_blank"
        assert "/cities/xining/#chart-xining-" in frame.evaluate("(a) => a.href", back.element_handle())
    assert watch.console_errors == [] and watch.page_errors == [] and watch.http_errors == []
    assert [r for r in watch.failed if "/embed/" in r or site_url in r] == []
    page.close()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_png_and_svg_downloads_give_image_files(browser: Any, site_url: str, tmp_path: Path, lang: str) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch(origin=site_url)
    watch.attach(page)
    page.goto(site_url + lang + CITY)
    page.wait_for_function(DRAWN, timeout=15000)
    block = page.locator("figure.chart-block").first
    chart_id = block.get_attribute("id").removeprefix("chart-")
    for fmt, check in (("png", _is_png), ("svg", _is_svg)):
        with page.expect_download(timeout=15000) as info:
            block.locator(f"button[data-chart-image='{fmt}']").click()
        download = info.value
        assert download.suggested_filename == f"{chart_id}-{'en' if lang else 'zh'}.{fmt}"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        assert check(target.read_bytes()), f"{fmt}: not an image"
    assert watch.console_errors == [] and watch.page_errors == []
    context.close()


def _is_png(data: bytes) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000


def _is_svg(data: bytes) -> bool:
    root = ET.fromstring(data)
    return root.tag == "{http://www.w3.org/2000/svg}svg" and len(data) > 1000


def test_copy_embed_code_copies_an_iframe_of_the_embed_page(browser: Any, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "en/" + CITY)
    page.wait_for_function(DRAWN, timeout=15000)
    block = page.locator("figure.chart-block").first
    chart_id = block.get_attribute("id").removeprefix("chart-")
    button = block.get_by_role("button", name="Copy embed code")
    button.focus()
    page.keyboard.press("Enter")
    block.locator("[role=status]").filter(has_text="copied").wait_for(timeout=5000)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith(f'<iframe src="{site_url}en/embed/{chart_id}/" loading="lazy" style="width: 100%; ')
    assert copied.endswith("></iframe>") and 'title="' in copied
    assert block.locator("[data-embed-snippet]").text_content() == copied, "the disclosure shows the same code"
    context.close()


def test_embed_pages_pass_the_csp_html_and_accessibility_checks(browser: Any, site_dir: Path, site_url: str) -> None:
    paths = embed_paths(site_dir)
    assert any(p.startswith("embed/") for p in paths) and any(p.startswith("en/embed/") for p in paths)
    for path in paths:
        rules = policy(site_dir / path / "index.html")
        assert rules["script-src"] == ["'self'"] and rules["default-src"] == ["'self'"]
    sample = [paths[0], paths[-1]]
    java = shutil.which("java")
    assert java and VNU.is_file() and AXE.is_file()
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", *(str(site_dir / p / "index.html") for p in sample)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    context = browser.new_context(bypass_csp=True, viewport={"width": 375, "height": 740})
    for path in sample:
        page = context.new_page()
        watch = Watch(origin=site_url)
        watch.attach(page)
        page.goto(site_url + path, wait_until="commit")
        wait_settled([(page, watch)])
        page.wait_for_function(DRAWN, timeout=15000)
        assert serious_violations(page) == [], path
        assert watch.console_errors == [] and watch.page_errors == []
        page.close()
    context.close()


def test_embed_pages_are_left_out_of_search(site_dir: Path) -> None:
    """(The sitemap lists exactly the pages of page_paths, which leaves embed pages out:
    tests/browser/test_findability.py, on a build with an address.)"""
    for index in ("search/search_index.json", "en/search/search_index.json"):
        assert '"embed/' not in (site_dir / index).read_text(encoding="utf-8")
    assert ROOT.is_dir()
