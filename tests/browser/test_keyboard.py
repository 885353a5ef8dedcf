"""A keyboard-only and screen-reader visitor, in headless Chromium: a skip link first on every
kind of page, Tab never landing on something the visitor cannot see, every link and disclosure
telling its target apart by name (as a screen reader's list of links shows them), the city
filter announcing its result count, and the language switch keeping the section being read."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import wait_settled
from .support import page_lang, page_paths

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
#: The page's own content, as opposed to the header, tabs, drawer and footer around it.
CONTENT = ".md-content"
#: Plain Tab presses from page load until focus is in the content, at most (the skip link takes one).
#: Presses from page load to the page's content or its own contents list (Material's sidebar of
#: headings, which the page offers before its text), without the skip link: the header's stops
#: (skip link, logo, five section tabs, search, language) and at most a few of the navigation.
MAX_TABS_TO_CONTENT = 13
#: Shift+Tab presses from page load (the end of the page: footer, back-to-top button).
BACKWARD_TABS = 8

#: What the keyboard focus is on, and why a sighted visitor could not see it (empty if they can).
#: CSS transitions are finished after two frames, so a control fading in on focus counts as shown;
#: Material opens search on focus a frame or more later (more on a busy machine), so a control still
#: unseen is looked at again for up to half a second before it counts as unseen.
FOCUSED = """async () => {
  const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  let seen = null;
  for (let attempt = 0; attempt < 10; attempt++) {
    await frames();
    document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} });
    seen = look();
    if (!seen || !seen.why.length) return seen;
    await new Promise(done => setTimeout(done, 50));
  }
  return seen;
  function look() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const why = [];
  let r = el.getBoundingClientRect();
  let box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  if (r.width < 1 || r.height < 1) why.push('no size');
  if (r.right <= 0 || r.left >= innerWidth) why.push('off-screen');
  let opacity = 1;
  for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
    const style = getComputedStyle(a);
    opacity *= parseFloat(style.opacity);
    if (a !== el && a !== document.documentElement && a !== document.body && style.overflow !== 'visible') {
      const c = a.getBoundingClientRect();
      box = {left: Math.max(box.left, c.left), top: Math.max(box.top, c.top),
             right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom)};
    }
  }
  if (getComputedStyle(el).visibility !== 'visible') why.push('visibility hidden');
  if (opacity < 0.1) why.push('transparent');
  if (!why.length && (box.right - box.left < 1 || box.bottom - box.top < 1)) why.push('clipped by a container');
  if (el.closest('[aria-hidden="true"]')) why.push('inside aria-hidden');
  const name = (el.getAttribute('aria-label') || el.textContent || el.id || '').trim().replace(/\\s+/g, ' ');
  return {what: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${name.slice(0, 30)}"`,
          why, inContent: !!el.closest('""" + CONTENT + """, .md-sidebar--secondary')};
  }
}"""


#: Whether the page's content has anything the keyboard can reach (the about page has not).
HAS_CONTROLS = f"""() => !!document.querySelector(
  '{CONTENT} a[href], {CONTENT} summary, {CONTENT} input, {CONTENT} button, {CONTENT} [tabindex="0"]')"""


def page_kinds(site_dir: Path) -> list[str]:
    """One page of each kind in each language (home, a city, the cities index, a theme, a source,
    the data page, about ...), and the 404 page."""
    kinds: dict[tuple[str, str, int], str] = {}
    for path in page_paths(site_dir):
        parts = path.removeprefix("en/").strip("/").split("/") if path not in ("", "en/") else []
        kinds.setdefault((page_lang(path), parts[0] if parts else "", len(parts)), path)
    return sorted(kinds.values()) + ["404.html"]


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport_page(request: pytest.FixtureRequest, browser: Any, site_url: str) -> Callable[[str], Any]:
    """`open_(path)`: the page at one viewport's size, once it has settled."""
    ctx = browser.new_context(viewport=VIEWPORTS[request.param])
    request.addfinalizer(ctx.close)
    page = ctx.new_page()
    from .conftest import Watch

    watch = Watch(origin=site_url)
    watch.attach(page)

    def open_(path: str) -> Any:
        watch.reset()
        page.goto(site_url + path, wait_until="commit")
        wait_settled([(page, watch)])
        return page

    return open_


