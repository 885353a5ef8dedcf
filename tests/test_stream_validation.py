"""The streaming validator (validate.stream_dataset) gives the build's one pass the same cities,
one at a time, as validate_dataset gives all at once; and it never says a dataset is fine when
validate_dataset would report a problem, or when what it read up front could be wrong.
"""
from __future__ import annotations

import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DOCUMENT_NAME, DOCUMENT_TEXT, REAL_DATA, own_city, write_data_folder

from bench import synth
from generator.validate import CityStream, stream_dataset, validate_dataset
from tests.every_field import SLUG, SOURCE_ID, every_field_data

_city = own_city


def _every_field_text(slug: str, unique_ids: bool = True) -> str:
    """The every-field city as YAML under another slug and source id; with `unique_ids`, its review
    and round ids are made its own too (they are unique site-wide)."""
    city, _, _, _ = every_field_data()
    text = yaml.safe_dump(city, allow_unicode=True, sort_keys=False)
    text = text.replace(SOURCE_ID, f"{slug}-doc").replace(f"slug: {SLUG}\n", f"slug: {slug}\n")
    return re.sub(r"(\bid: [a-z-]+-one)$", rf"\1-{slug}", text, flags=re.M) if unique_ids else text


def _several_cities(root: Path) -> Path:
    """Cities of every shape: the every-field city twice, small ones whose slugs sort differently from
    their file names (`testcity` before `testcity-two`, whose file sorts first), one written with
    Windows line endings and a byte-order mark, and a changelog that names a city."""
    _, changelog, document, _ = every_field_data()
    windows = "\ufeff" + yaml.safe_dump(_city("windows"), allow_unicode=True, sort_keys=False).replace("\n", "\r\n")
    cities = {SLUG: _every_field_text(SLUG), "everyfield-too": _every_field_text("everyfield-too"),
              "testcity": _city("testcity"), "testcity-two": _city("testcity-two"), "windows": windows}
    documents = {DOCUMENT_NAME: DOCUMENT_TEXT, f"{SLUG}-doc.txt": document, "everyfield-too-doc.txt": document}
    return write_data_folder(root, cities, documents, yaml.safe_dump(changelog, allow_unicode=True))


def _consume(stream: CityStream) -> list[tuple[str, dict[str, Any]]]:
    return list(stream.cities())


@pytest.mark.parametrize("dataset", [lambda root: REAL_DATA, _several_cities], ids=["real data", "several cities"])
def test_the_stream_yields_every_city_as_validate_dataset_reads_it(dataset: Callable[[Path], Path],
                                                                   tmp_path: Path) -> None:
    root = dataset(tmp_path)
    full = validate_dataset(root)
    assert not full.problems, full.problems[:3]
    stream = stream_dataset(root)
    # known before the first city is read
    assert stream.data.sources == full.sources and list(stream.data.sources) == list(full.sources)
    assert (stream.data.files, stream.data.names, stream.data.changelog) == (full.files, full.names, full.changelog)
    assert {name: stream.data.documents.get(name) for name in stream.data.documents} == {
        name: full.documents.get(name) for name in full.documents}
    assert set(full.names) == set(full.cities) and all(full.names[s] == c["name"] for s, c in full.cities.items())
    assert not stream.ok  # not before the cities are read
    cities = _consume(stream)
    assert stream.ok
    assert [slug for slug, _ in cities] == sorted(full.cities)  # slug order, as the site lists them
    assert dict(cities) == full.cities
    assert stream.data.cities == {} and stream.data.problems == []


def _broken_data(root: Path, bad: dict[str, Any] | str | None = None, name: str = "b-city",
                 documents: dict[str, str] | None = None, changelog: dict[str, Any] | None = None,
                 **more: dict[str, Any] | str) -> Path:
    """Three cities a-city, b-city and c-city, with b-city's file replaced by `bad` (saved as `name`)."""
    cities: dict[str, dict[str, Any] | str] = {"a-city": _city("a-city"), "c-city": _city("c-city"), **more}
    if bad is not None:
        cities[name] = bad
    return write_data_folder(root, cities, documents, changelog)


