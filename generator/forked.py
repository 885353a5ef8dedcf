"""Jobs run in forked child processes, each result (or the traceback of what went wrong) handed
back to the parent through a pipe: the build's generation child, the workers sharing its pass
over the cities, and the process that writes the open data. Fork, not spawn: a child starts
with what its parent has already read (the cities' index), without reading it again."""
from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any


class ChildFailed(RuntimeError):
    """A child's job raised (the message holds its traceback), or the child died without a word."""


class Children:
    """Forked processes each doing one job; `results` waits for them all."""

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("fork")
        self._running: list[tuple[BaseProcess, Connection]] = []

    def start(self, name: str, job: Callable[..., Any], *args: Any) -> None:
        reports, report_to = self._context.Pipe(duplex=False)
        child = self._context.Process(target=_run, name=name, args=(job, args, report_to))
        child.start()
        report_to.close()  # the child holds the other end: a child that dies without a word ends the wait
        self._running.append((child, reports))

    def results(self) -> list[Any]:
        """Each job's result, in the order started; ChildFailed with the first failure's traceback."""
        done: list[tuple[bool, Any]] = []
        for child, reports in self._running:
            try:
                done.append(reports.recv())
            except EOFError:
                done.append((False, f"{child.name} ended without a word (exit code {child.exitcode})"))
            child.join()
        self._running = []
        failed = [result for ok, result in done if not ok]
        if failed:
            raise ChildFailed("a process of the build failed:\n" + failed[0])
        return [result for _, result in done]


def _run(job: Callable[..., Any], args: tuple[Any, ...], report_to: Connection) -> None:
    try:
        gc.disable()  # as gcpause.without_cyclic_gc: a job's objects form no cycles, and the process ends after it
        report_to.send((True, job(*args)))
    except BaseException:
        report_to.send((False, traceback.format_exc()))
        raise
