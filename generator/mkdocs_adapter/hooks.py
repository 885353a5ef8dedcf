"""MkDocs hooks (see `hooks:` in mkdocs.yml): the generator's only contact with MkDocs.

- on_startup: remember whether this is `serve` (errors shown, server kept alive) or a build.
- on_config: the site's public address from mkdocs.yml or PORTAL_SITE_URL (site_address.py); under
  `portal build`, the one language this process builds (generator/build.py builds each language
  in a process of its own, in parallel, and merges them).
- on_pre_build: run the generator; a data error fails a build, and in `serve` shows a
  banner over the last good pages instead of a stale or blank site.
- on_env / on_serve: under `serve`, the theme's compiled templates kept between rebuilds, and
  saved files looked for every 0.2 s.
- on_page_read_source / on_page_markdown / on_page_content: a generated page's body is carried past
  MkDocs (it is our HTML already; MkDocs reads only its front matter); its search entries are made
  from it (search_index.py) and kept in a file.
- on_page_context / on_post_page: page-level touches the theme cannot do alone (share.py: the
  description and Open Graph tags of <head>; publish.py: the CSP, and no inline script).
- on_post_build: the generated pages' bodies put into the pages MkDocs wrote, file to file; search
  indexes per language; once every language is built (a plain `mkdocs build` or `serve`),
  sitemap.xml and robots.txt (sitemap.py) and the generated files that are not pages
  (write.place_static: they never pass through MkDocs).
"""
from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import sitemap  # noqa: E402
from generator.build import BUILD_LANGUAGE_ENV, SKIP_GENERATE_ENV  # noqa: E402
from generator.generate import generate  # noqa: E402
from generator.jieba_dictionary import default_tokenizer  # noqa: E402
from generator.mkdocs_adapter.share import page_share, share_image  # noqa: E402
from generator.problems import DataError, format_text  # noqa: E402
from generator.publish import UnsafePage, finish_page  # noqa: E402
from generator.reuse import PreviewCache  # noqa: E402
from generator.search_index import (  # noqa: E402
    Body,
    PageEntries,
    Segmenter,
    entries_json,
    page_entries,
    page_entries_from,
    write_index,
)
from generator.serve import OUT_OF_MEMORY  # noqa: E402
from generator.site_address import SiteAddressError, site_address  # noqa: E402
from generator.write import generated_names, place_static  # noqa: E402

log = logging.getLogger("mkdocs.hooks.portal")
STATE: dict[str, Any] = {"command": "build", "problems": []}


def on_startup(command: str, dirty: bool) -> None:
    """Before any plugin's on_config: jieba (Material's search plugin loads the site's words into it in
    on_config) gets its dictionary as a sorted copy, 5 MB instead of 75 (jieba_dictionary)."""
    default_tokenizer()
    STATE["command"] = command
    if command == "serve":
        signal.signal(signal.SIGTERM, _stop_on_sigterm)


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    """SIGTERM ends `mkdocs serve` as Ctrl+C does (it shuts the server down and removes its
    temporary site), instead of killing it on the spot; `portal serve` says why it stopped."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: a second SIGTERM must not break the shutdown
    raise KeyboardInterrupt


def on_config(config: Any) -> Any:
    """The site's public address from one place: mkdocs.yml's site_url, or PORTAL_SITE_URL over
    it. `serve` keeps MkDocs' own (the preview's address). Without one, absolute links are left
    out (see on_post_build) instead of pointing at a guessed host."""
    if STATE["command"] != "serve":
        try:
            config.site_url = site_address(config.site_url, os.environ)
        except SiteAddressError as error:
            raise PluginError(str(error)) from None
    STATE["share_image"] = share_image(config.theme.dirs)
    _build_one_language(config, os.environ.get(BUILD_LANGUAGE_ENV, ""))
    return config


def _build_one_language(config: Any, language: str) -> None:
    """Make mkdocs-static-i18n build `language` alone: this runs before its on_config (priority
    -100), which configures the build for its current language; marked as building already, it
    skips its on_post_build, which would build every other language (and the first one again)."""
    i18n = config.plugins.get("i18n")
    if not language or i18n is None:
        return
    if language not in i18n.build_languages:
        raise PluginError(f"{BUILD_LANGUAGE_ENV}={language}: not a language of the site ({i18n.build_languages})")
    i18n.current_language = language
    i18n.building = True


def data_stamp(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every data file: equal stamps mean unchanged data."""
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    return tuple((str(p), st.st_size, st.st_mtime_ns) for p in files for st in [p.stat()])