def _flow_text(city: dict[str, Any]) -> str:
    return yaml.safe_dump(city, allow_unicode=True, sort_keys=False, default_flow_style=True, width=100)


def _quoted_sampling(city: dict[str, Any], quote: str) -> dict[str, Any]:
    return {**city, "sampling": [{**city["sampling"][0], "quote": quote}]}


B = _city("b-city")
B_TEXT = yaml.safe_dump(B, allow_unicode=True, sort_keys=False)

#: A kind of problem in b-city or around it -> its data folder, the problem's code, and the cities
#: the stream yields before it stops: those before b-city, or none when the problem is found up front.
PROBLEMS: dict[str, tuple[Callable[[Path], Path], str, list[str]]] = {
    "a schema error": (lambda root: _broken_data(root, {**B, "sampling": [{**B["sampling"][0], "value": "99.7%"}]}),
                       "number-as-text", ["a-city"]),
    "a quote not in its document": (lambda root: _broken_data(root, _quoted_sampling(B, "抽检合格率为99.7%")),
                                    "quote-not-found", ["a-city"]),
    "a duplicate source id across files": (
        lambda root: _broken_data(root, {**B, "sources": _city("a-city")["sources"],
                                         "sampling": _city("a-city")["sampling"]}), "duplicate-id", []),
    "a duplicate review id across files": (lambda root: _broken_data(
        root, _every_field_text("b-city", unique_ids=False),
        documents={DOCUMENT_NAME: DOCUMENT_TEXT, "b-city-doc.txt": every_field_data()[2],
                   "a-every-doc.txt": every_field_data()[2]},
        **{"a-every": _every_field_text("a-every", unique_ids=False)}), "duplicate-id", ["a-city", "a-every"]),
    "an unknown source": (lambda root: _broken_data(root, {**B, "sampling": [{**B["sampling"][0],
                                                                             "source": "no-such-review"}]}),
                          "unknown-source", ["a-city"]),
    "an unknown city in the changelog": (lambda root: _broken_data(root, B, changelog={"changes": [{
        "date": "2026-01-02", "title": {"zh": "更新", "en": "Update"}, "summary": {"zh": "更新", "en": "Update"},
        "cities": ["no-such-city"]}]}), "unknown-city", []),
    "a slug that is not the file's name": (lambda root: _broken_data(root, _city("b-town"), name="b-city"),
                                           "slug-mismatch", []),
    "a duplicate slug": (lambda root: _broken_data(root, {**_city("a-city"), "sources": B["sources"],
                                                          "sampling": B["sampling"]}), "duplicate-slug", []),
    "a missing document": (lambda root: _broken_data(root, {**B, "sources": [{**B["sources"][0],
                                                                              "document": "nowhere.txt"}]}),
                           "missing-document", []),
    "a duplicate figure": (lambda root: _broken_data(root, {**B, "sampling": B["sampling"] * 2}),
                           "duplicate-figure", ["a-city"]),
    "a syntax error below the entries read up front": (lambda root: _broken_data(
        root, B_TEXT.replace("quote: 2021", "quote: '2021", 1)), "yaml-syntax", ["a-city"]),
    "a syntax error in the sources": (lambda root: _broken_data(
        root, B_TEXT.replace("kind: provincial_review", "kind: 'provincial_review")), "yaml-syntax", []),
    "an empty file": (lambda root: _broken_data(root, ""), "empty-file", []),
}


@pytest.mark.parametrize("case", PROBLEMS)
def test_a_problem_makes_the_stream_not_ok_and_stops_it_at_the_bad_city(case: str, tmp_path: Path) -> None:
    make, code, before = PROBLEMS[case]
    root = make(tmp_path)
    assert code in {problem.code for problem in validate_dataset(root).problems}  # the fixture holds the problem
    stream = stream_dataset(root)
    assert [slug for slug, _ in _consume(stream)] == before
    assert not stream.ok


