"""Derive what the pages, charts and CSV need from validated data: flat figures,
key figures per theme, targets held against actual figures, the candidacy status.

Derivation never adds a number the data does not hold: a metric without a
figure is reported as not published, never as zero.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from slugify import slugify

from . import format as fmt
from .model import CityModel, CitySummary, Figure, SiteIndex, TargetCheck
from .schema import catalogue as cat
from .schema import shapes
from .validate import Dataset

__all__ = ["CityModel", "CitySummary", "Figure", "SiteIndex", "TargetCheck", "Derivation"]


def _figure(city: str, theme: str, raw: Mapping[str, Any], path: str) -> Figure:
    """A theme's figure (shapes.Figure) or an indicator (shapes.Indicator), flat."""
    metric = cat.METRICS.get(raw.get("metric", ""))
    label = raw.get("label") or {"zh": metric.zh, "en": metric.en}  # type: ignore[union-attr]
    return Figure(
        city=city, theme=theme, metric=metric.id if metric else None, label=label,
        value=raw["value"], unit=raw["unit"], qualifier=raw.get("qualifier", "exact"),
        period=raw["period"], source=raw["source"], quote=raw["quote"], path=path,
        scope=raw.get("scope") or None, channels=tuple(raw.get("channels", ())),
        note=raw.get("note") or None, corrections=corrections_of(raw), among=raw.get("among") or None,
        change=raw.get("change"), compared_to=raw.get("compared_to"),
    )


def corrections_of(raw: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    """A figure's corrections, oldest first (file order among those of the same day)."""
    found = [{**c, "index": i} for i, c in enumerate(raw.get("corrections", []))]
    return tuple(sorted(found, key=lambda c: c["date"]))


def _slug(text: str, slugs: dict[str, str]) -> str:
    """ASCII words joined by hyphens (the English text: ids are the same in both languages);
    `slugs` remembers them for one build (the same scopes and periods recur in every city)."""
    if text not in slugs:
        slugs[text] = slugify(text, max_length=60, word_boundary=True)
    return slugs[text]


def anchor_base(figure: Figure, slugs: dict[str, str] | None = None) -> str:
    """What a figure is, as an id: city, metric (or its English label), scope and period, e.g.
    `xining-sampling-batches-farm-produce-since-2021`. Nothing here depends on where the figure
    sits in its file, so an edit elsewhere in the file leaves the id alone."""
    slugs = {} if slugs is None else slugs
    what = figure.metric.replace("_", "-") if figure.metric else _slug(figure.label["en"], slugs) or "figure"
    period = fmt.period_text(figure.period, "en")
    period = "" if period == fmt.period_text(None, "en") else period  # an unstated period adds nothing
    parts = [figure.city, what, _slug(figure.scope["en"], slugs) if figure.scope else "", _slug(period, slugs)]
    return "-".join(part for part in parts if part)


def _fingerprint(figure: Figure) -> str:
    """Six hex digits from what tells two figures of the same metric, scope and period apart:
    their words (label, channels), source sentence, value and unit."""
    key = "\x1f".join([figure.label["zh"], figure.label["en"], " ".join(figure.channels), figure.source,
                        figure.quote, repr(figure.value), figure.unit, figure.qualifier])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]


def with_anchors(figures: list[Figure], taken: frozenset[str] = frozenset(),
                 slugs: dict[str, str] | None = None) -> list[Figure]:
    """The figures, each with its id. Figures that would share an id (two campaigns counted for the
    same year, say) each get a suffix made from their own content (never their position), and a
    figure identical in every word to another one gets its rank among those twins (`-2`, `-3`)."""
    bases = [anchor_base(f, slugs) for f in figures]
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


def city_figures(city: Mapping[str, Any], slugs: dict[str, str] | None = None) -> list[Figure]:
    """Every figure a city file holds, in file order, themes first then other indicators."""
    slug = city["slug"]
    figures = [_figure(slug, theme, raw, f"{theme}[{i}]")
               for theme in cat.FIGURE_THEMES for i, raw in enumerate(city.get(theme, []))]
    figures += [_figure(slug, "indicators", raw, f"indicators[{i}]") for i, raw in enumerate(city.get("indicators", []))]
    return with_anchors(figures, slugs=slugs)


def _round_period(round_: dict[str, Any]) -> dict[str, Any]:
    if round_.get("period"):
        return round_["period"]
    date = round_.get("date", "")
    if date[:4].isdigit():
        return {"kind": "year", "year": int(date[:4])}
    return {"kind": "unstated"}


