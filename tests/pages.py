"""Pages of a validated dataset for tests, made as the build makes them (derive once per city,
then render from the models and summaries): tests look pages up without writing a site."""
from __future__ import annotations

from generator.derive import Derivation, site_index, summarize
from generator.model import CitySummary, SiteIndex
from generator.opendata.meta import last_update
from generator.page import Page
from generator.render import site as render_site
from generator.validate import Dataset


def _site(data: Dataset) -> SiteIndex:
    return site_index(data, last_update(data))


def _summaries(data: Dataset) -> list[CitySummary]:
    derivation = Derivation()
    return [summarize(derivation.city(data.cities[slug])) for slug in sorted(data.cities)]


def build_pages(data: Dataset, intro: dict[str, str]) -> list[Page]:
    site, derivation = _site(data), Derivation()
    models = [derivation.city(data.cities[slug]) for slug in sorted(data.cities)]
    summaries = [summarize(model) for model in models]
    from generator.render.pages import THEME_PAGES

    return [render_site.home_page(summaries, site, intro), render_site.cities_index(summaries, site),
            render_site.themes_index(site), *(render_site.city_page(model, site) for model in models),
            *(render_site.theme_page(theme, summaries, site) for theme in THEME_PAGES),
            *render_site.source_pages(site)]


def city_page(data: Dataset, slug: str) -> Page:
    return render_site.city_page(Derivation().city(data.cities[slug]), _site(data))


def theme_page(data: Dataset, theme: str) -> Page:
    return render_site.theme_page(theme, _summaries(data), _site(data))


def home_page(data: Dataset, intro: dict[str, str]) -> Page:
    return render_site.home_page(_summaries(data), _site(data), intro)


def cities_index(data: Dataset) -> Page:
    return render_site.cities_index(_summaries(data), _site(data))
