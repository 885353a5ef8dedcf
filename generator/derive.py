"""Derive what the pages, charts and CSV need from validated data: flat figures,
key figures per theme, targets held against actual figures, the candidacy status.

Derivation never adds a number the data does not hold: a metric without a
figure is reported as not published, never as zero.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from slugify import slugify

from . import format as fmt
from .schema import catalogue as cat
from .validate import Dataset


def public(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the validator's position bookkeeping."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


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


def _figure(city: str, theme: str, raw: dict[str, Any], path: str) -> Figure:
    metric = cat.METRICS.get(raw.get("metric", ""))
    label = raw.get("label") or {"zh": metric.zh, "en": metric.en}  # type: ignore[union-attr]
    return Figure(
        city=city, theme=theme, metric=metric.id if metric else None, label=public(label),
        value=raw["value"], unit=raw["unit"], qualifier=raw.get("qualifier", "exact"),
        period=public(raw["period"]), source=raw["source"], quote=raw["quote"], path=path,
        scope=public(raw["scope"]) if raw.get("scope") else None, channels=tuple(raw.get("channels", ())),
        note=public(raw["note"]) if raw.get("note") else None, corrections=corrections_of(raw),
        among=public(raw["among"]) if raw.get("among") else None,
        change=raw.get("change"), compared_to=raw.get("compared_to"),
    )


def corrections_of(raw: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """A figure's corrections, oldest first (file order among those of the same day)."""
    found = [{**public(c), "reason": public(c["reason"]), "index": i}
             for i, c in enumerate(raw.get("corrections", []))]
    return tuple(sorted(found, key=lambda c: c["date"]))


#: A preview server's figures by city, each with the record it was derived from (see keep_figures).
_KEPT: dict[str, tuple[dict[str, Any], list[Figure]]] | None = None


def keep_figures() -> None:
    """Keep each city's figures with its record from now on (a preview server, whose rebuilds
    hand back the same record for an unchanged file). A one-off build does not: at national
    scale the figures of every city would outweigh the pages being written."""
    global _KEPT
    if _KEPT is None:
        _KEPT = {}


@functools.lru_cache(maxsize=1 << 14)
def _slug(text: str) -> str:
    """ASCII words joined by hyphens (the English text: ids are the same in both languages)."""
    return slugify(text, max_length=60, word_boundary=True)


def anchor_base(figure: Figure) -> str:
    """What a figure is, as an id: city, metric (or its English label), scope and period, e.g.
    `xining-sampling-batches-farm-produce-since-2021`. Nothing here depends on where the figure
    sits in its file, so an edit elsewhere in the file leaves the id alone."""
    what = figure.metric.replace("_", "-") if figure.metric else _slug(figure.label["en"]) or "figure"
    period = fmt.period_text(figure.period, "en")
    period = "" if period == fmt.period_text(None, "en") else period  # an unstated period adds nothing
    parts = [figure.city, what, _slug(figure.scope["en"]) if figure.scope else "", _slug(period)]
    return "-".join(part for part in parts if part)


def _fingerprint(figure: Figure) -> str:
    """Six hex digits from what tells two figures of the same metric, scope and period apart:
    their words (label, channels), source sentence, value and unit."""
    key = "\x1f".join([figure.label["zh"], figure.label["en"], " ".join(figure.channels), figure.source,
                        figure.quote, repr(figure.value), figure.unit, figure.qualifier])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]


def with_anchors(figures: list[Figure], taken: frozenset[str] = frozenset()) -> list[Figure]:
    """The figures, each with its id. Figures that would share an id (two campaigns counted for the
    same year, say) each get a suffix made from their own content (never their position), and a
    figure identical in every word to another one gets its rank among those twins (`-2`, `-3`)."""
    bases = [anchor_base(f) for f in figures]
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    seen: set[str] = set(taken)
    out = []
    for figure, base in zip(figures, bases, strict=True):
        anchor = base if counts[base] == 1 and base not in taken else f"{base}-{_fingerprint(figure)}"
        unique, n = anchor, 1
        while unique in seen:
            n += 1
            unique = f"{anchor}-{n}"
        seen.add(unique)
        out.append(replace(figure, anchor=unique))
    return out


