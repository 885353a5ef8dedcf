"""The Atom feeds of data updates parse with a real XML parser and carry what Atom requires
(RFC 4287: feed id, title, updated, author; entry id, title, updated, summary)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REAL_DATA, flatten, run_check

from generator.opendata.feed import ATOM, feed_path
from generator.validate import validate_dataset
from generator.whole import whole_feed

NS = {"a": ATOM}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


CHANGES = {"changes": [
    {"date": "2024-01-02", "title": text("新增测试市 5<6 & “引号”", "Test City added 5<6 & \"quotes\""),
     "summary": text("抽检数字 A&B", "Sampling figures A&B"), "cities": ["testcity"]},
    {"date": "2024-03-05", "title": text("更正抽检合格率", "Pass rate corrected"),
     "summary": text("更正一处笔误", "One typo corrected")},
]}


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(data)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_feed_is_atom_with_the_required_elements(data_folder, lang: str) -> None:
    data = validate_dataset(data_folder(changelog=CHANGES))
    assert not data.problems
    root = parse(whole_feed(data, lang))
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == {"zh": "zh-Hans", "en": "en"}[lang]
    for tag in ("id", "title", "updated", "author/a:name"):
        assert (root.findtext(f"a:{tag}", namespaces=NS) or "").strip(), tag
    assert root.findtext("a:id", namespaces=NS).startswith("urn:uuid:")
    assert RFC3339.match(root.findtext("a:updated", namespaces=NS))
    assert root.find("a:link[@rel='self']", NS).get("href") == Path(feed_path(lang)).name
    entries = root.findall("a:entry", NS)
    assert [e.findtext("a:title", namespaces=NS) for e in entries] == [
        c["title"][lang] for c in reversed(CHANGES["changes"])], "newest first; text unescaped exactly"
    for entry in entries:
        assert entry.findtext("a:id", namespaces=NS).startswith("urn:uuid:")
        assert RFC3339.match(entry.findtext("a:updated", namespaces=NS))
        assert entry.find("a:summary", NS).get("type") == "text"
    assert root.findtext("a:updated", namespaces=NS) == "2024-03-05T00:00:00Z"
    assert [c.get("term") for c in entries[1].findall("a:category", NS)] == ["testcity"]
    assert entries[1].find("a:category", NS).get("label") == {"zh": "测试市", "en": "Test City"}[lang]
    ids = [e.findtext("a:id", namespaces=NS) for e in entries]
    assert len(set(ids)) == len(ids)


def test_real_feeds_parse_and_link_to_the_download_page() -> None:
    data = validate_dataset(REAL_DATA)
    assert data.changelog, "data/changelog.yaml holds at least the first publication"
    for lang, page in (("zh", "../data/"), ("en", "../en/data/")):
        root = parse(whole_feed(data, lang))
        assert len(root.findall("a:entry", NS)) == len(data.changelog)
        assert root.find("a:link[@rel='alternate']", NS).get("href") == page
        assert whole_feed(data, lang) == whole_feed(validate_dataset(REAL_DATA), lang), "deterministic"


def test_entry_ids_stay_when_entries_are_added(data_folder, tmp_path: Path) -> None:
    one = validate_dataset(data_folder(changelog={"changes": CHANGES["changes"][:1]}))
    ids = [e.findtext("a:id", namespaces=NS) for e in parse(whole_feed(one, "en")).findall("a:entry", NS)]
    two = validate_dataset(data_folder(changelog=CHANGES))
    later = [e.findtext("a:id", namespaces=NS) for e in parse(whole_feed(two, "en")).findall("a:entry", NS)]
    assert ids[0] in later


PARTIAL_DATE_CHANGELOG = """\
changes:
  - date: 2024-01
    title: {zh: 标题, en: Title}
    summary: {zh: 摘要, en: Summary}
    cities: [testcity, tset-city]
"""


def test_changelog_needs_full_dates_and_known_cities(data_folder) -> None:
    """A feed entry and the download page's 'last update' need the day; a partial date is an error."""
    problems = run_check(data_folder(changelog=PARTIAL_DATE_CHANGELOG))
    assert flatten(problems) == [
        ("data/changelog.yaml", 2, 11, "changes[0].date", "wrong-type"),
        ("data/changelog.yaml", 5, 24, "changes[0].cities[1]", "unknown-city"),
    ]
    assert "2026-11-26" in problems[0].message_en
    assert run_check(data_folder(changelog=PARTIAL_DATE_CHANGELOG.replace("2024-01", "2024-01-31"))) == problems[1:]
