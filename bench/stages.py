"""Time the generator's own stages in a fresh process, as `portal build` runs them: the one
pass per city (each city validated, derived, rendered and written in turn, generator.generate)
into an empty content folder; then, on its own, the validation that pass includes (the
streaming validator, every city read and dropped), which the table shows apart. Prints one
JSON line; the memory is the one pass's peak.

Run as `python -m bench.stages PROJECT` (bench/run.py does), so imports and
memory are those of a cold `portal build`, not of the benchmark process.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from bench.project import reset_content
from generator.generate import generate
from generator.validate import stream_dataset


def time_stages(project: Path) -> dict[str, float]:
    content = reset_content(project / "stage")
    started = time.perf_counter()
    generated = generate(project / "data", content)  # raises DataError if the synthetic data had a problem
    one_pass = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    stream = stream_dataset(project / "data")
    for _ in stream.cities():
        pass
    validation = time.perf_counter() - started
    if not stream.ok:
        raise SystemExit("the synthetic data does not validate")
    return {"validate_s": validation, "generate_s": max(one_pass - validation, 0.0),
            "generated_files": len(generated.files), "generator_rss_mb": peak}


if __name__ == "__main__":
    print(json.dumps(time_stages(Path(sys.argv[1]))))
