"""`portal serve` as staff use it for an afternoon: edit a figure, save a mistake, fix it, again
and again. The preview must keep its memory (it once grew to 1.7 GB, then 22 GB, and died
without a word) and must always say why it stopped.

Runs the real preview server on a one-city synthetic project (bench.synth), never data/.
"""
from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from test_serve import BANNER, Server, free_port

from bench.project import make_project
from bench.synth import write_data

pytestmark = pytest.mark.slow

CYCLES = 17  # three rebuilds each (edit, break, fix): 51 rebuilds
GROWTH = 1.5  # memory after any cycle / memory after the first build
CITY = "city-0001"
MARKER = "2023年，全市监督抽检合格率为"  # the quote bench.synth writes for the 2023 pass rate
FAULTS = Path(__file__).resolve().parent / "serve_faults.py"


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (VmRSS from /proc), in kB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue  # it ended meanwhile
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    return total


def children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    write_data(folder, 1)
    config = make_project(folder)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["hooks"].append(str(FAULTS))
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


@pytest.fixture
def served(project: Path) -> Iterator[tuple[Server, Path]]:
    server = Server(project / "mkdocs.yml", free_port())
    try:
        yield server, project
    finally:
        server.stop()


class Figure:
    """The city's 2023 pass rate, rewritten in its YAML and in the document it quotes."""

    def __init__(self, data: Path):
        self.city, self.document = data / "cities" / f"{CITY}.yaml", data / "documents" / f"{CITY}-review.txt"
        self.yaml, self.text = self.city.read_text(encoding="utf-8"), self.document.read_text(encoding="utf-8")
        self.old = self.text.split(MARKER, 1)[1].split("%", 1)[0]
        self.block = f"value: {self.old}\n  period: 2023\n  source: {CITY}-review\n  quote: {MARKER}{self.old}%"
        assert self.yaml.count(self.block) == 1, "bench.synth no longer writes the pass rate as expected"

    def write(self, value: str, written: str | None = None, extra: str = "") -> str:
        """State `value` in the document and the quote, write `written` (default: the value) as
        the figure; return the quote the city page then shows."""
        block = self.block.replace(f"value: {self.old}", f"value: {written or value}")
        block = block.replace(f"{MARKER}{self.old}%", f"{MARKER}{value}%")
        self.document.write_text(self.text.replace(f"{MARKER}{self.old}%", f"{MARKER}{value}%"), encoding="utf-8")
        self.city.write_text(self.yaml.replace(self.block, block) + extra, encoding="utf-8")
        return f"{MARKER}{value}%"


def showing(quote: str) -> Callable[[str], bool]:
    return lambda html: quote in html and BANNER not in html


def test_preview_memory_holds_over_edit_break_fix_cycles(served):
    server, project = served
    page = f"/cities/{CITY}/"
    figure = Figure(project / "data")
    server.wait_for(page, lambda html: figure.old in html)
    first = tree_rss_kb(server.process.pid)
    index = len(server.page("/search/search_index.json"))
    entries = sorted(doc["location"] for doc in json.loads(server.page("/search/search_index.json"))["docs"])
    assert f"cities/{CITY}/" in entries
    started, peak = time.monotonic(), first
    for cycle in range(CYCLES):
        value = f"{91.11 + cycle / 100:.2f}"
        shown = showing(figure.write(value))
        server.wait_for(page, shown)
        if cycle % 2:
            figure.write(value, extra="broken: [unclosed\n")  # a YAML syntax error
        else:
            figure.write(value, written=f'"{value}%"')  # an invalid value: a number as text
        server.wait_for(page, lambda html: BANNER in html)
        figure.write(value)
        server.wait_for(page, shown)
        rss = tree_rss_kb(server.process.pid)
        peak = max(peak, rss)
        served_index = len(server.page("/search/search_index.json"))
        assert rss <= GROWTH * first, (f"cycle {cycle + 1}: the preview uses {rss // 1024} MB, "
                                       f"{rss / first:.2f}× its {first // 1024} MB after the first build")
        assert served_index <= GROWTH * index, (f"cycle {cycle + 1}: the search index grew from {index} "
                                                f"to {served_index} bytes")
    locations = sorted(doc["location"] for doc in json.loads(server.page("/search/search_index.json"))["docs"])
    assert locations == entries, "search must list each page and section exactly as after the first build"
    assert server.alive
    print(f"\n{CYCLES} edit/break/fix cycles ({3 * CYCLES} rebuilds) in {time.monotonic() - started:.0f} s; "
          f"memory {first // 1024} MB "
          f"after the first build, peak {peak // 1024} MB")


def stopped(server: Server) -> tuple[int, str]:
    code = server.process.wait(timeout=60)
    time.sleep(0.2)  # the reader thread takes the last lines
    return code, "".join(server.output)


def test_preview_says_why_it_stopped_on_sigterm(served):
    server, _ = served
    server.wait_for(f"/cities/{CITY}/", lambda html: "</html>" in html)
    os.killpg(server.process.pid, signal.SIGTERM)  # as `kill` or a service manager would
    code, output = stopped(server)
    assert code == 128 + signal.SIGTERM
    assert "预览收到 SIGTERM 信号，已停止 / preview stopped: it received SIGTERM" in output
    assert "Traceback" not in output


def test_preview_says_why_when_the_system_kills_it(served):
    server, _ = served
    server.wait_for(f"/cities/{CITY}/", lambda html: "</html>" in html)
    for child in children(server.process.pid):
        os.kill(child, signal.SIGKILL)  # what the out-of-memory killer does to the MkDocs process
    code, output = stopped(server)
    assert code == 128 + signal.SIGKILL
    assert "预览进程被 SIGKILL 信号终止（多半是系统内存不足）" in output
    assert "the preview process was killed by SIGKILL (most often: the system ran out of memory)" in output


def test_preview_stops_with_a_message_when_a_rebuild_runs_out_of_memory(served):
    server, project = served
    server.wait_for(f"/cities/{CITY}/", lambda html: "</html>" in html)
    (project / "data" / "raise-memory-error").write_text("", encoding="utf-8")
    code, output = stopped(server)
    assert code != 0
    assert "重建时内存不足，预览停止 / out of memory during a rebuild, the preview stops" in output
    assert output.rstrip().endswith("预览因内存不足而停止 / preview stopped: out of memory")
