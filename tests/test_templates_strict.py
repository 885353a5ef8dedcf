"""The page and open-data templates are strict: a misspelt name stops the build with an error that
names the template, its line and the name, instead of publishing a blank where a figure or a date
belongs. Optional fields are read with `.get()`, so every page renders when they are all absent."""
from __future__ import annotations

import shutil
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from jinja2 import FileSystemLoader, TemplateSyntaxError, UndefinedError

from generator.generate import render_files
from generator.opendata import dictionary
from generator.opendata import render as opendata_render
from generator.render import pages, site
from generator.schema.city import CITY
from generator.schema.spec import Kind, ListOf, Record, Variant
from generator.validate import Dataset, validate_dataset
from tests.conftest import REAL_DATA, ROOT, write_data_folder
from tests.every_field import SLUG, every_field_data

ENVIRONMENTS = {"pages": pages, "opendata": opendata_render}

Misspell = Callable[[ModuleType, str, str, str], None]


@pytest.fixture
def misspell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Misspell:
    """Render from a copy of a module's templates in which `right` is replaced by `wrong` in one file."""

    def apply(module: ModuleType, name: str, right: str, wrong: str) -> None:
        folder = tmp_path / module.__name__
        shutil.copytree(module.TEMPLATES, folder)
        text = (folder / name).read_text(encoding="utf-8")
        assert text.count(right) == 1, f"{right!r} is not once in {name}"
        (folder / name).write_text(text.replace(right, wrong), encoding="utf-8")
        monkeypatch.setattr(module, "ENV", module.ENV.overlay(loader=FileSystemLoader(folder)))

    return apply


def _line_of(error: BaseException, name: str) -> int | None:
    """The template line the traceback points at (Jinja rewrites it to name the template file)."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if Path(frame.filename).name == name]
    return lines[-1] if lines else None


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    data = validate_dataset(write_data_folder(tmp_path_factory.mktemp("minimal")))
    assert not data.problems, data.problems
    return data


@pytest.mark.parametrize(("right", "wrong", "line", "named"), [
    ("{{ source.title[lang] }}", "{{ source.titel[lang] }}", 3, "titel"),  # an attribute of a record
    ('{% if source.get("url") %}', "{% if sorce.url %}", 8, "sorce"),  # a variable
], ids=["attribute", "variable"])
def test_a_misspelt_name_in_a_page_template_stops_the_build_naming_template_line_and_name(
        misspell: Misspell, minimal: Dataset, right: str, wrong: str, line: int, named: str) -> None:
    misspell(pages, "source.html", right, wrong)
    with pytest.raises(UndefinedError, match=named) as caught:
        site.source_pages(minimal)
    assert _line_of(caught.value, "source.html") == line


def test_a_misspelt_name_in_an_included_template_names_the_included_file(misspell: Misspell, minimal: Dataset) -> None:
    misspell(pages, "_you_pick.html", 'city.get("you_pick_we_test")', 'city.get("you_pick_we_test") or city.ypwt')
    with pytest.raises(UndefinedError, match="ypwt") as caught:
        site.city_page(minimal, "testcity")
    assert _line_of(caught.value, "_you_pick.html") == 1


def test_a_misspelt_name_in_an_open_data_template_stops_the_build(misspell: Misspell) -> None:
    misspell(opendata_render, "dictionary.html", '"columns-{{ group.id }}">{{ group.title }}',
             '"columns-{{ group.id }}">{{ group.titel }}')
    with pytest.raises(UndefinedError, match="titel") as caught:
        dictionary.dictionary_page()
    assert _line_of(caught.value, "dictionary.html") == 16


@pytest.mark.parametrize("folder", ENVIRONMENTS)
def test_every_template_compiles(folder: str) -> None:
    module = ENVIRONMENTS[folder]
    names = sorted(path.name for path in Path(module.TEMPLATES).glob("*.html"))
    assert names and module.ENV.list_templates() == names
    for name in names:
        try:
            module.ENV.get_template(name)
        except TemplateSyntaxError as error:  # pragma: no cover - the failure message
            pytest.fail(f"{name}:{error.lineno}: {error.message}")


# ------------------------------------------------------------------ every page renders
#: Fields the validator requires only together with another value (a ranking's `among`, an
#: indicator's `label` without a metric, a target's `unit`) or whose default changes what the
#: record's totals must satisfy (`qualifier`): kept when the optional fields are stripped.
_CONDITIONALLY_REQUIRED = {"among", "label", "unit", "qualifier"}


def _holds_records(kind: Kind) -> bool:
    while isinstance(kind, ListOf):
        kind = kind.item
    return isinstance(kind, (Record, Variant))


def without_optional_fields(value: Any, kind: Kind, keep_depth: int, depth: int = 0) -> Any:
    """`value` without its optional fields, except the optional records and lists of records down to
    `keep_depth` levels of records (whose own optional fields go): each depth leaves absent what
    a template reads inside records that are there."""
    if isinstance(kind, Variant) and isinstance(value, dict):
        return without_optional_fields(value, kind.variants[value[kind.tag]], keep_depth, depth) | {kind.tag: value[kind.tag]}
    if isinstance(kind, ListOf) and isinstance(value, list):
        return [without_optional_fields(item, kind.item, keep_depth, depth) for item in value]
    if isinstance(kind, Record) and isinstance(value, dict):
        kept = {}
        for key, item in value.items():
            spec = kind.by_name[key]
            if spec.required or key in _CONDITIONALLY_REQUIRED or (_holds_records(spec.kind) and depth < keep_depth):
                kept[key] = without_optional_fields(item, spec.kind, keep_depth, depth + 1)
        return kept
    return value


def _sparse_cities() -> list[dict[str, Any]]:
    """The every-field city with optional fields left out, one variant per depth, down to the
    depth that keeps every record."""
    city = every_field_data()[0]
    variants: list[dict[str, Any]] = []
    for depth in range(20):
        variant = without_optional_fields(city, CITY, depth)
        if variants and variant == variants[-1]:
            return variants
        variants.append(variant)
    raise AssertionError("records nested deeper than 20 levels")


def _every_field(root: Path, city: dict[str, Any] | None = None) -> Path:
    full, changelog, document, _ = every_field_data()
    return write_data_folder(root, {SLUG: yaml.safe_dump(city or full, allow_unicode=True, sort_keys=False)},
                             {"everyfield-doc.txt": document},
                             yaml.safe_dump(changelog, allow_unicode=True, sort_keys=False))


DATASETS: dict[str, Callable[[Path], Path]] = {
    "real data": lambda root: REAL_DATA,
    "one minimal city": write_data_folder,
    "every field filled": _every_field,
    **{f"optional fields absent below depth {depth}": lambda root, city=city: _every_field(root, city)
       for depth, city in enumerate(_sparse_cities())},
}


@pytest.mark.parametrize("name", DATASETS)
def test_every_page_renders_without_an_undefined_name(name: str, tmp_path: Path) -> None:
    data = validate_dataset(DATASETS[name](tmp_path))
    assert not data.problems, data.problems[:3]
    files = render_files(data, ROOT / "content")
    assert any(path.startswith("cities/") for path in files)
    assert any(path.startswith("data/dictionary") for path in files)
