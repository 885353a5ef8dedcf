"""Every page of the site, from the page model: a city's pages from its CityModel, the pages
across cities from the cities' summaries. Nothing here derives: it reads what derive made."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import format as fmt
from ..model import CityModel, CitySummary, Figure, SiteIndex
from ..schema import catalogue as cat
from . import charts as ch
from . import citations, describe, fragments
from .pages import LANGS, THEME_PAGES, Page, PageContext, next_step_text, render, status_text, theme_slug, timeline_events
from .ui import t

CARD_METRICS = ["population", "food_businesses", "evaluation_pass_rate", "supervision_pass_rate",
                "sampling_density", "closure_rate", "cases_handled", "administrative_cases", "criminal_cases",
                "fines_confiscations", "satisfaction_score"]
HEADLINE_METRICS = ["evaluation_pass_rate", "sampling_density", "cases_handled", "administrative_cases", "criminal_cases"]


def _theme_charts(prefix: str, theme: str, figures: list[Figure], targets: list[dict[str, Any]],
                  by_city: bool = False, names: Mapping[str, Mapping[str, str]] | None = None) -> list[ch.Chart]:
    """Charts for one theme's figures: rates as dots (with declared targets), amounts as bars."""
    charts: list[ch.Chart] = []
    rates = [f for f in figures if f.unit == "percent"]
    if rates:
        title = {"zh": f"{cat.THEMES[theme].zh}：比率", "en": f"{cat.THEMES[theme].en}: rates"}
        charts.append(ch.dot_chart(f"{prefix}-rate", title, rates, targets, by_city, names))
    others = [f for f in figures if f.unit != "percent"]
    for group in ch.comparable_groups(others):
        unit = cat.UNITS[group[0].unit]
        title = {"zh": f"{cat.THEMES[theme].zh}：{unit.zh}", "en": f"{cat.THEMES[theme].en}: {unit.en}"}
        chart_id = f"{prefix}-{unit.dimension}"
        if unit.dimension in ("density", "score"):
            charts.append(ch.dot_chart(chart_id, title, group, None, by_city, names))
        else:
            charts.append(ch.bar_chart(chart_id, title, group, by_city=by_city, names=names))
    return charts


def comparability_notes(figures: list[Figure], lang: str) -> list[str]:
    """Why the figures of one metric cannot simply be set side by side, said plainly."""
    notes = []
    if len({f.period_text("zh") for f in figures}) > 1:
        notes.append("各城市的期间不同" if lang == "zh" else "the cities report different periods")
    if any(f.qualifier != "exact" for f in figures):
        notes.append("部分为约数或下限" if lang == "zh" else "some figures are approximate or lower bounds")
    if len({(f.scope or {}).get("zh", "") for f in figures}) > 1:
        notes.append("统计范围不同" if lang == "zh" else "the figures cover different scopes")
    if len({cat.UNITS[f.unit].dimension for f in figures}) > 1:
        notes.append("单位不同" if lang == "zh" else "the units differ")
    return notes


def _target_marks(city: Mapping[str, Any], metrics: set[str]) -> list[dict[str, Any]]:
    return [{"value": tg["value"], "text": {lang: fmt.target_text(tg, lang) for lang in LANGS}}
            for tg in city.get("targets", []) if tg.get("metric") in metrics and tg["unit"] == "percent"]


