"""The real data built with a site address (PORTAL_SITE_URL, as the Pages workflow sets it) and
served under a sub-folder at that address: sitemap.xml, robots.txt, each page's description and
Open Graph tags as a search engine or a link preview (WeChat, Twitter/X) reads them, fetched over
HTTP. And a build with no address at all: it succeeds and says what it left out.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from bench import synth
from generator.build import build_site
from generator.mkdocs_adapter.share import png_size
from generator.site_address import ENV

from .support import ROOT, build_isolated, isolated_project, page_lang, page_paths

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("findability")]

XHTML = "{http://www.w3.org/1999/xhtml}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LOCALES = {"zh": ("zh_CN", "en_US"), "en": ("en_US", "zh_CN")}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's signature
        pass


@dataclass
class Addressed:
    site: Path
    address: str  # where the site is served: http://127.0.0.1:PORT/portal/


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Addressed]:
    """The server starts first (so its port is the address the build is given), serving
    `root/portal` -> the built site."""
    folder = tmp_path_factory.mktemp("addressed")
    root = folder / "www"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}/portal/"
    try:
        with pytest.MonkeyPatch.context() as env:
            env.setenv(ENV, address)
            assert build_isolated(folder / "project", ROOT / "data", folder / "site") == 0
        (root / "portal").symlink_to(folder / "site", target_is_directory=True)
        yield Addressed(folder / "site", address)
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Head:
    """What a crawler or a link preview reads in a page's <head>."""

    title: str = ""
    meta: dict[str, list[str]] = field(default_factory=dict)  # name or property -> contents, in order
    canonical: list[str] = field(default_factory=list)

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]


class _HeadReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head, self.in_title, self.done = Head(), False, False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self.done:
            return
        if tag == "meta" and ("name" in values or "property" in values):
            self.head.meta.setdefault(values.get("property") or values["name"], []).append(values.get("content", ""))
        elif tag == "link" and values.get("rel") == "canonical":
            self.head.canonical.append(values.get("href", ""))
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False
        self.done = self.done or tag == "head"

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.head.title += data


def read_head(path: Path) -> Head:
    reader = _HeadReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.head


def heads(site: Path) -> dict[str, Head]:
    return {path: read_head(site / path / "index.html") for path in page_paths(site)}


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server on 127.0.0.1
        assert response.status == 200, url
        return response.read()


def local(site: Addressed, url: str) -> Path:
    """The built file an absolute URL of the site stands for (it must exist)."""
    assert url.startswith(site.address), url
    path = url[len(site.address):]
    file = site.site / path / "index.html" if path.endswith("/") or not path else site.site / path
    assert file.is_file(), f"{url} -> {file}"
    return file


def site_descriptions() -> set[str]:
    """The site-wide descriptions of mkdocs.yml (one per language): no page may just repeat them."""
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    found = {settings["site_description"]}
    for plugin in settings["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            found |= {lang["site_description"] for lang in plugin["i18n"]["languages"] if "site_description" in lang}
    return found


def test_the_sitemap_gives_every_page_both_languages_and_x_default(addressed: Addressed) -> None:
    xml = fetch(addressed.address + "sitemap.xml")
    root = ET.fromstring(xml)
    assert gzip.decompress((addressed.site / "sitemap.xml.gz").read_bytes()) == xml
    listed = {}
    for url in root.iter(SM + "url"):
        links = {link.get("hreflang"): link.get("href") for link in url.iter(XHTML + "link")}
        listed[url.findtext(SM + "loc")] = links
    pages = page_paths(addressed.site)
    assert sorted(listed) == sorted(addressed.address + path for path in pages)
    for loc, links in listed.items():
        assert set(links) == {"zh", "en", "x-default"}, loc
        assert loc in (links["zh"], links["en"]) and links["x-default"] == links["zh"], loc
        assert links["en"].startswith(addressed.address + "en/") and not links["zh"].startswith(addressed.address + "en/")
        for href in links.values():
            local(addressed, href)
    # each alternate answers over HTTP at the address the sitemap gives
    for href in sorted({href for links in listed.values() for href in links.values()})[:12]:
        assert b"<html" in fetch(href)


def test_robots_txt_names_the_sitemap(addressed: Addressed) -> None:
    lines = fetch(addressed.address + "robots.txt").decode().splitlines()
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]
    assert sitemaps == [addressed.address + "sitemap.xml"]
    assert local(addressed, sitemaps[0]).name == "sitemap.xml"


