"""A MkDocs hook that tests add to a preview project: while `data/raise-memory-error` exists,
a rebuild runs out of memory (as a national dataset once did), so the test sees what staff see."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

MARKER = "raise-memory-error"


def on_pre_build(config: Any) -> None:
    if (Path(os.environ["PORTAL_DATA"]) / MARKER).exists():
        raise MemoryError
