"""The search entries of generated pages (generator/search_index.py): what a reader can find,
and what stays out of the index (quotes from sources, chart data, scripts)."""
from __future__ import annotations

import pytest

from generator.search_index import SECTION_TEXT, page_entries, segment

PAGE = """---
title: 样例市
---

<div class="portal city-page">
<p class="status-line">当前进展：通过初评</p>
<h2 id="sampling">抽检监测</h2>
<p>监督抽检合格率 98.5% &amp; 更多</p>
<div class="table-wrap"><table class="fig-table"><caption>表题重复词</caption><thead><tr><th>表头重复词</th></tr></thead>
<tbody><tr><td>表格正文词</td></tr></tbody></table></div>
<details class="fig-source" data-search-exclude><summary>来源</summary><blockquote>原文引语秘密词</blockquote></details>
<figure class="chart-block" id="c1"><figcaption>图</figcaption><div class="chart" aria-label="图表替代文字"></div>
<script type="application/json" id="c1-zh">{"data": [{"x": ["图表数据词"]}]}</script></figure>
<h2 id="reviews">评审结论</h2>
<h3>自治区级初评</h3>
<p>""" + "很长的评审文字。" * 100 + """</p>
</div>
"""


@pytest.fixture(scope="module")
def entries() -> list[dict[str, str]]:
    return page_entries("cities/sample/", "样例市", PAGE)


def test_one_entry_for_the_page_and_one_per_section(entries: list[dict[str, str]]) -> None:
    assert [e["location"] for e in entries] == ["cities/sample/", "cities/sample/#sampling", "cities/sample/#reviews"]
    assert [e["title"].replace("\u200b", "") for e in entries] == ["样例市", "抽检监测", "评审结论"]
    assert "通过" in entries[0]["text"].replace("\u200b", "")


def test_text_is_segmented_as_material_does(entries: list[dict[str, str]]) -> None:
    words = entries[1]["text"].split("\u200b")
    assert "合格率" in words  # the user dictionary's word, so "合格率" finds it
    assert "98.5%" in entries[1]["text"] and "&" in entries[1]["text"]  # entities read, numbers kept


def test_quotes_charts_and_scripts_stay_out(entries: list[dict[str, str]]) -> None:
    text = " ".join(e["title"] + e["text"] for e in entries).replace("\u200b", "")
    for hidden in ("原文引语秘密词", "图表数据词", "图表替代文字", "表题重复词", "表头重复词", "<", "{"):
        assert hidden not in text
    assert "表格正文词" in text  # the table's own cells stay


def test_section_text_is_clipped_but_keeps_its_subheadings(entries: list[dict[str, str]]) -> None:
    reviews = entries[2]["text"].replace("\u200b", "")
    assert reviews.startswith("自治区级初评")
    assert len(reviews) <= SECTION_TEXT + 1 and reviews.endswith("…")


def test_segment_leaves_latin_text_alone() -> None:
    assert segment("pass rate 99%") == "pass rate 99%"



def test_an_excluded_element_left_open_hides_nothing_after_it() -> None:
    # A chart-data expander without its end tag is not an element to leave out: the text after it
    # stays findable (and a closed one after it is still left out).
    page = ('<p>开头词</p><details data-search-exclude><summary>未闭合</summary><p>中间词</p>'
            '<h2 id="a">第二节</h2><p>结尾词</p><figure class="chart-block"><p>图中词</p></figure>')
    text = " ".join(e["text"] for e in page_entries("p/", "页", page)).replace("\u200b", "")
    assert "中间词" in text and "结尾词" in text and "图中词" not in text


def test_the_index_written_page_by_page_is_the_one_made_whole(tmp_path) -> None:
    """The adapter keeps each page's entries as JSON and writes the index page by page (its memory at
    national scale); the file must be byte for byte what encoding every entry at once gives."""
    from generator.search_index import entries_json, index_json, write_index

    pages = [[{"location": "a/", "title": "甲", "text": '“引号” "quote" \\ <b>'}],
             [],
             [{"location": "b/", "title": "B", "text": ""}, {"location": "b/#x", "title": "x", "text": "乙\u200b丙"}]]
    config = {"lang": ["zh", "en"], "separator": r"[\s]+", "pipeline": ["stemmer"], "fields": {}}
    target = tmp_path / "search_index.json"
    write_index(target, config, (entries_json(entries) for entries in pages))
    assert target.read_text(encoding="utf-8") == index_json(config, [e for entries in pages for e in entries])


