"""The page model: what derive hands to render and open data, typed and read-only.

derive builds these once per city; render and opendata only read them (they never call
derive). `CitySummary` is the small part of a city that the pages across cities need, kept
after the city's own pages and rows are written; `SiteIndex` is what any page may name of
other cities and sources.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import format as fmt
from .schema import catalogue as cat
from .schema import shapes
from .schema.record import Source


@dataclass(frozen=True)
class Figure:
    """One published figure with everything that makes it honest: unit, qualifier, period, scope, source."""

    city: str
    theme: str
    metric: str | None
    label: dict[str, str]
    value: float
    unit: str
    qualifier: str
    period: dict[str, Any]
    source: str
    quote: str
    path: str
    scope: dict[str, str] | None = None
    channels: tuple[str, ...] = ()
    note: dict[str, str] | None = None
    corrections: tuple[dict[str, Any], ...] = ()  # oldest first: date, old_value, reason, source, quote
    among: dict[str, str] | None = None  # a ranking's field: 全省 in 居全省第一
    change: str | None = None  # increase / decrease: the value is a change (提高0.4个百分点)
    compared_to: int | None = None  # the year it is compared with (较2022年)
    anchor: str = ""  # the id of the figure on its city page (see with_anchors), same in both languages

    def text(self, lang: str) -> str:
        if self.unit == "rank":
            return fmt.rank_text(self.value, self.among, lang)
        if self.change:
            return fmt.change_text(self.value, self.unit, self.change, self.compared_to, lang)
        return fmt.value_text(self.value, self.unit, self.qualifier, lang)

    def period_text(self, lang: str) -> str:
        return fmt.period_text(self.period, lang)

    @property
    def exact(self) -> bool:
        return self.qualifier == "exact"

    @property
    def base_value(self) -> float:
        """The value in its dimension's base unit (yuan, people, km²), for comparing across cities."""
        return self.value * cat.UNITS[self.unit].factor


@dataclass(frozen=True)
class TargetCheck:
    """A declared target beside the actual figures of the same metric, with the verdict derive
    reached: met / not_met / not_comparable / no_actual — never a guess."""

    target: shapes.Target
    actuals: list[Figure] = field(default_factory=list)
    status: str = "no_actual"
    actual: Figure | None = None  # the newest of `actuals`, which the status compares


class _OfCity:
    """The city's slug and name, read from its record."""

    record: Mapping[str, Any]

    @property
    def slug(self) -> str:
        return str(self.record["slug"])

    @property
    def name(self) -> Mapping[str, str]:
        return self.record["name"]


@dataclass(frozen=True)
class CityModel(_OfCity):
    """One city, derived once: its record (as validated), its figures with their ids, the newest
    figure per metric, its 'you pick, we test' figures, targets held against actual figures and
    where its candidacy stands."""

    record: shapes.City
    figures: tuple[Figure, ...]
    by_metric: Mapping[str, list[Figure]]
    latest: Mapping[str, Figure]
    you_pick: Mapping[str, list[Figure]]
    targets: tuple[TargetCheck, ...]
    status: Mapping[str, Any]
    province: Mapping[str, str] | None
    theme_figures: Mapping[tuple[str, str], tuple[list[Figure], int]]  # (theme, metric) -> (newest per scope, how many older)
    themes: frozenset[str] = frozenset()  # themes with figures or records
    has_rates: bool = False  # published a sampling pass rate


@dataclass(frozen=True)
class CitySummary(_OfCity):
    """What the pages across cities (home, index, themes) need of one city once its own pages are
    written: its figures are let go, except the newest per metric and scope."""

    record: Mapping[str, Any]  # the validated record: names, timeline, reviews, 'you pick, we test'
    latest: Mapping[str, Figure]
    status: Mapping[str, Any]
    province: Mapping[str, str] | None
    theme_figures: Mapping[tuple[str, str], tuple[list[Figure], int]]
    themes: frozenset[str]  # themes with figures or records
    has_rates: bool  # published a sampling pass rate
    target_statuses: tuple[str, ...]


@dataclass(frozen=True)
class SiteIndex:
    """What any page may name beyond its own city: other cities' names, every source, the site's
    address and the date of the data's last update (for citations)."""

    root: Path
    names: Mapping[str, Mapping[str, str]]
    sources: Mapping[str, Source]
    changelog: tuple[Mapping[str, Any], ...]
    site_url: str = ""
    last_update: str | None = None  # the newest dated changelog entry: the data's version
    links: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)  # this build's relative links
