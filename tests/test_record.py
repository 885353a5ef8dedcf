"""generator/schema/record.py: a validated mapping is a dict of its fields, with its positions (and a
declared source's origin) as attributes beside them, kept through pickle, copy and deepcopy."""
from __future__ import annotations

import copy
import multiprocessing
import pickle
from pathlib import Path

import pytest
from conftest import own_city, write_data_folder

from generator.schema.record import Record, Source, index_in_list
from generator.validate import validate_dataset


def _sample() -> Record:
    period = Record({"kind": "year", "year": 2021}, pos={"": (5, 13), "kind": (5, 19), "year": (5, 31)})
    return Record({"value": 99.5, "period": period, "scope": {"zh": "全市", "en": "city-wide"}},
                  pos={"": (3, 5), "value": (4, 12), "period": (5, 13)}, index=2)


def _same(a: Record, b: Record) -> None:
    """Equal fields, positions and index, nested records too, and of the same class."""
    assert type(a) is type(b) and a == b and a.pos == b.pos and a.index == b.index
    assert type(a["period"]) is Record and a["period"].pos == b["period"].pos and a["period"].index is None


def test_a_records_keys_are_its_fields_only() -> None:
    value = _sample()
    assert list(value) == ["value", "period", "scope"]
    assert value == {"value": 99.5, "period": {"kind": "year", "year": 2021}, "scope": {"zh": "全市", "en": "city-wide"}}
    assert repr(value["period"]) == "{'kind': 'year', 'year': 2021}"
    assert not hasattr(value, "__dict__")  # slots only: no stray attribute can be set on it
    bare = Record()
    assert (bare, bare.pos, bare.index) == ({}, {}, None)


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_records_pickle_with_their_positions(protocol: int) -> None:
    value = _sample()
    _same(pickle.loads(pickle.dumps(value, protocol)), value)


def test_records_copy_and_deepcopy_with_their_positions() -> None:
    value = _sample()
    shallow, deep = copy.copy(value), copy.deepcopy(value)
    _same(shallow, value)
    _same(deep, value)
    assert shallow is not value and shallow["period"] is value["period"]
    assert deep["period"] is not value["period"] and deep.pos is not value.pos


def _echo(connection: multiprocessing.connection.Connection) -> None:
    connection.send(connection.recv())


def test_records_cross_a_pipe_between_processes() -> None:
    """As a build's worker processes send city summaries to their parent."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    worker = context.Process(target=_echo, args=(child,))
    worker.start()
    parent.send([_sample()])
    (back,) = parent.recv()
    worker.join(10)
    _same(back, _sample())


def test_a_source_keeps_its_origin_through_pickle_and_copy() -> None:
    source = Source(Record({"id": "doc-a", "title": {"zh": "甲", "en": "A"}}, pos={"": (7, 5), "id": (7, 9)}, index=1),
                    "testcity", "data/cities/testcity.yaml", "sources[1]")
    assert source == {"id": "doc-a", "title": {"zh": "甲", "en": "A"}}
    for other in (pickle.loads(pickle.dumps(source)), copy.copy(source), copy.deepcopy(source)):
        assert type(other) is Source and other == source
        assert (other.pos, other.index, other.city, other.file, other.path) == (
            {"": (7, 5), "id": (7, 9)}, 1, "testcity", "data/cities/testcity.yaml", "sources[1]")


def test_index_in_list() -> None:
    assert index_in_list(Record(index=4), 0) == 4
    assert index_in_list(Record(), 3) == 3  # a record not read from a list
    assert index_in_list({"zh": "甲"}, 2) == 2


def test_the_validator_hands_back_records_with_positions(tmp_path: Path) -> None:
    data = validate_dataset(write_data_folder(tmp_path, {"testcity": own_city("testcity")}))
    assert data.ok, data.problems
    city = data.cities["testcity"]
    assert isinstance(city, Record) and "_pos" not in city and city.pos["slug"][1] > 1
    figure = city["sampling"][0]
    assert isinstance(figure, Record) and figure.index == 0
    assert set(figure.pos) == {"", *figure} - {"qualifier", "unit"}  # filled in, not written
    source = data.sources[city["sources"][0]["id"]]
    assert isinstance(source, Source) and source == city["sources"][0]
    assert (source.city, source.file, source.path) == ("testcity", "data/cities/testcity.yaml", "sources[0]")
