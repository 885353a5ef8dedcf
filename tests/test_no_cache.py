"""A one-off build keeps nothing: every module of the generator holds after a build exactly the
module-level state it held before (no cache of pages, figures, rows or links left behind, no
memo that grows with the data). What a preview keeps lives in the one PreviewCache its owner
passes down, and nowhere else.

Run in a fresh interpreter, so that no other test's imports or builds are counted."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REAL_DATA, ROOT

SCRIPT = r'''
import functools, importlib, json, pkgutil, sys
from pathlib import Path
import generator

for info in pkgutil.walk_packages(generator.__path__, "generator."):
    if "mkdocs_adapter" not in info.name:  # the adapter runs inside MkDocs only
        importlib.import_module(info.name)


def state():
    """Each module-level container and memo of the generator, by name, with its size."""
    found = {}
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("generator"):
            continue
        for attr, value in vars(module).items():
            if isinstance(value, (dict, list, set, bytearray)):
                found[f"{name}.{attr}"] = len(value)
            elif hasattr(value, "cache_info") and getattr(value, "__module__", "") == name:
                found[f"{name}.{attr}()"] = value.cache_info().currsize
    return found


from generator.generate import generate
from generator.reuse import PreviewCache

data, content, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
before = state()
cache = PreviewCache() if mode == "preview" else None
generate(data, content, cache)
after = state()
kept = {"reads": len(cache.validation.reads), "pages": len(cache.city_pages), "rows": len(cache.city_rows)} if cache else {}
print(json.dumps({"grown": {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}, "kept": kept}))
'''


def run(tmp_path: Path, mode: str) -> dict:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(
        "cities", "themes", "sources", "data", "downloads", "embed", "en", "index.*.md", ".generated.json"))
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(REAL_DATA), str(content), mode], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_one_off_build_keeps_no_cache(tmp_path: Path) -> None:
    assert run(tmp_path, "build") == {"grown": {}, "kept": {}}


def test_a_preview_keeps_what_it_keeps_in_its_cache_object_only(tmp_path: Path) -> None:
    result = run(tmp_path, "preview")
    assert result["grown"] == {}
    cities = len(list((REAL_DATA / "cities").glob("*.yaml")))
    assert result["kept"] == {"reads": cities, "pages": cities, "rows": cities}
