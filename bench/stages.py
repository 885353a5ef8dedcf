"""Time the generator's own stages in a fresh process, as `portal build` runs them: the one
pass per city (each city validated, derived, rendered and written in turn, shared by the
worker processes generator.shared_pass starts), then the pages across cities and the open data,
into an empty content folder; then, on its own and in one process, the validation that pass
includes (the streaming validator, every city read and dropped), which the table shows apart.
Prints one JSON line; the memory is the largest process's peak (the parent or a worker).

Run as `python -m bench.stages PROJECT` (bench/run.py does), so imports and
memory are those of a cold `portal build`, not of the benchmark process.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import generator.city_pass as city_pass
from bench.project import reset_content
from generator.generate import generate
from generator.shared_pass import worker_count
from generator.validate import stream_dataset


def time_stages(project: Path) -> dict[str, float]:
    content = reset_content(project / "stage")
    across_pages, marks = city_pass.across_pages, []

    def across_pages_timed(*args: Any, **kwargs: Any) -> Any:  # called once the pass over cities is done
        marks.append(time.perf_counter())
        return across_pages(*args, **kwargs)

    city_pass.across_pages = across_pages_timed
    began = time.perf_counter()
    generated = generate(project / "data", content)  # raises DataError if the synthetic data had a problem
    one_pass = time.perf_counter() - began
    city_pass.across_pages = across_pages
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    started = time.perf_counter()
    stream = stream_dataset(project / "data")
    for _ in stream.cities():
        pass
    validation = time.perf_counter() - started
    if not stream.ok:
        raise SystemExit("the synthetic data does not validate")
    return {"validate_s": validation, "pass_s": marks[0] - began, "site_s": began + one_pass - marks[0],
            "generate_s": one_pass, "generated_files": len(generated.files), "generator_rss_mb": peak,
            "workers": worker_count(len(stream.slugs()))}


if __name__ == "__main__":
    print(json.dumps(time_stages(Path(sys.argv[1]))))