def city_figures(city: dict[str, Any]) -> list[Figure]:
    """Every figure a city file holds, in file order, themes first then other indicators."""
    slug = city["slug"]
    if _KEPT is not None and (kept := _KEPT.get(slug)) is not None and kept[0] is city:
        return list(kept[1])
    figures = [_figure(slug, theme, raw, f"{theme}[{i}]")
               for theme in cat.FIGURE_THEMES for i, raw in enumerate(city.get(theme, []))]
    figures += [_figure(slug, "indicators", raw, f"indicators[{i}]") for i, raw in enumerate(city.get("indicators", []))]
    figures = with_anchors(figures)
    if _KEPT is not None:
        _KEPT[slug] = (city, figures)
        return list(figures)
    return figures


def _round_period(round_: dict[str, Any]) -> dict[str, Any]:
    if round_.get("period"):
        return public(round_["period"])
    date = round_.get("date", "")
    if date[:4].isdigit():
        return {"kind": "year", "year": int(date[:4])}
    return {"kind": "unstated"}


def you_pick_figures(city: dict[str, Any]) -> dict[str, list[Figure]]:
    """Votes per candidate and batches per tested food, by round id, for charts and their CSV.

    Only what a round records becomes a figure; a round without votes or samples draws nothing.
    """
    out: dict[str, list[Figure]] = {}
    slug = city["slug"]
    for i, round_ in enumerate(city.get("you_pick_we_test", {}).get("rounds", [])):
        period, figures = _round_period(round_), []
        base = f"you_pick_we_test.rounds[{i}]"
        for j, cand in enumerate(round_.get("candidates", [])):
            if cand.get("votes") is not None:
                figures.append(Figure(slug, "you_pick_we_test", None, public(cand["food"]), cand["votes"], "vote",
                                      "exact", period, round_["source"], round_["quote"],
                                      f"{base}.candidates[{j}]", scope=public(round_["title"])))
        for j, sample in enumerate(round_.get("samples", [])):
            for key, zh, en in (("batches", "抽检批次", "batches tested"), ("passed", "合格批次", "batches passed")):
                if sample.get(key) is not None:
                    label = {"zh": f"{sample['food']['zh']} · {zh}", "en": f"{sample['food']['en']} · {en}"}
                    figures.append(Figure(slug, "you_pick_we_test", None, label, sample[key], "batch", "exact",
                                          period, round_["source"], round_["quote"], f"{base}.samples[{j}].{key}",
                                          scope=public(round_["title"])))
        if figures:
            out[round_["id"]] = figures
    if out:  # ids unique on the city page, beside the figures of its themes
        taken = frozenset(f.anchor for f in city_figures(city))
        anchored = iter(with_anchors([f for figures in out.values() for f in figures], taken))
        out = {round_id: [next(anchored) for _ in figures] for round_id, figures in out.items()}
    return out


def figures_by_metric(figures: list[Figure]) -> dict[str, list[Figure]]:
    grouped: dict[str, list[Figure]] = {}
    for figure in figures:
        if figure.metric:
            grouped.setdefault(figure.metric, []).append(figure)
    return grouped


def latest(figures: list[Figure]) -> Figure | None:
    """The figure for the most recent stated year; undated figures rank after dated ones."""
    def key(fig: Figure) -> tuple[int, int]:
        start, end = fmt.period_bounds(fig.period)
        year = end or start
        return (1, year) if year else (0, 0)
    return max(figures, key=key) if figures else None


@dataclass
class TargetCheck:
    """A declared target beside the actual figures of the same metric, if any."""

    target: dict[str, Any]
    actuals: list[Figure] = field(default_factory=list)

    @property
    def status(self) -> str:
        """met / not_met / not_comparable / no_actual — never a guess."""
        if not self.actuals:
            return "no_actual"
        fig = latest(self.actuals)
        assert fig is not None
        if fig.unit != self.target["unit"] or not fig.exact and fig.qualifier not in ("at_least", "over"):
            return "not_comparable"
        op = self.target["comparator"]
        value, goal = fig.value, self.target["value"]
        top = self.target.get("value_max")
        if top is not None:  # a range: met when the actual figure lies inside it
            return "met" if fig.exact and goal <= value <= top else "not_comparable" if not fig.exact else "not_met"
        met = {">=": value >= goal, ">": value > goal, "=": value == goal, "<=": value <= goal,
               "<": value < goal}[op]
        if fig.qualifier in ("at_least", "over") and op in ("<=", "<", "="):
            return "not_comparable"
        return "met" if met else "not_met"


TARGET_STATUS = cat.TARGET_STATUS  # the old name, until every reader takes it from the catalogue


