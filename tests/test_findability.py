"""Search results and link previews, without a build: the site address comes from one place and
never names an example domain; descriptions are cut where a reader would cut them; the sitemap
lists every language version with x-default; head values are escaped exactly once.
(The built site is checked in tests/browser/test_findability.py.)"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from markupsafe import escape

from generator import sitemap
from generator.mkdocs_adapter.share import lead_text, page_share, png_size
from generator.render.describe import LIMITS, clip, listing
from generator.site_address import ENV, SiteAddressError, site_address

ROOT = Path(__file__).resolve().parent.parent
XHTML = "{http://www.w3.org/1999/xhtml}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_environment_overrides_mkdocs_yml_and_the_address_ends_in_a_slash() -> None:
    assert site_address("https://data.gov.example.cn/portal/", {}) == "https://data.gov.example.cn/portal/"
    assert site_address("https://a.cn/portal/", {ENV: "https://fork.github.io/repo"}) == "https://fork.github.io/repo/"
    assert site_address("https://a.cn/", {ENV: "  "}) == "https://a.cn/"
    assert site_address(None, {}) is None
    assert site_address("", {ENV: ""}) is None


@pytest.mark.parametrize("address", ["https://food-safety-cities.example.org/", "http://example.com",
                                     "https://portal.example/", "https://x.test/", "food.cn/portal", "/portal/",
                                     "https://a.cn/?x=1"])
def test_an_example_domain_or_a_relative_address_is_refused_naming_where_it_came_from(address: str) -> None:
    with pytest.raises(SiteAddressError, match="mkdocs.yml site_url"):
        site_address(address, {})
    with pytest.raises(SiteAddressError, match=ENV):
        site_address(None, {ENV: address})


def test_mkdocs_yml_names_no_example_domain() -> None:
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    site_address(settings.get("site_url"), {})  # raises SiteAddressError on an example domain


def test_a_long_chinese_description_is_cut_after_a_clause_with_an_ellipsis() -> None:
    text = "西宁市创建国家食品安全示范城市公开的数据：" + "、".join(["抽检合格率", "执法办案", "经费投入"] * 8) + "。"
    cut = clip(text, "zh")
    assert len(cut) <= LIMITS["zh"] and cut.endswith("…")
    assert cut[:-1].endswith(("抽检合格率", "执法办案", "经费投入")), cut  # never inside a word
    assert clip("短的描述。", "zh") == "短的描述。"


def test_a_long_english_description_is_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    words = "Administrative and criminal cases, referrals to police and prosecutors, fines and confiscations " * 3
    cut = clip(words, "en")
    assert len(cut) <= LIMITS["en"] and cut.endswith("…")
    assert words.startswith(cut[:-1]) and words[len(cut) - 1] in " ,", cut  # the next character ends a word
    assert clip("  Short   text. ", "en") == "Short text."


def test_a_list_that_does_not_fit_is_closed_with_and_more_rather_than_cut() -> None:
    items = [f"item number {i}" for i in range(30)]
    text = listing("Figures on ", items, ".", "en")
    assert len(text) <= LIMITS["en"] and text.endswith(" and more.") and "…" not in text
    assert listing("数据：", ["甲", "乙"], "。", "zh") == "数据：甲、乙。"
    assert listing("Data on ", ["a", "b", "c"], ".", "en") == "Data on a, b and c."


def test_a_hand_written_page_without_a_description_is_described_by_its_first_paragraph() -> None:
    assert lead_text('<h1>About</h1>\n<p class="x"></p><p>The <strong>portal</strong> &amp; its data.</p><p>b</p>') \
        == "The portal & its data."


def _page(title: str, description: str | None, canonical: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(title=title, meta={"description": description} if description else {},
                           canonical_url=canonical, content="")


def _config(site_url: str | None) -> SimpleNamespace:
    return SimpleNamespace(site_url=site_url, site_name="Portal & Co", site_description="Site-wide")


def test_head_values_are_escaped_once_whether_or_not_they_came_escaped() -> None:
    hostile = 'Xining "<script>alert(1)</script>" & co'
    generated = page_share(_page(str(escape(hostile)), str(escape(hostile))), _config(None), "en", (1200, 630))
    handwritten = page_share(_page(hostile, hostile), _config(None), "en", (1200, 630))
    assert generated["title"] == handwritten["title"] == str(escape(hostile))
    assert generated["description"] == handwritten["description"] == str(escape(hostile))
    assert generated["site_name"] == "Portal &amp; Co"


def test_without_an_address_no_absolute_value_is_given() -> None:
    without = page_share(_page("T", "D", None), _config(None), "zh", (1200, 630))
    assert (without["url"], without["image"]) == ("", None)
    assert (without["locale"], without["alternate_locales"]) == ("zh_CN", ["en_US"])
    with_address = page_share(_page("T", "D", "https://a.cn/p/x/"), _config("https://a.cn/p/"), "en", (1200, 630))
    assert with_address["url"] == "https://a.cn/p/x/"
    assert with_address["image"]["url"] == "https://a.cn/p/assets/images/share.png"
    assert (with_address["locale"], with_address["alternate_locales"]) == ("en_US", ["zh_CN"])


def test_the_share_image_is_large_enough_for_a_large_preview() -> None:
    size = png_size(ROOT / "theme" / "assets" / "images" / "share.png")
    assert size is not None and min(size) >= 300, size
    assert png_size(ROOT / "mkdocs.yml") is None


def _site(tmp_path: Path, pages: list[str]) -> Path:
    for path in pages:
        (tmp_path / path).mkdir(parents=True, exist_ok=True)
        (tmp_path / path / "index.html").write_text("<html></html>", encoding="utf-8")
    return tmp_path


def test_the_sitemap_lists_each_language_version_with_its_alternates_and_x_default(tmp_path: Path) -> None:
    site = _site(tmp_path, [".", "en", "cities/a", "en/cities/a", "only-zh", "en/only-en"])
    written = sitemap.write(site, "https://a.cn/p/", {"en": "en/", "zh": ""}, "2024-05-01")
    assert written == ["sitemap.xml", "sitemap.xml.gz", "robots.txt"]
    root = ET.parse(site / "sitemap.xml").getroot()
    found = {}
    for url in root.iter(SM + "url"):
        links = {link.get("hreflang"): link.get("href") for link in url.iter(XHTML + "link")}
        found[url.findtext(SM + "loc")] = (url.findtext(SM + "lastmod"), links)
    both = {"zh": "https://a.cn/p/cities/a/", "en": "https://a.cn/p/en/cities/a/", "x-default": "https://a.cn/p/cities/a/"}
    assert found["https://a.cn/p/cities/a/"] == ("2024-05-01", both)
    assert found["https://a.cn/p/en/cities/a/"] == ("2024-05-01", both)
    assert found["https://a.cn/p/only-zh/"][1] == {"zh": "https://a.cn/p/only-zh/", "x-default": "https://a.cn/p/only-zh/"}
    assert found["https://a.cn/p/en/only-en/"][1] == {"en": "https://a.cn/p/en/only-en/",
                                                        "x-default": "https://a.cn/p/en/only-en/"}
    assert len(found) == 6
    assert "Sitemap: https://a.cn/p/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8").splitlines()


def test_without_an_address_a_stale_sitemap_and_robots_are_removed(tmp_path: Path) -> None:
    site = _site(tmp_path, ["."])
    for name in sitemap.FILES:
        (site / name).write_text("<loc>/relative/</loc>", encoding="utf-8")
    assert sitemap.write(site, None, {"zh": "", "en": "en/"}, None) == []
    assert not any((site / name).exists() for name in sitemap.FILES)
