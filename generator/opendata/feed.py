"""Atom feeds of data updates, one per language, from data/changelog.yaml.

Deterministic: ids are name-based UUIDs (the same entry keeps its id from build to
build) and every date comes from the changelog, never from the clock.
"""
from __future__ import annotations

import posixpath
import uuid
import xml.etree.ElementTree as ET
from typing import Any

from ..validate import Dataset
from . import meta

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_PATH = "downloads/feed-{lang}.xml"
PAGE_URL = {"zh": "data/", "en": "en/data/"}  # the download page, from the site root
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
FEED_TITLE = {"zh": "数据更新", "en": "Data updates"}

ET.register_namespace("", ATOM)  # serialise Atom as the default namespace, as feed readers expect


def feed_path(lang: str) -> str:
    return FEED_PATH.format(lang=lang)


def _id(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "/".join([meta.PACKAGE_NAME, *parts])).urn


def _stamp(date: str | None) -> str:
    return f"{meta.full_date(date)}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def entries(data: Dataset) -> list[dict[str, Any]]:
    """Changes, newest first; entries of the same day keep the changelog's order."""
    dated = [c for c in data.changelog if not c["date"].startswith("--")]
    return sorted(dated, key=lambda c: meta.full_date(c["date"]), reverse=True)


def feed_bytes(data: Dataset, lang: str) -> bytes:
    here = posixpath.dirname(feed_path(lang))
    page = posixpath.relpath(PAGE_URL[lang].rstrip("/"), here) + "/"
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: HTML_LANG[lang]})
    _add(root, "id", _id("feed", lang))
    _add(root, "title", f"{meta.TITLE[lang]} — {FEED_TITLE[lang]}")
    _add(root, "updated", _stamp(meta.last_update(data)))
    _add(_add(root, "author"), "name", meta.TITLE[lang])
    _add(root, "link", rel="self", type="application/atom+xml", href=posixpath.basename(feed_path(lang)))
    _add(root, "link", rel="alternate", type="text/html", href=page)
    _add(root, "rights", f"{meta.LICENCE_SHORT} ({meta.LICENCE['path']})")
    for change in entries(data):
        _entry(root, change, data, lang, page)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(root: ET.Element, change: dict[str, Any], data: Dataset, lang: str, page: str) -> None:
    entry = _add(root, "entry")
    _add(entry, "id", _id("change", lang, change["date"], change["title"]["en"]))
    _add(entry, "title", change["title"][lang])
    _add(entry, "updated", _stamp(change["date"]))
    _add(entry, "link", rel="alternate", type="text/html", href=page)
    for slug in change.get("cities", []):
        _add(entry, "category", term=slug, label=data.cities[slug]["name"][lang])
    _add(entry, "summary", change["summary"][lang], type="text")
