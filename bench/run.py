"""`make bench`: build the site from synthetic data at national scale and print what it costs.

For each N (cities) it writes a valid synthetic data folder into a temporary project
(never the repository's data/), then repeats: a full `portal build` from an empty
content folder (wall time, peak memory of the whole process tree), `portal build`'s
MkDocs stage alone on the same generated files with generation switched off
(PORTAL_SKIP_GENERATE=1: one MkDocs build per language, in parallel, then merged), and
the generator's own stages in a fresh process. It then measures the site (size, files,
search index per language) and a city page's cold load in headless Chromium (bytes on
the wire, gzip; time until every chart is drawn). Timings are printed as median and
minimum over the repeats; the targets of issue 14 are checked against the medians at the end.

    .venv/bin/python bench/run.py --sizes 30,300,1000 --repeat 3
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import browser, measure, preview, synth  # noqa: E402
from bench.project import ROOT, make_project, reset_content  # noqa: E402
from bench.server import serve  # noqa: E402
from bench.sitestats import search_index_sizes, site_size  # noqa: E402

PYTHON = sys.executable
CITY_PAGE = "cities/city-0001/"


@dataclass
class Result:
    """Everything measured at one N; lists hold one value per repeat."""

    cities: int
    samples: dict[str, list[float]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        self.samples.setdefault(key, []).append(value)

    def median(self, key: str) -> float:
        return statistics.median(self.samples[key]) if self.samples.get(key) else float("nan")

    def least(self, key: str) -> float:
        return min(self.samples[key]) if self.samples.get(key) else float("nan")


def build_env(skip_generate: bool = False) -> dict[str, str]:
    """The environment of a build; `portal build` finds its own date (SOURCE_DATE_EPOCH) in the data."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PORTAL_SKIP_GENERATE")}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    if skip_generate:
        env.update(PORTAL_SKIP_GENERATE="1", SOURCE_DATE_EPOCH="1704153600")
    return env


def checked(run: measure.Run, what: str) -> measure.Run:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed ({run.returncode}):\n{run.output[-4000:]}")
    return run


def full_build(project: Path) -> measure.Run:
    """`portal build` as staff run it, from an empty content folder: validate, generate, MkDocs, swap."""
    reset_content(project)
    command = [PYTHON, "-m", "generator.cli", "--data", str(project / "data"), "build", "--quiet",
               "--config", str(project / "mkdocs.yml"), "--site-dir", str(project / "site")]
    return checked(measure.run(command, env=build_env(), cwd=ROOT), "portal build")


def plain_build(project: Path) -> measure.Run:
    """`portal build`'s MkDocs stage alone (one build per language, in parallel, then merged) on the
    files the full build generated: generation switched off."""
    command = [PYTHON, "-m", "generator.cli", "--data", str(project / "data"), "build", "--quiet",
               "--config", str(project / "mkdocs.yml"), "--site-dir", str(project / "site-plain")]
    return checked(measure.run(command, env=build_env(skip_generate=True), cwd=ROOT), "plain mkdocs build")


def generator_stages(project: Path) -> dict[str, float]:
    run = checked(measure.run([PYTHON, "-m", "bench.stages", str(project)], env=build_env(), cwd=ROOT), "stages")
    return json.loads(run.output.strip().splitlines()[-1])


def measure_builds(result: Result, project: Path, repeat: int) -> None:
    for _ in range(repeat):
        build = full_build(project)
        result.add("total_s", build.seconds)
        result.add("tree_rss_mb", build.tree_rss_mb)
        result.add("tree_pss_mb", build.tree_pss_mb)
        result.add("max_rss_mb", build.max_rss_mb)
        plain = plain_build(project)
        result.add("plain_s", plain.seconds)
        result.add("plain_tree_mb", plain.tree_rss_mb)
        stages = generator_stages(project)
        for key in ("validate_s", "pass_s", "site_s", "generate_s", "generator_rss_mb"):
            result.add(key, stages[key])
        result.facts["generated_files"] = stages["generated_files"]
        result.facts["workers"] = stages["workers"]


def measure_site(result: Result, site: Path) -> None:
    size, files = site_size(site)
    result.facts.update(site_mb=size / 1e6, site_files=files,
                        html_pages=sum(1 for _ in site.rglob("*.html")))
    result.facts.update({f"search_{k}_kb": v / 1024 for k, v in search_index_sizes(site).items()})


