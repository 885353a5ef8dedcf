"""Time the generator's own stages in a fresh process: validation, then page
rendering and writing (streamed, page by page) into an empty content folder. Prints one JSON line.

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
from generator.generate import generated_files
from generator.validate import validate_dataset
from generator.write import write_tree


def time_stages(project: Path) -> dict[str, float]:
    content = reset_content(project / "stage")
    started = time.perf_counter()
    data = validate_dataset(project / "data")
    validated = time.perf_counter()
    if data.problems:
        raise SystemExit(f"synthetic data has {len(data.problems)} problem(s), first: {data.problems[0]}")
    names: list[str] = []
    write_tree(content, generated_files(data, content), names)  # streamed, as `portal build` does
    written = time.perf_counter()
    return {"validate_s": validated - started, "generate_s": written - validated, "generated_files": len(names),
            "generator_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


if __name__ == "__main__":
    print(json.dumps(time_stages(Path(sys.argv[1]))))
