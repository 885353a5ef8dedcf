"""Wrap a rendered page as the Markdown file MkDocs reads."""
from __future__ import annotations

import yaml
from markupsafe import escape

from .pages import Page


def page_markdown(page: Page, lang: str) -> bytes:
    """Front matter, then the HTML body as one raw block (Markdown leaves it as is).

    MkDocs themes print the title and description without escaping them, so they are escaped here.
    """
    meta: dict[str, object] = {"title": str(escape(page.title[lang])),
                               "description": str(escape(page.description.get(lang, page.title[lang]))),
                               "hide": ["navigation", "toc"]}
    if page.charts:
        meta["charts"] = True
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{front}---\n\n{page.body[lang]}\n".encode()
