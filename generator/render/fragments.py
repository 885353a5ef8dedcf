"""The HTML of one figure in a table row and of its source note, written in Python.

These two pieces repeat for every figure of every page (a city page at national scale has
hundreds): as Jinja macros they were most of the generator's time, the macro machinery
costing far more than the markup. Everything from data goes through `escape`, exactly as
Jinja's autoescape would (tests/test_render.py holds the escaping to account).
"""
from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from .. import format as fmt
from . import citations
from .ui import t


def figure_value(figure: Any, lang: str) -> Markup:
    return Markup(f'<span class="fig-value">{escape(figure.text(lang))}</span>')


def summary(label: str, about: str, ctx: Any) -> Markup:
    """A disclosure's visible label ("Source") and, for screen readers only, what it is about: a
    list of controls full of identical "Source" says nothing (WCAG 2.4.6, 2.4.9)."""
    hidden = f'<span class="sr-only">{escape(ctx.colon)}{escape(about)}</span>' if about else ""
    return Markup(f"<summary>{escape(label)}{hidden}</summary>")


def figure_name(figure: Any, lang: str, ctx: Any) -> str:
    """The figure in words, as a screen reader names its source: city, metric, scope, value, period,
    each set apart by the language's list mark (a pause when read aloud, and no two fields run together)."""
    parts = [ctx.city_name(figure.city, lang), figure.label[lang]]
    if figure.scope:
        parts.append(figure.scope[lang])
    parts += [figure.text(lang), figure.period_text(lang)]
    return ctx.list_sep.join(parts)


def source_note(figure: Any, lang: str, ctx: Any) -> Markup:
    """The figure's source, folded: the verbatim quote, the document, and the note if any."""
    note = (f"<br>{escape(ctx.t('note'))}{escape(ctx.colon)}{escape(figure.note[lang])}" if figure.note else "")
    label = summary(ctx.t("source"), figure_name(figure, lang, ctx), ctx)
    return Markup(f'<details class="fig-source" data-search-exclude>{label}'
                  f'<blockquote lang="zh-Hans">{escape(figure.quote)}</blockquote>'
                  f'<p><a href="{escape(ctx.source_url(figure.source))}">'
                  f'{escape(ctx.source_title(figure.source, lang))}</a>{note}</p></details>')


def correction_note(figure: Any, lang: str, ctx: Any) -> Markup:
    """Each correction of the figure, next to it: when, the value it replaced, why, and the
    document that says so (its quote folded)."""
    sep = "；" if lang == "zh" else "; "
    notes = []
    for c in figure.corrections:
        old = fmt.value_text(c["old_value"], figure.unit, figure.qualifier, lang)
        head = ctx.t("corrected_on").format(date=fmt.date_text(c["date"], lang))
        about = f"{figure.label[lang]}{ctx.colon}{head}"  # the quote's label names its figure for screen readers
        notes.append(
            f'<p class="fig-corrected">{escape(head)}{escape(ctx.colon)}{escape(ctx.t("was"))}{escape(old)}{sep}'
            f'{escape(ctx.t("correction_reason"))}{escape(ctx.colon)}{escape(c["reason"][lang])}{sep}'
            f'{escape(ctx.t("correction_source"))}{escape(ctx.colon)}<a href="{escape(ctx.source_url(c["source"]))}">'
            f'{escape(ctx.source_title(c["source"], lang))}</a></p>'
            f'<details class="fig-source" data-search-exclude>{summary(ctx.t("correction_quote"), about, ctx)}'
            f'<blockquote lang="zh-Hans">{escape(c["quote"])}</blockquote></details>')
    return Markup("".join(notes))


def figure_rows(figures: list[Any], lang: str, ctx: Any, with_city: bool = False, ids: bool = False) -> Markup:
    """One table row per figure: (city,) metric and scope, value, period, source. Each cell names its
    column (data-label): on a phone the rows are shown as cards, the header row hidden.

    With `ids` (the one place of the city page where each figure is shown in full) a row carries
    the figure's anchor and its "Cite"; elsewhere it names the address of that row
    (`data-permalink`). The link icon itself is added by the page script (javascripts/cite.js):
    copying needs script anyway, and a static link per figure would multiply the addresses a
    link check must fetch."""
    label = {key: f' data-label="{escape(ctx.t(key))}"' for key in ("city", "metric", "value", "period")}
    rows = []
    for figure in figures:
        city = (f'<td{label["city"]}><a href="{escape(ctx.city_url(figure.city))}">'
                f'{escape(ctx.city_name(figure.city, lang))}</a></td>' if with_city else "")
        scope = f'<br><span class="fig-scope">{escape(figure.scope[lang])}</span>' if figure.scope else ""
        cite = ""
        if ids:
            row = f'<tr id="{figure.anchor}">'
            part = citations.figure_part(figure, ctx.city_name(figure.city, lang), lang)
            cite = citations.figure_cite(part, figure.source, lang)
        else:
            href = f"{ctx.city_url(figure.city)}#{figure.anchor}" if with_city else f"#{figure.anchor}"
            row = f'<tr data-permalink="{escape(href)}">'
        value = f"{figure_value(figure, lang)}{correction_note(figure, lang, ctx)}"
        rows.append(f'{row}{city}<td class="fig-what"{label["metric"]}>{escape(figure.label[lang])}{scope}</td>'
                    f'<td{label["value"]}>{value}</td>'
                    f'<td{label["period"]}>{escape(figure.period_text(lang))}</td>'
                    f'<td class="source-cell">{source_note(figure, lang, ctx)}{cite}</td></tr>\n')
    return Markup("".join(rows))


_H2 = re.compile(r'<h2 id="([^"<>]+)"[^<>]*>(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]+>")


def with_toc(html: str, lang: str) -> str:
    """The page with a table of contents before its first section heading, listing every
    `<h2 id>` (read from the page itself, so it always matches). Foldable on a phone."""
    found = _H2.findall(html)
    if not found:
        return html
    items = "".join(f'<li><a href="#{anchor}">{_TAG.sub("", title)}</a></li>' for anchor, title in found)
    label = escape(t("on_this_page", lang))
    toc = (f'<nav class="page-toc" aria-label="{label}"><details open data-search-exclude><summary>{label}</summary>'
           f'<ol>{items}</ol></details></nav>\n')
    first = html.index("<h2 ")
    return html[:first] + toc + html[first:]
