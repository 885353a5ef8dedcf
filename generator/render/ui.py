"""The page's words come from the one bilingual word list (generator/words.py)."""
from __future__ import annotations

from ..words import WORDS as UI  # noqa: F401
from ..words import word as t  # noqa: F401
