"""The page and open-data templates are strict: a misspelt name stops the build with an error that
names the template, its line and the name, instead of publishing a blank where a figure or a date
belongs. Optional fields are read with `.get()`, so every page renders when they are all absent."""
from __future__ import annotations

import re
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from jinja2 import FileSystemLoader, TemplateSyntaxError, UndefinedError

from generator.derive import site_index
from generator.generate import render_files
from generator.opendata import dictionary
from generator.opendata import render as opendata_render
from generator.render import pages, site
from generator.schema.city import CITY
from generator.schema.spec import Kind, ListOf, Record, Variant
from generator.validate import Dataset, validate_dataset
from tests.conftest import REAL_DATA, ROOT, write_data_folder
from tests.every_field import SLUG, SOURCE_ID, every_field_data
from tests.pages import city_page

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
        site.source_pages(site_index(minimal))
    assert _line_of(caught.value, "source.html") == line


def test_a_misspelt_name_in_an_included_template_names_the_included_file(misspell: Misspell, minimal: Dataset) -> None:
    misspell(pages, "_you_pick.html", 'city.get("you_pick_we_test")', 'city.get("you_pick_we_test") or city.ypwt')
    with pytest.raises(UndefinedError, match="ypwt") as caught:
        city_page(minimal, "testcity")
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
#: record's totals must satisfy (`qualifier`): never left out here.
_CONDITIONALLY_REQUIRED = {"among", "label", "unit", "qualifier"}


def _records_in(kind: Kind) -> list[Record]:
    """The records a field of this kind holds (a record, a list of them, a period's forms)."""
    while isinstance(kind, ListOf):
        kind = kind.item
    return list(kind.variants.values()) if isinstance(kind, Variant) else [kind] if isinstance(kind, Record) else []


def _optional_record_fields(record: Record, seen: set[str] | None = None) -> list[tuple[str, str]]:
    """(record, field) of every optional field that holds records, e.g. ("inspection", "visits")."""
    seen = set() if seen is None else seen
    seen.add(record.name)
    found = []
    for spec in record.fields:
        inner = _records_in(spec.kind)
        if inner and not spec.required:
            found.append((record.name, spec.name))
        for child in inner:
            if child.name not in seen:
                found += _optional_record_fields(child, seen)
    return found


def without_optional_fields(value: Any, kind: Kind, also: tuple[str, str] | None = None) -> Any:
    """`value` without its optional fields that hold no records, and without the field `also`
    ((record, field)) wherever it is: a template then reads each of them as absent."""
    if isinstance(kind, Variant) and isinstance(value, dict):
        return without_optional_fields(value, kind.variants[value[kind.tag]], also) | {kind.tag: value[kind.tag]}
    if isinstance(kind, ListOf) and isinstance(value, list):
        return [without_optional_fields(item, kind.item, also) for item in value]
    if isinstance(kind, Record) and isinstance(value, dict):
        kept = {}
        for key, item in value.items():
            spec = kind.by_name[key]
            optional = not spec.required and key not in _CONDITIONALLY_REQUIRED
            if not (optional and (not _records_in(spec.kind) or (kind.name, key) == also)):
                kept[key] = without_optional_fields(item, spec.kind, also)
        return kept
    return value


def _sparse_cities(root: Path) -> Path:
    """The every-field city as it is, without its optional plain fields, and without those and one
    optional field holding records (one city per such field): each a city of its own."""
    full, changelog, document, _ = every_field_data()
    variants = [full, without_optional_fields(full, CITY)]
    variants += [without_optional_fields(full, CITY, also) for also in _optional_record_fields(CITY)]
    cities, documents = {}, {}
    for i, city in enumerate(variants):
        slug = SLUG if i == 0 else f"{SLUG}{i}"  # the changelog names the first
        text = yaml.safe_dump(city, allow_unicode=True, sort_keys=False)
        text = text.replace(SOURCE_ID, f"{slug}-doc").replace(f"slug: {SLUG}\n", f"slug: {slug}\n")
        cities[slug] = re.sub(r"(\bid: [a-z-]+-one)$", rf"\1-{i}", text, flags=re.M)  # ids are unique site-wide
        documents[f"{slug}-doc.txt"] = document
    return write_data_folder(root, cities, documents, yaml.safe_dump(changelog, allow_unicode=True, sort_keys=False))


DATASETS: dict[str, Callable[[Path], Path]] = {
    "real data": lambda root: REAL_DATA,
    "one minimal city": write_data_folder,
    "every field, and every optional field absent": _sparse_cities,
}


@pytest.mark.parametrize("name", DATASETS)
def test_every_page_renders_without_an_undefined_name(name: str, tmp_path: Path) -> None:
    data = validate_dataset(DATASETS[name](tmp_path))
    assert not data.problems, data.problems[:3]
    files = render_files(data, ROOT / "content")
    assert any(path.startswith("cities/") for path in files)
    assert any(path.startswith("data/dictionary") for path in files)


def test_a_visit_shows_only_the_counts_it_records(tmp_path: Path) -> None:
    """Absent business types and points are not shown as blanks ('on-site inspection ·  business types')."""
    city, changelog, document, _ = every_field_data()
    visit = city["reviews"][0]["inspection"]["visits"][0]
    counted = {**visit, "business_types": 3, "points": 40}
    uncounted = {k: v for k, v in visit.items() if k not in ("business_types", "points")}
    city["reviews"][0]["inspection"]["visits"] = [counted, uncounted]
    data = validate_dataset(write_data_folder(tmp_path, {SLUG: city}, {"everyfield-doc.txt": document}, changelog))
    assert not data.problems, data.problems[:3]
    body = city_page(data, SLUG).body["en"]
    visits = re.findall(r"<li><strong>[^<]*inspection</strong>(.*?)<details", body)
    assert [re.sub(r"<[^>]+>", "", v) for v in visits] == [
        f": {visit['areas']['en']} · 3 business types · 40 points",
        f": {visit['areas']['en']}"]
