"""What a built site weighs: size and file count, and the search index per language (gzip)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

LANGS = ("zh", "en")
#: Where each language's search index lives once split (see theme/assets/javascripts/search-lazy.js).
INDEX_FILES = {"zh": "search/search_index.json", "en": "en/search/search_index.json"}


def gz_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def site_size(site: Path) -> tuple[int, int]:
    """Total bytes and number of files under `site`."""
    files = [p for p in site.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _language_of(location: str) -> str:
    return "en" if location == "en/" or location.startswith(("en/", "en#")) else "zh"


def search_index_sizes(site: Path) -> dict[str, int]:
    """Gzip bytes a reader downloads to search, per language, and of the combined file if there is one.

    A per-language file is measured as it is; a combined file is split the way a reader of one
    language would need it, so the two layouts are compared like for like.
    """
    sizes: dict[str, int] = {}
    for lang, relative in INDEX_FILES.items():
        path = site / relative
        if not path.is_file():
            continue
        index = json.loads(path.read_bytes())
        langs = {_language_of(d["location"]) for d in index["docs"]}
        if langs == {lang}:
            sizes[lang] = gz_size(path.read_bytes())
        else:
            sizes["combined"] = gz_size(path.read_bytes())
            for each in LANGS:
                part = {**index, "docs": [d for d in index["docs"] if _language_of(d["location"]) == each]}
                sizes[each] = gz_size(json.dumps(part).encode())
    return sizes
