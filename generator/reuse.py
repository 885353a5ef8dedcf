"""What a preview server keeps between rebuilds, so that an edit to one city re-renders that
city and the pages across cities, not every city (`portal serve` at 300 cities: seconds, not
half a minute).

An output made from one city's validated record is kept with the record itself. The
validator hands back the very same record object for a file it did not read again
(validate.read_city_file), so `is` proves the input unchanged; holding the record keeps
that proof sound (a freed object's id could be reused, a live one's cannot). Pages also
name sources declared by other cities, so every output is also keyed by the sources.
"""
from __future__ import annotations

from typing import Any, Generic, TypeVar

from .validate import Dataset

T = TypeVar("T")


def _without_positions(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_positions(v) for k, v in value.items() if k not in ("_pos", "_file", "_path")}
    if isinstance(value, list):
        return [_without_positions(v) for v in value]
    return value


_LAST_SOURCES: list[tuple[dict[str, Any], int]] = []  # the last dataset's sources and their key


def sources_key(data: Dataset) -> int:
    """Changes when any source's title, issuer, date... change (not when only its lines move).
    Worked out once per dataset: pages and CSV files of one rebuild all ask."""
    if _LAST_SOURCES and _LAST_SOURCES[0][0] is data.sources:
        return _LAST_SOURCES[0][1]
    key = hash(repr([(sid, _without_positions(data.sources[sid])) for sid in sorted(data.sources)]))
    _LAST_SOURCES[:] = [(data.sources, key)]
    return key


class CityMemo(Generic[T]):
    """Outputs by city, valid while the city's record and the sources are unchanged."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[dict[str, Any], int, T]] = {}

    def get(self, data: Dataset, slug: str, sources: int) -> T | None:
        entry = self._entries.get(slug)
        if entry is None or entry[0] is not data.cities[slug] or entry[1] != sources:
            return None
        return entry[2]

    def put(self, data: Dataset, slug: str, sources: int, value: T) -> T:
        self._entries[slug] = (data.cities[slug], sources, value)
        return value