def test_the_words_of_a_section_are_those_of_its_whole_text_however_much_is_remembered() -> None:
    """Segmenter.text_words works text by text between the tags and remembers what it cut; the words
    must be those of the section's plain text cut whole, entities read, in order, whatever the
    memory holds: empty, full and forgotten, or warm from another page."""
    import random

    from generator.search_index import _SPLIT, Segmenter, plain_text

    texts = ["监督抽检合格率", "98.5%", "样例市", "来源", "引用此数字", "R&amp;D 投入", "&lt;抽检&gt;",
             "批次/千人", "pass rate", "创建知晓率（%）", "2023年", "  ", "食品安全", "&#20013;国"]
    rng = random.Random(7)
    fragments = ["".join(f"<{rng.choice(['td', 'p', 'span'])}>{rng.choice(texts)}{rng.choice(texts)}"
                         f"{rng.choice(['', '</td>', '<br>'])}" for _ in range(rng.randint(1, 12)))
                 for _ in range(300)]
    whole = [[word for word in _SPLIT.split(segment(plain_text(fragment))) if word] for fragment in fragments]
    for segmenter in (Segmenter(), Segmenter(limit=3)):
        for _ in range(2):  # the second time, from what it remembers
            assert [segmenter.text_words(fragment) for fragment in fragments] == whole
        assert len(segmenter.texts) <= segmenter.limit and len(segmenter.runs) <= segmenter.limit


def test_entries_kept_in_a_file_read_back_as_given_and_replaced_when_given_again() -> None:
    from generator.search_index import PageEntries

    kept = PageEntries()
    kept["a/"] = '{"location":"a/","title":"甲"}'
    kept["b/"] = ""
    kept["a/"] = '{"location":"a/","title":"甲乙"}'  # a preview's rebuild of the page
    assert sorted(kept) == ["a/", "b/"] and "a/" in kept and "c/" not in kept
    assert kept["a/"] == '{"location":"a/","title":"甲乙"}' and kept["b/"] == ""


def _body(text: str) -> str:
    return text.split("---\n", 2)[2].strip()


#: Bodies where working section by section could differ: an element left out, or a table's header,
#: running from one section into the next; a heading inside a quote; an anchor twice; a heading not
#: closed; front matter left in the body; no section at all; a section at the very start.
TRICKY = [
    '<p>前</p><details class="fig-source" data-search-exclude><summary>来源</summary><h2 id="a">引语里的标题</h2>'
    '</details><h2 id="b">乙</h2><p>正文</p>',
    '<h2 id="a">甲</h2><table><thead><tr><th>表头</th></tr><h2 id="b">乙</h2></thead></table><p>乙文</p>',
    '<h2 id="a">甲</h2><p>一</p><h2 id="a">甲又</h2><p>二</p>',
    '<h2 id="a">甲<h2 id="b">乙</h2><p>文</p>',
    '---\ntitle: x\n<h2 id="a">甲</h2>\n---\n<p>文</p>',
    '<p>没有小节的页面 &amp; 文字</p>',
    '<h2 id="a">开头就是小节</h2><p>文</p>',
    '<h2 id="a">甲</h2><script>var s = "</h2><h2 id=\\"b\\">";</script><p>文</p>',
]


@pytest.mark.parametrize("body", [_body(PAGE), *TRICKY])
def test_entries_from_the_bodys_bytes_are_those_of_its_whole_text(body: str) -> None:
    """page_entries_from works section by section on the body's UTF-8 bytes, read in pieces of any size
    (a theme page at national scale is never held or decoded whole); where that could differ, it reads
    the whole: the same entries."""
    from generator.search_index import Segmenter, page_entries_from

    data = body.encode()
    whole = page_entries("p/", "标题", body)
    assert page_entries_from("p/", "标题", lambda: [data], Segmenter()) == whole
    for size in (1, 3, 7, 64):  # read piece by piece: a piece may end inside a marker or a character
        pieces = [data[at:at + size] for at in range(0, len(data), size)]
        assert page_entries_from("p/", "标题", lambda pieces=pieces: iter(pieces), Segmenter()) == whole, size


def test_a_long_sections_snippet_is_the_start_of_its_whole_text() -> None:
    """A section of thousands of table rows: its snippet is the clipped start of all of its text,
    worked out from a start of the section (the rows after it are never made into words)."""
    from generator.search_index import _clip, plain_text

    rows = "".join(f"<tr><td>第{n}示范市</td><td>{n}.5%</td><td>2023年&nbsp;全年</td></tr>" for n in range(5000))
    body = f'<h2 id="a">抽检</h2><h3>各市</h3><table><tbody>{rows}</tbody></table>'
    [_, section] = page_entries("p/", "标题", body)
    whole = "各市 " + plain_text(body.split("</h3>", 1)[1])
    assert section["text"] == segment(_clip(whole))
    assert len(whole) > 100 * SECTION_TEXT


def test_the_start_of_a_text_is_cut_between_words_never_inside_a_tag_or_an_entity() -> None:
    """_plain_start gives the whole visible text, or a start of it longer than the limit that ends
    where one of its words ends, wherever the fragment's tags and entities fall."""
    import random

    from generator.search_index import _plain_start, plain_text

    rng = random.Random(7)
    parts = ["<td>", "</td>", '<tr class="row">', "第", "市", "98.5%", " ", "&amp;", "&nbsp;", "&lt;", "Sampling"]
    for _ in range(500):
        fragment = "".join(rng.choice(parts) for _ in range(rng.randint(0, 400)))
        limit = rng.randint(1, 40)
        whole, start = plain_text(fragment), _plain_start(fragment, limit)
        assert start == whole or (len(start) > limit and whole.startswith(start + " ")), (fragment, limit)