def test_every_page_has_its_own_description_of_a_preview_s_length(addressed: Addressed) -> None:
    found = heads(addressed.site)
    bounds = {"zh": (40, 80), "en": (50, 160)}
    wrong = {}
    for path, head in found.items():
        description = head.one("description")
        low, high = bounds[page_lang(path)]
        if not low <= len(description) <= high or description in site_descriptions():
            wrong[path] = (len(description), description)
        assert head.one("og:description") == description, path
    assert wrong == {}
    for lang in ("zh", "en"):
        cities = {path: found[path].one("description") for path in found
                  if page_lang(path) == lang and "cities/" in path and path.rstrip("/").count("/") >= 1 + (lang == "en")}
        assert len(cities) >= 2, cities
        assert len(set(cities.values())) == len(cities), cities
        # the description names the city the page is about
        for path, description in cities.items():
            assert found[path].one("og:title") in description, (path, description)


def test_every_page_has_open_graph_tags_with_absolute_addresses(addressed: Addressed) -> None:
    for path, head in heads(addressed.site).items():
        lang = page_lang(path)
        url = addressed.address + path
        assert head.canonical == [url], path
        assert head.one("og:url") == url and head.one("og:type") == "website", path
        assert head.one("og:title") and head.one("og:site_name") and head.one("og:title") in head.title, path
        assert (head.one("og:locale"), head.meta.get("og:locale:alternate")) == (LOCALES[lang][0], [LOCALES[lang][1]])
        image = head.one("og:image")
        assert image.startswith(addressed.address), path
        size = png_size(local(addressed, image))
        assert size is not None and min(size) >= 300, size
        assert (int(head.one("og:image:width")), int(head.one("og:image:height"))) == size, path
        assert head.one("og:image:alt") and head.one("twitter:card") == "summary_large_image", path


def test_a_shared_city_page_previews_with_its_name_description_and_image(addressed: Addressed) -> None:
    """What a chat app's preview card shows for a city page, read from the page fetched over HTTP,
    in both languages: a title, a description naming the city, and an image that loads."""
    cities = sorted(p.stem for p in (ROOT / "data" / "cities").glob("*.yaml"))
    city = cities[0]
    for path in (f"cities/{city}/", f"en/cities/{city}/"):
        reader = _HeadReader()
        reader.feed(fetch(addressed.address + path).decode("utf-8"))
        head = reader.head
        card = {"title": (head.meta.get("og:title") or [head.title])[0],
                "description": (head.meta.get("og:description") or head.meta.get("description") or [""])[0],
                "image": (head.meta.get("og:image") or [""])[0], "url": (head.meta.get("og:url") or [""])[0]}
        assert card["title"] and card["title"] in card["description"], card
        assert card["url"] == addressed.address + path
        assert fetch(card["image"])[:8] == b"\x89PNG\r\n\x1a\n", card


def test_no_page_points_at_an_example_domain(addressed: Addressed, site_dir: Path) -> None:
    for site in (addressed.site, site_dir):
        for path, head in heads(site).items():
            assert not any("example." in url for url in head.canonical + head.meta.get("og:url", [])), path
    assert b"example." not in (addressed.site / "sitemap.xml").read_bytes()


def test_a_build_without_an_address_succeeds_and_says_what_it_left_out(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    data = synth.write_data(tmp_path, 1)
    config = isolated_project(tmp_path / "project", data)
    assert yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") in (None, "")
    site = tmp_path / "site"
    assert build_site(data, site, config) == 0
    output = "".join(capfd.readouterr())
    assert "no site address" in output and "sitemap.xml" in output and "canonical" in output, output[-2000:]
    assert output.count("no site address") == 1
    assert not any((site / name).exists() for name in ("sitemap.xml", "sitemap.xml.gz", "robots.txt"))
    for path, head in heads(site).items():
        assert head.canonical == [] and "og:url" not in head.meta and "og:image" not in head.meta, path
        assert head.one("description") and head.one("og:title"), path


def test_a_build_with_an_example_domain_is_refused_and_the_site_kept(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    config = isolated_project(tmp_path / "project", ROOT / "data")
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["site_url"] = "https://food-safety-cities.example.org/"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    assert build_site(ROOT / "data", site, config, quiet=True) != 0
    assert "example domain" in "".join(capfd.readouterr())
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert os.environ.get(ENV) is None