def city_page(model: CityModel, site: SiteIndex) -> Page:
    city, slug, figures, by_metric = model.record, model.slug, model.figures, model.by_metric
    page = Page(f"cities/{slug}", {lang: city["name"][lang] for lang in LANGS}, {})
    sections_by_lang: dict[str, list[dict[str, Any]]] = {lang: [] for lang in LANGS}
    for theme in cat.FIGURE_THEMES + ["indicators"]:
        theme_figures = [f for f in figures if f.theme == theme]
        charts = []
        if theme in ("sampling", "complaints", "enforcement") and theme_figures:
            metrics = {f.metric for f in theme_figures if f.metric}
            charts = _theme_charts(f"{slug}-{theme_slug(theme)}", theme, theme_figures,
                                   _target_marks(city, metrics))
            page.charts += charts
        key_missing = [m for m in cat.metrics_of(theme).values() if m.key and m.id not in by_metric]
        for lang in LANGS:
            meta = cat.THEMES[theme]
            sections_by_lang[lang].append({
                "id": theme_slug(theme), "title": meta.zh if lang == "zh" else meta.en,
                "about": meta.about_zh if lang == "zh" else meta.about_en, "charts": charts,
                "figures": theme_figures, "missing": [m.zh if lang == "zh" else m.en for m in key_missing],
            })
    checks = model.targets
    you_pick_charts = you_pick_charts_of(model)
    page.charts += you_pick_charts
    sources = [f.source for f in figures] + [f.source for c in you_pick_charts for f in c.figures]
    for lang in LANGS:
        ctx = PageContext(site, page.path, lang)
        cards = []
        for metric_id in CARD_METRICS:
            metric = cat.METRICS[metric_id]
            cards.append({"figure": model.latest.get(metric_id), "label": metric.zh if lang == "zh" else metric.en})
        page.body[lang] = render("city.html", city=city, lang=lang, ctx=ctx, province=model.province,
                                 status_text=status_text(model.status, lang), next_step=next_step_text(model.status, lang),
                                 key_cards=cards,
                                 sections=sections_by_lang[lang], target_checks=checks,
                                 timeline=timeline_events(city, lang), you_pick_charts=you_pick_charts,
                                 citation=citations.page_citation(site, page.path, lang, city["name"][lang]),
                                 cite_data=citations.cite_data(site, page.path, lang, sources))
        page.body[lang] = fragments.with_toc(page.body[lang], lang)
        page.description[lang] = describe.city_description(city, model.province,
                                                           describe.subjects(model.themes, model.has_rates, lang), lang)
    return page


def you_pick_charts_of(model: CityModel) -> list[ch.Chart]:
    """For each round with recorded votes or test results: votes per candidate, batches per food."""
    charts = []
    city = model.record
    rounds = {r["id"]: r for r in city.get("you_pick_we_test", {}).get("rounds", [])}
    for round_id, figures in model.you_pick.items():
        title = rounds[round_id]["title"]
        for unit, zh, en in (("vote", "投票", "votes"), ("batch", "抽检结果", "test results")):
            group = [f for f in figures if f.unit == unit]
            if group:
                charts.append(ch.bar_chart(f"{city['slug']}-round-{round_id}-{unit}",
                                           {"zh": f"{title['zh']}：{zh}", "en": f"{title['en']}: {en}"}, group))
    return charts


def cities_index(cities: Sequence[CitySummary], site: SiteIndex) -> Page:
    page = Page("cities/index", {"zh": "城市", "en": "Cities"}, {})
    for lang in LANGS:
        ctx = PageContext(site, page.path, lang)
        groups: dict[str, dict[str, Any]] = {}
        for summary in sorted(cities, key=lambda c: c.name["en"]):
            slug, city, province = summary.slug, summary.record, summary.province
            key = province["en"] if province else "~"
            name = province[lang] if province else t("province_unstated", lang)
            group = groups.setdefault(key, {"id": "province-" + (key.lower().replace(" ", "-") if province
                                                                  else "unstated"),
                                            "name": name, "cities": []})
            unstated = [] if province else [t("province_unstated", "zh"), t("province_unstated", "en")]
            group["cities"].append({"slug": slug, "name": city["name"][lang], "status": status_text(summary.status, lang),
                                    "province_unstated": not province,
                                    "search": " ".join([city["name"]["zh"], city["name"]["en"], slug,
                                                        province["zh"] if province else "",
                                                        province["en"] if province else "", *unstated]).lower()})
        ordered = [groups[k] for k in sorted(groups)]
        page.body[lang] = render("cities.html", ctx=ctx, lang=lang, groups=ordered, total=len(cities),
                                 unstated=groups["~"]["cities"] if "~" in groups else [])
        page.description[lang] = describe.cities_description(
            [c["name"] for group in ordered for c in group["cities"]], lang)
    return page


