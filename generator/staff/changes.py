"""What `portal diff` finds, as plain records: each change the public will see, the alerts that
ask for a second look, the documents added, city by city. The comparison (diff) builds them and
the report (diff_report) only formats them, so both import them from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Text = dict[str, str]  # {"zh": …, "en": …}


@dataclass(frozen=True)
class Alert:
    """A change worth a second look, with a stable code and a message in both languages."""

    code: str  # rate-jump | magnitude | unit-change | invalid-data
    zh: str
    en: str


@dataclass
class Change:
    """One thing the public will see differently, in both languages."""

    kind: str  # added | changed | removed
    section: Text
    label: Text
    period: Text | None = None
    old: Text | None = None
    new: Text | None = None
    source: str | None = None  # a source id; its title is listed once per city
    fields: list[Text] = field(default_factory=list)  # what else changed, by field label
    alerts: list[Alert] = field(default_factory=list)
    old_quote: str | None = None  # both set when the verbatim quote changed
    new_quote: str | None = None

    def quoted(self, old: dict[str, Any] | None, new: dict[str, Any] | None) -> Change:
        """Keep both quotes when the record's quote changed, so a reviewer can read the new wording."""
        if old and new and old.get("quote") != new.get("quote"):
            self.old_quote, self.new_quote = old.get("quote"), new.get("quote")
        return self


@dataclass
class NewDocument:
    """A source document added under data/documents/, and the sources that cite it (maybe none)."""

    name: str
    cited_by: list[str]
    titles: dict[str, Text] = field(default_factory=dict)


@dataclass
class CityDiff:
    slug: str
    name: Text
    file: str
    status: str  # added | removed | changed
    changes: list[Change]
    sources: dict[str, Text] = field(default_factory=dict)  # the titles of the sources the changes cite


@dataclass
class Report:
    base: str
    cities: list[CityDiff]
    alerts: list[Alert] = field(default_factory=list)  # about the data as a whole
    documents: list[NewDocument] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.cities for ch in c.changes if ch.kind == kind)

    def all_alerts(self) -> list[Alert]:
        return self.alerts + [a for c in self.cities for ch in c.changes for a in ch.alerts]
