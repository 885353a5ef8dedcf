"""What the validator hands back for a YAML mapping: its fields as a dict, and beside them (not
among them) where the mapping was written, so that later checks can point at a line.

A `Record`'s keys are exactly its data fields: it compares, prints and serialises as the plain
dict of its fields. `pos` and `index` travel with it through copy, deepcopy and pickle (a build's
worker processes send records to their parent).
"""
from __future__ import annotations

import copyreg
from collections.abc import Iterable, Mapping
from typing import Any

Position = tuple[int, int]  # (line, column), both from 1


class Record(dict[str, Any]):
    """A validated mapping. `pos[""]` is where the mapping starts, `pos[key]` where that key's value
    does; `index` is its place in the YAML list it was written in (even when earlier items were
    dropped), None when it is not a list's item."""

    __slots__ = ("pos", "index")
    pos: dict[str, Position]
    index: int | None

    def __init__(self, fields: Mapping[str, Any] | Iterable[tuple[str, Any]] = (), /,
                 pos: dict[str, Position] | None = None, index: int | None = None):
        super().__init__(fields)
        self.pos = {} if pos is None else pos
        self.index = index

    def __reduce__(self) -> tuple[Any, ...]:
        """The fields, and the attributes as (None, slots) state, whatever the pickle protocol (0 and 1
        would refuse a class with slots); copy and deepcopy go through here too."""
        return copyreg.__newobj__, (type(self),), self.__getstate__(), None, iter(self.items())  # type: ignore[attr-defined]


class Source(Record):
    """A declared source as the dataset files it: the record, and the city (slug), file (display
    path) and place in that file (`sources[2]`) that declare it."""

    __slots__ = ("city", "file", "path")
    city: str | None
    file: str
    path: str

    def __init__(self, record: Record, city: str | None, file: str, path: str):
        super().__init__(record, pos=record.pos, index=record.index)
        self.city, self.file, self.path = city, file, path


def index_in_list(item: Any, i: int) -> int:
    """An item's place in its YAML list: as recorded when it is a record, else `i`."""
    return item.index if isinstance(item, Record) and item.index is not None else i
