"""generator/schema/shapes.py mirrors the schema: each TypedDict has exactly the fields its spec
declares, and its always-present keys are the spec's required fields and fields with a default.
A field added to the schema and not to its TypedDict, or a misspelt key, fails here."""
from __future__ import annotations

from typing import Any, get_type_hints, is_typeddict

import pytest

from generator.schema import catalogue as cat
from generator.schema import city, shapes
from generator.schema.spec import Record

SHAPES: list[tuple[Any, Record]] = [
    (shapes.City, city.CITY),
    (shapes.Figure, city.figure_record("complaints")),
    (shapes.Indicator, city.INDICATOR),
    (shapes.Correction, city.CORRECTION),
    (shapes.Target, city.TARGET),
    (shapes.Review, city.REVIEW),
    (shapes.Verdict, city.VERDICT),
    (shapes.Source, city.SOURCE),
]


def _present(spec: Record) -> set[str]:
    """Fields a validated record always has: required ones, and those a default fills in."""
    return {f.name for f in spec.fields if f.required or f.default is not None}


@pytest.mark.parametrize(("shape", "spec"), SHAPES, ids=[spec.name for _, spec in SHAPES])
def test_a_shape_has_exactly_the_fields_of_its_spec(shape: Any, spec: Record) -> None:
    assert is_typeddict(shape)
    assert list(shape.__annotations__) == [f.name for f in spec.fields]  # same names, in the schema's order
    assert shape.__required_keys__ == _present(spec)


@pytest.mark.parametrize("theme", cat.FIGURE_THEMES)
def test_the_figure_shape_fits_every_theme(theme: str) -> None:
    """One shape for the figures of every theme: complaints' add channels, which the others lack."""
    spec = city.figure_record(theme)
    names = [f.name for f in spec.fields]
    assert [key for key in shapes.Figure.__annotations__ if key != "channels" or theme == "complaints"] == names
    assert shapes.Figure.__required_keys__ == _present(spec)
    assert get_type_hints(shapes.City)[theme] == list[shapes.Figure]


def test_the_period_shape_covers_every_kind_of_period() -> None:
    variants = city.PERIOD.variants.values()
    assert set(shapes.Period.__annotations__) == {f.name for spec in variants for f in spec.fields}
    assert shapes.Period.__required_keys__ == set.intersection(*(_present(spec) for spec in variants)) == {"kind"}


def test_a_misspelt_or_missing_key_would_fail() -> None:
    """The comparison above is not vacuous: a shape one key off does not match its spec."""
    declared = [f.name for f in city.SOURCE.fields]
    assert declared != [*shapes.Source.__annotations__][:-1]
    assert declared != [*shapes.Source.__annotations__][:-1] + ["notes"]
