"""The Content-Security-Policy (generator/publish.py): a finished page may run only script
files served by the site. A page holding inline script fails the build; and should script
ever be slipped into a published page, the browser refuses to run it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import material
import pytest

from generator.publish import META, UnsafePage, finish_page, inline_scripts

from .conftest import Watch, wait_settled
from .support import serve

HEAD = '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>t</title></head><body>{}</body></html>'


@pytest.mark.parametrize("body", [
    "<script>alert(1)</script>",
    "<script type='module'>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
    '<form action="javascript:alert(1)"></form>',
    "<SCRIPT>alert(1)</SCRIPT>",
    "<img/onerror=alert(1) src=x>",
    '<a title="a > b" onclick="alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<p>safe</p><script type="text/javascript" >\nalert(1)</script >',
    '<script type="application/json">{}</script><div onmouseover="alert(1)">x</div>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#X6A;avascript:alert(1)">x</a>',
    '<a href="JAVA\nSCRIPT:alert(1)">x</a>',
    '<img src=x OnError=alert(1)>',
    '<a href="javascript&#58;alert(1)">x</a>',
])
def test_a_page_with_inline_script_is_refused(body: str) -> None:
    with pytest.raises(UnsafePage):
        finish_page(HEAD.format(body))


def test_data_and_script_files_are_allowed() -> None:
    body = ('<script type="application/json" id="c">{"a": "</p>"}</script><script src="a.js"></script>'
            '<p title="javascript: is a word here">javascript:</p><p>turn it on=off, only=1</p>'
            '<a class="icon on" href="https://example.org/?a=1&amp;b=2" data-onx="1">x</a><script src=b.js></script>')
    assert inline_scripts(HEAD.format(body)) == []
    html = finish_page(HEAD.format(body))
    assert html.index('<meta charset="utf-8">') < html.index(META) < html.index("<title>")


def test_only_checkboxes_lose_autocomplete() -> None:
    body = ('<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
            '<input type="text" name="q" autocomplete="off">')
    html = finish_page(HEAD.format(body))
    assert '<input class="md-toggle" type="checkbox" id="__drawer">' in html
    assert '<input type="text" name="q" autocomplete="off">' in html


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_browser_refuses_script_slipped_into_a_page(site_dir: Path, browser: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    page_file = site / "cities" / "xining" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    slipped = ('<script>window.pwned = "inline"</script><img src="x.png" onerror="window.pwned = \'handler\'">'
               '<a id="js-link" href="javascript:window.pwned = \'link\'">x</a>')
    page_file.write_text(html.replace('<div class="portal city-page"', slipped + '<div class="portal city-page"', 1),
                         encoding="utf-8")
    ctx = browser.new_context()
    with serve(site) as url:
        page = ctx.new_page()
        watch = Watch(origin=url)
        watch.attach(page)
        page.goto(url + "cities/xining/", wait_until="commit")
        wait_settled([(page, watch)])
        page.click("#js-link")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.pwned") is None
        assert page.evaluate("() => document.querySelectorAll('.chart[data-drawn=true]').length") > 0
    ctx.close()
    refused = [e for e in watch.console_errors if "Content Security Policy" in e]
    assert len(refused) >= 3, watch.console_errors


MATERIAL = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
THEME_JS = Path(__file__).resolve().parents[2] / "theme" / "assets" / "javascripts"


def script_code(text: str) -> str:
    """The code of a theme script file or of Material's inline <script>, comments left out."""
    if "<script>" in text:
        text = text[text.index("<script>") + len("<script>"):text.index("</script>")]
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S).strip()


@pytest.mark.parametrize("partial, copy", [("base.html", "md-base.js"), ("palette.html", "md-palette.js")])
def test_material_inline_scripts_served_as_files_match_the_installed_material(partial: str, copy: str) -> None:
    """After a Material upgrade, our file copies of its inline scripts must be refreshed."""
    original = script_code((MATERIAL / partial).read_text(encoding="utf-8"))
    ours = script_code((THEME_JS / copy).read_text(encoding="utf-8"))
    scope = ('"{{ config.extra.scope | d(base_url) }}"', 'document.currentScript.getAttribute("data-scope")')
    assert ours == original.replace(*scope)


def test_material_content_script_served_as_a_file_matches() -> None:
    text = (MATERIAL / "content.html").read_text(encoding="utf-8")
    last = text[text.rindex("<script>"):]
    assert script_code((THEME_JS / "md-content.js").read_text(encoding="utf-8")) == script_code(last)


@pytest.mark.parametrize("body, refused", [
    ('<p>样例</p><script>alert(1)</script>', True),
    ('<p><img src="x.png" onerror="alert(1)"></p>', True),
    ('<p><a href="jav&#x09;ascript:alert(1)">x</a></p>', True),
    ('<script type="application/json" id="c">{"a": 1}</script><p>样例</p>', False),
])
def test_a_generated_page_with_inline_script_is_never_written(body: str, refused: bool) -> None:
    """The generator checks each page's body as it writes the page (the adapter finishes and checks
    only the theme's part around it): script slipped into a body never reaches the site."""
    from generator.page import Page, page_markdown

    page = Page("cities/sample", {"zh": "样例", "en": "Sample"}, {"zh": body, "en": "<p>x</p>"})
    if refused:
        with pytest.raises(UnsafePage, match="cities/sample.zh.md"):
            page_markdown(page, "zh")
    else:
        assert body in page_markdown(page, "zh").decode()


