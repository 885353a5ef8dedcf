"""The shapes of the validated records that derive, the open data and the pages read, for the type
checker: what `validate` hands over once a file has no problem (a `record.Record` is a dict of
exactly these fields).

The schema (spec objects in `city`) stays the one place where fields are declared; these mirror
it, and tests/test_shapes.py fails when one of them lacks a field the schema declares, has one it
does not, or disagrees on which fields are always present (required, or filled in by a default).
Nested records read by no consumer field by field are left as `dict[str, Any]`.

No `from __future__ import annotations` here: TypedDict tells required from NotRequired keys
when the class is made, which needs the annotations evaluated.
"""
from typing import Any, NotRequired, TypedDict

#: A text in both languages, {zh, en} (spec.Text; a plain dict, not a record). Not a TypedDict: pages
#: and rows index it by a language held in a variable (`name[lang]`), which a TypedDict refuses.
Text = dict[str, str]
Statement = dict[str, Any]  # {zh, en, quote?} or, sourced, {zh, en, quote?, source}


class Period(TypedDict):
    """Any of city.PERIOD's variants (a year given as a number reads as {kind: year, year: …})."""

    kind: str
    year: NotRequired[int]
    start: NotRequired[int]
    end: NotRequired[int]
    years: NotRequired[int]
    since: NotRequired[int]


class Correction(TypedDict):
    """city.CORRECTION."""

    date: str
    old_value: float
    reason: Text
    source: str
    quote: str


class Figure(TypedDict):
    """A figure of a theme (city.figure_record): complaints' figures also have channels."""

    metric: str
    value: float
    unit: NotRequired[str]  # always there once validated: the check fills in the metric's default unit
    qualifier: str
    period: Period
    scope: NotRequired[Text]
    channels: NotRequired[list[str]]
    note: NotRequired[Text]
    source: str
    quote: str
    corrections: NotRequired[list[Correction]]


class Indicator(TypedDict):
    """city.INDICATOR: a figure named by its label rather than a metric."""

    label: Text
    value: float
    unit: str
    qualifier: str
    change: NotRequired[str]
    compared_to: NotRequired[int]
    period: Period
    scope: NotRequired[Text]
    among: NotRequired[Text]
    note: NotRequired[Text]
    source: str
    quote: str
    corrections: NotRequired[list[Correction]]


class Target(TypedDict):
    """city.TARGET."""

    metric: NotRequired[str]
    label: NotRequired[Text]
    comparator: str
    value: float
    value_max: NotRequired[float]
    unit: NotRequired[str]  # there once validated when the target has a metric (its default unit)
    deadline: NotRequired[int]
    task: NotRequired[int]
    scope: NotRequired[Text]
    note: NotRequired[Text]
    source: str
    quote: str


class Verdict(TypedDict):
    """city.VERDICT."""

    outcome: str
    summary: Text
    quote: str


class Review(TypedDict):
    """city.REVIEW."""

    id: str
    stage: str
    level: str
    source: str
    campaign: NotRequired[Statement]
    batch: NotRequired[int]
    body: Statement
    implementer: NotRequired[Statement]
    participants: NotRequired[Statement]
    start: NotRequired[str]
    end: NotRequired[str]
    criteria_version: NotRequired[str]
    guide_version: NotRequired[str]
    methods: NotRequired[list[str]]
    indicators: NotRequired[dict[str, Any]]  # counts: {value, qualifier, quote}
    experts: NotRequired[dict[str, Any]]
    groups: NotRequired[dict[str, Any]]
    materials: NotRequired[dict[str, Any]]
    interviewees: NotRequired[dict[str, Any]]
    interviews: NotRequired[Statement]
    inspection: NotRequired[dict[str, Any]]
    highlights: NotRequired[list[Statement]]
    shortcomings: NotRequired[list[Statement]]
    recommendations: NotRequired[list[Statement]]
    verdict: Verdict
    score: NotRequired[dict[str, Any]]
    note: NotRequired[Text]


class Source(TypedDict):
    """city.SOURCE, as a city file lists it (Dataset.sources files each as a record.Source, which
    also says where it was declared)."""

    id: str
    kind: str
    title: Text
    issuer: NotRequired[Text]
    date: NotRequired[str]
    number: NotRequired[str]
    url: NotRequired[str]
    document: NotRequired[str]
    note: NotRequired[Text]


class City(TypedDict):
    """city.CITY: a city file."""

    slug: str
    name: Text
    province: NotRequired[Statement]
    divisions: NotRequired[Statement]
    timeline: NotRequired[list[dict[str, Any]]]
    profile: NotRequired[list[Figure]]
    sampling: NotRequired[list[Figure]]
    complaints: NotRequired[list[Figure]]
    enforcement: NotRequired[list[Figure]]
    funding: NotRequired[list[Figure]]
    staffing: NotRequired[list[Figure]]
    satisfaction: NotRequired[list[Figure]]
    indicators: NotRequired[list[Indicator]]
    you_pick_we_test: NotRequired[dict[str, Any]]
    reviews: NotRequired[list[Review]]
    targets: NotRequired[list[Target]]
    plans: NotRequired[list[dict[str, Any]]]
    sources: list[Source]
