"""Hand-written pages in content/ exist in both languages (generator/content.py), so no page
silently falls back to the other language: checked by `portal check` and before every build."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL_DATA, flatten, write_data_folder

from generator.cli import main
from generator.content import check_translations
from generator.generate import generate
from generator.problems import DataError


def content_folder(root: Path, pages: dict[str, str]) -> Path:
    content = root / "content"
    for name, text in pages.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    return content


def test_a_page_in_one_language_only_is_reported(tmp_path: Path) -> None:
    content = content_folder(tmp_path, {"about/index.zh.md": "关于", "about/index.en.md": "About",
                                        "help.zh.md": "帮助", "faq.en.md": "FAQ", "notes.md": "no language"})
    problems = check_translations(content)
    assert flatten(problems) == [("content/faq.en.md", 1, 1, "", "missing-translation"),
                                 ("content/help.zh.md", 1, 1, "", "missing-translation"),
                                 ("content/notes.md", 1, 1, "", "missing-translation")]
    assert "英文" in problems[1].message_zh and "English" in problems[1].message_en
    assert "中文" in problems[0].message_zh and "Chinese" in problems[0].message_en
    assert "Chinese and English" in problems[2].message_en


def test_generated_pages_are_not_hand_written(tmp_path: Path) -> None:
    content = content_folder(tmp_path, {"cities/a.zh.md": "generated", ".generated.json": '["cities/a.zh.md"]'})
    assert check_translations(content) == []


def test_portal_check_reports_a_missing_translation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data_folder(tmp_path)
    content_folder(tmp_path, {"about/index.zh.md": "关于"})
    assert main(["--data", str(data), "check"]) == 1
    out = capsys.readouterr().out
    assert "content/about/index.zh.md:1:1  missing-translation" in out


def test_a_build_stops_on_a_missing_translation(tmp_path: Path) -> None:
    data = write_data_folder(tmp_path)
    content = content_folder(tmp_path, {"about/index.en.md": "About"})
    with pytest.raises(DataError) as raised:
        generate(data, content)
    assert flatten(raised.value.problems) == [("content/about/index.en.md", 1, 1, "", "missing-translation")]
    assert sorted(p.name for p in content.rglob("*.md")) == ["index.en.md"]  # nothing generated


def test_the_real_hand_written_pages_are_all_translated() -> None:
    assert check_translations(REAL_DATA.parent / "content") == []
