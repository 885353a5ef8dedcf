"""A one-off build's pass over the cities, shared by worker processes.

Each worker is forked with the cities indexed up front (validate.CityStream) and makes the pass
over a contiguous run of them, writing its pages and its share of the tables; the parent merges
what they hand back, in the cities' order, and makes the pages across cities and the open data.
The output is the same, byte for byte, whatever the number of workers.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import city_pass
from .city_pass import CityPass, NotStreamed, spool_folder
from .derive import site_index
from .forked import Children
from .model import CitySummary, SiteIndex
from .opendata.meta import last_update
from .opendata.producer import open_data_stream
from .opendata.tables import Gathered, GatheredShare
from .validate import CityStream, Dataset, duplicate_item_ids
from .write import TreeWriter

#: How many processes share a one-off build's pass over the cities (default: one per core, see worker_count).
WORKERS_ENV = "PORTAL_WORKERS"
MAX_WORKERS = 4
#: Fewer cities than this per process, and forking costs more than it saves.
MIN_SHARE = 20


@dataclass
class _ShareDone:
    """What a worker's share of the pass hands back to the parent (pickled through a pipe). Its
    cities' summaries wait in a file (`summaries`, written city by city as the pass goes), read once
    the open data's process is started: forked before they are read, that process does not carry them."""

    ok: bool
    item_ids: dict[str, str]
    summaries: Path
    charts: set[str]
    rows: GatheredShare
    names: list[str]
    changed: list[str]

    def read_summaries(self) -> list[CitySummary]:
        with self.summaries.open("rb") as file:
            summaries = city_pass.read_summaries(file)
        self.summaries.unlink()
        return summaries


def _pass_share(stream: CityStream, content: Path, site: SiteIndex, folder: Path, share: tuple[int, int]) -> _ShareDone:
    """A worker process's job: the pass over its share of the cities, written into `content`; its
    tables into `folder`."""
    gathered = Gathered(stream.data, folder)
    writer = TreeWriter(content)
    summaries = folder / "summaries.pickle"
    with summaries.open("wb") as spill:
        passed = CityPass(spill=spill)
        for relative, body in city_pass.city_files(stream.data, stream.cities(share), site, passed, gathered):
            writer.put(relative, body)
    return _ShareDone(stream.ok, stream.item_ids, summaries, passed.charts, gathered.share(),
                      writer.names, writer.changed)


def _open_data(data: Dataset, content: Path, spool: Path, shares: list[GatheredShare]) -> tuple[list[str], list[str]]:
    """A process's job beside the parent's pages across cities: the shares' tables merged, in the
    cities' order, then the open data written (tables, data package, archive, feeds, download page)."""
    gathered = Gathered(data, spool)
    for rows in shares:
        gathered.add_share(rows)
    writer = TreeWriter(content)
    for relative, body in open_data_stream(data, gathered):
        writer.put(relative, body)
    return writer.names, writer.changed


def generate_shared(stream: CityStream, content: Path, workers: int) -> tuple[list[str], list[str]]:
    """A one-off build's pass, shared by `workers` forked processes, each on a contiguous run of the
    cities (so the output is the same as one process's). Then one more process merges their rows
    and writes the open data while the parent makes the pages across cities from their summaries.
    Returns (written, changed); raises NotStreamed if a share was not ok or two shares declared the
    same review or round id. The theme pages are made once the open data's process is done: at national
    scale they are the parent's largest moment of memory, and the data package that process's, which
    then never meet."""
    data = stream.data
    site = site_index(data, last_update(data))
    children = Children()
    with spool_folder(content) as folder:
        spool = Path(folder)
        for k in range(workers):
            children.start(f"portal-pass-{k + 1}", _pass_share, stream, content, site, spool / f"share-{k + 1}",
                           (k, workers))
        shares: list[_ShareDone] = children.results()
        if not all(d.ok for d in shares) or duplicate_item_ids([d.item_ids for d in shares]):
            raise NotStreamed
        children.start("portal-open-data", _open_data, data, content, spool, [d.rows for d in shares])
        passed = CityPass()
        writer = TreeWriter(content)
        for d in shares:
            writer.adopt(d.names, d.changed)
            passed.summaries += d.read_summaries()
            passed.charts |= d.charts
        del shares
        opened: list[tuple[list[str], list[str]]] = []  # the open data's files, once its process is done
        for relative, body in city_pass.across_pages(data, content, site, passed,
                                                     before_themes=lambda: opened.extend(children.results())):
            writer.put(relative, body)
        [(names, changed)] = opened
        writer.adopt(names, changed)
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
