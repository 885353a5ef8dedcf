"""A throw-away copy of the site project around a synthetic data folder.

The benchmark must never touch the repository's data/, content/ or site/, so it
builds in its own folder: data/ (synthetic), content/ (the hand-written pages
copied, generated pages written by the generator), site/, and an mkdocs.yml that
is the repository's own with every path made absolute. The MkDocs hook finds the
data beside that mkdocs.yml, exactly as in the repository.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.write import static_root

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
MANIFEST = ".generated.json"


def handwritten_files(content: Path) -> list[Path]:
    """The files under content/ the generator did not write (its manifest lists those it did)."""
    manifest = content / MANIFEST
    generated = set(json.loads(manifest.read_text(encoding="utf-8"))) if manifest.is_file() else set()
    return sorted(p for p in content.rglob("*") if p.is_file() and p.name != MANIFEST
                  and p.relative_to(content).as_posix() not in generated)


def _absolute(value: Any) -> Any:
    """A plugin option that names a file of the repository, made absolute; anything else unchanged."""
    if isinstance(value, str) and "/" in value and not value.startswith(("/", "http")) and (ROOT / value).exists():
        return str(ROOT / value)
    if isinstance(value, dict):
        return {k: _absolute(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_absolute(v) for v in value]
    return value


def project_config(project: Path) -> dict[str, Any]:
    """The repository's mkdocs.yml, pointed at the project's folders."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["docs_dir"] = str(project / "content")
    config["site_dir"] = str(project / "site")
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
    config["watch"] = [str(project / "data")] + [str(ROOT / w) for w in config.get("watch", []) if w != "data"]
    if isinstance(config.get("theme"), dict) and config["theme"].get("custom_dir"):
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["plugins"] = _absolute(config.get("plugins", []))
    return config


def reset_content(project: Path) -> Path:
    """An empty content/ holding only the hand-written pages, and no generated files beside it
    (build/static/): the next build generates everything."""
    content = project / "content"
    for folder in (content, static_root(content)):
        if folder.exists():
            shutil.rmtree(folder)
    source = ROOT / "content"
    for path in handwritten_files(source):
        target = content / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    content.mkdir(exist_ok=True)
    return content


def make_project(project: Path) -> Path:
    """Write mkdocs.yml and a fresh content/ into `project` (data/ is written by bench.synth); return the config."""
    project.mkdir(parents=True, exist_ok=True)
    reset_content(project)
    config = project / "mkdocs.yml"
    config.write_text(yaml.safe_dump(project_config(project), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config
