"""Synthetic but valid data folders for the benchmark: N cities at national scale.

Each city has ten years of figures in every figure theme, other indicators, two
reviews, four "you pick, we test" rounds with candidates and samples, targets, a
timeline and one source whose document holds every quote. The output must pass
`portal check` exactly like real data, so the benchmark measures the real code
paths (a test asserts it validates without problems).

Usage: python bench/synth.py OUT_DIR --cities 300   (writes OUT_DIR/data/)
"""
from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.schema import catalogue as cat

YEARS = range(2014, 2024)
PROVINCES = [("河北省", "Hebei Province"), ("山西省", "Shanxi Province"), ("辽宁省", "Liaoning Province"),
             ("吉林省", "Jilin Province"), ("江苏省", "Jiangsu Province"), ("浙江省", "Zhejiang Province"),
             ("安徽省", "Anhui Province"), ("福建省", "Fujian Province"), ("江西省", "Jiangxi Province"),
             ("山东省", "Shandong Province"), ("河南省", "Henan Province"), ("湖北省", "Hubei Province"),
             ("湖南省", "Hunan Province"), ("广东省", "Guangdong Province"), ("四川省", "Sichuan Province"),
             ("贵州省", "Guizhou Province"), ("云南省", "Yunnan Province"), ("陕西省", "Shaanxi Province"),
             ("甘肃省", "Gansu Province"), ("青海省", "Qinghai Province")]
FOODS = [("月饼", "Mooncakes"), ("粽子", "Zongzi"), ("食用油", "Cooking oil"), ("豆制品", "Soy products"),
         ("散装白酒", "Loose liquor"), ("蜂蜜", "Honey"), ("鲜肉", "Fresh meat"), ("蔬菜", "Vegetables"),
         ("鸡蛋", "Eggs"), ("奶茶", "Milk tea"), ("熟食", "Cooked meat"), ("米粉", "Rice noodles")]

#: metric id -> (lowest, highest, decimals): the figures each city publishes for every year, at least one
#: metric in every figure theme (110 figures a city; the real cities publish 20–40).
YEARLY: dict[str, tuple[float, float, int]] = {
    "population": (80, 1200, 1),
    "supervision_pass_rate": (96, 99.9, 1), "evaluation_pass_rate": (95, 99.5, 1), "sampling_density": (3, 9, 2),
    "complaints_received": (800, 30000, 0), "complaints_closed": (0, 0, 0),
    "administrative_cases": (200, 5000, 0), "criminal_cases": (5, 300, 0),
    "funding": (300, 9000, 0), "regulatory_staff": (150, 2500, 0), "satisfaction_score": (70, 95, 2),
}


@dataclass
class CityWriter:
    """Builds one city and the document its quotes come from, side by side, so every quote is verbatim."""

    index: int
    rng: random.Random
    lines: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"city-{self.index:04d}"

    @property
    def source(self) -> str:
        return f"{self.slug}-review"

    @property
    def name(self) -> dict[str, str]:
        return {"zh": f"第{self.index}示范市", "en": f"Model City {self.index}"}

    def say(self, sentence: str) -> str:
        """Put a sentence in the document and return it as a quote."""
        self.lines.append(sentence)
        return sentence

    def number(self, metric: str) -> float | int:
        low, high, decimals = YEARLY[metric]
        value = round(self.rng.uniform(low, high), decimals)
        return int(value) if decimals == 0 else value


def _digits(value: float | int) -> str:
    return str(value)


def _figure(w: CityWriter, metric_id: str, year: int, value: float | int) -> dict[str, Any]:
    metric = cat.METRICS[metric_id]
    unit = metric.unit
    quote = w.say(f"{year}年，全市{metric.zh}为{_digits(value)}{unit.zh}。")
    return {"metric": metric_id, "value": value, "period": year, "source": w.source, "quote": quote}


def yearly_figures(w: CityWriter) -> dict[str, list[dict[str, Any]]]:
    """Ten years of every metric in YEARLY, grouped by theme; closed ≤ received by construction."""
    themes: dict[str, list[dict[str, Any]]] = {theme: [] for theme in cat.FIGURE_THEMES}
    for year in YEARS:
        received = w.number("complaints_received")
        closed = int(received * w.rng.uniform(0.9, 1.0))
        derived = {"complaints_received": received, "complaints_closed": closed}
        for metric_id in YEARLY:
            value = derived.get(metric_id, None)
            value = w.number(metric_id) if value is None else value
            themes[cat.METRICS[metric_id].theme].append(_figure(w, metric_id, year, value))
    for theme in ("profile", "funding", "staffing"):
        themes[theme].sort(key=lambda f: (f["metric"], f["period"]))
    return themes


