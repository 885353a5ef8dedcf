"""Checks on the hand-written pages in content/: every page exists in both languages,
so no page silently falls back to the other language's text."""
from __future__ import annotations

import json
from pathlib import Path

from .problems import Problem
from .render.pages import LANGS
from .write import MANIFEST

LANG_NAMES = {"zh": ("中文", "Chinese"), "en": ("英文", "English")}


def handwritten_pages(content: Path) -> list[Path]:
    manifest = content / MANIFEST
    generated = set(json.loads(manifest.read_text(encoding="utf-8"))) if manifest.is_file() else set()
    return sorted(p for p in content.rglob("*.md") if p.relative_to(content).as_posix() not in generated)


def handwritten_entries(content: Path) -> list[Path]:
    """Top-level files and folders of content/ that hold hand-written pages (no generated file inside)."""
    manifest = content / MANIFEST
    generated = set(json.loads(manifest.read_text(encoding="utf-8"))) if manifest.is_file() else set()
    generated_tops = {g.split("/", 1)[0] for g in generated}
    return sorted(p for p in content.iterdir() if p.name not in generated_tops and not p.name.startswith("."))


def check_translations(content: Path) -> list[Problem]:
    """A hand-written page `x.zh.md` needs `x.en.md`, and the other way round."""
    problems = []
    for page in handwritten_pages(content):
        stem, _, lang = page.name.removesuffix(".md").rpartition(".")
        display = page.relative_to(content.parent).as_posix()
        if lang not in LANGS:
            problems.append(Problem(display, 1, 1, "", "missing-translation",
                                    {"language_zh": "中英文", "language_en": "Chinese and English"}))
            continue
        for other in LANGS:
            if other != lang and not page.with_name(f"{stem}.{other}.md").is_file():
                problems.append(Problem(display, 1, 1, "", "missing-translation",
                                        {"language_zh": LANG_NAMES[other][0], "language_en": LANG_NAMES[other][1]}))
    return problems
