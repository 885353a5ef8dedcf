"""The benchmark keeps working: its synthetic data is valid and as rich as promised, and
`bench/run.py` prints every column of its table at N = 30 (timings are not asserted:
they depend on the machine)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench import run, synth
from generator.schema import catalogue as cat
from generator.validate import validate_dataset


def test_synthetic_cities_are_valid_and_complete(tmp_path: Path) -> None:
    data = validate_dataset(synth.write_data(tmp_path, 3))
    assert data.problems == []
    assert sorted(data.cities) == ["city-0001", "city-0002", "city-0003"]
    for city in data.cities.values():
        for theme in cat.FIGURE_THEMES:
            years = {f["period"]["year"] for f in city[theme]}
            assert years == set(synth.YEARS), theme
        assert len(city["reviews"]) == 2
        rounds = city["you_pick_we_test"]["rounds"]
        assert len(rounds) == 4 and all(r["candidates"] and r["samples"] for r in rounds)
        assert city["targets"]
    assert len(data.documents) == 3  # one source document per city, holding every quote


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.xdist_group("bench")
def test_the_benchmark_prints_every_column(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_WORKERS", "2")  # the pass shared by workers, as at national scale
    raw = tmp_path / "bench.json"
    assert run.main(["--sizes", "30", "--repeat", "1", "--preview", "30", "--workdir", str(tmp_path),
                     "--json", str(raw)]) == 0
    out = capsys.readouterr().out
    table = out.split("(timings:")[0]
    for label, key, _ in run.ROWS:
        line = next((line for line in table.splitlines() if line.startswith(label)), None)
        assert line is not None, f"missing row {label!r}"
        if key != "search_combined_kb":  # only there while one index file holds both languages
            assert line.split("|")[1].strip() not in ("", "—"), f"no value for {label!r}"
    assert "N=30" in out  # the targets are checked against what was measured
    result = json.loads(raw.read_text(encoding="utf-8"))[0]
    assert result["cities"] == 30 and result["facts"]["charts"] > 0 and result["facts"]["workers"] == 2
    assert (tmp_path / "n30" / "site" / "cities" / "city-0001" / "index.html").is_file()


def test_markdown_leaves_every_generated_page_unchanged(tmp_path: Path) -> None:
    """The MkDocs hook carries generated pages past Markdown (the largest cost of a big build);
    that is only right while Markdown, with the site's extensions, returns them unchanged."""
    import markdown
    import yaml

    from generator.generate import render_files

    config = yaml.safe_load((run.ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    configs = {next(iter(e)): next(iter(e.values())) for e in config["markdown_extensions"] if isinstance(e, dict)}
    data = validate_dataset(run.ROOT / "data")
    pages = {name: body for name, body in render_files(data, tmp_path).items() if name.endswith(".md")}
    assert len(pages) > 20
    for name, raw in pages.items():
        body = raw.decode("utf-8").split("---\n", 2)[2].strip()
        converted = markdown.Markdown(extensions=names, extension_configs=configs).convert(body)
        assert converted == body, name


def test_the_memory_sampler_survives_a_process_ending_as_it_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that ends between two looks at the tree (its /proc folder gone while it is read) has
    no children and no memory, instead of an error that stopped the sampling thread (and with it the
    peaks that followed)."""
    import subprocess
    import sys

    from bench import measure

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert measure._children(ended.pid) == []
    assert measure.tree_rss_kb(ended.pid) == 0 and measure.tree_pss_kb(ended.pid) == 0

    def vanished(self: Path, pattern: str) -> list[Path]:
        raise FileNotFoundError(2, "No such file or directory", str(self))

    monkeypatch.setattr(measure.Path, "glob", vanished)  # the race, made certain: listed, then gone
    assert measure._children(os.getpid()) == []
    assert measure.tree_rss_kb(os.getpid()) > 0
