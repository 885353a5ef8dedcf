"""`portal serve` says why the preview stopped, in Chinese then English, and fails with a
non-zero exit code unless staff stopped it themselves. A stand-in child replaces MkDocs here
(tests/test_serve_memory.py stops the real preview): these run in a second."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from conftest import ROOT

RUNNER = "import os, sys; from generator.serve import run_preview; sys.exit(run_preview(sys.argv[1:], dict(os.environ), '.'))"
#: A child that, like `mkdocs serve`, shuts down quietly on Ctrl+C.
PATIENT = ("import signal, sys, time; signal.signal(signal.SIGINT, lambda *a: sys.exit(0)); "
           "print('up', flush=True); time.sleep(60)")


def _as_from_a_terminal() -> None:
    """Ctrl+C as a terminal's shell leaves it: a test run started in the background (`make test &`)
    inherits SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def portal_serve(child: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", RUNNER, sys.executable, "-c", child], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8", start_new_session=True,
                            preexec_fn=_as_from_a_terminal)


def finished(process: subprocess.Popen[str]) -> tuple[int, str]:
    output, _ = process.communicate(timeout=60)
    return process.returncode, output


def test_ctrl_c_stops_the_preview_with_a_message_and_no_traceback():
    process = portal_serve(PATIENT)
    assert process.stdout is not None and process.stdout.readline() == "up\n"
    os.killpg(process.pid, signal.SIGINT)  # the terminal sends Ctrl+C to the whole foreground group
    code, output = finished(process)
    assert "预览已按 Ctrl+C 停止 / preview stopped by Ctrl+C" in output
    assert "Traceback" not in output
    assert code == 128 + signal.SIGINT


def test_an_error_exit_is_reported_with_its_code():
    code, output = finished(portal_serve("import sys; sys.exit(1)"))
    assert code == 1
    assert output.strip() == ("预览出错停止（退出码 1），原因见上方输出 / "
                              "preview stopped on an error (exit code 1); see the messages above")


def test_a_killed_preview_is_reported_with_its_signal():
    started = time.monotonic()
    code, output = finished(portal_serve("import os, signal; os.kill(os.getpid(), signal.SIGKILL)"))
    assert code == 128 + signal.SIGKILL
    assert "预览进程被 SIGKILL 信号终止（多半是系统内存不足）" in output
    assert time.monotonic() - started < 30