def on_pre_build(config: Any) -> None:
    data_dir = Path(os.environ.get("PORTAL_DATA") or Path(config.config_file_path).parent / "data")
    STATE.pop("generated", None)
    STATE.pop("bypassed", None)
    STATE.pop("spans", None)
    if os.environ.get(SKIP_GENERATE_ENV) == "1":
        return  # the benchmark times MkDocs alone on pages generated before
    docs = Path(config.docs_dir)
    stamp = data_stamp(data_dir) + data_stamp(docs / "_partials")  # the home page's introduction is there
    if STATE.get("stamp") == stamp:
        return  # mkdocs-static-i18n rebuilds once per language: the pages are already current
    STATE["stamp"] = stamp
    try:
        # `serve` keeps what it read and rendered between rebuilds (one PreviewCache, made here once):
        # an edit re-renders only its city. A build keeps nothing.
        if STATE["command"] == "serve" and "cache" not in STATE:
            STATE["cache"] = PreviewCache()
        result = generate(data_dir, docs, cache=STATE.get("cache"), site_url=config.site_url or "")
    except DataError as error:
        STATE["problems"] = error.problems
        report = format_text(error.problems)
        if STATE["command"] != "serve":
            raise PluginError(f"数据有误，未生成网站 / data problems, site not built:\n{report}") from None
        log.error("数据有误，显示上一次正确的数据 / data problems, showing the last valid data:\n%s", report)
        STATE["bannered"] = STATE.get("bannered", set()) | _banner_pages(error.problems)
        _rerender(docs, STATE["bannered"])
        return
    STATE["problems"] = []
    _rerender(docs, STATE.pop("bannered", set()))
    if result.changed:
        log.info("portal: %d generated file(s) updated", len(result.changed))


def _banner_pages(problems: list[Any]) -> set[str]:
    """The pages that show the data-problem banner in a `serve --dirty` rebuild (which renders
    only pages whose file changed): home, the cities index and each city with a problem."""
    from generator.page import LANGS

    stems = ["index", "cities/index"] + [f"cities/{Path(p.file).stem}" for p in problems if "/cities/" in p.file]
    return {f"{stem}.{lang}.md" for stem in stems for lang in LANGS}


def _rerender(docs: Path, pages: set[str]) -> None:
    """Mark these generated pages changed, so a dirty rebuild renders them again (with the
    banner, or without it once the data is fixed)."""
    for name in sorted(pages):
        if (docs / name).is_file():
            os.utime(docs / name)


def generated_pages(docs_dir: Path) -> set[str]:
    """The pages the generator wrote (its manifest in the docs folder), as absolute paths."""
    return {str(docs_dir / name) for name in generated_names(docs_dir) if name.endswith(".md")}


#: Stands in for a generated page's body from Markdown to the finished page (see on_page_content).
BODY = "<!-- portal: generated page body -->"
BODY_BYTES = BODY.encode()


def _is_generated(page: Any, config: Any) -> bool:
    if "generated" not in STATE:
        STATE["generated"] = generated_pages(Path(config.docs_dir))
    return page.file.abs_src_path in STATE["generated"]


#: How much of a generated page is read for its front matter and the start of its body, and then at a
#: time for its body; how much of its end at a time, back to its last byte that is not white space.
HEAD_BYTES = PIECE_BYTES = 1 << 16
TAIL_BYTES = 1 << 10
#: What bytes.strip() strips: ASCII white space.
_WHITESPACE = b" \t\n\r\x0b\x0c"


