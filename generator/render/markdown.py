"""Wrap a rendered page as the Markdown file MkDocs reads."""
from __future__ import annotations

import yaml

from .pages import Page


def page_markdown(page: Page, lang: str) -> bytes:
    """Front matter, then the HTML body as one raw block (Markdown leaves it as is)."""
    meta: dict[str, object] = {"title": page.title[lang],
                               "description": page.description.get(lang, page.title[lang]),
                               "hide": ["navigation", "toc"]}
    if page.charts:
        meta["charts"] = True
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{front}---\n\n{page.body[lang]}\n".encode()
