"""`make serve` (`portal serve`) as a staff member uses it, on a copy of the repository's data.

Start the live preview, change a figure in a city file, and the served city page shows the new
figure within seconds; write an error into the file, and the server stays up, says what is
wrong in the terminal and on the page, and keeps showing the last valid figures; fix the error,
and the site recovers. The real data/ and content/ are never touched.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REAL_DATA, ROOT

from generator.validate import validate_dataset

pytestmark = pytest.mark.slow

NEW_VALUE = "93.17"  # a pass rate no real document states, so it can only come from the edit
BANNER = 'class="data-problems"'
PATIENCE = 60.0  # seconds; a healthy machine needs about 4 (see the report printed with -s)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def project_copy(folder: Path) -> Path:
    """A copy of data/, content/ and theme/ beside a copy of mkdocs.yml whose other paths point into the repository."""
    shutil.copytree(REAL_DATA, folder / "data")
    settings: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    shutil.copytree(ROOT / settings.get("docs_dir", "docs"), folder / "content")
    settings["docs_dir"] = "content"
    settings["hooks"] = [str(ROOT / hook) for hook in settings.get("hooks", [])]
    shutil.copytree(ROOT / settings["theme"]["custom_dir"], folder / "theme")
    settings["watch"] = ["data", "theme"]
    settings["theme"]["custom_dir"] = "theme"
    for plugin in settings.get("plugins", []):
        if isinstance(plugin, dict) and plugin.get("search", {}).get("jieba_dict_user"):
            plugin["search"]["jieba_dict_user"] = str(ROOT / plugin["search"]["jieba_dict_user"])
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


@dataclass
class Edit:
    """A pass rate that can be changed in its city file and in its source document consistently."""

    city: Path
    document: Path
    slug: str
    line: int  # 1-based line of `value:`
    old: str
    quote: str


def pick_figure(data: Path) -> Edit:
    """The first sampling pass rate whose value line, quote and document text can be edited as text."""
    dataset = validate_dataset(data)
    for slug, city in sorted(dataset.cities.items()):
        path = data / "cities" / f"{slug}.yaml"
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for figure in city.get("sampling", []):
            old = f"{figure['value']:g}"
            line = figure.pos["value"][0]
            source = dataset.sources[figure["source"]]
            document = data / "documents" / source.get("document", "-")
            if (figure["unit"] != "percent" or lines[line - 1].strip() != f"value: {old}"
                    or figure["quote"].count(old) != 1 or text.count(figure["quote"]) != 1 or not document.is_file()
                    or document.read_text(encoding="utf-8").count(figure["quote"]) != 1):
                continue
            return Edit(path, document, slug, line, old, figure["quote"])
    raise AssertionError("no editable pass rate in the real data")


def set_value(edit: Edit, written: str, stated: str) -> None:
    """Write `value: <written>` and make the quote and the document state `stated`."""
    quote = edit.quote.replace(edit.old, stated)
    doc = edit.document.read_text(encoding="utf-8")
    current = next(q for q in (edit.quote, edit.quote.replace(edit.old, NEW_VALUE)) if q in doc)
    edit.document.write_text(doc.replace(current, quote), encoding="utf-8")
    lines = edit.city.read_text(encoding="utf-8").splitlines()
    lines = [line.replace(current, quote) for line in lines]
    indent = lines[edit.line - 1][: len(lines[edit.line - 1]) - len(lines[edit.line - 1].lstrip())]
    lines[edit.line - 1] = f"{indent}value: {written}"
    edit.city.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Server:
    """`portal serve` in its own process group, its terminal output collected as it comes."""

    def __init__(self, config: Path, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.output: list[str] = []
        command = [sys.executable, "-m", "generator.cli", "--data", str(config.parent / "data"), "serve",
                   "--config", str(config), "--dev-addr", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, encoding="utf-8", start_new_session=True,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def page(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def wait_for(self, path: str, ready: Callable[[str], bool]) -> float:
        """Seconds until the page at `path` satisfies `ready`; fails if the server dies or time runs out."""
        started = time.monotonic()
        while time.monotonic() - started < PATIENCE:
            assert self.alive, "the server died:\n" + "".join(self.output[-40:])
            if ready(self.page(path)):
                return time.monotonic() - started
            time.sleep(0.1)
        raise AssertionError(f"{path} not ready after {PATIENCE:.0f} s:\n" + "".join(self.output[-40:]))

    def stop(self) -> None:
        if self.alive:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    config = project_copy(tmp_path / "project")
    server = Server(config, free_port())
    try:
        yield server, config.parent
    finally:
        server.stop()


def shows(value: str) -> Callable[[str], bool]:
    pattern = re.compile(re.escape(value) + r"\s*%")
    return lambda html: bool(pattern.search(html))


def test_serve_rebuilds_on_save_and_survives_a_data_error(served):
    server, project = served
    real = {p.name: p.read_bytes() for p in (REAL_DATA / "cities").iterdir()}
    edit = pick_figure(project / "data")
    page = f"/cities/{edit.slug}/"
    started = server.wait_for(page, shows(edit.old))

    set_value(edit, NEW_VALUE, NEW_VALUE)
    changed = server.wait_for(page, lambda html: shows(NEW_VALUE)(html) and not shows(edit.old)(html)
                              and BANNER not in html)

    # the files that are not pages (written beside the docs folder, linked into the preview) are served
    # too, and follow the edit
    assert NEW_VALUE in server.page(f"/downloads/cities/{edit.slug}.csv")
    embed = re.search(r'data-embed-src="[^"]*?(embed/[a-z0-9-]+/)"', server.page(page))
    assert embed and all("</html>" in server.page(lang + embed[1]) for lang in ("/", "/en/"))

    # a rebuild renders only the pages that changed (serve --dirty), yet search still finds every city
    for index, prefix in (("/search/search_index.json", ""), ("/en/search/search_index.json", "en/")):
        locations = {doc["location"] for doc in json.loads(server.page(index))["docs"]}
        assert {f"{prefix}cities/{p.stem}/" for p in (project / "data" / "cities").glob("*.yaml")} <= locations

    set_value(edit, f'"{NEW_VALUE}%"', NEW_VALUE)  # the classic mistake: a percent sign, as text
    broken = server.wait_for(page, lambda html: BANNER in html)
    html = server.page(page)
    location = f"data/cities/{edit.slug}.yaml:{edit.line}"
    assert location in html
    assert "请只填数字，不带百分号" in html and "Digits only, no % sign" in html
    assert shows(NEW_VALUE)(html), "the page must keep the last valid figures, not go blank"
    assert server.page("/en" + page).count(BANNER) == 1
    terminal = "".join(server.output)
    assert f"{location}:" in terminal and "number-as-text" in terminal and "Digits only, no % sign" in terminal
    assert server.alive

    set_value(edit, NEW_VALUE, NEW_VALUE)
    recovered = server.wait_for(page, lambda html: BANNER not in html and shows(NEW_VALUE)(html))
    assert server.alive
    assert {p.name: p.read_bytes() for p in (REAL_DATA / "cities").iterdir()} == real

    # a theme template edited while the preview runs shows at the next rebuild (the preview keeps the
    # theme's compiled templates between rebuilds, each with its source's checksum)
    template = project / "theme" / "404.html"
    template.write_text(template.read_text(encoding="utf-8").replace("页面不存在。", "页面不存在（已改）。"),
                        encoding="utf-8")
    server.wait_for("/404.html", lambda html: "页面不存在（已改）" in html)
    print(f"\nportal serve: first page {started:.1f} s; edit shown {changed:.1f} s; "
          f"error shown {broken:.1f} s; recovered {recovered:.1f} s")