def you_pick_figures(city: shapes.City, themed: list[Figure] | None = None,
                     slugs: dict[str, str] | None = None) -> dict[str, list[Figure]]:
    """Votes per candidate and batches per tested food, by round id, for charts and their CSV.
    `themed`: the city's other figures (their ids are taken), when already derived.

    Only what a round records becomes a figure; a round without votes or samples draws nothing.
    """
    out: dict[str, list[Figure]] = {}
    slug = city["slug"]
    for i, round_ in enumerate(city.get("you_pick_we_test", {}).get("rounds", [])):
        period, figures = _round_period(round_), []
        base = f"you_pick_we_test.rounds[{i}]"
        for j, cand in enumerate(round_.get("candidates", [])):
            if cand.get("votes") is not None:
                figures.append(Figure(slug, "you_pick_we_test", None, cand["food"], cand["votes"], "vote",
                                      "exact", period, round_["source"], round_["quote"],
                                      f"{base}.candidates[{j}]", scope=round_["title"]))
        for j, sample in enumerate(round_.get("samples", [])):
            for key, zh, en in (("batches", "抽检批次", "batches tested"), ("passed", "合格批次", "batches passed")):
                if sample.get(key) is not None:
                    label = {"zh": f"{sample['food']['zh']} · {zh}", "en": f"{sample['food']['en']} · {en}"}
                    figures.append(Figure(slug, "you_pick_we_test", None, label, sample[key], "batch", "exact",
                                          period, round_["source"], round_["quote"], f"{base}.samples[{j}].{key}",
                                          scope=round_["title"]))
        if figures:
            out[round_["id"]] = figures
    if out:  # ids unique on the city page, beside the figures of its themes
        taken = frozenset(f.anchor for f in (city_figures(city, slugs) if themed is None else themed))
        anchored = iter(with_anchors([f for round_figures in out.values() for f in round_figures], taken, slugs))
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


def target_status(target: shapes.Target, actuals: list[Figure]) -> str:
    """met / not_met / not_comparable / no_actual — never a guess: the newest actual figure
    against the target, only when both say the same thing in the same unit."""
    if not actuals:
        return "no_actual"
    fig = latest(actuals)
    assert fig is not None
    if fig.unit != target["unit"] or not fig.exact and fig.qualifier not in ("at_least", "over"):
        return "not_comparable"
    op = target["comparator"]
    value, goal = fig.value, target["value"]
    top = target.get("value_max")
    if top is not None:  # a range: met when the actual figure lies inside it
        return "met" if fig.exact and goal <= value <= top else "not_comparable" if not fig.exact else "not_met"
    met = {">=": value >= goal, ">": value > goal, "=": value == goal, "<=": value <= goal,
           "<": value < goal}[op]
    if fig.qualifier in ("at_least", "over") and op in ("<=", "<", "="):
        return "not_comparable"
    return "met" if met else "not_met"


def target_check(target: shapes.Target, actuals: list[Figure]) -> TargetCheck:
    """A target with the figures of its metric and the verdict on them."""
    return TargetCheck(target, actuals, target_status(target, actuals), latest(actuals))


TARGET_STATUS = cat.TARGET_STATUS


def target_checks(city: shapes.City, figures: list[Figure]) -> list[TargetCheck]:
    by_metric = figures_by_metric(figures)
    return [target_check(target, by_metric.get(target.get("metric", ""), [])) for target in city.get("targets", [])]


#: Formatting of targets lives in format.py; these names stay for the staff tools.
target_label = fmt.target_label
target_text = fmt.target_text


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


def _review_step(review: shapes.Review) -> int:
    """How far along the programme a review's record takes the city (an index of STEPS)."""
    step = "national_review" if review["level"] == "national" else "provincial_review"
    if review["verdict"]["outcome"] != "pending" and step == "provincial_review":
        step = "verdict"
    return STEPS.index(step)


def _date_key(date: str | None) -> tuple[int, str]:
    """Orders partial dates within one step: dated by their date, a date without its year or no
    date at all before any dated one (never guessed to be the latest)."""
    return (1, date) if date and not date.startswith("--") else (0, date or "")


def candidacy_status(city: shapes.City) -> dict[str, Any]:
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


def province_of(city: shapes.City) -> dict[str, str] | None:
    return {"zh": city["province"]["zh"], "en": city["province"]["en"]} if city.get("province") else None


def latest_per_scope(figures: list[Figure]) -> list[Figure]:
    """Each city's newest figures per scope, so that a theme page grows with the number of
    cities, not with cities × years. Figures as recent as the newest one (two campaigns' counts
    for the same years) are peers, not earlier figures: each is kept."""
    groups: dict[tuple[str, str], list[Figure]] = {}
    for fig in figures:
        groups.setdefault((fig.city, (fig.scope or {}).get("zh", "")), []).append(fig)
    chosen = set()
    for group in groups.values():
        newest = latest(group)
        chosen |= {id(fig) for fig in group if latest([fig, newest]) is fig}  # type: ignore[list-item]
    return [fig for fig in figures if id(fig) in chosen]




