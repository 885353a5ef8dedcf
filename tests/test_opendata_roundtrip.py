"""Nothing the YAML holds is lost on its way into the CSV files.

Run on the real data and on a synthetic city that uses every kind of record (figures of
every shape, a full review, 'you pick, we test' rounds with candidates and results,
targets, plan tasks, a yearless date) and text written to trip spreadsheets up.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REAL_DATA, write_data_folder

from generator import derive
from generator.opendata.csvfile import starts_formula, unneutralise
from generator.opendata.rows import edtf
from generator.opendata.tables import DOWNLOADS
from generator.schema.catalogue import COMPARATOR_CODE_OF
from generator.schema.columns import CITY_FILE, TABLES, Column, TableSpec
from generator.validate import Dataset, quoted_items, validate_dataset
from generator.whole import open_data_files

DOC = "trick.txt"
SOURCE = "trick-doc"
QUOTES = {
    "province": "测试市是测试省省会",
    "timeline": "11月2日至11月15日开展省级初评",
    "sampling": "@全市监督抽检合格率达到99.7%以上",
    "complaints": "2021年，受理投诉举报120件",
    "indicator": "＝共有5个示范街区",
    "funding": "近3年投入800余万元",
    "practice": "每年开展“你点我检”活动",
    "round": "开展“你点我检”活动，群众投票选出牛奶，抽检3批次",
    "votes": "投票1000余票",
    "campaign": "第四批国家食品安全示范城市评价验收",
    "indicators": "围绕三大项72个指标",
    "experts": "抽选专家12余人",
    "points": "现场检查点位135个",
    "overt": "明查19类业态92个点位",
    "covert": "暗访若干点位",
    "shortcoming": "-宣传力度不足，公众知晓率有待提高",
    "verdict": "达到创建标准，通过省级初评",
    "target": "监督抽检合格率达到98%以上",
    "zero": "重大事故“零发生”",
}
VERBATIM_ZH = ["下辖三区两县", "省食品安全办", "亮点一：智慧监管", "加强宣传", "婴幼儿配方乳粉企业未检查"]
DOCUMENT = "\n".join([*QUOTES.values(), *VERBATIM_ZH]) + "\n"


def text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def tricky_city() -> dict[str, Any]:
    """A city using every record kind, with texts a spreadsheet would run as formulas."""
    src = {"source": SOURCE}
    return {
        "slug": "trickcity", "name": text("测试市", "Test City"),
        "province": {**text("测试省", "Test Province"), "quote": QUOTES["province"], **src},
        "divisions": {**text("三区两县", "Three districts and two counties"), **src},
        "timeline": [{"date": "--11-02", "event": "provincial_review", "text": text("省级初评", "Provincial review"),
                      **src, "quote": QUOTES["timeline"]}],
        "sampling": [{"metric": "supervision_pass_rate", "value": 99.7, "qualifier": "at_least",
                      "period": {"kind": "range", "start": 2019, "end": 2021},
                      "scope": text("=SUM(A1)范围", "+scope of =cmd"), "note": text("@备注", "-note"),
                      **src, "quote": QUOTES["sampling"]}],
        "complaints": [{"metric": "complaints_received", "value": 120, "unit": "case_jian", "period": 2021,
                        "channels": ["12315", "12345"], **src, "quote": QUOTES["complaints"]}],
        "funding": [{"metric": "funding", "value": 800, "unit": "wan_yuan", "qualifier": "over",
                     "period": {"kind": "recent", "years": 3}, **src, "quote": QUOTES["funding"]}],
        "indicators": [{"label": text("＝全角等号开头的指标", "＠ full-width at sign"), "value": 5, "unit": "item",
                        "period": {"kind": "annual", "since": 2020}, **src, "quote": QUOTES["indicator"]}],
        "you_pick_we_test": {
            "practices": [{"description": text("每年开展", "Every year"), "frequency": "annual",
                           "nomination": text("网络征集", "Online"), "selection": text("得票最高", "Most votes"),
                           **src, "quote": QUOTES["practice"]}],
            "rounds": [{"id": "trick-round", "title": text("牛奶专项", "Milk round"), "date": "2022-06",
                        "period": 2022, "nomination": text("线上", "Online"), "voting": text("投票", "Vote"),
                        "votes_total": {"value": 1000, "qualifier": "over", "quote": QUOTES["votes"]},
                        "candidates": [{"food": text("牛奶", "Milk"), "votes": 600}, {"food": text("面包", "Bread")}],
                        "samples": [{"food": text("牛奶", "Milk"), "batches": 3, "passed": 2, "result": "fail",
                                     "failing_items": [text("菌落总数", "Aerobic count"),
                                                       text("大肠菌群", "Coliforms")],
                                     "note": text("复检", "Retested")}],
                        **src, "quote": QUOTES["round"]}],
        },
        "reviews": [{
            "id": "trick-review", "stage": "preliminary", "level": "provincial", **src,
            "campaign": {**text("第四批评价验收", "Fourth batch"), "quote": QUOTES["campaign"]},
            "body": text("省食品安全办", "Provincial Food Safety Office"), "start": "--11-02", "end": "--11-15",
            "criteria_version": "2021", "guide_version": "2023", "methods": ["document_review", "site_inspection"],
            "indicators": {"value": 72, "quote": QUOTES["indicators"]},
            "experts": {"value": 12, "qualifier": "over", "quote": QUOTES["experts"]},
            "inspection": {"total_points": {"value": 135, "quote": QUOTES["points"]},
                           "visits": [{"mode": "overt", "areas": text("主城4区", "4 districts"), "business_types": 19,
                                       "points": 92, "quote": QUOTES["overt"]},
                                      {"mode": "covert", "quote": QUOTES["covert"]}],
                           "exclusions": text("婴幼儿配方乳粉企业未检查", "No infant formula makers")},
            "highlights": [text("亮点一：智慧监管", "Smart supervision")],
            "shortcomings": [{**text("宣传不足", "Too little publicity"), "quote": QUOTES["shortcoming"]}],
            "recommendations": [text("加强宣传", "More publicity")],
            "verdict": {"outcome": "passed", "summary": text("通过", "Passed"), "quote": QUOTES["verdict"]},
            "note": text("=备注", "+note"),
        }],
        "targets": [{"metric": "supervision_pass_rate", "comparator": ">=", "value": 98, "deadline": 2025, "task": 1,
                     **src, "quote": QUOTES["target"]},
                    {"label": text("重大事故", "Major incidents"), "comparator": "=", "value": 0, "unit": "case_qi",
                     "scope": text("全市", "whole city"), "note": text("零发生", "Zero"), **src,
                     "quote": QUOTES["zero"]}],
        "plans": [{**src, "tasks": [{"number": 1, "title": text("严格抽检", "Tighter sampling"),
                                     "lead": text("市场监管局", "Market regulator"),
                                     "responsible": text("各区政府", "District governments")}]}],
        "sources": [{"id": SOURCE, "kind": "provincial_review", "title": text("测试市初评", "Review of Test City"),
                     "issuer": text("测试省食安办", "Test Province Food Safety Office"), "date": "2022-06-09",
                     "number": "测试〔2022〕1号", "url": "https://example.org/doc", "document": DOC,
                     "note": text("测试用", "For tests")}],
    }


CHANGELOG = {"changes": [
    {"date": "2024-01-02", "title": text("新增测试市 5<6 & “引号”", "Test City added 5<6 & \"quotes\""),
     "summary": text("抽检与评审", "Sampling and review"), "cities": ["trickcity"]},
]}


# ---------------------------------------------------------------- building and reading the files
def build(data_dir: Path) -> tuple[Dataset, dict[str, bytes]]:
    data = validate_dataset(data_dir)
    assert not data.problems, data.problems
    return data, open_data_files(data)


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("tricky")
    return build(write_data_folder(root, cities={"trickcity": tricky_city()}, documents={DOC: DOCUMENT},
                                   changelog=CHANGELOG))


@pytest.fixture(scope="module")
def real() -> tuple[Dataset, dict[str, bytes]]:
    return build(REAL_DATA)


@pytest.fixture(params=["real", "tricky"])
def built(request: pytest.FixtureRequest) -> tuple[Dataset, dict[str, bytes]]:
    return request.getfixturevalue(request.param)


def read(files: dict[str, bytes], spec: TableSpec) -> list[dict[str, str]]:
    data = files[f"{DOWNLOADS}/{spec.path}"]
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def city_spec(slug: str) -> TableSpec:
    return TableSpec(CITY_FILE.name.format(slug=slug), CITY_FILE.path.format(slug=slug), "", "", "", "",
                     CITY_FILE.columns)


def all_tables(data: Dataset) -> list[TableSpec]:
    return [*TABLES, *(city_spec(slug) for slug in sorted(data.cities))]


def number(cell: str) -> float:
    return float(cell)


# ---------------------------------------------------------------- every figure
def figure_expectations(fig: derive.Figure) -> dict[str, Any]:
    start, end = (fig.period.get("start", fig.period.get("year", fig.period.get("since"))),
                  fig.period.get("end", fig.period.get("year")))
    return {"metric": fig.metric or "", "metric_zh": fig.label["zh"], "metric_en": fig.label["en"],
            "unit": fig.unit, "qualifier": fig.qualifier, "period_kind": fig.period["kind"],
            "period_start": "" if start is None else str(start), "period_end": "" if end is None else str(end),
            "period_years": str(fig.period.get("years", "")), "scope_zh": (fig.scope or {}).get("zh", ""),
            "scope_en": (fig.scope or {}).get("en", ""), "note_zh": (fig.note or {}).get("zh", ""),
            "note_en": (fig.note or {}).get("en", ""), "channels": "|".join(fig.channels), "source": fig.source,
            "quote": fig.quote, "theme": fig.theme}


def test_every_yaml_figure_is_a_row_of_figures_csv_its_theme_file_and_its_city_file(built: Any) -> None:
    data, files = built
    figures = list(derive.all_figures(data))
    assert figures
    tables = {spec.name: read(files, spec) for spec in all_tables(data)}
    by_record = {name: {r["record"]: r for r in rows if "." not in r.get("item", "")}
                 for name, rows in tables.items() if name != "cities"}
    assert len(tables["figures"]) == len(figures)
    for fig in figures:
        record = f"{data.files[fig.city]}#{fig.path}"
        row = by_record["figures"][record]
        assert number(row["value"]) == fig.value
        got = {k: unneutralise(row[k]) for k in figure_expectations(fig)}
        assert got == figure_expectations(fig), record
        if fig.period["kind"] == "since":
            assert row["period_end"] == "", "a 'since' period states no last year; none may be invented"
        assert by_record[fig.theme.replace("_", "-")][record] == row
        city_row = by_record[f"city-{fig.city}"][record]
        assert (number(city_row["value"]), city_row["unit"], city_row["qualifier"], city_row["quote"]) == (
            fig.value, fig.unit, fig.qualifier, row["quote"])


# ---------------------------------------------------------------- every quoted record
def sourced_quotes(rows: list[dict[str, str]]) -> Iterator[tuple[str, str, str]]:
    """(record, source, quote) of each row; a row may hold several (cities.csv: province_, divisions_)."""
    for row in rows:
        for key in row:
            prefix = key[: -len("record")]
            if key.endswith("record") and row[key] and f"{prefix}source" in row and f"{prefix}quote" in row:
                yield row[key], row[f"{prefix}source"], unneutralise(row[f"{prefix}quote"])


def test_every_quoted_record_is_in_the_csv_files_with_its_source_and_quote(built: Any) -> None:
    data, files = built
    theme_triples = {t for spec in TABLES for t in sourced_quotes(read(files, spec))}
    checked = 0
    for slug, city in data.cities.items():
        city_triples = set(sourced_quotes(read(files, city_spec(slug))))
        for path, item, source in quoted_items(city):
            triple = (f"{data.files[slug]}#{path}", source, item.get("quote", item.get("zh")))
            assert triple in theme_triples, triple
            assert triple in city_triples, triple
            checked += 1
    assert checked >= len(list(derive.all_figures(data)))


# ---------------------------------------------------------------- every value of every field
def leaves(node: Any) -> Iterator[Any]:
    """Every scalar the validated YAML holds."""
    if isinstance(node, dict):
        for value in node.values():
            yield from leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from leaves(value)
    else:
        yield node


def cell_values(rows: list[dict[str, str]]) -> tuple[set[str], set[float]]:
    texts, numbers = set(), set()
    for row in rows:
        for cell in row.values():
            original = unneutralise(cell)
            texts.add(original)
            texts.update(original.split("|"))
            try:
                numbers.add(float(cell))
            except ValueError:
                pass
    return texts, numbers


def missing_leaves(city: dict[str, Any], rows: list[dict[str, str]]) -> list[Any]:
    texts, numbers = cell_values(rows)
    missing = []
    for leaf in leaves(city):
        if isinstance(leaf, (int, float)) and not isinstance(leaf, bool):
            found = float(leaf) in numbers or str(leaf) in texts
        else:
            found = str(leaf) in texts or edtf(str(leaf)) in texts or COMPARATOR_CODE_OF.get(str(leaf)) in texts
        if not found:
            missing.append(leaf)
    return missing


def test_every_value_of_every_field_reaches_the_theme_files_and_the_city_file(built: Any) -> None:
    data, files = built
    theme_rows = [row for spec in TABLES for row in read(files, spec)]
    for slug, city in data.cities.items():
        own = [r for r in theme_rows if r.get("city") == slug]
        assert missing_leaves(city, own) == [], slug
        city_rows = read(files, city_spec(slug))
        if city_rows:
            assert missing_leaves(city, city_rows) == [], slug
        else:  # a city with nothing recorded yet (a fresh `portal new-city` file): its file is the header alone
            assert set(missing_leaves(city, city_rows)) <= {slug, *city["name"].values()}, slug


# ---------------------------------------------------------------- formulas and types in every file
def test_no_text_cell_in_any_file_can_start_a_formula_and_numbers_parse(built: Any) -> None:
    data, files = built
    for spec in all_tables(data):
        types = {c.name: c.type for c in spec.columns}
        for row in read(files, spec):
            for name, cell in row.items():
                if types[name] in ("number", "integer") and cell:
                    float(cell)
                else:
                    assert not starts_formula(cell), (spec.path, name, cell)


def test_tricky_texts_are_neutralised_but_kept(tricky: Any) -> None:
    data, files = tricky
    sampling = read(files, next(s for s in TABLES if s.name == "sampling"))[0]
    assert (sampling["scope_zh"], sampling["scope_en"], sampling["note_zh"], sampling["note_en"]) == (
        "'=SUM(A1)范围", "'+scope of =cmd", "'@备注", "'-note")
    assert sampling["quote"] == "'" + QUOTES["sampling"]
    indicator = read(files, next(s for s in TABLES if s.name == "indicators"))[0]
    assert indicator["metric_zh"] == "'＝全角等号开头的指标"
    targets = read(files, next(s for s in TABLES if s.name == "targets"))
    assert [t["comparator"] for t in targets] == ["ge", "eq"]
    assert [t["status"] for t in targets] == ["met", "no_actual"]


def test_columns_of_every_file_are_the_declared_ones(built: Any) -> None:
    data, files = built
    for spec in all_tables(data):
        header = next(csv.reader(io.StringIO(files[f"{DOWNLOADS}/{spec.path}"].decode("utf-8-sig"))))
        assert header == [c.name for c in spec.columns]
        assert len(set(header)) == len(header)


def required(spec: TableSpec) -> list[Column]:
    return [c for c in spec.columns if c.required]


def test_required_columns_are_filled(built: Any) -> None:
    data, files = built
    for spec in all_tables(data):
        for row in read(files, spec):
            assert all(row[c.name] for c in required(spec)), (spec.path, row.get("record"))
