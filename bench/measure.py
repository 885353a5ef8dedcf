"""Run a command and measure it: wall time, the largest process's peak RSS, and the
peak of the whole process tree's memory added up (parent, workers and MkDocs children).

`os.wait4` gives the exact maximum RSS of the child and its waited-for descendants
(the largest single process); a sampler reading /proc every 50 ms adds up the memory of
every live process in the tree, two ways: RSS, which counts a page shared by forked
processes (the imported modules, the dataset's index) once per process, and PSS, which
divides each shared page among the processes sharing it, so that the sum is what the
machine holds at once.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Run:
    returncode: int
    seconds: float
    max_rss_mb: float  # the largest single process (exact, from wait4)
    tree_rss_mb: float  # the whole tree at its peak (sampled), RSS added up
    output: str
    tree_pss_mb: float = 0.0  # the whole tree at its peak (sampled), PSS added up


def _children(pid: int) -> list[int]:
    """The children of a process; none if it has ended meanwhile (a build's processes come and go
    between two looks, and a sampler that stopped at one would miss the peaks after it)."""
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").glob("*/children"))
    except OSError:
        return []
    for task in tasks:
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return found


def _rss_kb(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except (OSError, IndexError, ValueError):
        return 0


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += _children(current)
    return found


def tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants now, in KiB."""
    return sum(_rss_kb(p) for p in _tree(pid))


def tree_pss_kb(pid: int) -> int:
    """PSS of a process and all its descendants now, in KiB."""
    return sum(_pss_kb(p) for p in _tree(pid))


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run `command` to the end, capturing its output, and measure it."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))
            peak[1] = max(peak[1], tree_pss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stdout is not None
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    max_rss = usage.ru_maxrss / 1024
    return Run(proc.returncode, seconds, max_rss, max(peak[0] / 1024, max_rss), output, peak[1] / 1024)
