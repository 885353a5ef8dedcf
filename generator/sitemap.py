"""sitemap.xml and robots.txt for search engines, written after the site is built.

Each page is listed once per language with every language version as an absolute `hreflang`
alternate, plus `x-default` (the Chinese page, the site's default): mkdocs-static-i18n's own
sitemap has no x-default. Pages in <head> carry no hreflang links (see theme/main.html), so
this file is where search engines learn the language versions.
Without an absolute address neither file can be right (a sitemap's URLs must be absolute), so
none is written.
"""
from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from xml.sax.saxutils import quoteattr

SITEMAP = "sitemap.xml"
FILES = (SITEMAP, SITEMAP + ".gz", "robots.txt")
#: Folders of pages that are not for search engines: a chart's embed page (noindex) is a frame for
#: other sites; its chart is listed with the page it belongs to.
NOT_LISTED = ("embed/",)
#: What a build without an address says it left out.
NO_ADDRESS = ("portal: 没有网站地址（mkdocs.yml 的 site_url 或环境变量 PORTAL_SITE_URL），未写规范链接、og:url、"
              "og:image、sitemap.xml 与 robots.txt / no site address (site_url in mkdocs.yml or PORTAL_SITE_URL): "
              "canonical links, og:url, og:image, sitemap.xml and robots.txt left out")


def language_versions(site: Path, folders: dict[str, str]) -> dict[str, dict[str, str]]:
    """Every page of the built site by its path in the default language ('' for the home page,
    'cities/xining/'), with the URL path of each language version that exists.
    `folders` gives each language's folder: '' for the default language, 'en/' for English."""
    others = sorted(((folder, lang) for lang, folder in folders.items() if folder), key=lambda f: -len(f[0]))
    default = next(lang for lang, folder in folders.items() if not folder)
    pages: dict[str, dict[str, str]] = {}
    for index in site.rglob("index.html"):
        folder = index.parent.relative_to(site).as_posix()
        path = "" if folder == "." else folder + "/"
        lang, key = next(((lang, path[len(prefix):]) for prefix, lang in others if path.startswith(prefix)),
                         (default, path))
        if not key.startswith(NOT_LISTED):
            pages.setdefault(key, {})[lang] = path
    return pages


def sitemap_xml(pages: dict[str, dict[str, str]], address: str, languages: list[str], lastmod: str | None) -> str:
    """The sitemap: one <url> per page and language, each with all its language versions and
    x-default (the first of `languages`, the default, when that version exists)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for key in sorted(pages):
        versions = [(lang, address + pages[key][lang]) for lang in languages if lang in pages[key]]
        alternates = [f"    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href={quoteattr(url)}/>"
                      for lang, url in versions]
        alternates.append(f"    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href={quoteattr(versions[0][1])}/>")
        for _, url in versions:
            lines.append("  <url>")
            lines.append(f"    <loc>{quoteattr(url)[1:-1]}</loc>")
            if lastmod:
                lines.append(f"    <lastmod>{lastmod}</lastmod>")
            lines += alternates
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(address: str) -> str:
    """Every page may be crawled; the sitemap is named by its absolute address."""
    return f"User-agent: *\nDisallow:\n\nSitemap: {address}{SITEMAP}\n"


def lastmod_of(epoch: str | None) -> str | None:
    """The build's date (SOURCE_DATE_EPOCH: the data's newest changelog entry), as a sitemap date."""
    if not epoch or not epoch.isdigit() or int(epoch) == 0:
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()


def write(site: Path, address: str | None, folders: dict[str, str], lastmod: str | None) -> list[str]:
    """Write sitemap.xml (and its gzip copy) and robots.txt, or remove them when there is no
    address; return the names written."""
    if address is None:
        for name in FILES:
            (site / name).unlink(missing_ok=True)
        return []
    languages = sorted(folders, key=lambda lang: (folders[lang] != "", list(folders).index(lang)))
    xml = sitemap_xml(language_versions(site, folders), address, languages, lastmod)
    (site / SITEMAP).write_text(xml, encoding="utf-8")
    with (site / (SITEMAP + ".gz")).open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(xml.encode("utf-8"))
    (site / "robots.txt").write_text(robots_txt(address), encoding="utf-8")
    return list(FILES)