def on_page_read_source(page: Any, config: Any) -> str | None:
    """A generated page whose body is HTML: its front matter, then BODY. MkDocs needs no more of it;
    the body (megabytes for a theme page at national scale) it would read, decode and copy for
    nothing, 20 MB of its process's memory at 1,000 cities. Its search entries are made from the
    file (on_page_markdown) and the body goes into the written page file to file (_put_bodies).
    Any other page MkDocs reads itself (None)."""
    if not _is_generated(page, config):
        return None
    with open(page.file.abs_src_path, "rb") as file:
        head = file.read(HEAD_BYTES)
        span = _html_span(file, head)
    if span is None:
        return None
    STATE.setdefault("spans", {})[page.file.abs_src_path] = span  # for its entries and its body (_generated_body)
    return f"{head[:_front_matter_end(head)].decode('utf-8')}\n{BODY}\n"


def _front_matter_end(data: bytes) -> int | None:
    """Where a generated page's front matter ends (page.page_markdown writes "---", the YAML, "---"),
    or None if it has none."""
    if data.startswith(b"---\n") and (end := data.find(b"\n---\n", 3)) != -1:
        return end + 5
    return None


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """A generated page is one raw-HTML block, which Markdown returns unchanged
    (tests/test_bench.py checks it) after parsing it, about 40% of a large build:
    carry it past Markdown, and past MkDocs altogether (on_page_content, on_post_page)."""
    if _is_generated(page, config) and markdown.lstrip().startswith("<"):
        STATE.setdefault("bypassed", set()).add(page.file.abs_src_path)
        # Material's search would parse the finished page again and segment all of its text
        # (half of a national build): the generator's own entries stand in for it.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if "search" not in STATE:  # one of each per process, kept across a preview's rebuilds
            STATE["search"], STATE["segmenter"] = PageEntries(), Segmenter()
        title, segmenter = page.title or "", STATE["segmenter"]
        STATE["search"][page.url] = entries_json(
            page_entries_from(page.url, title, _generated_body(page.file.abs_src_path), segmenter)
            if markdown.strip() == BODY else page_entries(page.url, title, markdown, segmenter))
        return ""
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """MkDocs keeps every page's content until the build ends (hundreds of MB at national
    scale): it keeps a marker instead, and the body is read back from the page's file when
    the page is written (on_post_page)."""
    return BODY if page.file.abs_src_path in STATE.get("bypassed", ()) else html


def _generated_body(source: str) -> Body:
    """The body of a generated page as MkDocs would write it (UTF-8): what follows its front matter
    (page.page_markdown writes "---", the YAML, "---"), stripped. When it is plainly a block of HTML
    ("<" to ">" between ASCII white space, so stripping bytes strips what stripping text would), its
    bytes are read from the file piece by piece as they are, never held whole (megabytes for a theme
    page at national scale); anything else is read as text. Where the body lies was found when MkDocs read
    the page (on_page_read_source), within the same build."""
    span = STATE.get("spans", {}).get(source)
    if span is None:
        with open(source, "rb") as file:
            span = _html_span(file, file.read(HEAD_BYTES))
    if span is not None:
        return lambda: _read_span(source, *span)
    text = Path(source).read_bytes().decode("utf-8-sig")
    if text.startswith("---\n") and (text_end := text.find("\n---\n", 3)) != -1:
        body = text[text_end + 5:].strip()
    else:
        from mkdocs.utils.meta import get_data

        body = get_data(text)[0].strip()
    data = body.encode("utf-8", "xmlcharrefreplace")
    return lambda: (data,)


def _html_span(file: BinaryIO, head: bytes) -> tuple[int, int] | None:
    """Where a generated page's body of HTML starts and ends in its file, found from its `head` (the first
    HEAD_BYTES) and its end; None if it has no front matter there, or is not plainly HTML ("<" to ">"
    between ASCII white space)."""
    if (start := _front_matter_end(head)) is None:
        return None
    while start < len(head) and head[start] in _WHITESPACE:
        start += 1
    if start >= len(head) or head[start] != ord("<"):
        return None
    stop, last = _trimmed_end(file, start)
    return (start, stop) if stop - start >= 2 and last == ord(">") else None


