"""Atom feeds of data updates, one per language, from data/changelog.yaml and the
corrections recorded on figures (each correction is an entry of its own).

Deterministic: ids are name-based UUIDs (the same entry keeps its id from build to
build) and every date comes from the changelog, never from the clock.
"""
from __future__ import annotations

import posixpath
import uuid
import xml.etree.ElementTree as ET
from typing import Any

from .. import format as fmt
from ..model import Figure
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


def feed_bytes(data: Dataset, lang: str, corrections: list[tuple[Figure, dict[str, Any]]]) -> bytes:
    """The feed of changes and corrections; `corrections`: every correction with its figure, city by
    city in file order, as the one pass gathered them."""
    here = posixpath.dirname(feed_path(lang))
    page = posixpath.relpath(PAGE_URL[lang].rstrip("/"), here) + "/"
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: HTML_LANG[lang]})
    _add(root, "id", _id("feed", lang))
    _add(root, "title", f"{meta.TITLE[lang]} — {FEED_TITLE[lang]}")
    latest = max([meta.full_date(meta.last_update(data)), *(c["date"] for _, c in corrections)])
    _add(root, "updated", f"{latest}T00:00:00Z")
    _add(_add(root, "author"), "name", meta.TITLE[lang])
    _add(root, "link", rel="self", type="application/atom+xml", href=posixpath.basename(feed_path(lang)))
    _add(root, "link", rel="alternate", type="text/html", href=page)
    _add(root, "rights", f"{meta.LICENCE_SHORT} ({meta.LICENCE['path']})")
    items: list[tuple[str, int, dict[str, Any], Figure | None]]
    items = [(meta.full_date(c["date"]), 0, c, None) for c in entries(data)]
    items += [(c["date"], 1, c, fig) for fig, c in corrections]
    for _, _, item, fig in sorted(items, key=lambda i: i[0], reverse=True):
        if fig is None:
            _entry(root, item, data, lang, page)
        else:
            _correction_entry(root, fig, item, data, lang, here)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(root: ET.Element, change: dict[str, Any], data: Dataset, lang: str, page: str) -> None:
    entry = _add(root, "entry")
    _add(entry, "id", _id("change", lang, change["date"], change["title"]["en"]))
    _add(entry, "title", change["title"][lang])
    _add(entry, "updated", _stamp(change["date"]))
    _add(entry, "link", rel="alternate", type="text/html", href=page)
    for slug in change.get("cities", []):
        _add(entry, "category", term=slug, label=data.names[slug][lang])
    _add(entry, "summary", change["summary"][lang], type="text")


def _sentence(text: str, lang: str) -> str:
    end = "。" if lang == "zh" else "."
    return text if text.endswith(("。", ".", "！", "!", "？", "?")) else text + end


def _correction_entry(root: ET.Element, fig: Figure, correction: dict[str, Any], data: Dataset, lang: str,
                      here: str) -> None:
    city = data.names[fig.city][lang]
    label = fig.label[lang] + (f"（{fig.scope['zh']}）" if lang == "zh" and fig.scope else
                               f" ({fig.scope['en']})" if fig.scope else "")
    old = fmt.value_text(correction["old_value"], fig.unit, fig.qualifier, lang)
    reason = _sentence(correction["reason"][lang], lang)
    if lang == "zh":
        title = f"更正：{city} {label}"
        summary = f"{fig.period_text(lang)}：原为{old}，更正为{fig.text(lang)}。原因：{reason}"
    else:
        title = f"Correction: {city}, {label}"
        summary = f"{fig.period_text(lang)}: was {old}, now {fig.text(lang)}. Reason: {reason}"
    city_page = ("" if lang == "zh" else "en/") + f"cities/{fig.city}"
    entry = _add(root, "entry")
    _add(entry, "id", _id("correction", lang, fig.city, fig.path, str(correction["index"]), correction["date"]))
    _add(entry, "title", title)
    _add(entry, "updated", _stamp(correction["date"]))
    _add(entry, "link", rel="alternate", type="text/html", href=posixpath.relpath(city_page, here) + "/")
    _add(entry, "category", term=fig.city, label=city)
    _add(entry, "summary", summary, type="text")
