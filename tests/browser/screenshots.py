"""Screenshots for review: the home page and one city page, in both languages, at a
phone's width (375 px) and a desktop's (1280 px), full page, charts drawn.

    python -m tests.browser.screenshots SITE_DIR OUT_DIR      (`make screenshots`)

Writes OUT_DIR/<page>-<lang>-<width>.png and exits non-zero if a page showed an error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .support import chromium, serve

WIDTHS = (375, 1280)
ALL_DRAWN = "() => [...document.querySelectorAll('.chart')].every(c => c.dataset.drawn === 'true')"


def shots(site_dir: Path) -> dict[str, str]:
    """File stem -> page path: home and the first city (by folder name) in each language."""
    cities = sorted(p.parent.name for p in (site_dir / "cities").glob("*/index.html"))
    if not cities:
        raise SystemExit(f"{site_dir} has no city page: build the site first (make site)")
    city = cities[0]
    return {"home-zh": "", "home-en": "en/", f"city-{city}-zh": f"cities/{city}/",
            f"city-{city}-en": f"en/cities/{city}/"}


def take(browser: Any, base: str, path: str, width: int, target: Path) -> list[str]:
    """One full-page screenshot; returns the errors the page reported."""
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + path, wait_until="load")
    page.wait_for_function(ALL_DRAWN, timeout=15_000)
    page.screenshot(path=str(target), full_page=True)
    context.close()
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    with serve(args.site_dir) as base, chromium() as browser:
        for stem, path in shots(args.site_dir).items():
            for width in WIDTHS:
                target = args.out_dir / f"{stem}-{width}.png"
                errors = take(browser, base, path, width, target)
                print(f"{target}{'  ' + '; '.join(errors) if errors else ''}")
                failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
