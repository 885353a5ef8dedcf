"""What `portal build` reads of mkdocs.yml before MkDocs runs (generator/site_config.py): the
languages it starts one MkDocs build for, each with its folder, and where the pages go."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
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


#: A MkDocs process's work, in small: a block of megabytes made and freed twice (a theme page's
#: sections at national scale), then the process's resident memory, in KB.
_FREED_TWICE = """
block = "中" * (4 << 20); del block
block = "中" * (4 << 20); del block
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS")))
"""


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc")
@pytest.mark.parametrize("own", [False, True])
def test_a_language_builds_process_gives_back_a_large_block_once_it_is_freed(tmp_path: Path, monkeypatch: Any,
                                                                              own: bool) -> None:
    """The environment a language's MkDocs build runs in has glibc give a freed block of megabytes back to
    the system (it would keep the second one, 8 MB here, for the rest of the process); a threshold the
    user set is kept."""
    import subprocess
    import sys

    from generator.build import MALLOC_THRESHOLD_ENV, language_build_env, mkdocs_env

    monkeypatch.delenv(MALLOC_THRESHOLD_ENV, raising=False)
    if own:
        monkeypatch.setenv(MALLOC_THRESHOLD_ENV, "4096")
    env = language_build_env(mkdocs_env(tmp_path), "en")
    assert env[MALLOC_THRESHOLD_ENV] == ("4096" if own else str(1 << 17))
    rss = {name: int(subprocess.run([sys.executable, "-c", _FREED_TWICE], env=environment, capture_output=True,
                                    text=True, check=True).stdout)
           for name, environment in (("set", env), ("unset", {k: v for k, v in env.items() if k != MALLOC_THRESHOLD_ENV}))}
    assert rss["unset"] - rss["set"] > 6 * 1024, rss