def theme_page(theme: str, cities: Sequence[CitySummary], site: SiteIndex) -> Page:
    """A theme across cities: per metric, each city's newest figures (earlier ones stay on the
    city pages and in the CSV files); or, for themes told by records, one summary row per city."""
    meta = cat.THEMES[theme]
    page = Page(f"themes/{theme_slug(theme)}", {"zh": meta.zh, "en": meta.en}, {})
    cities = sorted(cities, key=lambda c: c.slug)
    names = site.names
    blocks: dict[str, list[dict[str, Any]]] = {lang: [] for lang in LANGS}
    if theme in cat.FIGURE_THEMES:
        for metric in cat.metrics_of(theme).values():
            metric_figures: list[Figure] = []
            older = 0
            for city in cities:
                kept, earlier = city.theme_figures.get((theme, metric.id), ([], 0))
                metric_figures += kept
                older += earlier
            if not metric_figures and not metric.key:
                continue
            charts = []
            if metric_figures:
                charts = _theme_charts(f"metric-{metric.id.replace('_', '-')}", theme, metric_figures, [],
                                       by_city=True, names=names)
                for chart in charts:
                    chart.title = {"zh": metric.zh, "en": metric.en} if len(charts) == 1 else chart.title
                page.charts += charts
            have = {f.city for f in metric_figures}
            for lang in LANGS:
                blocks[lang].append({"id": metric.id.replace("_", "-"), "title": metric.zh if lang == "zh" else metric.en,
                                     "about": metric.about_zh if lang == "zh" else metric.about_en,
                                     "notes": comparability_notes(metric_figures, lang) if len(have) > 1 else [],
                                     "older": older,
                                     "charts": charts, "figures": metric_figures,
                                     "missing": [c.slug for c in cities if c.slug not in have]})
    for lang in LANGS:
        ctx = PageContext(site, page.path, lang)
        extra = _theme_extra(cities, theme, ctx, lang)
        body = render("theme.html", ctx=ctx, lang=lang, about=meta.about_zh if lang == "zh" else meta.about_en,
                      blocks=blocks[lang], extra=extra,
                      citation=citations.page_citation(site, page.path, lang, page.title[lang]))
        body += "\n" + str(citations.cite_data(site, page.path, lang, []))  # the charts' "Cite", the link icons' words
        page.body[lang] = body
        published = [c.slug for c in cities if theme in c.themes]
        page.description[lang] = describe.theme_description(
            meta.about_zh if lang == "zh" else meta.about_en, [names[s][lang] for s in published], lang)
    return page


def theme_inputs(theme: str, cities: Sequence[CitySummary]) -> tuple[Any, ...]:
    """Everything theme_page reads of the cities for `theme`, compared by value: equal inputs (and
    the same SiteIndex) give the same page, so a preview rebuild after an edit to another theme
    keeps this theme's page. Kept next to theme_page: what one reads, the other must list."""
    metrics = list(cat.metrics_of(theme)) if theme in cat.FIGURE_THEMES else []
    key = RECORD_KINDS.get(theme, ("", ""))[0]
    record = {"reviews": "reviews", "targets": "targets", "you_pick": "you_pick_we_test"}.get(key)
    return tuple((city.slug, city.record.get("name"), theme in city.themes,
                  [city.theme_figures.get((theme, m)) for m in metrics],
                  city.record.get(record) if record else None, city.target_statuses if key == "targets" else ())
                 for city in sorted(cities, key=lambda c: c.slug))


def _theme_extra(cities: Sequence[CitySummary], theme: str, ctx: PageContext, lang: str) -> str:
    """Reviews, targets and 'you pick, we test' compare cities by their records, not figures:
    one summary row per city (per review), linking to the full record on the city page."""
    if theme not in RECORD_KINDS:
        return ""
    kind, anchor = RECORD_KINDS[theme]
    rows: list[dict[str, Any]] = []
    for summary in cities:
        city = summary.record
        if kind == "reviews":
            rows += [{"city": city, "anchor": f"review-{review['id']}", "review": review} for review in city.get("reviews", [])]
        elif kind == "targets" and city.get("targets"):
            statuses = list(summary.target_statuses)
            rows.append({"city": city, "anchor": anchor, "total": len(statuses),
                         "counts": {key: statuses.count(key) for key in cat.TARGET_STATUS}})
        elif kind == "you_pick" and city.get("you_pick_we_test"):
            record = city["you_pick_we_test"]
            rounds = record.get("rounds", [])
            samples = [sample for round_ in rounds for sample in round_.get("samples", [])]
            results = [sample["result"] for sample in samples]
            rows.append({"city": city, "anchor": anchor, "practices": record.get("practices", []), "rounds": rounds,
                         "latest": rounds[-1] if rounds else None, "samples": samples,
                         "results": [(key, results.count(key)) for key in cat.TEST_RESULTS if key in results]})
    parts = [render("_theme_records.html", ctx=ctx, lang=lang, kind=kind, rows=rows, statuses=list(cat.TARGET_STATUS))]
    without = [c.slug for c in cities if not _has_records(c.record, theme)]
    if without:
        links = ("、" if lang == "zh" else ", ").join(
            f'<a href="{ctx.city_url(s)}">{_escape(ctx.city_name(s, lang))}</a>' for s in without)
        parts.append(f'<p class="fig-missing-text">{t("cities_without", lang)}{ctx.colon}{links}</p>')
    return "\n".join(parts)


