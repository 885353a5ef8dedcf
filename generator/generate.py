"""From data/ to the files MkDocs reads, in one pass per city.

Validate; then make the pass over the cities (city_pass), shared by worker processes in a one-off
build of enough cities (shared_pass), and write what it gives (write). A data problem stops it all
with the same report as `portal check`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .city_pass import NotStreamed, generated_files
from .content import check_translations
from .gcpause import without_cyclic_gc
from .problems import DataError
from .reuse import PreviewCache
from .shared_pass import generate_shared, worker_count
from .validate import Dataset, stream_dataset, validate_dataset
from .write import write_tree


@dataclass
class Generated:
    data: Dataset
    files: list[str]
    changed: list[str]


@without_cyclic_gc
def render_files(data: Dataset, content: Path) -> dict[str, bytes]:
    """Every generated file at once, read into memory (tests)."""
    return {path: body if isinstance(body, bytes) else body.read_bytes()
            for path, body in generated_files(data, content)}


def generate(data_dir: Path, content: Path, cache: PreviewCache | None = None, site_url: str = "") -> Generated:
    """Validate, then write the generated pages into `content`; raise DataError on bad data.

    A one-off build makes one pass per city: each is validated, derived, rendered, written and let
    go (stream_dataset), so memory does not grow with the number of cities. If the stream finds
    anything wrong, the whole dataset is validated as `portal check` does, for the same report.
    `cache`: a preview server's, which keeps what an unchanged file gave (see reuse.py); a one-off
    build passes none and keeps nothing. `site_url`: the site's absolute address (MkDocs' site_url),
    which citations give."""
    translations = check_translations(content)
    if cache is None and not translations:
        stream = stream_dataset(data_dir)
        stream.data.site_url = site_url or ""
        written: list[str] = []
        try:
            workers = worker_count(len(stream.slugs()))
            if workers > 1:
                written, changed = generate_shared(stream, content, workers)
            else:
                changed = without_cyclic_gc(write_tree)(content, generated_files(stream.data, content, stream=stream),
                                                        written)
            return Generated(stream.data, written, changed)
        except NotStreamed:
            pass  # validated whole below: its problems are reported, or (none found) the pages made from it
    data = validate_dataset(data_dir, cache.validation if cache is not None else None)
    data.site_url = site_url or ""
    problems = data.problems + translations
    if problems:
        raise DataError(problems)
    written = []
    changed = without_cyclic_gc(write_tree)(content, generated_files(data, content, cache), written,
                                            cache.writes if cache is not None else None)
    return Generated(data, written, changed)