def test_skip_link_first_on_every_page_kind_moves_focus_to_the_content(
        site_dir: Path, viewport_page: Callable[[str], Any]) -> None:
    """The first Tab shows a "skip to content" link; Enter on it puts the focus in the page's
    content, so the next Tab is the content's first link."""
    wrong = {}
    for path in page_kinds(site_dir):
        page = viewport_page(path)
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        link = page.evaluate("() => { const a = document.activeElement; return a.tagName === 'A' "
                             "&& a.getAttribute('href').startsWith('#') ? a.textContent.trim() : null; }")
        expected = "跳到正文" if page_lang(path) == "zh" and path != "404.html" else None
        if link is None or first["why"] or (expected and expected not in link):
            wrong[path] = f"first Tab: {first}"
            continue
        page.keyboard.press("Enter")
        landed = page.evaluate(f"() => !!document.activeElement.closest('{CONTENT}')")
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUSED)
        if not landed or (page.evaluate(HAS_CONTROLS) and not (after and after["inContent"])):
            wrong[path] = f"after Enter on the skip link, focus in content: {landed}; next Tab: {after}"
    assert wrong == {}


def test_tab_never_lands_on_what_cannot_be_seen_and_reaches_the_content(
        site_dir: Path, viewport_page: Callable[[str], Any]) -> None:
    """Forward from page load until the content, and backward from the page's end: every stop of
    the focus is visible (has a size, is on screen, not transparent, not clipped away, not inside
    aria-hidden), and the content comes within MAX_TABS_TO_CONTENT presses."""
    invisible: dict[str, list[str]] = defaultdict(list)
    too_far = {}
    for path in page_kinds(site_dir):
        page = viewport_page(path)
        presses = 0
        while presses < MAX_TABS_TO_CONTENT + 8:
            page.keyboard.press("Tab")
            presses += 1
            focused = page.evaluate(FOCUSED)
            if focused and focused["why"]:
                invisible[path].append(f"Tab {presses}: {focused['what']} {focused['why']}")
            if focused and focused["inContent"]:
                break
        if presses > MAX_TABS_TO_CONTENT and page.evaluate(HAS_CONTROLS):
            too_far[path] = presses
        page = viewport_page(path)
        for back in range(1, BACKWARD_TABS + 1):
            page.keyboard.press("Shift+Tab")
            focused = page.evaluate(FOCUSED)
            if focused and focused["why"]:
                invisible[path].append(f"Shift+Tab {back}: {focused['what']} {focused['why']}")
    assert dict(invisible) == {}
    assert too_far == {}, f"Tab presses to reach the content (at most {MAX_TABS_TO_CONTENT})"


#: What a disclosure opens: the text of its <details> but the summary's.
OPENS = """el => [...el.closest('details').childNodes].filter(n => n !== el)
                 .map(n => n.textContent).join(' ').replace(/\\s+/g, ' ').trim()"""


