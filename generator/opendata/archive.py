"""A ZIP of the whole data package for one-click download, byte-identical for the same
input: entries sorted, one fixed timestamp, fixed permissions and compression."""
from __future__ import annotations

import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path

PERMISSIONS = 0o644 << 16
UNIX = 3


def zip_file(files: Mapping[str, bytes | Path], folder: str, date: str, target: Path) -> Path:
    """`files` (relative path → bytes, or a file to copy) inside `folder/` of a ZIP written to `target`,
    all stamped with `date` (YYYY-MM-DD). A file is copied in pieces, so that a national archive
    is never held in memory; its entry has the bytes writestr would give it."""
    year, month, day = (int(p) for p in date.split("-"))
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = PERMISSIONS
            info.create_system = UNIX
            content = files[name]
            if isinstance(content, bytes):
                archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
                continue
            info.file_size = content.stat().st_size
            info._compresslevel = 6  # type: ignore[attr-defined]  # what writestr sets from its compresslevel
            with content.open("rb") as source, archive.open(info, "w") as entry:
                shutil.copyfileobj(source, entry, 1 << 20)
    return target
