"""A ZIP of the whole data package for one-click download, byte-identical for the same
input: entries sorted, one fixed timestamp, fixed permissions and compression."""
from __future__ import annotations

import hashlib
import shutil
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PERMISSIONS = 0o644 << 16
UNIX = 3


#: zlib's compression level of every entry (zipfile's default for ZIP_DEFLATED).
LEVEL = 6


@dataclass
class ArchiveMemo:
    """A preview's: each entry's deflated bytes in the last archive, by name and content digest.
    An edit changes a few of the tables; compressing all of them again was a third of a
    preview rebuild's generation at 300 cities."""

    entries: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # name -> (digest, deflated)

    def deflated(self, name: str, content: bytes) -> bytes:
        """`content` deflated as zipfile deflates it: kept from the last archive if unchanged."""
        digest = hashlib.sha1(content, usedforsecurity=False).digest()  # a key, not a safeguard
        kept = self.entries.get(name)
        if kept is None or kept[0] != digest:
            compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # zipfile's raw deflate stream
            kept = self.entries[name] = (digest, compressor.compress(content) + compressor.flush())
        return kept[1]


class _Deflated:
    """Stands in for the compressor of a ZIP entry whose deflated bytes are known: zipfile still
    writes the entry's headers, CRC and sizes from its content."""

    def __init__(self, deflated: bytes) -> None:
        self._deflated = deflated

    def compress(self, data: bytes) -> bytes:
        out, self._deflated = self._deflated, b""
        return out

    def flush(self) -> bytes:
        return b""


def zip_file(files: Mapping[str, bytes | Path], folder: str, date: str, target: Path,
             memo: ArchiveMemo | None = None) -> Path:
    """`files` (relative path → bytes, or a file to copy) inside `folder/` of a ZIP written to `target`,
    all stamped with `date` (YYYY-MM-DD). A file is copied in pieces, so that a national archive
    is never held in memory; its entry has the bytes writestr would give it. `memo`: a preview's,
    which reuses the deflated bytes of unchanged entries (the archive is the same byte for byte)."""
    year, month, day = (int(p) for p in date.split("-"))
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = PERMISSIONS
            info.create_system = UNIX
            content = files[name]
            if memo is not None:
                data = content if isinstance(content, bytes) else content.read_bytes()
                info.file_size = len(data)
                info._compresslevel = LEVEL  # type: ignore[attr-defined]  # what writestr sets from its compresslevel
                with archive.open(info, "w") as entry:
                    entry._compressor = _Deflated(memo.deflated(name, data))  # type: ignore[attr-defined]
                    entry.write(data)
                continue
            if isinstance(content, bytes):
                archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=LEVEL)
                continue
            info.file_size = content.stat().st_size
            info._compresslevel = LEVEL  # type: ignore[attr-defined]  # what writestr sets from its compresslevel
            with content.open("rb") as source, archive.open(info, "w") as entry:
                shutil.copyfileobj(source, entry, 1 << 20)
    return target
