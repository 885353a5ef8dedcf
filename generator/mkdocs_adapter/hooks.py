"""MkDocs hooks (see `hooks:` in mkdocs.yml): the generator's only contact with MkDocs.

- on_startup: remember whether this is `serve` (errors shown, server kept alive) or a build.
- on_pre_build: run the generator; a data error fails a build, and in `serve` shows a
  banner over the last good pages instead of a stale or blank site.
- on_page_context / on_post_page: page-level touches the theme cannot do alone.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.generate import generate  # noqa: E402
from generator.problems import DataError, format_text  # noqa: E402
from generator.publish import finish_page  # noqa: E402

log = logging.getLogger("mkdocs.hooks.portal")
STATE: dict[str, Any] = {"command": "build", "problems": []}


def on_startup(command: str, dirty: bool) -> None:
    STATE["command"] = command


def on_pre_build(config: Any) -> None:
    data_dir = Path(config.config_file_path).parent / "data"
    try:
        result = generate(data_dir, Path(config.docs_dir))
    except DataError as error:
        STATE["problems"] = error.problems
        report = format_text(error.problems)
        if STATE["command"] != "serve":
            raise PluginError(f"数据有误，未生成网站 / data problems, site not built:\n{report}") from None
        log.error("数据有误，显示上一次正确的数据 / data problems, showing the last valid data:\n%s", report)
        return
    STATE["problems"] = []
    if result.changed:
        log.info("portal: %d generated file(s) updated", len(result.changed))


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    context["data_problems"] = [
        {"location": p.location(), "path": p.path, "zh": p.message_zh, "en": p.message_en}
        for p in STATE["problems"][:50]]
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    return finish_page(output)
