"""Build every page of the site, in both languages, as HTML fragments that MkDocs
wraps in the theme. Page bodies come from Jinja templates with autoescaping on,
so no text from YAML can become markup.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import format as fmt
from ..model import SiteIndex
from ..page import LANGS, Links, Page, chart_city, chart_csv_path, page_dir  # noqa: F401  (shared with opendata)
from ..schema import catalogue as cat
from ..schema import city as schema_city
from . import charts as ch
from . import fragments
from .ui import t

TEMPLATES = Path(__file__).parent / "templates"
THEME_PAGES = ["sampling", "complaints", "enforcement", "funding", "staffing", "satisfaction",
               "you_pick_we_test", "reviews", "targets"]


def theme_slug(theme: str) -> str:
    return theme.replace("_", "-")


class PageContext:
    """What templates call: labels, links and formatting for one page in one language."""

    def __init__(self, site: SiteIndex, page_path: str, lang: str):
        self.site, self.lang = site, lang
        self.links = Links(page_path, lang, site.links)

    def t(self, key: str) -> str:
        return t(key, self.lang)

    @property
    def colon(self) -> str:
        return fmt.punct("colon", self.lang)

    @property
    def list_sep(self) -> str:
        return fmt.punct("list", self.lang)

    def bracketed(self, text: str) -> str:
        return fmt.bracketed(text, self.lang)

    def field_label(self, record: str, name: str) -> str:
        """A field's label from the schema (e.g. practice nomination → 'How foods are nominated')."""
        spec = getattr(schema_city, record).by_name[name]
        return fmt.labelled(spec.zh if self.lang == "zh" else spec.en, self.lang)

    def city_url(self, slug: str) -> str:
        return self.links.page(f"cities/{slug}")

    def city_name(self, slug: str, lang: str) -> str:
        return self.site.names[slug][lang]

    def source_url(self, source_id: str) -> str:
        return self.links.page(f"sources/{source_id}")

    def source_title(self, source_id: str, lang: str) -> str:
        return str(self.site.sources[source_id]["title"][lang])

    def chart_csv_url(self, chart: ch.Chart) -> str:
        return self.links.asset(chart_csv_path(chart))

    @staticmethod
    def chart_csv_shared(chart: ch.Chart) -> bool:
        """Whether the chart's CSV link points to its city's file of every chart (the page script
        saves the chart's own rows), not to a file of its own."""
        return chart_city(chart) is not None

    def embed_url(self, chart: ch.Chart) -> str:
        """The chart's embed page: absolute when the site's address is known (a snippet is pasted
        on other sites), else relative (the page script makes it absolute)."""
        base = self.site.site_url
        if base and not base.endswith("/"):
            base += "/"
        return base + chart.embed_path(self.lang) if base else self.links.asset(chart.embed_path(self.lang))

    def choice(self, table: str, key: str, lang: str) -> str:
        return fmt.choice(getattr(cat, table), key, lang)

    def count_text(self, count: dict[str, Any], lang: str) -> str:
        value = count["value"]
        qualifier = count.get("qualifier", "exact")
        text = fmt.number(value, lang)
        if lang == "zh":
            return {"over": f"{text}余", "at_least": f"{text}以上", "approximate": f"约{text}",
                    "nearly": f"近{text}", "approximate_over": f"约{text}余"}.get(qualifier, text)
        return {"over": f"over {text}", "at_least": f"at least {text}", "approximate": f"about {text}",
                "nearly": f"nearly {text}", "approximate_over": f"about {text}-plus"}.get(qualifier, text)

    date_text = staticmethod(fmt.date_text)
    batch_text = staticmethod(fmt.batch_text)
    value_text = staticmethod(fmt.value_text)
    date_range_text = staticmethod(fmt.date_range_text)
    period_text = staticmethod(fmt.period_text)
    target_label = staticmethod(fmt.target_label)
    target_text = staticmethod(fmt.target_text)


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, auto_reload=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters["method_label"] = lambda key, lang: fmt.choice(cat.REVIEW_METHODS, key, lang)
    env.globals["fragments"] = fragments
    return env


#: Strict: a misspelt name in a template is an error, not a blank. Templates read an optional
#: field with `.get()`, so absent ('not published') is said where it is meant.
ENV = environment()


def render(template: str, **values: Any) -> str:
    html = ENV.get_template(template).render(**values)
    return "\n".join(line for line in html.splitlines() if line.strip())


# ------------------------------------------------------------------ status words
def status_text(status: Mapping[str, Any], lang: str) -> str:
    """Where a city stands (derive.candidacy_status), in words."""
    if status["kind"] == "review":
        level = fmt.choice(cat.REVIEW_LEVELS, status["level"], lang)
        stage = fmt.choice(cat.REVIEW_STAGES, status["stage"], lang)
        outcome = fmt.choice(cat.VERDICTS, status["outcome"], lang)
        if not status["date"]:
            return f"{level}{stage}：{outcome}（日期未注明）" if lang == "zh" else f"{level} {stage}: {outcome} (date not stated)"
        when = fmt.date_text(status["date"], lang)
        return f"{level}{stage}：{outcome}（{when}）" if lang == "zh" else f"{level} {stage}: {outcome} ({when})"
    if status["kind"] == "event":
        label = fmt.choice(cat.TIMELINE_EVENTS, status["event"], lang)
        when = fmt.date_text(status["date"], lang)
        return f"{label}（{when}）" if lang == "zh" else f"{label} ({when})"
    return t("no_review", lang)


def next_step_text(status: Mapping[str, Any], lang: str) -> str:
    """The programme's next step for the city, as its records leave it (see derive.candidacy_status)."""
    return fmt.choice(cat.NEXT_STEPS, status["next"], lang)


_STAGES = list(cat.TIMELINE_EVENTS)


def timeline_events(city: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    events = sorted(city.get("timeline", []), key=lambda e: (_date_key(e["date"]), _STAGES.index(e["event"])))
    return [{**e, "city": city["slug"], "date_text": fmt.date_range_text(e["date"], e.get("end_date"), lang),
             "label": _event_label(e, lang), "detail": _event_detail(e, lang)}
            for e in events]


def _event_label(event: dict[str, Any], lang: str) -> str:
    """The event's name, with its campaign batch when recorded: '列为创建城市（第四批）'."""
    label = fmt.choice(cat.TIMELINE_EVENTS, event["event"], lang)
    return label + fmt.bracketed(fmt.batch_text(event["batch"], lang), lang) if event.get("batch") else label


def _event_detail(event: dict[str, Any], lang: str) -> str:
    """What happened and to whom, in the event's own recorded words: an award may have gone to a
    bureau, not the city, so one without a recorded text says the recipient is not recorded."""
    if event.get("text"):
        return str(event["text"][lang])
    return t("award_recipient_unstated", lang) if event["event"] == "award" else ""


def _date_key(date: str) -> str:
    """Yearless dates ('--11-02') sort after dated ones rather than before every year."""
    return "9999" + date[1:] if date.startswith("--") else date