def _trimmed_end(file: BinaryIO, start: int) -> tuple[int, int]:
    """Where a file ends once its trailing ASCII white space (after `start`) is left out, and its last byte
    there (-1 if none): read back from its end TAIL_BYTES at a time, not the whole of a long body."""
    stop = file.seek(0, os.SEEK_END)
    while stop > start:
        file.seek(max(start, stop - TAIL_BYTES))
        block = file.read(stop - max(start, stop - TAIL_BYTES))
        kept = block.rstrip(_WHITESPACE)
        if kept:
            return stop - (len(block) - len(kept)), kept[-1]
        stop -= len(block)
    return stop, -1


def _read_span(source: str, start: int, stop: int) -> Iterator[bytes]:
    """The bytes of a file from `start` to `stop`, in pieces of PIECE_BYTES."""
    with open(source, "rb") as file:
        file.seek(start)
        while start < stop:
            piece = file.read(min(PIECE_BYTES, stop - start))
            if not piece:
                return
            start += len(piece)
            yield piece


def _language_folders(config: Any) -> dict[str, str]:
    """Each language this process builds and the folder its pages live in ("" for the default
    language): every language, or the one `portal build` asked for."""
    i18n = config.plugins.get("i18n")
    languages = getattr(i18n, "config", {}).get("languages", []) if i18n else []
    only = os.environ.get(BUILD_LANGUAGE_ENV, "")
    folders = {lang.locale: "" if lang.default else f"{lang.locale}/" for lang in languages
               if lang.build and lang.locale == (only or lang.locale)}
    return folders or {"": ""}


