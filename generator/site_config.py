"""What `portal build` needs to know of mkdocs.yml before MkDocs runs: where the pages go, the
configured address, and the site's languages with the folder each is built into.

Read as plain YAML (MkDocs itself stays behind generator/mkdocs_adapter/): a tag MkDocs knows,
such as `!ENV`, is read as its plain value.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """Safe YAML that reads an unknown tag (`!ENV X`, `!!python/name:...`) as its plain value."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_multi_constructor("", _untagged)


@dataclass(frozen=True)
class SiteConfig:
    docs_dir: Path
    site_url: str
    #: Each language built, in the config's order, and its folder in the site ("" for the default).
    languages: dict[str, str]


def read_site_config(config: Path) -> SiteConfig:
    """mkdocs.yml's docs folder (absolute), site_url and the i18n plugin's built languages."""
    settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 - a safe loader
    languages: dict[str, str] = {}
    for plugin in settings.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for lang in (plugin["i18n"] or {}).get("languages") or []:
                if lang.get("build", True):
                    languages[str(lang["locale"])] = "" if lang.get("default") else f"{lang['locale']}/"
    return SiteConfig(docs_dir=(config.parent / str(settings.get("docs_dir") or "docs")).resolve(),
                      site_url=str(settings.get("site_url") or ""), languages=languages)