#: Data validate_dataset finds nothing wrong with, whose top-level entries cannot be told apart with
#: certainty without reading the whole file: the stream says not ok, so the build reads it all.
UNCERTAIN: dict[str, str] = {
    "sources in flow style": B_TEXT.split("sources:")[0] + "sources: " + _flow_text(B["sources"]),
    "the whole file one flow mapping": _flow_text(B),
    "a document start marker": "---\n" + B_TEXT,
    "a quoted key": B_TEXT.replace("slug:", '"slug":'),
}


@pytest.mark.parametrize("case", UNCERTAIN)
def test_a_file_that_cannot_be_cut_with_certainty_makes_the_stream_not_ok(case: str, tmp_path: Path) -> None:
    root = _broken_data(tmp_path, UNCERTAIN[case])
    full = validate_dataset(root)
    assert not full.problems and set(full.cities) == {"a-city", "b-city", "c-city"}
    stream = stream_dataset(root)
    assert _consume(stream) == [] and not stream.ok


def test_a_file_changed_after_it_was_read_up_front_makes_the_stream_not_ok(tmp_path: Path) -> None:
    root = _broken_data(tmp_path, B)
    stream = stream_dataset(root)
    renamed = {**B, "name": {"zh": "乙市", "en": "City B"}}  # valid, but not the name the other pages were given
    write_data_folder(tmp_path, {"b-city": renamed})
    assert not validate_dataset(root).problems
    assert [slug for slug, _ in _consume(stream)] == ["a-city"] and not stream.ok


def test_a_stream_left_before_its_end_is_not_ok(tmp_path: Path) -> None:
    stream = stream_dataset(_broken_data(tmp_path, B))
    for _ in stream.cities():
        break
    assert not stream.ok


def test_the_stream_holds_no_documents_text_and_checks_quotes_against_it(tmp_path: Path) -> None:
    """Every process of a one-off build's pass holds what the stream read up front: a document's text
    is read when a city's quotes are checked, and let go (1,000 cities' documents took 6.5 MB of each)."""
    def held(padding: int) -> int:
        root = _broken_data(tmp_path / str(padding), _quoted_sampling(B, "抽检合格率为99.7%"))
        document = root / "documents" / DOCUMENT_NAME
        document.write_text(DOCUMENT_TEXT + "抽检合格率为99.7%。" + "文" * padding, encoding="utf-8")
        tracemalloc.start()
        try:
            stream = stream_dataset(root)
            kept = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        assert len(_consume(stream)) == 3 and stream.ok  # the quote was found in the document
        return kept

    assert held(1 << 20) - held(0) < 100_000


def test_the_stream_reads_a_citys_document_once_however_many_quotes_cite_it(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept by no one, a document is read when a city's quotes are checked: once per city, not once per
    quote (validating 300 cities took twice as long when each quote read it again)."""
    from generator.validate import DocumentTexts

    city = _city("b-city")
    city["sampling"] = city["sampling"] * 5  # five figures, each quoting the city's one document
    for number, figure in enumerate(city["sampling"]):
        city["sampling"][number] = {**figure, "scope": {"zh": f"第{number}区", "en": f"District {number}"}}
    root = _broken_data(tmp_path, city)
    reads: list[str] = []
    get = DocumentTexts.get
    monkeypatch.setattr(DocumentTexts, "get", lambda self, name: reads.append(name) or get(self, name))
    stream = stream_dataset(root)
    assert len(_consume(stream)) == 3 and stream.ok, stream.data.problems[:2]
    assert len(reads) == 3  # a-city, b-city, c-city: one document each


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.write_data(tmp_path_factory.mktemp("synth"), 100)  # whole: 15 times the stream's peak


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_streaming_holds_one_city_at_a_time(synthetic: Path) -> None:
    def stream_and_drop() -> None:
        stream = stream_dataset(synthetic)
        for _slug, city in stream.cities():
            assert city["sources"]  # each record used, then dropped
        assert stream.ok

    whole = _peak(lambda: validate_dataset(synthetic))
    streamed = _peak(stream_and_drop)
    assert streamed < whole / 4, (streamed, whole)