def accessible_names(page: Any) -> list[tuple[str, str, str]]:
    """(role, accessible name, target) of every link and disclosure (<summary>) of the page, the
    names as Chromium's accessibility tree gives them to a screen reader; a link's target is its
    URL, a disclosure's the text it opens."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        found = []
        for node in nodes:
            role = node.get("role", {}).get("value")
            if node.get("ignored") or role not in ("link", "DisclosureTriangle"):
                continue
            name = (node.get("name", {}).get("value") or "").strip()
            if role == "link":
                props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
                found.append((role, name, str(props.get("url", ""))))
                continue
            handle = cdp.send("DOM.resolveNode", {"backendNodeId": node["backendDOMNodeId"]})["object"]
            opens = cdp.send("Runtime.callFunctionOn", {"objectId": handle["objectId"], "returnByValue": True,
                                                        "functionDeclaration": f"function () {{ return ({OPENS})(this); }}"})
            found.append((role, name, opens["result"].get("value", "")))
    finally:
        cdp.detach()
    return found


def test_links_and_disclosures_are_told_apart_by_name_on_every_page(
        site_dir: Path, site_url: str, open_page: Callable[..., Any]) -> None:
    """WCAG 2.4.4/2.4.9: on each page, links with the same accessible name go to the same place,
    and disclosures with the same name ("Source", "Show the quote") open the same text: each says
    whose source it opens (the same figure shown twice may have its source twice)."""
    page, watch = open_page("")
    same_name: dict[str, list[str]] = {}
    for path in page_paths(site_dir) + ["404.html"]:
        watch.reset()
        page.goto(site_url + path, wait_until="commit")
        wait_settled([(page, watch)])
        named = accessible_names(page)
        targets: dict[tuple[str, str], set[str]] = defaultdict(set)
        for role, name, target in named:
            targets[role, name].add(target)
        clashes = [f"{n} {role}s named {name!r} lead to {n} different places"
                   for (role, name), found in targets.items() if (n := len(found)) > 1]
        clashes += [f"unnamed {role}" for role, name, _ in named if not name]
        if clashes:
            same_name[path] = sorted(clashes)[:6]
    assert same_name == {}


def test_city_filter_announces_its_count(open_page: Callable[..., Any]) -> None:
    """The count of cities shown sits in a polite live region, and changes as the visitor types."""
    for path, query in (("cities/", "zzzz"), ("en/cities/", "zzzz")):
        page, watch = open_page(path)
        live = page.evaluate("""() => {
          const count = document.getElementById('city-count');
          const region = count && count.closest('[aria-live="polite"], [role="status"]');
          return region ? {text: count.textContent, live: region.getAttribute('aria-live') || 'polite'} : null;
        }""")
        assert live is not None, f"{path}: the filter's count is not in a live region"
        assert live["live"] == "polite"
        page.fill("#city-filter", query)
        after = page.text_content("#city-count")
        assert after != live["text"], (path, live["text"], after)
        assert page.evaluate("() => !!document.getElementById('city-count').closest('[aria-live]')")
        assert watch.problems() == {}


def test_language_switch_keeps_the_section_being_read(site_dir: Path, site_url: str,
                                                      open_page: Callable[..., Any]) -> None:
    """A reader at a section (#anchor) of a city page or the about page who switches language
    lands on the same section in the other language, both ways."""
    city = next(p for p in page_paths(site_dir) if p.startswith("cities/") and p != "cities/")
    page, watch = open_page(city)
    landed, expected = {}, {}
    for path in (city, "about/"):
        page.goto(site_url + path)
        wait_settled([(page, watch)])
        anchor = page.evaluate(f"() => [...document.querySelectorAll('{CONTENT} h2[id]')][1].id")
        for lang, start in (("en", path), ("zh", "en/" + path)):
            page.goto(site_url + start + "#" + anchor)
            wait_settled([(page, watch)])
            page.hover(".md-select button")
            with page.expect_navigation():
                page.click(f".md-select__link[hreflang={lang}]")
            wait_settled([(page, watch)])
            landed[start] = (page.url.removeprefix(site_url),
                             page.evaluate("() => { const t = document.getElementById(location.hash.slice(1));"
                                           " return !!t && Math.abs(t.getBoundingClientRect().top) < innerHeight / 2; }"))
            expected[start] = ((path if lang == "zh" else "en/" + path) + "#" + anchor, True)
    assert landed == expected


def heading_ids(html: str) -> set[str]:
    """Ids of the headings inside the page's article (its own content)."""
    article = html.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
    return set(re.findall(r'<h[1-6][^>]*\sid="([^"]+)"', article))


def test_sections_have_the_same_anchor_in_both_languages(site_dir: Path) -> None:
    """Every section heading of every page has the same id on the page's translation (the
    hand-written pages too, whose headings would otherwise get ids made from their words)."""
    differ = {}
    for path in page_paths(site_dir):
        if page_lang(path) == "en":
            continue
        zh = heading_ids((site_dir / path / "index.html").read_text(encoding="utf-8"))
        en = heading_ids((site_dir / "en" / path / "index.html").read_text(encoding="utf-8"))
        if zh != en:
            differ[path] = (sorted(zh - en)[:4], sorted(en - zh)[:4])
    assert differ == {}


def test_menu_opens_by_keyboard_on_a_phone(browser: Any, site_url: str) -> None:
    """On a narrow screen the site's navigation is in a drawer: its menu button takes the focus,
    says whether it is open, opens with Enter onto visible links, and closes with Escape."""
    ctx = browser.new_context(viewport=VIEWPORTS["phone"])
    try:
        page = ctx.new_page()
        page.goto(site_url + "cities/")
        menu = "label.md-header__button[for=__drawer]"
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate(f"() => document.activeElement.matches('{menu}')"), page.evaluate(FOCUSED)
        assert page.get_attribute(menu, "aria-expanded") == "false"
        page.keyboard.press("Enter")
        assert page.get_attribute(menu, "aria-expanded") == "true"
        for _ in range(3):
            focused = page.evaluate(FOCUSED)
            assert focused["why"] == [] and "md-nav" in focused["what"], focused
            page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        assert page.get_attribute(menu, "aria-expanded") == "false"
        assert page.evaluate(f"() => document.activeElement.matches('{menu}')")
    finally:
        ctx.close()