def measure_page(result: Result, site: Path, repeat: int) -> None:
    with serve(site) as base, browser.chromium() as chromium:
        browser.cold_load(chromium, base + CITY_PAGE)  # the server compresses each file once, here
        for _ in range(repeat):
            load = browser.cold_load(chromium, base + CITY_PAGE)
            result.add("page_kb", load.bytes / 1024)
            result.add("drawn_ms", load.drawn_ms)
            result.facts["charts"] = load.charts
            result.facts["index_on_load"] = any("search_index" in url for url in load.urls)


def measure_preview(result: Result, project: Path) -> None:
    """`make serve` on this project: first build, then an edited figure until it shows."""
    first, edit = preview.preview_seconds(project)
    result.facts.update(serve_first_s=first, serve_edit_s=edit)


#: A fixed piece of pure-Python work, timed in a fresh process. Machines of the same kind differ by up to
#: three times (the same code validated 1,000 cities in 11.7 s on one and 37 s on another): this row
#: says how fast the machine that measured the table was, so that tables of two machines compare.
REFERENCE_WORK = ("import time; started = time.perf_counter(); sum(i * i for i in range(10_000_000)); "
                  "print(time.perf_counter() - started)")


def reference_seconds(repeat: int = 3) -> float:
    """The median time of REFERENCE_WORK over `repeat` fresh processes."""
    return statistics.median(float(subprocess.run([PYTHON, "-c", REFERENCE_WORK], capture_output=True, text=True,
                                                  check=True).stdout) for _ in range(repeat))


def run_size(cities: int, repeat: int, workdir: Path, with_browser: bool, with_preview: bool) -> Result:
    project = workdir / f"n{cities}"
    if project.exists():
        shutil.rmtree(project)
    synth.write_data(project, cities)
    make_project(project)
    result = Result(cities)
    measure_builds(result, project, repeat)
    measure_site(result, project / "site")
    if with_browser:
        measure_page(result, project / "site", repeat)
    if with_preview:
        measure_preview(result, project)
    result.facts["load_average"] = os.getloadavg()[1]  # other work on the machine inflates every timing
    result.facts["reference_s"] = reference_seconds()
    return result


# ------------------------------------------------------------------ the table
ROWS: list[tuple[str, str, str]] = [
    # label, key, format ("t" = median (min) of samples, otherwise a fact with this format)
    ("validation, one process (s)", "validate_s", "t"),
    ("generation: pass over cities (s, wall)", "pass_s", "t"),
    ("generation: pages across cities, open data (s)", "site_s", "t"),
    ("validation + generation (s, wall)", "generate_s", "t"),
    ("plain mkdocs builds, both languages (s)", "plain_s", "t"),
    ("total: portal build (s)", "total_s", "t"),
    ("validation+generation share", "gen_share", "{:.1%}"),
    ("peak memory, process tree, RSS added up (MB)", "tree_rss_mb", "t"),
    ("peak memory, process tree, PSS added up (MB)", "tree_pss_mb", "t"),
    ("peak memory, largest process (MB)", "max_rss_mb", "t"),
    ("generator, largest process (MB)", "generator_rss_mb", "t"),
    ("processes sharing the pass over cities", "workers", "{}"),
    ("peak memory, mkdocs builds (MB)", "plain_tree_mb", "t"),
    ("site size (MB)", "site_mb", "{:.1f}"),
    ("site files", "site_files", "{:d}"),
    ("HTML pages", "html_pages", "{:d}"),
    ("search index zh (KB gz)", "search_zh_kb", "{:.0f}"),
    ("search index en (KB gz)", "search_en_kb", "{:.0f}"),
    ("search index both (KB gz, one file)", "search_combined_kb", "{:.0f}"),
    ("index fetched on page load", "index_on_load", "{}"),
    ("city page cold load (KB gz)", "page_kb", "t"),
    ("city page charts drawn (ms)", "drawn_ms", "t"),
    ("charts on the city page", "charts", "{}"),
    ("make serve: first build (s)", "serve_first_s", "{:.1f}"),
    ("make serve: edited figure shown (s)", "serve_edit_s", "{:.1f}"),
    ("machine load average (5 min)", "load_average", "{:.1f}"),
    ("machine speed: fixed pure-Python work (s)", "reference_s", "{:.2f}"),
]


def derived(result: Result) -> None:
    share = result.median("generate_s") / result.median("total_s")
    result.facts["gen_share"] = share


def cell(result: Result, key: str, style: str) -> str:
    if style == "t":
        if not result.samples.get(key):
            return "—"
        digits = 0 if result.median(key) >= 100 else 2
        return f"{result.median(key):.{digits}f} ({result.least(key):.{digits}f})"
    value = result.facts.get(key)
    return "—" if value is None else style.format(value)


