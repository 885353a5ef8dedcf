"""`portal serve`: run the MkDocs preview in a child process and say why it stopped, in both
languages, whatever stopped it (Ctrl+C, SIGTERM, the system killing it for memory, an error).

Without this a preview killed by the system's out-of-memory killer ended with no word at all.
"""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

#: Exit code of the MkDocs child when a rebuild ran out of memory (see mkdocs_adapter.hooks).
OUT_OF_MEMORY = 3
#: How long the child may take to shut down after Ctrl+C or SIGTERM before it is killed.
GRACE_SECONDS = 20.0


def stop_message(returncode: int, signalled: int | None) -> tuple[str, int]:
    """Why the preview stopped (Chinese, then English) and the exit code `portal serve` returns.
    `signalled`: the signal `portal serve` itself received (SIGINT for Ctrl+C), if any."""
    if signalled == signal.SIGINT:
        return "预览已按 Ctrl+C 停止 / preview stopped by Ctrl+C", 128 + signal.SIGINT
    if signalled is not None:
        name = signal.Signals(signalled).name
        return f"预览收到 {name} 信号，已停止 / preview stopped: it received {name}", 128 + signalled
    if returncode < 0:
        name = signal.Signals(-returncode).name
        hint_zh, hint_en = ("（多半是系统内存不足）", " (most often: the system ran out of memory)") \
            if -returncode == signal.SIGKILL else ("", "")
        return (f"预览进程被 {name} 信号终止{hint_zh} / the preview process was killed by {name}{hint_en}",
                128 - returncode)
    if returncode == OUT_OF_MEMORY:
        return "预览因内存不足而停止 / preview stopped: out of memory", returncode
    if returncode != 0:
        return (f"预览出错停止（退出码 {returncode}），原因见上方输出 / "
                f"preview stopped on an error (exit code {returncode}); see the messages above", returncode)
    return "预览已停止 / preview stopped", 0


def run_preview(command: list[str], env: dict[str, str], cwd: Path) -> int:
    """Run the preview child until it ends; forward SIGTERM to it, let it shut down cleanly
    after Ctrl+C (the terminal sends SIGINT to both), then print why it stopped."""
    received: list[int] = []
    child = subprocess.Popen(command, env=env, cwd=cwd)

    def on_term(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        while True:
            try:
                child.wait(timeout=GRACE_SECONDS if received else None)
                break
            except KeyboardInterrupt:
                received.append(signal.SIGINT)  # the child got the same Ctrl+C and is shutting down
            except subprocess.TimeoutExpired:
                child.kill()
    finally:
        signal.signal(signal.SIGTERM, previous)
    message, code = stop_message(child.returncode, received[0] if received else None)
    print(message, file=sys.stderr, flush=True)
    return code
