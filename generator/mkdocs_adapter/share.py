"""What a page's <head> says about it to search engines and link previews (WeChat, Twitter/X,
Slack): its description and Open Graph tags, ready for theme/main.html's `site_meta` block.

Every value is HTML-escaped here: MkDocs' Jinja environment does not escape. Generated pages
arrive with their title and description escaped already (render/markdown.py), so values are
unescaped first and escaped once.
"""
from __future__ import annotations

import html
import re
import struct
from pathlib import Path
from typing import Any

from markupsafe import escape

from ..render.describe import clip

#: The one static share image (no social-card plugin: it would fetch fonts at build time).
IMAGE = "assets/images/share.png"
IMAGE_ALT = {"zh": "国家食品安全示范城市数据公开平台：每个数字注明出处",
             "en": "National Food Safety Demonstration Cities — Open Data: each figure with its source"}
LOCALES = {"zh": "zh_CN", "en": "en_US"}
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's header (its IHDR chunk), or None if the file is not a PNG."""
    try:
        head = path.read_bytes()[:24]
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def share_image(theme_dirs: list[str]) -> tuple[int, int] | None:
    """The share image's size, from the first theme folder that has it (as MkDocs copies it)."""
    for folder in theme_dirs:
        if (Path(folder) / IMAGE).is_file():
            return png_size(Path(folder) / IMAGE)
    return None


def _text(value: Any) -> str:
    """One escaped line of text from a title or description, escaped or not."""
    return str(escape(" ".join(html.unescape(str(value)).split())))


def lead_text(content: str | None) -> str:
    """A hand-written page's first paragraph as plain text: its description when it has none."""
    for match in _PARAGRAPH.finditer(content or ""):
        text = " ".join(html.unescape(_TAG.sub("", match.group(1))).split())
        if text:
            return text
    return ""


def page_share(page: Any, config: Any, lang: str, image: tuple[int, int] | None) -> dict[str, Any]:
    """The description and Open Graph values of one page; absolute ones only with a site address."""
    meta = page.meta or {}
    description = meta.get("description") or lead_text(getattr(page, "content", None)) or config.site_description or ""
    address = config.site_url or ""
    lang = lang if lang in LOCALES else "zh"
    share: dict[str, Any] = {
        # the page's own title, as <title> gives it: nav translations rename the home page "Home"
        "title": _text(meta.get("title") or page.title or config.site_name),
        "site_name": _text(config.site_name),
        "description": _text(clip(html.unescape(str(description)), lang)),
        "locale": LOCALES[lang],
        "alternate_locales": [locale for code, locale in LOCALES.items() if code != lang],
        "url": _text(page.canonical_url) if address and page.canonical_url else "",
        "image": None,
    }
    if address and image and min(image) >= 200:
        share["image"] = {"url": _text(address + IMAGE), "width": image[0], "height": image[1],
                          "alt": _text(IMAGE_ALT[lang])}
    return share
