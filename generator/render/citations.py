"""What a page needs to let readers cite it, a chart or one figure (formats in generator/cite.py).

The page holds its own citation as text (readable without script) and, once, the citation
forms as templates with `{part}` and `{url}` left open (a JSON block); each figure and chart
carries only its part text and anchor, and the page script fills the template when a reader
opens "Cite". A city page has ~50 figures: three full citations each would weigh more than
the figures themselves.

The address: the site's absolute address (mkdocs.yml `site_url`, or PORTAL_SITE_URL) plus the
page's path and the anchor. Without one, the static text cites the page's path from the site
root (`/cities/xining/#…`) and the page script, which knows where it is served, cites the
absolute address of the page it is on.
"""
from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup, escape

from .. import cite
from ..model import SiteIndex
from ..page import page_url_path
from .ui import t

#: The words of citing, in both languages (kept here, beside the only code that uses them).



def site_release(site: SiteIndex) -> cite.Release:
    """The dataset's release record: the newest changelog date and the site's address ('' if unknown)."""
    return cite.release(site.last_update, site.site_url or "/")


def primary(release: cite.Release, url: str, part: str | None, lang: str) -> str:
    """The citation a page shows first: GB/T 7714-2025 in Chinese, APA 7 in English."""
    return cite.gbt7714(release, url, part) if lang == "zh" else cite.apa7(release, url, part)


def figure_part(figure: Any, city_name: str, lang: str) -> str:
    """What a figure's citation names: the city, the figure, its scope and its period,
    e.g. `西宁市 抽检批次（2021年以来）`, `Xining, batches tested (since 2021)`."""
    scope = figure.scope[lang] if figure.scope else ""
    if lang == "zh":
        return f"{city_name} {figure.label['zh']}" + (f" {scope}" if scope else "") + f"（{figure.period_text('zh')}）"
    return f"{city_name}, {figure.label['en']}" + (f", {scope}" if scope else "") + f" ({figure.period_text('en')})"


def chart_part(title: str, city_name: str | None, lang: str) -> str:
    if not city_name:
        return title
    return f"{city_name} {title}" if lang == "zh" else f"{city_name}, {title}"


def templates(release: cite.Release, lang: str) -> dict[str, str]:
    """The citation forms of this language with `{part}` and `{url}` left for the page script."""
    forms = {"primary": primary(release, "{url}", "{part}", lang)}
    if lang == "zh":
        forms["gbt2015"] = cite.gbt7714_2015(release, "{url}", "{part}")
    return forms


def cite_data(data: SiteIndex, page_path: str, lang: str, source_ids: list[str]) -> Markup:
    """The page's citation templates, its address and its sources' references, as a JSON block
    (script type application/json: data, not code, so the CSP allows it)."""
    release = site_release(data)
    record = {"lang": lang, "site": data.site_url, "page": page_url_path(page_path, lang),
              "placeholder": cite.ACCESSED_PLACEHOLDER[lang], "forms": templates(release, lang),
              "sources": {sid: cite.source_reference(data.sources[sid], lang)
                          for sid in sorted(set(source_ids)) if sid in data.sources},
              "words": {key: t(key, lang) for key in ("cite_2015", "cite_source", "copy", "copied", "copy_failed",
                                                          "figure_link", "chart_link")}}
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/json" id="cite-data">{text}</script>')


def cite_text(text: str, form: str) -> str:
    return f'<p class="cite-text" data-form="{form}">{escape(text)}</p>'


def page_citation(data: SiteIndex, page_path: str, lang: str, part: str | None) -> Markup:
    """'Cite this page' as a disclosure that needs no script: the dataset's citation for this page
    (and in Chinese the 2015 [EB/OL] form on request); the access date is the reader's."""
    release = site_release(data)
    url = release.url(page_url_path(page_path, lang))
    body = cite_text(primary(release, url, part, lang), "primary")
    if lang == "zh":
        body += (f'<details class="cite-alt"><summary>{escape(t("cite_2015", lang))}</summary>'
                 f'{cite_text(cite.gbt7714_2015(release, url, part), "gbt2015")}</details>')
    return Markup(f'<details class="cite-block" id="cite" data-search-exclude><summary>{escape(t("cite_page", lang))}'
                  f'</summary>{body}</details>')


def figure_cite(part: str, source: str, lang: str, key: str = "cite_figure") -> str:
    """A figure's or chart's 'Cite': its part text (and source); the anchor is the id of the row or
    chart it sits in. The page script writes the citation when the reader opens it; without
    script it points to the page's own citation."""
    return (f'<details class="fig-cite" data-search-exclude data-part="{escape(part)}" data-source="{escape(source)}">'
            f'<summary>{escape(t(key, lang))}</summary>'
            f'<p class="cite-nojs"><a href="#cite">{escape(t("cite_page", lang))}</a></p></details>')
