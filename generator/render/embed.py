"""A chart on its own, for other sites to show in an iframe: one small page per chart and
language, at an address made from the chart's id alone (city or metric, theme, unit: no list
position), so an iframe keeps showing the same chart when figures are added or updated.

The pages are plain HTML written by the generator, not MkDocs pages: they reach the site as
they are, never through MkDocs (generator/write.py). They carry no site chrome, nothing for the search index,
the sitemap or the navigation, and cost no MkDocs page build (at 1000 cities they are several
times as many as the city pages). The CSP and the inline-script check of every other page
(publish.finish_page) are applied here.
"""
from __future__ import annotations

import re

from ..publish import finish_page
from ..validate import Dataset
from . import charts as ch
from .pages import LANGS, Page, page_dir, render
from .ui import t


def _up(folder: str) -> str:
    """The relative way from a folder (ending in '/') back to the site root."""
    return "../" * folder.count("/")


def period_span(chart: ch.Chart, lang: str) -> str:
    """The period the chart covers: its figures' one period, else the span of the years they state."""
    texts = list(dict.fromkeys(f.period_text(lang) for f in chart.figures))
    if len(texts) == 1:
        return texts[0]
    years = sorted({int(y) for text in texts for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)})
    if not years:
        return ("、" if lang == "zh" else ", ").join(texts)
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
    return f"{span}年" if lang == "zh" else span


def source_line(chart: ch.Chart, titles: dict[str, dict[str, str]], lang: str) -> str:
    """Where the figures come from: the documents by title (up to three), else how many there are."""
    ids = list(dict.fromkeys(f.source for f in chart.figures))
    colon = "：" if lang == "zh" else ": "
    if len(ids) <= 3:
        names = [titles[i][lang] if i in titles else i for i in ids]
        return t("source", lang) + colon + ("；" if lang == "zh" else "; ").join(names)
    return t("source", lang) + colon + (f"{len(ids)} 份公开文件，每个数字的出处见原页面" if lang == "zh"
                                        else f"{len(ids)} public documents; each figure's source is on the site")


def embed_page(chart: ch.Chart, home: Page, titles: dict[str, dict[str, str]], lang: str) -> bytes:
    """The embed page of one chart in one language, finished as every page of the site is."""
    folder = chart.embed_path(lang)
    up = _up(folder)
    back = up + ("en/" if lang == "en" else "") + page_dir(home.path)
    back = (back.rstrip("/") + "/" if page_dir(home.path) else back) + f"#chart-{chart.id}"
    html = render("embed.html", chart=chart, lang=lang, up=up, back=back,
                  period=period_span(chart, lang), source=source_line(chart, titles, lang),
                  site=t("site_name", lang), view=t("embed_view_on_site", lang), loading=t("chart_loading", lang))
    return (finish_page(html) + "\n").encode()


def embed_files(data: Dataset, charts: list[ch.Chart], home: Page) -> dict[str, bytes]:
    """The embed pages of these charts (first shown on `home`), both languages, by path in the site.
    Not suffixed by language: the site gets them as they are, where they are."""
    titles = {source_id: source["title"] for source_id, source in data.sources.items()}
    return {f"{chart.embed_path(lang)}index.html": embed_page(chart, home, titles, lang)
            for chart in charts for lang in LANGS}
