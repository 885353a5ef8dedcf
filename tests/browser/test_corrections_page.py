"""A city page with a corrected figure and a 'you pick, we test' round with totals: valid HTML
(W3C Nu) and no serious axe violation in either language, in headless Chromium."""
from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .support import ROOT, build_isolated, serve
from .test_accessibility import AXE, serious_violations
from .test_html_valid import VNU

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DOCUMENT = (ROOT / "tests" / "fixtures" / "valid" / "test-review.txt").read_text(encoding="utf-8")
ROUND_SENTENCE = ("2023年“你点我检”活动共收到投票15000票，按得票数从高到低选取前5种食品进行抽检，"
                  "共抽检60批次，合格58批次，不合格2批次。")
NOTICE = "经核查，2021年食品安全监督抽检合格率应为99.7%，原公布的99.5%有误，特此更正。"
CITY = {
    "slug": "testcity", "name": {"zh": "测试市", "en": "Test City"},
    "sampling": [{"metric": "supervision_pass_rate", "value": 99.7, "period": 2021, "source": "test-review",
                  "quote": "2021年，食品安全监督抽检合格率达到99.7%",
                  "corrections": [{"date": "2026-11-20", "old_value": 99.5,
                                   "reason": {"zh": "原公布数字录入有误", "en": "the figure first published was mistyped"},
                                   "source": "test-correction",
                                   "quote": "2021年食品安全监督抽检合格率应为99.7%，原公布的99.5%有误"}]}],
    "you_pick_we_test": {"rounds": [{
        "id": "round-2023", "title": {"zh": "2023年你点我检", "en": "You pick, we test 2023"}, "date": "2023",
        "selection": {"zh": "按得票数从高到低选取前5种食品", "en": "the five foods with the most votes"},
        "votes_total": {"value": 15000, "quote": "共收到投票15000票"},
        "batches_tested": {"value": 60, "quote": "共抽检60批次"},
        "batches_passed": {"value": 58, "quote": "合格58批次"},
        "batches_failed": {"value": 2, "quote": "不合格2批次"},
        "samples": [{"food": {"zh": "牛奶", "en": "Milk"}, "result": "pass"}],
        "source": "test-review", "quote": "2023年“你点我检”活动共收到投票15000票"}]},
    "sources": [{"id": "test-review", "kind": "provincial_review",
                 "title": {"zh": "测试市初评情况", "en": "Review of Test City"}, "document": "test-review.txt"},
                {"id": "test-correction", "kind": "other", "title": {"zh": "更正说明", "en": "Correction notice"},
                 "date": "2026-11-20", "document": "correction-notice.txt"}],
}
PAGES = ["cities/testcity/", "en/cities/testcity/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corrections-site")
    data = folder / "data"
    (data / "cities").mkdir(parents=True)
    (data / "documents").mkdir()
    (data / "cities" / "testcity.yaml").write_text(yaml.safe_dump(CITY, allow_unicode=True, sort_keys=False),
                                                   encoding="utf-8")
    (data / "documents" / "test-review.txt").write_text(DOCUMENT + ROUND_SENTENCE + "\n", encoding="utf-8")
    (data / "documents" / "correction-notice.txt").write_text(NOTICE + "\n", encoding="utf-8")
    site = folder / "site"
    assert build_isolated(folder / "project", data, site) == 0
    return site


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


def test_the_pages_are_valid_html(site: Path) -> None:
    java = shutil.which("java")
    assert java and VNU.is_file()
    files = [site / path / "index.html" for path in PAGES]
    assert "fig-corrected" in files[0].read_text(encoding="utf-8")
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stderr or run.stdout)
    assert [m["message"] for m in report["messages"] if m.get("type") == "error"] == []


def test_no_serious_accessibility_violation(browser: Any, site_url: str) -> None:
    assert AXE.is_file()
    ctx = browser.new_context(bypass_csp=True, viewport={"width": 375, "height": 740})
    found = {}
    for path in PAGES:
        page = ctx.new_page()
        page.goto(site_url + path, wait_until="load")
        assert page.locator(".fig-corrected").first.is_visible()
        if violations := serious_violations(page):
            found[path] = violations
        page.close()
    ctx.close()
    assert found == {}
