"""Templates and words of the open-data pages (download page, data dictionary).

Templates autoescape, as the site's do; the only HTML passed through unescaped is the
hand-written Markdown partials under content/_partials/, rendered here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..words import word  # noqa: F401  (one word list for every page)

TEMPLATES = Path(__file__).parent / "templates"
#: Hand-written parts of the pages. The producer interface passes no content folder,
#: so they are read from the repository's content/_partials/ (as mkdocs.yml's docs_dir).
PARTIALS = Path(__file__).resolve().parents[2] / "content" / "_partials"



def partial(name: str, lang: str, folder: Path = PARTIALS) -> str:
    """A hand-written part of a page, as HTML. A missing partial is an error, not a blank."""
    path = folder / f"{name}.{lang}.md"
    if not path.is_file():
        raise FileNotFoundError(f"missing hand-written part of the open-data pages: {path}")
    return markdown.markdown(path.read_text(encoding="utf-8"))


ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                  trim_blocks=True, lstrip_blocks=True)


def render(template: str, **values: Any) -> str:
    html = ENV.get_template(template).render(**values)
    return "\n".join(line for line in html.splitlines() if line.strip())