#: Themes told by records rather than figures: the kind of summary row and the city-page section it links to.
RECORD_KINDS = {"reviews": ("reviews", "reviews"), "targets": ("targets", "targets"),
                "you_pick_we_test": ("you_pick", "you-pick-we-test")}


def _has_records(city: Mapping[str, Any], theme: str) -> bool:
    key = {"reviews": "reviews", "targets": "targets", "you_pick_we_test": "you_pick_we_test"}.get(theme)
    return bool(key and city.get(key))


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def themes_index(site: SiteIndex) -> Page:
    page = Page("themes/index", {"zh": "专题", "en": "Themes"}, {})
    for lang in LANGS:
        ctx = PageContext(site, page.path, lang)
        items = "".join(
            f'<li><a href="{ctx.links.page("themes/" + theme_slug(th))}">'
            f'{_escape(cat.THEMES[th].zh if lang == "zh" else cat.THEMES[th].en)}</a> — '
            f'{_escape(cat.THEMES[th].about_zh if lang == "zh" else cat.THEMES[th].about_en)}</li>'
            for th in THEME_PAGES)
        page.body[lang] = f'<div class="portal"><p>{t("theme_overview", lang)}</p><ul class="theme-list">{items}</ul></div>'
        page.description[lang] = describe.themes_description(
            [cat.THEMES[th].zh if lang == "zh" else cat.THEMES[th].en for th in THEME_PAGES], lang)
    return page


def home_page(cities: Sequence[CitySummary], site: SiteIndex, intro: dict[str, str]) -> Page:
    page = Page("index", {"zh": "国家食品安全示范城市数据公开平台", "en": "Food Safety Demonstration Cities: Open Data"}, {})
    by_slug = sorted(cities, key=lambda c: c.slug)
    themes: set[str] = set()
    has_rates = False
    for city in by_slug:
        themes, has_rates = themes | city.themes, has_rates or city.has_rates
    for lang in LANGS:
        ctx = PageContext(site, page.path, lang)
        rows = []
        for city in sorted(cities, key=lambda c: c.name["en"]):
            rows.append({"slug": city.slug, "name": city.name[lang],
                         "province": city.province[lang] if city.province else "",
                         "status": status_text(city.status, lang),
                         "cells": [city.latest.get(m) for m in HEADLINE_METRICS]})
        timeline = []
        for city in by_slug:
            timeline += timeline_events(city.record, lang)
        from .pages import _date_key

        timeline.sort(key=lambda e: (_date_key(e["date"]), e["city"]))
        headline = [{"label": cat.METRICS[m].zh if lang == "zh" else cat.METRICS[m].en} for m in HEADLINE_METRICS]
        changes = sorted(site.changelog, key=lambda c: c["date"], reverse=True)[:5]
        page.body[lang] = render("home.html", ctx=ctx, lang=lang, intro=intro.get(lang, ""), rows=rows,
                                 title=page.title[lang],
                                 headline_metrics=headline, timeline=timeline, changes=changes)
        page.description[lang] = describe.home_description(len(cities), describe.subjects(themes, has_rates, lang),
                                                           lang)
    return page


def source_pages(site: SiteIndex) -> list[Page]:
    return [source_page(site, source_id, source_text(site, source_id)) for source_id in sorted(site.sources)]


def source_text(site: SiteIndex, source_id: str) -> str:
    """The text of a source's document as its file holds it ("" without one)."""
    source = site.sources[source_id]
    if not source.get("document"):
        return ""
    path = site.root / "documents" / source["document"]
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def source_page(site: SiteIndex, source_id: str, text: str) -> Page:
    """A source's page: what the source is, and its document's text (`text`), paragraph by paragraph.
    It reads the source, its city's name and link, and the text (what a preview keeps it by: city_pass)."""
    source = site.sources[source_id]
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    page = Page(f"sources/{source_id}", {lang: source["title"][lang] for lang in LANGS}, {})
    for lang in LANGS:
        ctx = PageContext(site, page.path, lang)
        page.body[lang] = render("source.html", ctx=ctx, lang=lang, source=source, city=source.city,
                                 paragraphs=paragraphs)
        page.description[lang] = describe.source_description(source["title"][lang], bool(paragraphs), lang)
    return page


def read_intro(content: Path) -> dict[str, str]:
    """The hand-written introduction of the home page, from content/_partials/."""
    import markdown

    out = {}
    for lang in LANGS:
        path = content / "_partials" / f"home-intro.{lang}.md"
        out[lang] = markdown.markdown(path.read_text(encoding="utf-8")) if path.is_file() else ""
    return out
