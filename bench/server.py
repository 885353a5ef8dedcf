"""A local static server that compresses like a production one (gzip for text, compressed
once and kept), so a browser's encoded response sizes are the bytes a reader would really
download, and compressing does not count in the page's load time."""
from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


def _resolve(root: Path, url_path: str) -> Path | None:
    """The file a URL path names under `root` (a folder means its index.html), never outside it."""
    target = (root / unquote(urlsplit(url_path).path).lstrip("/")).resolve()
    if not target.is_relative_to(root):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def handler_for(root: Path) -> type[BaseHTTPRequestHandler]:
    root = root.resolve()
    compressed: dict[Path, bytes] = {}  # as a production server serves pre-compressed files

    def gzipped(target: Path) -> bytes:
        if target not in compressed:
            compressed[target] = gzip.compress(target.read_bytes(), compresslevel=6, mtime=0)
        return compressed[target]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            target = _resolve(root, self.path)
            if target is None:
                self.send_error(404)
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self.send_response(200)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
            if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzipped(target)
                self.send_header("Content-Encoding", "gzip")
            else:
                body = target.read_bytes()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    return Handler


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on a free local port for the duration of the block; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