@event_priority(-110)  # after mkdocs-static-i18n (-100) has built every language and Material has written its index
def on_post_build(config: Any) -> None:
    """The generated pages' bodies put in (_put_bodies), then one search index per language: Material's
    entries for the hand-written pages, the generator's for the others. Each language's pages fetch
    their own file (search-lazy.js)."""
    _put_bodies()  # the pages of this build (and of any built inside it, by mkdocs-static-i18n)
    i18n = config.plugins.get("i18n")
    if not getattr(i18n, "building", False):  # every language is built, by this process
        _write_sitemap(config)
        place_static(Path(config.docs_dir), Path(config.site_dir), symbolic=STATE["command"] == "serve")
    elif not os.environ.get(BUILD_LANGUAGE_ENV):
        # mkdocs-static-i18n builds another language inside the first build's on_post_build; after it,
        # that first build's call writes every language's index (with every language's entries)
        return
    search = config.plugins.get("material/search")
    if search is None or not getattr(search, "search_index", None):
        return
    # Under `serve --dirty`, Material carries its last index into the next build and merges it with
    # the new one by the first rebuilt page only; mkdocs-static-i18n hands it the same index again,
    # so every entry doubled per rebuild (790 MB of search index after a few edits, then out of
    # memory). The entries of earlier builds are kept here, by page (`handwritten`), not by Material.
    search.search_index_prev = None
    site = Path(config.site_dir)
    # Material's entries for the hand-written pages, by page: a `serve --dirty` rebuild has only those it rebuilt
    handwritten = STATE.setdefault("handwritten", {})
    rebuilt: dict[str, list[dict[str, Any]]] = {}
    for entry in search.search_index.entries:
        rebuilt.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    handwritten.update((url, entries_json(entries)) for url, entries in rebuilt.items())
    generated: PageEntries | dict[str, str] = STATE.get("search", {})

    def entries(url: str) -> str:  # a page's entries, as JSON
        return generated[url] if url in generated else handwritten[url]

    written = sorted(url for url in {*handwritten, *generated}
                     if (site / url / "index.html").is_file() or (site / url).is_file())
    settings = {key: search.search_index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    folders = _language_folders(config)
    others = tuple(sorted((folder for folder in folders.values() if folder), key=len, reverse=True))
    for folder in folders.values():
        mine = (entries(url) for url in written if (url.startswith(folder) if folder else not url.startswith(others)))
        target = site / folder / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_index(target, settings, mine)


def _write_sitemap(config: Any) -> None:
    """sitemap.xml and robots.txt once every language is built (mkdocs-static-i18n builds the
    others inside the first build's on_post_build); without an address, say what is left out."""
    folders = {lang: folder for lang, folder in _language_folders(config).items() if lang}
    if not folders:
        return
    sitemap.write(Path(config.site_dir), config.site_url or None, folders,
                  sitemap.lastmod_of(os.environ.get("SOURCE_DATE_EPOCH")))
    if not config.site_url:
        log.info(sitemap.NO_ADDRESS)


#: Seconds between two looks for saved files in `serve` (MkDocs' own: 0.5 s, a quarter of the
#: time an edit takes to show). A look at 300 cities' data costs about 3 ms.
POLL_SECONDS = 0.2


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Under `serve`, the theme's templates are compiled once, not for each language of each rebuild."""
    if "cache" in STATE:
        env.bytecode_cache = STATE["cache"].theme_templates
    return env


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Watch only the hand-written pages in the docs folder: the generated ones are rewritten by
    on_pre_build itself, and watching them would trigger a second, useless rebuild per edit. The
    folders watched from here on (the hand-written pages, then mkdocs.yml's `watch:`) are looked
    at every POLL_SECONDS. MkDocs polls rather than asks the system for changes, so that edits
    made through a shared folder (Docker, WSL) are seen too."""
    from generator.content import handwritten_entries

    observer = getattr(server, "observer", None)
    if observer is not None and isinstance(getattr(observer, "_timeout", None), (int, float)):  # watchdog's
        observer._timeout = POLL_SECONDS
    docs = Path(config.docs_dir)
    server.unwatch(config.docs_dir)
    for entry in handwritten_entries(docs):
        server.watch(str(entry))
    server.builder = _guarded(server.builder)
    return server


def _guarded(builder: Any) -> Any:
    """A rebuild that runs out of memory stops the preview with a clear message (MkDocs would
    log it and go on, half-broken); any other failure keeps it running, as MkDocs does, and says so."""

    def rebuild(*args: Any, **kwargs: Any) -> Any:
        try:
            return builder(*args, **kwargs)
        except MemoryError:
            log.error("重建时内存不足，预览停止 / out of memory during a rebuild, the preview stops")
            raise SystemExit(OUT_OF_MEMORY) from None
        except Exception:
            log.error("重建失败，预览仍在运行；保存修改后会再次重建 / the rebuild failed; the preview keeps "
                      "running and rebuilds on the next save (details below)")
            raise

    return rebuild


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    context["share"] = page_share(page, config, config.theme["language"], STATE.get("share_image"))
    context["data_problems"] = [
        {"location": p.location(), "path": p.path, "zh": p.message_zh, "en": p.message_en}
        for p in STATE["problems"][:50]]
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    """The theme's part of the page is finished (publish.finish_page); a generated page's body goes
    into the written file once the build's pages are written (_put_bodies). The body is most of the
    page (megabytes for a theme page at national scale): it is never held as text here, and was
    checked for inline script when it was generated (page.page_markdown)."""
    try:
        output = finish_page(output)
    except UnsafePage as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
    if page.file.abs_src_path in STATE.get("bypassed", ()) and BODY in output:
        STATE.setdefault("bodies", []).append((page.file.abs_dest_path, page.file.abs_src_path))
    return output


def _put_bodies() -> None:
    """Put each generated page's body in place of BODY in the page MkDocs wrote, byte for byte
    what MkDocs would have written with the body in it (UTF-8), file to file."""
    for written, source in STATE.pop("bodies", []):
        page = Path(written).read_bytes()
        at = page.find(BODY_BYTES)
        if at < 0:
            continue
        temporary = Path(written + ".tmp")
        with temporary.open("wb") as out:
            out.write(memoryview(page)[:at])
            for piece in _generated_body(source)():
                out.write(piece)
            out.write(memoryview(page)[at + len(BODY_BYTES):])
        os.replace(temporary, written)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """404.html is rendered from a template, not as a page: it gets the same finishing."""
    if not template_name.endswith(".html"):
        return output_content
    try:
        return finish_page(output_content)
    except UnsafePage as error:
        raise PluginError(f"{template_name}: {error}") from None
