"""Citation texts, exact: GB/T 7714-2025 [DS/OL], GB/T 7714-2015 [EB/OL], APA 7 data set,
and the source document's own reference."""
from __future__ import annotations

import datetime as dt

from generator import cite

RELEASE = cite.release("2026-11-26", "https://example.test/portal")
URL = RELEASE.url("cities/xining/", "xining-sampling-batches-since-2021")
DAY = dt.date(2026, 12, 1)


def test_url_is_absolute_with_the_anchor() -> None:
    assert URL == "https://example.test/portal/cities/xining/#xining-sampling-batches-since-2021"
    assert RELEASE.url() == "https://example.test/portal/"


def test_gbt7714_2025_dataset_for_a_figure() -> None:
    assert cite.gbt7714(RELEASE, URL, "西宁市 抽检批次（2021年以来）", DAY) == (
        "国家食品安全示范城市数据公开平台. 国家食品安全示范城市创建数据：西宁市 抽检批次（2021年以来）[DS/OL]. 2026-11-26版. "
        "国家食品安全示范城市数据公开平台（2026-11-26）[2026-12-01]. "
        "https://example.test/portal/cities/xining/#xining-sampling-batches-since-2021.")


def test_gbt7714_leaves_the_access_date_to_the_reader() -> None:
    text = cite.gbt7714(RELEASE, RELEASE.url())
    assert text == ("国家食品安全示范城市数据公开平台. 国家食品安全示范城市创建数据[DS/OL]. 2026-11-26版. "
                    "国家食品安全示范城市数据公开平台（2026-11-26）[引用日期]. https://example.test/portal/.")


def test_gbt7714_2015_electronic_resource() -> None:
    assert cite.gbt7714_2015(RELEASE, URL, "西宁市", DAY) == (
        "国家食品安全示范城市数据公开平台. 国家食品安全示范城市创建数据：西宁市[EB/OL]. (2026-11-26)[2026-12-01]. "
        "https://example.test/portal/cities/xining/#xining-sampling-batches-since-2021.")


def test_apa7_data_set() -> None:
    assert cite.apa7(RELEASE, URL, "Xining, batches tested (since 2021)", DAY) == (
        "Food Safety Demonstration Cities: Open Data. (2026). National Food Safety Demonstration City candidacy data: "
        "Xining, batches tested (since 2021) (Version 2026-11-26) [Data set]. Retrieved December 1, 2026, from "
        "https://example.test/portal/cities/xining/#xining-sampling-batches-since-2021")


def test_without_a_release_date_nothing_is_made_up() -> None:
    undated = cite.release(None, "https://example.test/")
    assert cite.apa7(undated, "https://example.test/") == (
        "Food Safety Demonstration Cities: Open Data. (n.d.). National Food Safety Demonstration City candidacy data "
        "[Data set]. Retrieved Month D, YYYY, from https://example.test/")
    assert "版" not in cite.gbt7714(undated, "https://example.test/")


def test_source_document_reference() -> None:
    source = {"id": "xining-review", "title": {"zh": "西宁市省级初评情况", "en": "Provincial review of Xining"},
              "issuer": {"zh": "青海省食安办", "en": "Qinghai Food Safety Office"}, "date": "2023-05-10"}
    assert cite.source_reference(source, "zh") == "青海省食安办. 西宁市省级初评情况[R]. 2023-05-10."
    assert cite.source_reference(source, "en") == "Qinghai Food Safety Office. (2023). Provincial review of Xining [Report]."
    plan = {"title": {"zh": "实施方案", "en": "Implementation plan"}, "number": "鄂府办发〔2022〕12号",
            "date": "--06-09", "url": "https://gov.example.test/plan.html"}
    assert cite.source_reference(plan, "zh") == "实施方案: 鄂府办发〔2022〕12号[R]. https://gov.example.test/plan.html."
    assert cite.source_reference(plan, "en") == ("Implementation plan: 鄂府办发〔2022〕12号 [Report]. (n.d.). "
                                                 "https://gov.example.test/plan.html")
