"""A ZIP of the whole data package for one-click download, byte-identical for the same
input: entries sorted, one fixed timestamp, fixed permissions and compression."""
from __future__ import annotations

import io
import zipfile

PERMISSIONS = 0o644 << 16
UNIX = 3


def zip_bytes(files: dict[str, bytes], folder: str, date: str) -> bytes:
    """`files` (relative path → bytes) inside `folder/`, all stamped with `date` (YYYY-MM-DD)."""
    year, month, day = (int(p) for p in date.split("-"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = PERMISSIONS
            info.create_system = UNIX
            archive.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()