def indicators(w: CityWriter) -> list[dict[str, Any]]:
    rooms = w.rng.randint(5, 60)
    log_ins = w.rng.randint(10, 900)
    return [
        {"label": {"zh": "建成快检室的农贸市场", "en": "Farmers' markets with a rapid-testing room"},
         "value": rooms, "unit": "business_jia", "period": {"kind": "unstated"}, "source": w.source,
         "quote": w.say(f"全市{rooms}家农贸市场建成快检室。")},
        {"label": {"zh": "“明厨亮灶”平台登录人次", "en": "Log-ins to the transparent-kitchen platform"},
         "value": log_ins, "unit": "wan_person", "qualifier": "over", "period": {"kind": "since", "start": 2020},
         "source": w.source, "quote": w.say(f"2020年以来，{log_ins}万余人次登录“明厨亮灶”平台。")},
    ]


def _statement(w: CityWriter, zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en, "quote": w.say(f"{zh}，成效明显。")}


def review(w: CityWriter, stage: str, level: str, year: int) -> dict[str, Any]:
    """One review with a body, dates, counts, an inspection, findings and a verdict, each quoted."""
    body_zh = "省食品安全办" if level == "provincial" else "国务院食品安全办"
    body_en = "Provincial Food Safety Office" if level == "provincial" else "Food Safety Office of the State Council"
    experts, points = w.rng.randint(5, 20), w.rng.randint(40, 120)
    overt = w.rng.randint(10, points - 10)
    return {
        "id": f"{w.slug}-{level}-review", "stage": stage, "level": level, "source": w.source,
        "body": {"zh": body_zh, "en": body_en, "quote": w.say(f"{year}年，{body_zh}组织对{w.name['zh']}开展评审。")},
        "start": f"{year}-11-02", "end": f"{year}-11-15", "criteria_version": "2021" if year < 2023 else "2023",
        "methods": ["document_review", "site_inspection", "interviews"],
        "indicators": {"value": 30, "quote": w.say(f"{year}年评审共计30个指标。")},
        "experts": {"value": experts, "quote": w.say(f"{year}年评审组由{experts}名专家组成。")},
        "inspection": {
            "total_points": {"value": points, "quote": w.say(f"{year}年评审累计核查{points}个点位。")},
            "visits": [
                {"mode": "overt", "points": overt, "quote": w.say(f"{year}年明查{overt}个点位。")},
                {"mode": "covert", "points": points - overt, "quote": w.say(f"{year}年暗访{points - overt}个点位。")},
            ]},
        "highlights": [_statement(w, f"{year}年{w.name['zh']}压实党政同责",
                                  "Party and government share responsibility"),
                       _statement(w, f"{year}年{w.name['zh']}推进智慧监管", "Smart regulation was rolled out")],
        "shortcomings": [_statement(w, f"{year}年{w.name['zh']}基层监管力量仍需加强",
                                    "Local inspection capacity still needs strengthening")],
        "recommendations": [_statement(w, f"{year}年建议{w.name['zh']}加强宣传动员", "Do more publicity")],
        "verdict": {"outcome": "recommended" if level == "provincial" else "passed",
                    "summary": {"zh": "达到评价细则要求", "en": "Meets the Evaluation Rules"},
                    "quote": w.say(f"{year}年评审认为，{w.name['zh']}达到了评价细则的要求。")},
    }


