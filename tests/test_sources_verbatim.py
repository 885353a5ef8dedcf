"""The real data quotes its sources verbatim, and the sources are the original documents.

Independent of the validator's own quote check: white space is squashed here
with a separate implementation, so a loosened check in generator/ (ignoring
punctuation, say) would still be caught.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import REAL_DATA, ROOT, record

from generator.validate import Dataset, quoted_items, validate_dataset

DOCUMENTS = REAL_DATA / "documents"
SEEDS = ROOT.parent / "shared" / "seeds"


def squash(text: str) -> str:
    """The text with all white space removed: the only difference a quote may have."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def real() -> Dataset:
    return validate_dataset(REAL_DATA)


def test_every_quote_is_verbatim_in_its_document(real: Dataset) -> None:
    checked, wrong = 0, []
    documents: dict[str, str] = {}
    for slug, city in sorted(real.cities.items()):
        for path, item, source_id in quoted_items(city):
            where = f"{real.files[slug]} {path}"
            source = real.sources.get(source_id)
            if source is None:
                wrong.append(f"{where}: unknown source {source_id!r}")
                continue
            if "document" not in source:
                wrong.append(f"{where}: source {source_id!r} has no document to check the quote against")
                continue
            name = source["document"]
            if name not in documents:
                file = DOCUMENTS / name
                documents[name] = squash(file.read_text(encoding="utf-8")) if file.is_file() else ""
            quote = item["quote"] if "quote" in item else item["zh"]
            if not documents[name] or squash(quote) not in documents[name]:
                wrong.append(f"{where}: {quote[:60]!r} not in data/documents/{name}")
            checked += 1
    assert wrong == []
    assert checked >= len(real.cities)  # every city quotes something; the loop really ran


def test_quoted_items_reaches_nested_records(real: Dataset) -> None:
    """quoted_items must see figures, statements and nested records, or the check above proves little."""
    paths = [path for city in real.cities.values() for path, _, _ in quoted_items(city)]
    assert any(re.fullmatch(r"sampling\[\d+\]", p) for p in paths)
    assert any("." in p for p in paths)  # something nested, e.g. a review's verdict or a statement


def test_quoted_items_inherits_the_source() -> None:
    """The helper the real-data test relies on yields an inherited source and the quote's record."""
    city = record(reviews=[record(source="doc-a", verdict=record(quote="原文"),
                                  highlights=[record(zh="亮点", en="Highlight")])])
    found = [(path, source) for path, _, source in quoted_items(city)]
    assert ("reviews[0].verdict", "doc-a") in found
    assert ("reviews[0].highlights[0]", "doc-a") in found


def test_documents_are_utf8_text() -> None:
    files = sorted(DOCUMENTS.glob("*.txt"))
    assert files
    for file in files:
        text = file.read_bytes().decode("utf-8")  # raises on GBK etc.; the validator would crash on it
        assert text.strip(), file.name


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_documents_are_byte_identical_to_the_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} does not exist here")
    seeds = {_digest(p): p.name for p in SEEDS.iterdir() if p.is_file()}
    files = sorted(DOCUMENTS.glob("*.txt"))
    assert files
    assert [f.name for f in files if _digest(f) not in seeds] == []