def city_model(city: shapes.City, slugs: dict[str, str] | None = None) -> CityModel:
    """Everything the city's pages and rows show, derived once."""
    slugs = {} if slugs is None else slugs
    figures = city_figures(city, slugs)
    by_metric = figures_by_metric(figures)
    newest = {metric: fig for metric, group in by_metric.items() if (fig := latest(group)) is not None}
    theme_figures = {}
    for figure in figures:  # per theme and metric: the theme pages show a metric's figures of that theme
        if figure.metric and (figure.theme, figure.metric) not in theme_figures:
            group = [f for f in by_metric[figure.metric] if f.theme == figure.theme]
            kept = latest_per_scope(group)
            theme_figures[(figure.theme, figure.metric)] = (kept, len(group) - len(kept))
    return CityModel(
        record=city, figures=tuple(figures), by_metric=by_metric, latest=newest,
        you_pick=you_pick_figures(city, figures, slugs), targets=tuple(target_checks(city, figures)),
        status=candidacy_status(city), province=province_of(city), theme_figures=theme_figures,
        themes=frozenset({f.theme for f in figures} | {theme for theme in cat.RECORD_THEMES if city.get(theme)}),
        has_rates=any(f.theme == "sampling" and f.unit == "percent" for f in figures))


#: What the pages across cities read of a city's record (its timeline on the home page, its
#: reviews and "you pick, we test" record on the theme pages); the rest is let go with the city.
SUMMARY_FIELDS = ("slug", "name", "province", "timeline", "reviews", "you_pick_we_test", "targets")
#: What the reviews theme page shows of a review (its findings stay on the city page).
REVIEW_SUMMARY_FIELDS = ("id", "level", "stage", "start", "end", "criteria_version", "source", "verdict")
#: What the "you pick, we test" theme page shows of a city's record: how often it runs (each practice's
#: frequency), its rounds (how many, the latest's title and date) and the results of what was tested.
#: The rest (candidates, votes, quotes: most of a summary's memory) stays on the city page.
YOU_PICK_SUMMARY_FIELDS = {"practices": ("frequency",), "rounds": ("title", "date", "samples"), "samples": ("result",)}


def _summary_items(items: list[Mapping[str, Any]], kind: str) -> list[dict[str, Any]]:
    fields = YOU_PICK_SUMMARY_FIELDS[kind]
    return [{key: _summary_items(item[key], key) if key in YOU_PICK_SUMMARY_FIELDS else item[key]
             for key in fields if key in item} for item in items]


def _summary_record(record: Mapping[str, Any]) -> dict[str, Any]:
    kept = {key: record[key] for key in SUMMARY_FIELDS if key in record}
    if "reviews" in kept:
        kept["reviews"] = [{key: review[key] for key in REVIEW_SUMMARY_FIELDS if key in review}
                           for review in kept["reviews"]]
    if "targets" in kept:
        kept["targets"] = len(kept["targets"])  # the theme page needs only whether there are any
    if "you_pick_we_test" in kept:
        kept["you_pick_we_test"] = {key: _summary_items(items, key) for key, items in kept["you_pick_we_test"].items()
                                    if key in YOU_PICK_SUMMARY_FIELDS}
    return kept


def summarize(model: CityModel) -> CitySummary:
    """The part of a city the pages across cities need, once its own pages are written."""
    return CitySummary(
        record=_summary_record(model.record),
        latest=model.latest, status=model.status, province=model.province,
        theme_figures=model.theme_figures, themes=model.themes, has_rates=model.has_rates,
        target_statuses=tuple(check.status for check in model.targets))


class Derivation:
    """One build's derivation of its cities. The slugs of scopes and periods are remembered for
    the build; with `keep` (the preview server), each city's model is kept with the record it
    was derived from, and handed back while the validator hands back that same record (an
    unchanged file). A one-off build keeps no model."""

    def __init__(self, keep: bool = False) -> None:
        self.slugs: dict[str, str] = {}
        self._kept: dict[str, CityModel] | None = {} if keep else None

    def city(self, record: shapes.City) -> CityModel:
        slug = str(record["slug"])
        if self._kept is not None and (kept := self._kept.get(slug)) is not None and kept.record is record:
            return kept
        model = city_model(record, self.slugs)
        if self._kept is not None:
            self._kept[slug] = model
        return model


def site_index(data: Dataset, last_update: str | None = None) -> SiteIndex:
    """What any page may name beyond its own city: names, sources, the site's address."""
    return SiteIndex(root=data.root, names=data.names,
                     sources=data.sources, changelog=tuple(data.changelog), site_url=data.site_url,
                     last_update=last_update)
