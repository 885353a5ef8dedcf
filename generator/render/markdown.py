"""Wrap a rendered page as the Markdown file MkDocs reads (see page.page_markdown)."""
from __future__ import annotations

from ..page import page_markdown  # noqa: F401
