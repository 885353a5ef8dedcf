"""What a preview server keeps between rebuilds, so that an edit to one city re-reads,
re-derives and re-renders that city and the pages across cities, not every city
(`portal serve` at 300 cities: seconds, not half a minute).

One object, `PreviewCache`, created by the preview (the MkDocs adapter under `serve`) and
passed down; a one-off build and the tests pass none and nothing is kept. Each stage keeps its
own part: the validator the files it read, derive the city models, the pages and the open data
what they made from a model. An output made from a city is kept with the very object it was made
from: the validator hands back the same record for a file it did not read again, and derive the
same model for the same record, so `is` proves the input unchanged (a live object's id cannot be
reused). Pages also name sources declared by other cities, so outputs are also keyed by the sources.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from .derive import Derivation
from .opendata.archive import ArchiveMemo
from .opendata.tables import CityRows
from .validate import Dataset, ValidationMemo
from .write import WriteMemo


class TemplateCode(BytecodeCache):
    """Compiled theme templates, kept in memory between rebuilds. MkDocs makes a new Jinja
    environment for every build (each language, each rebuild), which compiles the theme's
    templates again: a quarter of a preview rebuild at 300 cities. Jinja checks each template's
    source against the checksum kept with its code, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass
class PreviewCache:
    """Everything a preview server keeps between two rebuilds."""

    validation: ValidationMemo = field(default_factory=ValidationMemo)
    derivation: Derivation = field(default_factory=lambda: Derivation(keep=True))
    city_pages: dict[str, Any] = field(default_factory=dict)  # slug -> city_pass._CityOutput
    theme_pages: dict[str, Any] = field(default_factory=dict)  # theme -> city_pass._KeptPage
    source_pages: dict[str, Any] = field(default_factory=dict)  # source id -> city_pass._KeptPage
    city_rows: dict[str, CityRows] = field(default_factory=dict)  # slug -> the open data's rows of the city
    writes: WriteMemo = field(default_factory=WriteMemo)  # what was written where, to skip re-reading it
    archive: ArchiveMemo = field(default_factory=ArchiveMemo)  # the ZIP's entries, deflated
    theme_templates: TemplateCode = field(default_factory=TemplateCode)  # for MkDocs' Jinja environments
    _sources: tuple[Any, int] | None = None  # the last dataset's sources and their key

    def sources_key(self, data: Dataset) -> int:
        """Changes when any source's title, issuer, date... change (not when only its lines move).
        Worked out once per dataset: pages and CSV files of one rebuild all ask."""
        if self._sources is not None and self._sources[0] is data.sources:
            return self._sources[1]
        key = hash(repr([(sid, data.sources[sid].city, data.sources[sid].path, data.sources[sid])  # fields, not lines
                         for sid in sorted(data.sources)]))
        self._sources = (data.sources, key)
        return key