def test_round(w: CityWriter, number: int) -> dict[str, Any]:
    """A round with five candidate foods, the votes they got, and four tested samples."""
    year = 2019 + number
    foods = w.rng.sample(FOODS, 5)
    total = w.rng.randint(5000, 90000)
    samples = []
    for zh, en in foods[:4]:
        batches = w.rng.randint(10, 80)
        failed = w.rng.choice([0, 0, 0, 1, 2])
        sample: dict[str, Any] = {"food": {"zh": zh, "en": en}, "batches": batches, "passed": batches - failed,
                                  "result": "fail" if failed else "pass"}
        if failed:
            sample["failing_items"] = [{"zh": "菌落总数", "en": "Total bacterial count"}]
        samples.append(sample)
    return {
        "id": f"{w.slug}-round-{number}",
        "title": {"zh": f"{year}年“你点我检”活动", "en": f"'You pick, we test' {year}"},
        "date": f"{year}-06", "nomination": {"zh": "线上征集", "en": "Online nominations"},
        "votes_total": {"value": total, "quote": w.say(f"{year}年“你点我检”活动共收到投票{total}票。")},
        "candidates": [{"food": {"zh": zh, "en": en}, "votes": w.rng.randint(100, total // 5)} for zh, en in foods],
        "samples": samples, "source": w.source,
        "quote": w.say(f"{year}年开展“你点我检”活动，群众投票选出抽检食品。"),
    }


def targets(w: CityWriter) -> list[dict[str, Any]]:
    return [
        {"metric": "supervision_pass_rate", "comparator": ">=", "value": 98, "unit": "percent", "deadline": 2025,
         "source": w.source, "quote": w.say("到2025年，监督抽检合格率达到98%以上。")},
        {"metric": "sampling_density", "comparator": ">=", "value": 5, "unit": "batch_per_1000", "deadline": 2025,
         "source": w.source, "quote": w.say("到2025年，抽检量达到5批次/千人。")},
        {"metric": "closure_rate", "comparator": ">=", "value": 95, "unit": "percent", "source": w.source,
         "quote": w.say("投诉举报受理办结率达到95%以上。")},
        {"label": {"zh": "快检室覆盖农贸市场比例", "en": "Farmers' markets with a rapid-testing room"},
         "comparator": "=", "value": 100, "unit": "percent", "deadline": 2024, "source": w.source,
         "quote": w.say("到2024年，农贸市场快检室覆盖率达到100%。")},
    ]


def city(index: int, seed: int = 0) -> tuple[dict[str, Any], str]:
    """One valid city and the text of its source document."""
    w = CityWriter(index, random.Random(seed * 100_003 + index))
    province_zh, province_en = PROVINCES[index % len(PROVINCES)]
    w.say(f"{w.name['zh']}创建国家食品安全示范城市评审报告")
    data: dict[str, Any] = {
        "slug": w.slug, "name": w.name,
        "province": {"zh": province_zh, "en": province_en, "source": w.source,
                     "quote": w.say(f"{w.name['zh']}位于{province_zh}。")},
        "timeline": [
            {"date": "2019", "event": "launched", "source": w.source, "quote": w.say("2019年启动示范城市创建工作。")},
            {"date": "2022-11-02", "event": "provincial_review", "source": w.source,
             "quote": w.say("2022年11月2日开展省级初评。")},
        ],
    }
    data.update(yearly_figures(w))
    data["indicators"] = indicators(w)
    data["you_pick_we_test"] = {
        "practices": [{"description": {"zh": "每年开展“你点我检”", "en": "'You pick, we test' every year"},
                       "frequency": "annual", "source": w.source, "quote": w.say("每年开展“你点我检”活动。")}],
        "rounds": [test_round(w, k) for k in range(1, 5)]}
    data["reviews"] = [review(w, "preliminary", "provincial", 2022), review(w, "acceptance", "national", 2023)]
    data["targets"] = targets(w)
    data["sources"] = [{"id": w.source, "kind": "provincial_review",
                        "title": {"zh": f"{w.name['zh']}创建评审报告", "en": f"Review of {w.name['en']}"},
                        "issuer": {"zh": "省食品安全办", "en": "Provincial Food Safety Office"},
                        "document": f"{w.source}.txt"}]
    return data, "\n".join(w.lines) + "\n"


class _NoAliasDumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Data files may not use anchors or aliases: repeated objects are written out in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=1000)


def write_data(root: Path, cities: int, seed: int = 0) -> Path:
    """Write `root/data/` with `cities` cities and a changelog; replace it if it exists."""
    data = root / "data"
    if data.exists():
        shutil.rmtree(data)
    (data / "cities").mkdir(parents=True)
    (data / "documents").mkdir()
    for index in range(1, cities + 1):
        record, document = city(index, seed)
        (data / "cities" / f"{record['slug']}.yaml").write_text(to_yaml(record), encoding="utf-8")
        (data / "documents" / record["sources"][0]["document"]).write_text(document, encoding="utf-8")
    changelog = {"changes": [{"date": "2024-01-02", "title": {"zh": "合成数据", "en": "Synthetic data"},
                              "summary": {"zh": f"{cities}个合成城市", "en": f"{cities} synthetic cities"},
                              "cities": ["city-0001"]}]}
    (data / "changelog.yaml").write_text(to_yaml(changelog), encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write data/ into (never the repository's data/)")
    parser.add_argument("--cities", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(write_data(args.out, args.cities, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