def target_checks(city: dict[str, Any], figures: list[Figure]) -> list[TargetCheck]:
    by_metric = figures_by_metric(figures)
    return [TargetCheck(target, by_metric.get(target.get("metric", ""), [])) for target in city.get("targets", [])]


def target_label(target: dict[str, Any]) -> dict[str, str]:
    if target.get("label"):
        return public(target["label"])
    metric = cat.METRICS[target["metric"]]
    return {"zh": metric.zh, "en": metric.en}


def target_text(target: dict[str, Any], lang: str) -> str:
    comparator = cat.COMPARATORS[target["comparator"]]
    value = fmt.value_text(target["value"], target["unit"], "exact", lang)
    deadline = target.get("deadline")
    if target.get("value_max") is not None:  # a range reads as the document writes it: 2–3人
        span = f"{fmt.number(target['value'], lang)}–{fmt.value_text(target['value_max'], target['unit'], 'exact', lang)}"
        return span + ((f"（{deadline}年）" if lang == "zh" else f" by {deadline}") if deadline else "")
    if lang == "zh":
        return f"{comparator.zh}{value}" + (f"（{deadline}年）" if deadline else "")
    return f"{comparator.en} {value}" + (f" by {deadline}" if deadline else "")


STAGES = ["listed", "launched", "plan_issued", "applied", "provincial_review", "verdict", "national_review", "named", "award"]
#: Timeline events that are steps of the candidacy, in the programme's order (an award is not a step).
STEPS = STAGES[:STAGES.index("named") + 1]
#: What the programme does next after a review's verdict, by review level: the documents place the
#: provincial preliminary review inside the national evaluation and acceptance work.
_AFTER_VERDICT = {"provincial": "national_review", "autonomous_region": "national_review", "national": "naming"}
_NEXT_BY_OUTCOME = {"pending": "verdict", "conditional": "fixes", "failed": "unstated"}
_NEXT_AFTER_EVENT = {"listed": "preliminary_review", "launched": "preliminary_review",
                     "plan_issued": "preliminary_review", "applied": "preliminary_review",
                     "provincial_review": "verdict", "verdict": "unstated", "national_review": "verdict",
                     "named": "none"}


def _review_step(review: dict[str, Any]) -> int:
    """How far along the programme a review's record takes the city (an index of STEPS)."""
    step = "national_review" if review["level"] == "national" else "provincial_review"
    if review["verdict"]["outcome"] != "pending" and step == "provincial_review":
        step = "verdict"
    return STEPS.index(step)


def _date_key(date: str | None) -> tuple[int, str]:
    """Orders partial dates within one step: dated by their date, a date without its year or no
    date at all before any dated one (never guessed to be the latest)."""
    return (1, date) if date and not date.startswith("--") else (0, date or "")


def candidacy_status(city: dict[str, Any]) -> dict[str, Any]:
    """Where a city stands and the programme's next step, from its records alone.

    The furthest step wins, whatever the order of dates (a yearless review date must not
    hide a later step); a review's verdict outranks a timeline event of the same step, and an
    award is never a step. `next` is a code of catalogue.NEXT_STEPS, never a date or a guess.
    """
    reviews = city.get("reviews", [])
    review = max(reviews, key=lambda r: (_review_step(r), _date_key(r.get("end") or r.get("start")))) if reviews else None
    events = [e for e in city.get("timeline", []) if e["event"] in STEPS]
    event = max(reversed(events), key=lambda e: STEPS.index(e["event"])) if events else None
    if review is not None and (event is None or _review_step(review) >= STEPS.index(event["event"])):
        outcome = review["verdict"]["outcome"]
        return {"kind": "review", "stage": review["stage"], "level": review["level"], "outcome": outcome,
                "date": review.get("end") or review.get("start"),
                "next": _NEXT_BY_OUTCOME.get(outcome, _AFTER_VERDICT[review["level"]])}
    if event is not None:
        return {"kind": "event", "event": event["event"], "date": event["date"],
                "next": _NEXT_AFTER_EVENT[event["event"]]}
    return {"kind": "none", "next": "preliminary_review"}


def all_figures(data: Dataset) -> Iterator[Figure]:
    for slug in sorted(data.cities):
        yield from city_figures(data.cities[slug])


def province_of(city: dict[str, Any]) -> dict[str, str] | None:
    return {"zh": city["province"]["zh"], "en": city["province"]["en"]} if city.get("province") else None