@pytest.mark.parametrize("piece", [1 << 16, 3])
@pytest.mark.parametrize("body", ['<div class="portal">\n<p>样例 &amp; “引号”</p>\n</div>',
                                  '\u3000<p>以全角空格开头</p>', '<p>以文字结尾</p>尾', '<p>后面很多空行</p>' + "\n" * 40])
def test_a_generated_body_goes_into_its_page_as_it_was_written(tmp_path: Path, monkeypatch: Any, body: str,
                                                               piece: int) -> None:
    """MkDocs writes the theme's part of a generated page; the adapter puts the body in afterwards,
    file to file, read piece by piece: the page must be byte for byte the theme's part, finished, with
    the body in it, wherever the pieces (and the end of the file read for where the body ends) fall."""
    from types import SimpleNamespace

    from generator.mkdocs_adapter import hooks

    monkeypatch.setattr(hooks, "PIECE_BYTES", piece)
    monkeypatch.setattr(hooks, "TAIL_BYTES", min(piece, hooks.TAIL_BYTES) * 8)

    source, written = tmp_path / "page.zh.md", tmp_path / "site" / "page" / "index.html"
    source.write_text(f"---\ntitle: 样例\n---\n\n{body}\n", encoding="utf-8")
    written.parent.mkdir(parents=True)
    monkeypatch.setattr(hooks, "STATE", {"bypassed": {str(source)}})
    page = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(source), abs_dest_path=str(written),
                                                src_uri="page.zh.md"))
    themed = HEAD.format(f"<article>{hooks.BODY}</article><p>页脚</p>")
    written.write_bytes(hooks.on_post_page(themed, page, None).encode())  # as MkDocs writes it
    hooks._put_bodies()
    assert written.read_bytes() == finish_page(themed).replace(hooks.BODY, body.strip()).encode()
    assert not hooks.STATE.get("bodies")


@pytest.mark.parametrize("body, read_whole", [('<div class="portal">\n<h2 id="a">甲</h2><p>抽检 &amp; 样例</p>\n</div>', False),
                                              ('\u3000<p>以全角空格开头</p>', True), ('# 标题\n\n正文', True),
                                              ('<p>以文字结尾</p>尾', True)])
def test_mkdocs_reads_only_the_front_matter_of_a_generated_page(tmp_path: Path, monkeypatch: Any, body: str,
                                                                read_whole: bool) -> None:
    """A generated page whose body is HTML reaches MkDocs as its front matter and the marker (the body
    goes into the written page file to file); its search entries are those of the body in the file.
    Any other page MkDocs reads whole, as before."""
    from types import SimpleNamespace

    from mkdocs.utils.meta import get_data

    from generator.mkdocs_adapter import hooks
    from generator.search_index import Segmenter, entries_json, page_entries

    source, other = tmp_path / "page.zh.md", tmp_path / "handwritten.zh.md"
    for path in (source, other):
        path.write_text(f"---\ntitle: 样例\n---\n\n{body}\n", encoding="utf-8")
    monkeypatch.setattr(hooks, "STATE", {"generated": {str(source)}})
    page = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(source)), url="page/", title="样例", meta={})
    handwritten = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(other)))
    assert hooks.on_page_read_source(handwritten, None) is None
    read = hooks.on_page_read_source(page, None)
    if read_whole:
        assert read is None
        return
    assert read == f"---\ntitle: 样例\n---\n\n{hooks.BODY}\n"
    markdown, meta = get_data(read)
    assert meta == {"title": "样例"}
    assert hooks.on_page_markdown(markdown, page, None, None) == ""
    assert hooks.STATE["search"]["page/"] == entries_json(page_entries("page/", "样例", body, Segmenter()))
    assert "抽检" in hooks.STATE["search"]["page/"]


@pytest.mark.parametrize("risky", ['<a href="JavaScript:alert(1)">x</a>', '<p title="x" OnClick="alert(1)">x</p>',
                                   '<a href="&#X6A;avascript:alert(1)">x</a>'])
def test_a_page_of_megabytes_is_read_in_parts_and_nothing_slips_between_them(risky: str) -> None:
    """A page longer than publish.PART (a theme page at national scale) is lowercased part by part;
    script that straddles any place near where the page is cut is still found."""
    from generator.publish import PART

    head, tail = HEAD.split("{}")
    for before in range(PART - len(risky) - 2, PART + 3):  # the risky markup across every place near PART
        page = head + "样" * (before - len(head)) + risky + "<p>尾</p>" * 10 + tail
        assert page.index(risky) == before and inline_scripts(page), before
    assert inline_scripts(head + "<p>" + "样" * PART + "<p>样</p>" * 10 + tail) == []
