"""Rows of the tables whose records are not figures: targets, timeline, cities, plan tasks, sources."""
from __future__ import annotations

from typing import Any

from .. import format as fmt
from ..model import CityModel, Figure, TargetCheck
from ..schema import catalogue as cat
from ..validate import Dataset
from .rows import batch_cells, city_cells, coded, date_cells, pair, record_of, value_cells

#: Why a source has no address: none is recorded, and the portal never makes one up.
NO_URL = {"zh": "未记录原文网址：只在来源文件或其发布页面写明网址时填写，网站从不推测网址。",
          "en": "No address of the original is recorded: it is filled only when the document or the page that "
                "published it names one; the portal never guesses an address."}


def target_rows(model: CityModel, data: Dataset) -> list[dict[str, Any]]:
    """One city's targets, each beside its newest actual figure and the verdict."""
    rows = []
    slug = model.slug
    for i, check in enumerate(model.targets):
        actual = check.actual
        rows.append({**city_cells(data, slug), **target_cells(check),
                     "actual_record": record_of(data, slug, actual.path) if actual else "",
                     "record": record_of(data, slug, f"targets[{i}]")})
    return rows


def target_cells(check: TargetCheck) -> dict[str, Any]:
    """A target as declared, and how it compares with the latest actual figure (as the site shows it)."""
    target = check.target
    actual = check.actual
    cells = value_cells(target["value"], target["unit"])
    del cells["qualifier"], cells["qualifier_zh"], cells["qualifier_en"]
    return {
        "metric": target.get("metric", ""), **pair("label", fmt.target_label(target)),
        **coded("comparator", cat.COMPARATOR_CODES, cat.COMPARATOR_CODE_OF[target["comparator"]]), **cells,
        "display_zh": fmt.target_text(target, "zh"), "display_en": fmt.target_text(target, "en"),
        "value_max": target.get("value_max"), "deadline": target.get("deadline"), "task": target.get("task"),
        **pair("scope", target.get("scope")), **pair("note", target.get("note")),
        **coded("status", cat.TARGET_STATUS, check.status),
        "actual_zh": _actual_text(actual, "zh"), "actual_en": _actual_text(actual, "en"),
        "source": target["source"], "quote": target["quote"],
    }


def _actual_text(fig: Figure | None, lang: str) -> str:
    if fig is None:
        return ""
    period = fig.period_text(lang)
    return f"{fig.text(lang)}（{period}）" if lang == "zh" else f"{fig.text(lang)} ({period})"


def timeline_rows(data: Dataset) -> list[dict[str, Any]]:
    return [{**city_cells(data, slug), **date_cells(event["date"]), **date_cells(event.get("end_date"), "end_date"),
             **coded("event", cat.TIMELINE_EVENTS, event["event"]), **batch_cells(event.get("batch")),
             **pair("text", event.get("text")),
             "source": event["source"], "quote": event["quote"], "record": record_of(data, slug, f"timeline[{i}]")}
            for slug in sorted(data.cities) for i, event in enumerate(data.cities[slug].get("timeline", []))]


def city_rows(data: Dataset) -> list[dict[str, Any]]:
    rows = []
    for slug in sorted(data.cities):
        city = data.cities[slug]
        row = {**city_cells(data, slug), "file": data.files[slug]}
        for key, fact in (("province", city.get("province")), ("divisions", city.get("divisions"))):
            row.update(pair(key, fact))
            if fact:
                row.update({f"{key}_source": fact["source"], f"{key}_quote": fact.get("quote", fact["zh"]),
                            f"{key}_record": record_of(data, slug, key)})
        rows.append(row)
    return rows


def plan_task_rows(data: Dataset) -> list[dict[str, Any]]:
    rows = []
    for slug in sorted(data.cities):
        for i, plan in enumerate(data.cities[slug].get("plans", [])):
            for j, task in enumerate(plan.get("tasks", [])):
                rows.append({**city_cells(data, slug), "source": plan["source"], "number": task["number"],
                             **pair("title", task["title"]), **pair("lead", task.get("lead")),
                             **pair("responsible", task.get("responsible")),
                             "record": record_of(data, slug, f"plans[{i}].tasks[{j}]")})
    return rows


def source_rows(data: Dataset, city: str | None = None) -> list[dict[str, Any]]:
    """Every source by id; with `city`, only the sources that city's file declares."""
    rows = []
    for source_id in sorted(data.sources):
        source = data.sources[source_id]
        slug = source.city
        assert slug is not None, source_id  # a source whose file has no slug: the dataset has problems
        if city is not None and slug != city:
            continue
        rows.append({"source": source_id, **city_cells(data, slug), **coded("kind", cat.SOURCE_KINDS, source["kind"]),
                     **pair("title", source["title"]), **pair("issuer", source.get("issuer")),
                     **date_cells(source.get("date")), "doc_number": source.get("number", ""),
                     "url": source.get("url", ""), **pair("url_note", None if source.get("url") else NO_URL),
                     "document": source.get("document", ""),
                     **pair("note", source.get("note")), "record": record_of(data, slug, source.path)})
    return rows
