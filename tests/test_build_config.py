"""What `portal build` reads of mkdocs.yml before MkDocs runs (generator/site_config.py): the
languages it starts one MkDocs build for, each with its folder, and where the pages go."""
from __future__ import annotations

from pathlib import Path

from conftest import ROOT

from generator.site_config import read_site_config


def test_the_sites_languages_and_folders_come_from_the_i18n_plugin() -> None:
    settings = read_site_config(ROOT / "mkdocs.yml")
    assert settings.languages == {"en": "en/", "zh": ""}  # Chinese, the default, at the root
    assert settings.docs_dir == ROOT / "content"


def test_tags_mkdocs_knows_are_read_as_plain_values(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: !ENV [PORTAL_TEST_ADDRESS, 'https://food.gov.cn/']\ndocs_dir: pages\n"
                      "markdown_extensions:\n  - pymdownx.emoji:\n"
                      "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                      "plugins:\n  - i18n:\n      languages:\n        - locale: zh\n          default: true\n"
                      "        - locale: fr\n          build: false\n", encoding="utf-8")
    settings = read_site_config(config)
    assert settings.languages == {"zh": ""} and settings.docs_dir == tmp_path / "pages"


def test_chinese_the_default_language_is_listed_first() -> None:
    """mkdocs-static-i18n builds the languages after the default one in list order, so a default
    listed later is built a second time in every preview rebuild (a second of `portal serve`'s
    edit-to-page time at 300 cities); and the language menu lists them in this order."""
    settings = read_site_config(ROOT / "mkdocs.yml")
    assert list(settings.languages) == ["zh", "en"] and settings.languages["zh"] == ""
