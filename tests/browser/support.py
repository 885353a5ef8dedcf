"""What the browser tests and `make screenshots` share: an isolated build of the site,
a local HTTP server for it, and Debian's Chromium driven by playwright.

Builds run against a throw-away copy of the MkDocs project (config with absolute paths,
a copy of `content/`), so a test build never writes into the repository's `content/`
while another process (a second pytest worker, `make serve`) reads or writes it.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bench.browser import chromium  # noqa: F401 - one way to start the browser, for the tests and the benchmark

ROOT = Path(__file__).resolve().parents[2]


def isolated_project(folder: Path, data_dir: Path, config: Path = ROOT / "mkdocs.yml") -> Path:
    """Write `folder/mkdocs.yml` (the project's config, paths made absolute), a copy of
    content/ and a `data` link to `data_dir`; return the config path.

    The MkDocs hooks read the data from the folder beside the config, as in the repository.
    """
    folder.mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = yaml.safe_load(config.read_text(encoding="utf-8"))
    root = config.parent.resolve()
    docs = root / settings.get("docs_dir", "docs")
    settings["docs_dir"] = str(folder / "content")
    settings["hooks"] = [str(root / hook) for hook in settings.get("hooks", [])]
    settings["watch"] = [str(root / path) for path in settings.get("watch", [])]
    settings["theme"]["custom_dir"] = str(root / settings["theme"]["custom_dir"])
    for plugin in settings.get("plugins", []):
        if isinstance(plugin, dict) and "search" in plugin and plugin["search"].get("jieba_dict_user"):
            plugin["search"]["jieba_dict_user"] = str(root / plugin["search"]["jieba_dict_user"])
    shutil.copytree(docs, folder / "content", dirs_exist_ok=True)
    link = folder / "data"
    if not link.exists():
        link.symlink_to(data_dir.resolve(), target_is_directory=True)
    out = folder / "mkdocs.yml"
    out.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def build_isolated(folder: Path, data_dir: Path, site_dir: Path) -> int:
    """`portal build` (validate, mkdocs build --strict, swap) on an isolated project copy."""
    from generator.build import build_site

    return build_site(data_dir, site_dir, isolated_project(folder, data_dir), quiet=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        pass

    def end_headers(self) -> None:
        # linkchecker limits itself to 10 requests a second unless the server sends this header.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection early is normal, not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yield its base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def page_paths(site_dir: Path) -> list[str]:
    """URL paths of every page of a built site ('' for the home page, 'en/cities/x/' ...), without
    the charts' embed pages (no site chrome: see embed_paths)."""
    paths = []
    for index in sorted(site_dir.rglob("index.html")):
        folder = index.parent.relative_to(site_dir).as_posix()
        if not folder.removeprefix("en/").startswith("embed/"):
            paths.append("" if folder == "." else folder + "/")
    return paths


def embed_paths(site_dir: Path) -> list[str]:
    """URL paths of the charts' embed pages ('embed/<chart id>/', 'en/embed/<chart id>/')."""
    return sorted(index.parent.relative_to(site_dir).as_posix() + "/"
                  for folder in ("embed", "en/embed") for index in (site_dir / folder).glob("*/index.html"))


def page_lang(path: str) -> str:
    """The language a page path belongs to: English under en/, Chinese elsewhere."""
    return "en" if path == "en/" or path.startswith("en/") else "zh"