def table(results: list[Result]) -> str:
    header = ["N cities →"] + [str(r.cities) for r in results]
    lines = [header] + [[label] + [cell(r, key, style) for r in results] for label, key, style in ROWS]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [" | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True)))
           for line in lines]
    out.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(out) + "\n(timings: median (min) over the repeats)"


#: Issue 14's targets (a national build on a 2-core machine).
TOTAL_1000_S = 30
TREE_MB = 300
FLAT_MEMORY = 1.2  # peak memory at 1000 cities over that at 300: "flat"
GENERATOR_SHARE = 0.25
GROWTH_1000_100 = 10
PREVIEW_EDIT_S = 2
DRAWN_MS = 1000


def target_lines(results: list[Result]) -> list[str]:
    """Issue 14's targets against the medians measured here (each only where its sizes were run)."""
    by_n = {r.cities: r for r in results}
    lines = []

    def check(ok: bool, text: str) -> None:
        lines.append(("✓ " if ok else "✗ ") + text)

    if 1000 in by_n:
        r = by_n[1000]
        check(r.median("total_s") <= TOTAL_1000_S,
              f"1000 cities: full bilingual build {r.median('total_s'):.1f} s (≤ {TOTAL_1000_S} s)")
    for key, how in (("tree_rss_mb", "RSS added up"), ("tree_pss_mb", "PSS added up")):
        for r in results:
            check(r.median(key) <= TREE_MB,
                  f"N={r.cities}: peak memory, process tree, {how}: {r.median(key):.0f} MB (≤ {TREE_MB} MB)")
        if 1000 in by_n and 300 in by_n:
            ratio = by_n[1000].median(key) / by_n[300].median(key)
            check(ratio <= FLAT_MEMORY,
                  f"peak memory flat ({how}): 1000 cities / 300 cities = {ratio:.2f} (≤ {FLAT_MEMORY})")
    if 1000 in by_n and 100 in by_n:
        ratio = by_n[1000].median("total_s") / by_n[100].median("total_s")
        check(ratio <= GROWTH_1000_100, f"growth t1000/t100 = {ratio:.1f} (≤ {GROWTH_1000_100})")
    for r in results:
        share = r.facts["gen_share"]
        check(share <= GENERATOR_SHARE,
              f"N={r.cities}: validation+generation {share:.1%} of the total (≤ {GENERATOR_SHARE:.0%})")
        if "serve_edit_s" in r.facts:
            check(r.facts["serve_edit_s"] <= PREVIEW_EDIT_S, f"N={r.cities}: make serve shows an edited figure "
                                                            f"after {r.facts['serve_edit_s']:.1f} s (≤ {PREVIEW_EDIT_S} s)")
        if r.samples.get("page_kb"):
            check(r.median("drawn_ms") <= DRAWN_MS,
                  f"N={r.cities}: city page charts drawn {r.median('drawn_ms'):.0f} ms median (≤ {DRAWN_MS} ms)")
            # issue 7's, kept: the page's weight and a search index that is not every reader's download
            check(r.median("page_kb") < 600, f"N={r.cities}: city page {r.median('page_kb'):.0f} KB gz (< 600 KB)")
            lazy = not r.facts["index_on_load"]
            largest = max(r.facts.get("search_zh_kb", 0), r.facts.get("search_en_kb", 0))
            split = "search_combined_kb" not in r.facts
            check(lazy or (split and largest < 1024),
                  f"N={r.cities}: search index {'not fetched on page load' if lazy else 'fetched on every page load'}"
                  f"; {'per language' if split else 'one file for both languages'}, largest {largest:.0f} KB gz")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build-time and page-weight benchmark on synthetic cities.")
    parser.add_argument("--sizes", default="100,300,1000",
                        help="comma-separated numbers of cities (the targets compare 1000 with 100 and 300)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats per size (timings: median and min)")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temporary folder, removed after)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium page-load measurement")
    parser.add_argument("--preview", default="300",
                        help="sizes at which to time `make serve` showing an edited figure ('' for none)")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="portal-bench-"))
    results = []
    try:
        for cities in [int(n) for n in args.sizes.split(",")]:
            print(f"… {cities} cities", file=sys.stderr, flush=True)
            previews = {int(n) for n in args.preview.split(",") if n}
            result = run_size(cities, args.repeat, workdir, not args.no_browser, cities in previews)
            derived(result)
            results.append(result)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(results))
    print("\n".join(target_lines(results)))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
