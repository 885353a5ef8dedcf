"""A generated page's front matter is read back by MkDocs as exactly the fields the generator meant,
whatever characters a title or description holds (it is written as JSON values, not by PyYAML)."""
from __future__ import annotations

import yaml
from mkdocs.utils.meta import get_data

from generator.page import Page, front_matter, page_markdown

#: Every character of the Basic Multilingual Plane that a Python string can be written with (not the
#: surrogates), and one beyond it.
EVERY_CHARACTER = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000) + "\U0001F600"


def read_back(text: str) -> dict[str, object]:
    """The fields MkDocs reads from a page's text."""
    return get_data(text)[1]


def test_every_character_of_a_title_reads_back_as_written() -> None:
    meta = {"title": EVERY_CHARACTER, "description": "a: b # c", "hide": ["navigation", "toc"], "charts": True}
    text = f"---\n{front_matter(meta)}---\n\nbody\n"
    assert read_back(text) == meta
    assert yaml.safe_load(front_matter(meta)) == meta


def test_characters_yaml_reads_as_line_breaks_stay_in_the_title() -> None:
    title = "甲\u0085乙\u2028丙\u2029丁\ufeff戊"
    assert read_back(f"---\n{front_matter({'title': title})}---\n")["title"] == title


def test_a_page_file_carries_escaped_title_description_and_chart_flag() -> None:
    page = Page(path="cities/x", title={"zh": "甲 <b>", "en": 'A "quoted": title'},
                body={"zh": "<p>甲</p>", "en": "<p>A</p>"}, description={"zh": "说明：“引文”", "en": "- starts like a list"},
                charts=["chart"])
    zh, en = page_markdown(page, "zh").decode(), page_markdown(page, "en").decode()
    assert read_back(zh) == {"title": "甲 &lt;b&gt;", "description": "说明：“引文”", "hide": ["navigation", "toc"],
                             "charts": True}
    assert read_back(en)["title"] == "A &#34;quoted&#34;: title"
    assert read_back(en)["description"] == "- starts like a list"
    assert en.endswith("---\n\n<p>A</p>\n")
