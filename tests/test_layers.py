"""The generator's modules import only downward, in the order data flows (bench/imports.py holds
the layers): no cycle, no module reaching above its layer, render and the open data never
importing each other, render taking only types from derive. A planted package shows the checker
catches each, so the test on the real package cannot pass by seeing nothing.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bench import imports

#: Broken today, in modules another change is rewriting (render/, opendata/, generate, reuse,
#: derive, validate); each entry should leave this list as that rewrite lands, never join it.
#: Keys as bench/imports.py prints them: "importer -> imported[.name]", a cycle as "a ⇄ b".
KNOWN_VIOLATIONS: set[str] = set()  # none left: a new one must be fixed, not excused
#: The modules being rewritten elsewhere: the only ones the allowlist may excuse.
BEING_REWRITTEN = ("render", "opendata", "generate", "reuse", "derive", "validate")


def found(root: Path) -> set[str]:
    """Every cycle and violation in the package at `root`, by key."""
    graph = imports.read_graph(root)
    return {" ⇄ ".join(c) for c in imports.cycles(graph)} | {v.key for v in imports.violations(graph)}


@pytest.fixture(scope="module")
def generator_found() -> set[str]:
    return found(imports.ROOT)


def test_no_cycle_and_no_import_against_the_flow(generator_found: set[str]) -> None:
    assert sorted(generator_found - KNOWN_VIOLATIONS) == []
    assert sorted(KNOWN_VIOLATIONS - generator_found) == [], "fixed: remove from KNOWN_VIOLATIONS"


def test_the_allowlist_excuses_only_modules_being_rewritten() -> None:
    for key in KNOWN_VIOLATIONS:
        importer = key.replace(" ⇄ ", " -> ").split(" -> ")[0]
        assert importer.split(".")[0] in BEING_REWRITTEN, key


def test_the_staff_tools_and_schema_sit_where_the_layers_say() -> None:
    assert imports.layer_of("staff.diff") == 5 and imports.layer_of("schema.wording") == 0
    assert imports.layer_of("render.site") == imports.layer_of("opendata.meta") == 3
    assert imports.layer_of("published") == 0 and imports.layer_of("nowhere") is None


# ---------------------------------------------------------------- the checker on a planted package
def plant(tmp_path: Path, files: dict[str, str]) -> Path:
    """A tiny package named `generator` with the given modules (path → source)."""
    root = tmp_path / "generator"
    for name, source in {"__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(source), encoding="utf-8")
    return root


def test_the_checker_finds_a_cycle_hidden_inside_a_function(tmp_path: Path) -> None:
    root = plant(tmp_path, {
        "load.py": "from .format import date_text\n",
        "format.py": "def date_text():\n    from . import load  # hides the cycle from Python, not from the check\n",
        "write.py": "from . import format\n",
    })
    assert imports.cycles(imports.read_graph(root)) == [["format", "load"]]
    assert found(root) == {"format ⇄ load"}


def test_the_checker_finds_imports_against_the_flow(tmp_path: Path) -> None:
    root = plant(tmp_path, {
        "problems.py": "import generator.validate\n",  # L0 reaching L1
        "validate.py": "from .cite import release\n",  # downward: fine
        "schema/__init__.py": "",
        "schema/city.py": "from ..staff import diff\n",  # L0 reaching L5
        "staff/__init__.py": "",
        "staff/diff.py": "from ..validate import Dataset\n",  # downward: fine
        "render/page.py": "from ..opendata.rows import row\n",  # siblings
        "opendata/rows.py": "from .. import cite\n",  # lower: fine
        "cite.py": "",
        "mystery.py": "",  # in no layer
    })
    assert found(root) == {"problems -> validate", "schema.city -> staff.diff", "render.page -> opendata.rows",
                           "mystery: no layer"}
    assert imports.main([str(root)]) == 1


def test_render_and_the_open_data_import_nothing_of_derive(tmp_path: Path) -> None:
    """They read the model derive makes once per city; a class of derive is taken from model.py."""
    root = plant(tmp_path, {
        "derive.py": "from .model import Page\nclass Figure:\n    pass\ndef latest():\n    pass\n",
        "model.py": "class Page:\n    pass\n",
        "render/page.py": """\
            from ..model import Page
            from ..derive import Figure

            def show(page: Page) -> str:
                from .. import derive as d
                return str(d.latest())
            """,
        "opendata/rows.py": "from ..model import Page\nfrom ..derive import latest\n",
    })
    violations = imports.violations(imports.read_graph(root))
    assert [(v.line, v.key) for v in violations] == [
        (2, "opendata.rows -> derive"), (2, "render.page -> derive"), (5, "render.page -> derive")]


def test_a_clean_package_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = plant(tmp_path, {"validate.py": "from .load import parse\n", "load.py": "from . import problems\n",
                            "problems.py": ""})
    assert imports.main([str(root)]) == 0
    out = capsys.readouterr().out
    assert "L1 validate → load" in out and "cycles: none" in out and "violations: none" in out
