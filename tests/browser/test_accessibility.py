"""axe-core in headless Chromium: no serious or critical violation (WCAG 2.1 A/AA and axe's
best practices: contrast, names of controls, chart alternatives, language of page) on the
home page, a city page and a theme page in both languages and the cities index, with the
charts drawn, at a phone's width and a desktop's."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Watch, wait_settled
from .support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Home, a city and a theme in both languages, the records-summary themes (tables that scroll on a phone),
#: and the cities index (its filter box) once.
PAGES = ["", "cities/xining/", "themes/sampling/", "themes/reviews/", "cities/", "en/", "en/cities/xining/",
         "en/themes/sampling/", "en/themes/targets/"]
VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
SERIOUS = ("serious", "critical")


@pytest.fixture(params=sorted(VIEWPORTS))
def axe_context(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """axe is injected as an inline script, which the site's CSP rightly blocks: bypass it here only."""
    assert AXE.is_file(), "node_modules/axe-core is missing: run `make browser-deps`"
    ctx = browser.new_context(bypass_csp=True, viewport=VIEWPORTS[request.param])
    yield ctx
    ctx.close()


def serious_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in SERIOUS]


def test_no_serious_accessibility_violation(axe_context: Any, site_url: str) -> None:
    found = {}
    for path in PAGES:
        page = axe_context.new_page()
        watch = Watch(origin=site_url)
        watch.attach(page)
        page.goto(site_url + path, wait_until="commit")
        wait_settled([(page, watch)])
        page.wait_for_function("() => [...document.querySelectorAll('.chart')].every(c => c.dataset.drawn)")
        violations = serious_violations(page)
        if violations:
            found[path] = violations
        page.close()
    assert found == {}


def after_comment(template: str) -> str:
    """A template without its leading {#- ... -#} comment."""
    return template.split("-#}\n", 1)[1]


def test_search_partial_is_material_s_with_a_dialog_name() -> None:
    """theme/partials/search.html is Material's, plus aria-label, minus the "search.share" link;
    after a Material upgrade it must be refreshed from the new version."""
    import material

    original = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (ROOT / "theme" / "partials" / "search.html").read_text(encoding="utf-8")
    share = re.compile(r'\n *\{% if "search.share" in features %\}.*?\{% endif %\}', re.S)
    expected = share.sub("", after_comment(original)).replace(
        'role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">', 1)
    assert after_comment(ours) == expected
