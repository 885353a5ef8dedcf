"""The preview server's rebuild (`generate(cache=PreviewCache())`): after an edit it renders only
what changed, and what it writes is byte for byte what a fresh build writes."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REAL_DATA, ROOT

import generator.city_pass as city_pass
from generator.generate import generate
from generator.reuse import PreviewCache
from generator.write import static_root


def content_folder(folder: Path) -> Path:
    """A docs folder with the hand-written pages (the generator checks their translations)."""
    shutil.copytree(ROOT / "content", folder, ignore=shutil.ignore_patterns("cities", "themes", "sources", "data",
                                                                            "downloads", "index.*.md", ".generated.json"))
    return folder


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REAL_DATA, tmp_path / "data")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("old, new", [
    ("name: {zh: 西宁市, en: Xining}", "name: {zh: 西宁市, en: Xining City}"),  # on every page naming the city
    ("Provincial preliminary review of Xining's candidacy",  # a source title: every page citing it
     "Provincial preliminary review of the candidacy of Xining"),
])
def test_an_edit_rebuilds_only_what_it_touches_and_matches_a_fresh_build(project: Path, monkeypatch, old: str,
                                                                         new: str) -> None:
    preview, cache = content_folder(project / "preview"), PreviewCache()
    generate(project / "data", preview, cache)
    edit(project / "data" / "cities" / "xining.yaml", old, new)

    rendered: list[str] = []
    real_city_page = city_pass.city_page

    def counting(model, site):  # type: ignore[no-untyped-def]
        rendered.append(model.slug)
        return real_city_page(model, site)

    monkeypatch.setattr(city_pass, "city_page", counting)
    changed = generate(project / "data", preview, cache).changed
    monkeypatch.undo()
    downloads = files_of(static_root(preview))  # the CSV files, archive, feeds: shared with the fresh build's folder

    fresh = content_folder(project / "fresh")
    generate(project / "data", fresh)
    assert files_of(preview) == files_of(fresh)
    assert downloads == files_of(static_root(fresh)) and "downloads/cities/xining.csv" in downloads
    assert "cities/xining.en.md" in changed
    # a city's own name touches only its page; a source title may be named by any page
    expected = ["xining"] if "name:" in old else sorted(p.stem for p in (project / "data" / "cities").glob("*.yaml"))
    assert rendered == expected


def test_a_rebuild_without_edits_renders_no_city_page_and_changes_nothing(project: Path, monkeypatch) -> None:
    preview, cache = content_folder(project / "preview"), PreviewCache()
    generate(project / "data", preview, cache)
    monkeypatch.setattr(city_pass, "city_page", lambda model, site: pytest.fail(f"rendered {model.slug} again"))
    assert generate(project / "data", preview, cache).changed == []


def test_a_document_edit_is_checked_against_unchanged_city_files(project: Path) -> None:
    """The quotes of a city file that did not change are checked again when a document changes."""
    from generator.problems import DataError
    from generator.validate import validate_dataset

    preview, cache = content_folder(project / "preview"), PreviewCache()
    generate(project / "data", preview, cache)
    data = validate_dataset(project / "data")
    source = data.sources["xining-review"]
    document = project / "data" / "documents" / source["document"]
    quote = data.cities["xining"]["sampling"][0]["quote"]
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace(quote, quote.replace("合格率", "合 格 率 已 改")), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        generate(project / "data", preview, cache)
    assert any(p.code == "quote-not-found" and p.file.endswith("xining.yaml") for p in raised.value.problems)
    document.write_text(text, encoding="utf-8")
    generate(project / "data", preview, cache)  # fixed: no problem left behind by the cache


@pytest.mark.parametrize("tamper", ["a longer file", "same size, newer time", "removed"])
def test_a_generated_file_changed_by_hand_is_put_back_by_the_next_rebuild(project: Path, tamper: str) -> None:
    """The preview skips re-reading a file it wrote, when the same page comes again, only while
    the file is as it left it."""
    preview, cache = content_folder(project / "preview"), PreviewCache()
    generate(project / "data", preview, cache)
    page = preview / "cities" / "xining.zh.md"
    kept = page.read_bytes()
    if tamper == "a longer file":
        page.write_bytes(kept + b"\nedited by hand")
    elif tamper == "same size, newer time":
        page.write_bytes(kept.replace("西宁".encode(), "东宁".encode(), 1))
        os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000))
    else:
        page.unlink()
    changed = generate(project / "data", preview, cache).changed
    assert page.read_bytes() == kept and changed == ["cities/xining.zh.md"]


@pytest.mark.parametrize("old, new, theme", [
    # a figure's note: shown on the page of its theme only
    ("The section on funding repeats it", "The funding section repeats it", "sampling"),
    # a figure of no theme page
    ("The document states the zero in words: 'none occurred'.", "The document says 'none occurred'.", None),
    # a review's verdict in words: the reviews theme compares it
    ("Meets the standard for a National Food Safety Demonstration City; passed",
     "Meets the standard of a National Food Safety Demonstration City; passed", "reviews"),
])
def test_an_edit_renders_again_only_the_theme_pages_that_show_it(project: Path, monkeypatch, old: str, new: str,
                                                                 theme: str | None) -> None:
    preview, cache = content_folder(project / "preview"), PreviewCache()
    generate(project / "data", preview, cache)
    edit(project / "data" / "cities" / "xining.yaml", old, new)
    rendered: list[str] = []
    real_theme_page = city_pass.theme_page

    def counting(theme: str, cities, site):  # type: ignore[no-untyped-def]
        rendered.append(theme)
        return real_theme_page(theme, cities, site)

    monkeypatch.setattr(city_pass, "theme_page", counting)
    generate(project / "data", preview, cache)
    monkeypatch.undo()
    fresh = content_folder(project / "fresh")
    generate(project / "data", fresh)
    assert files_of(preview) == files_of(fresh)  # the kept theme pages are what a fresh build writes
    assert rendered == ([theme] if theme else [])


def test_a_document_edit_renders_again_only_its_source_page(project: Path, monkeypatch) -> None:
    preview, cache = content_folder(project / "preview"), PreviewCache()
    generate(project / "data", preview, cache)
    document = sorted((project / "data" / "documents").iterdir())[0]
    document.write_text(document.read_text(encoding="utf-8") + "\n补充说明：本段为测试添加。\n", encoding="utf-8")

    rendered: list[str] = []
    real_source_page = city_pass.source_page

    def counting(site, source_id, text):  # type: ignore[no-untyped-def]
        rendered.append(source_id)
        return real_source_page(site, source_id, text)

    monkeypatch.setattr(city_pass, "source_page", counting)
    changed = generate(project / "data", preview, cache).changed
    monkeypatch.undo()

    fresh = content_folder(project / "fresh")
    generate(project / "data", fresh)
    assert files_of(preview) == files_of(fresh)
    edited = [p for p in changed if p.startswith("sources/")]
    assert edited and len(rendered) == 1 and all(p.startswith(f"sources/{rendered[0]}.") for p in edited)
    assert "本段为测试添加" in (preview / edited[0]).read_text(encoding="utf-8")
