"""A one-off build's pass over the cities, shared by worker processes.

Each worker is forked with the cities indexed up front (validate.CityStream) and makes the pass
over a contiguous run of them, writing its pages and its share of the tables; the parent merges
what they hand back, in the cities' order, and makes the pages across cities and the open data.
The output is the same, byte for byte, whatever the number of workers.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from . import city_pass
from .city_pass import CityPass, NotStreamed, spool_folder
from .derive import site_index
from .model import CitySummary, SiteIndex
from .opendata.meta import last_update
from .opendata.tables import Gathered, GatheredShare
from .validate import CityStream, duplicate_item_ids
from .write import TreeWriter

#: How many processes share a one-off build's pass over the cities (default: one per core, see worker_count).
WORKERS_ENV = "PORTAL_WORKERS"
MAX_WORKERS = 4
#: Fewer cities than this per process, and forking costs more than it saves.
MIN_SHARE = 20


@dataclass
class _ShareDone:
    """What a worker's share of the pass hands back to the parent (pickled through a pipe)."""

    ok: bool
    item_ids: dict[str, str]
    summaries: list[CitySummary]
    charts: set[str]
    rows: GatheredShare
    names: list[str]
    changed: list[str]


def _pass_share(stream: CityStream, content: Path, site: SiteIndex, folder: Path, share: tuple[int, int],
                report_to: Connection) -> None:
    """A worker process: the pass over its share of the cities, written into `content`; its tables
    into `folder`. Sends back a _ShareDone, or the traceback of what went wrong."""
    try:
        gc.disable()  # as without_cyclic_gc: the objects of a pass form no cycles; the process ends after
        passed = CityPass(Gathered(stream.data, folder))
        writer = TreeWriter(content)
        for relative, body in city_pass.city_files(stream.data, stream.cities(share), site, passed):
            writer.put(relative, body)
        report_to.send(_ShareDone(stream.ok, stream.item_ids, passed.summaries, passed.charts,
                                  passed.gathered.share(), writer.names, writer.changed))
    except BaseException:
        report_to.send(traceback.format_exc())
        raise


def generate_shared(stream: CityStream, content: Path, workers: int) -> tuple[list[str], list[str]]:
    """A one-off build's pass, shared by `workers` forked processes, each on a contiguous run of the
    cities (so the output is the same as one process's); the parent then makes the pages across
    cities from their summaries and merged rows, and the open data. Returns (written, changed);
    raises NotStreamed if a share was not ok or two shares declared the same review or round id."""
    data = stream.data
    site = site_index(data, last_update(data))
    context = multiprocessing.get_context("fork")
    with spool_folder(content) as folder:
        spool = Path(folder)
        running = []
        for k in range(workers):
            reports, report_to = context.Pipe(duplex=False)
            child = context.Process(target=_pass_share, name=f"portal-pass-{k + 1}",
                                    args=(stream, content, site, spool / f"share-{k + 1}", (k, workers), report_to))
            child.start()
            report_to.close()
            running.append((child, reports))
        done: list[_ShareDone | str] = []
        for child, reports in running:
            try:
                done.append(reports.recv())
            except EOFError:
                done.append(f"{child.name} ended without a word")
            child.join()
        failed = [d for d in done if isinstance(d, str)]
        if failed:
            raise RuntimeError("a worker of the build's pass failed:\n" + failed[0])
        shares = [d for d in done if isinstance(d, _ShareDone)]
        if not all(d.ok for d in shares) or duplicate_item_ids([d.item_ids for d in shares]):
            raise NotStreamed
        passed = CityPass(Gathered(data, spool))
        writer = TreeWriter(content)
        for d in shares:
            writer.adopt(d.names, d.changed)
            passed.summaries += d.summaries
            passed.charts |= d.charts
            passed.gathered.add_share(d.rows)
        for relative, body in city_pass.site_files(data, content, site, passed):
            writer.put(relative, body)
        return writer.names, writer.finish()


def worker_count(cities: int) -> int:
    """How many processes share a one-off build's pass: one per core the build may use (at most
    MAX_WORKERS), or PORTAL_WORKERS; never so many that a share has fewer than MIN_SHARE cities."""
    asked = os.environ.get(WORKERS_ENV, "")
    if asked:
        if not asked.isdigit() or int(asked) < 1:
            raise ValueError(f"{WORKERS_ENV}={asked!r}: expected a whole number of processes, 1 or more")
        return int(asked)
    return max(1, min(len(os.sched_getaffinity(0)), MAX_WORKERS, cities // MIN_SHARE))
