"""`portal new-city`, `new-review`, `new-round`, `new-source`: commented YAML skeletons for staff.

A new city file validates as written: it holds only what the command knows for certain (slug and
names) and an empty source list; everything else is a commented template to fill in and uncomment.
Templates added to an existing file are comments only, so its data cannot change. An insertion is
written only after two proofs: the file reads exactly as before, and uncommenting the block adds
one item where it belongs. Otherwise the block is printed for pasting. Template fields, labels and
allowed values are read from the schema, so a template cannot drift from what the validator wants.
"""
from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..load import parse_yaml
from ..problems import Problem, format_text
from ..schema import catalogue as cat
from ..schema.city import CITY, REVIEW, ROUND, SOURCE, TIMELINE_EVENT, Slug, figure_record, slug_problem
from ..schema.spec import Context, Enum, Field, ListOf, Number, PartialDate, Record, Ref, Text, Variant
from ..validate import CITY_DIR, DOCUMENT_DIR, display_path, validate_dataset
from .yaml_insert import comment_out, indent, plan_insert

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/city.schema.json"
COMMENT_COLUMN = 24

#: English names of the provincial-level divisions, to prefill a new city's province.
PROVINCES = {
    "北京市": "Beijing Municipality", "天津市": "Tianjin Municipality", "上海市": "Shanghai Municipality",
    "重庆市": "Chongqing Municipality", "河北省": "Hebei Province", "山西省": "Shanxi Province",
    "辽宁省": "Liaoning Province", "吉林省": "Jilin Province", "黑龙江省": "Heilongjiang Province",
    "江苏省": "Jiangsu Province", "浙江省": "Zhejiang Province", "安徽省": "Anhui Province",
    "福建省": "Fujian Province", "江西省": "Jiangxi Province", "山东省": "Shandong Province",
    "河南省": "Henan Province", "湖北省": "Hubei Province", "湖南省": "Hunan Province",
    "广东省": "Guangdong Province", "海南省": "Hainan Province", "四川省": "Sichuan Province",
    "贵州省": "Guizhou Province", "云南省": "Yunnan Province", "陕西省": "Shaanxi Province",
    "甘肃省": "Gansu Province", "青海省": "Qinghai Province",
    "内蒙古自治区": "Inner Mongolia Autonomous Region", "广西壮族自治区": "Guangxi Zhuang Autonomous Region",
    "西藏自治区": "Tibet Autonomous Region", "宁夏回族自治区": "Ningxia Hui Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region",
}

#: A blueprint lists the fields a template shows: a name, or (name, sub-blueprint) for nested records.
Blueprint = list[Any]

SOURCE_FIELDS: Blueprint = ["id", "kind", "title", "issuer", "date", "number", "url", "document"]
REVIEW_FIELDS: Blueprint = ["id", "stage", "level", "source", "body", "start", "end", "criteria_version", "methods",
                            ("highlights", ["zh", "en"]), ("shortcomings", ["zh", "en"]),
                            ("verdict", ["outcome", "summary", "quote"])]
ROUND_FIELDS: Blueprint = ["id", "title", "date", "votes_total",
                           ("samples", ["food", "batches", "passed", "result"]), "source", "quote"]
FIGURE_FIELDS: Blueprint = ["metric", "value", "period", "source", "quote"]
TIMELINE_FIELDS: Blueprint = ["date", "event", "text", "source", "quote"]
PROVINCE_FIELDS: Blueprint = ["zh", "en", "quote", "source"]

HOW_TO_UNCOMMENT = [
    "# 填写空白字段，不用的可选字段整行删除；然后选中本段按 Ctrl+/（Mac：Cmd+/）取消注释，运行 make check。",
    "# Fill in the blank fields and delete optional lines you do not use; then select this block, press",
    "# Ctrl+/ (Mac: Cmd+/) to uncomment it and run make check. A field left blank is reported, never published.",
]


# ---------------------------------------------------------------- templates from the schema
def _choices(values: Mapping[str, Any]) -> str:
    return " | ".join(f"{key} {getattr(c, 'zh', '')}".strip() for key, c in values.items())


def kind_hint(kind: Any) -> str:
    """What a field of this kind takes, in both languages, for the comment beside it."""
    if isinstance(kind, Enum):
        return _choices(kind.values)
    if isinstance(kind, ListOf) and isinstance(kind.item, Enum):
        return "列表 / list: [" + ", ".join(kind.item.values) + "]"
    if isinstance(kind, Slug):
        return "小写英文、数字、连字符 / lowercase letters, digits, hyphens"
    if isinstance(kind, Ref):
        return "sources 中的 id / an id listed under sources"
    if isinstance(kind, PartialDate):
        return "2024-06-09、2024-06 或 2024 / as precise as the document"
    if isinstance(kind, Variant):
        return "年份如 2023；原文未写时 {kind: unstated} / a year such as 2023; {kind: unstated} if none is stated"
    if isinstance(kind, Number):
        return "整数 / a whole number" if kind.integer else "只填数字 / digits only"
    return ""


def field_comment(spec: Field) -> str:
    """Label, whether it may be left out, and what it takes (the schema's own words where it has them)."""
    parts = [f"{spec.zh} / {spec.en}"]
    if not spec.required:
        parts.append("可选 / optional")
    hint = kind_hint(spec.kind)
    if spec.about_zh and not isinstance(spec.kind, Enum):
        parts.append(f"{spec.about_zh} / {spec.about_en}")
    elif hint and len(hint) <= 90:
        parts.append(hint)
    return " · ".join(parts)


def _pack(items: list[str], width: int) -> list[str]:
    """Join items with ' | ' into lines of about `width` characters, never splitting an item."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(item) + 3 <= width:
            lines[-1] += " | " + item
        else:
            lines.append(item)
    return lines


def _scalar(value: Any) -> str:
    """A value as YAML writes it (quoted when it has to be)."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def _line(key: str, value: str, comment: str) -> str:
    head = f"{key}: {value}".rstrip() if value else f"{key}:"
    return f"{head.ljust(COMMENT_COLUMN)}  # {comment}" if comment else head


def render_fields(record: Record, blueprint: Blueprint, prefill: dict[str, Any], path: str = "") -> list[str]:
    """Template lines (indent 0) for the chosen fields of a record; blank where nothing is prefilled."""
    lines: list[str] = []
    for entry in blueprint:
        name, sub = entry if isinstance(entry, tuple) else (entry, None)
        lines += render_field(record.by_name[name], sub, prefill, f"{path}.{name}" if path else name)
    return lines


def render_field(spec: Field, sub: Blueprint | None, prefill: dict[str, Any], path: str) -> list[str]:
    kind, comment = spec.kind, field_comment(spec)
    hint = kind_hint(kind)
    lines = [f"# {chunk}" for chunk in _pack(hint.split(" | "), 90)] if len(hint) > 90 else []
    if isinstance(kind, Text):
        return lines + [_line(spec.name, "", comment)] + [
            "  " + _line(lang, _prefilled(prefill, f"{path}.{lang}"), "") for lang in ("zh", "en")]
    if isinstance(kind, Record):
        fields = sub or [f.name for f in kind.fields if f.required]
        return lines + [_line(spec.name, "", comment)] + indent(render_fields(kind, fields, prefill, path), "  ")
    if isinstance(kind, ListOf) and isinstance(kind.item, Record):
        fields = sub or [f.name for f in kind.item.fields if f.required]
        return lines + [_line(spec.name, "", comment)] + _dash(render_fields(kind.item, fields, prefill, path))
    return lines + [_line(spec.name, _prefilled(prefill, path), comment)]


def _prefilled(prefill: dict[str, Any], path: str) -> str:
    return _scalar(prefill[path]) if path in prefill else ""


def _dash(lines: list[str]) -> list[str]:
    """Indent a record's lines as the first item of a list: `- first`, then two spaces."""
    first = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return ["  " + line for line in lines[:first]] + ["  - " + lines[first]] + indent(lines[first + 1:], "    ")


def item_template(record: Record, blueprint: Blueprint, prefill: dict[str, Any] | None = None) -> list[str]:
    """One list item, at indent 0: `- field:` then the other fields."""
    lines = render_fields(record, blueprint, prefill or {})
    first = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return lines[:first] + ["- " + lines[first]] + indent(lines[first + 1:], "  ")


# ---------------------------------------------------------------- the new-city file
def city_text(name_zh: str, name_en: str, slug: str, province: str, province_en: str) -> str:
    """A new city file: valid as written, with commented templates for everything still to find."""
    header = [
        SCHEMA_LINE,
        f"# {name_zh} / {name_en} — 由 portal new-city 生成 / made by portal new-city.",
        "#",
        "# 本文件现在就能通过校验：只写了确定的信息（标识符和名称）。下面的注释模板按顺序填写：",
        "# 1. 来源：把原文全文存为 data/documents/<来源id>.txt，填写 sources 模板，并用它替换 `sources: []`；",
        "# 2. 省份、创建历程和数字：每个数字都要有来源（source）和逐字摘录（quote）。",
        "# This file validates as it stands: it holds only what is certain (slug and names). Fill the",
        "# commented templates below in order:",
        "# 1. Sources: save the document's full text as data/documents/<source id>.txt, fill in the sources",
        "#    template and let it replace `sources: []`;",
        "# 2. Province, timeline and figures: every figure needs its source and a verbatim quote.",
        *HOW_TO_UNCOMMENT,
        "",
        _line("slug", slug, "网址标识符，发布后不得更改 / URL slug; never changes once published"),
        _line("name", "", "城市名称 / city name"),
        f"  zh: {_scalar(name_zh)}",
        f"  en: {_scalar(name_en)}",
        _line("sources", "[]", "添加第一个来源时用下面的模板替换本行 / replaced by the template below"),
        "",
    ]
    return "\n".join(header + _city_templates(province, province_en)) + "\n"


def _city_templates(province: str, province_en: str) -> list[str]:
    prefill = {"province.zh": province} if province else {}
    if province_en:
        prefill["province.en"] = province_en
    figure = figure_record("sampling")
    themes = [f"# {line}" for t in cat.FIGURE_THEMES
              for line in textwrap.wrap(f"{t}: " + ", ".join(cat.metrics_of(t)), 100, subsequent_indent="  ")]
    sections = [
        (["# ── 来源 / Sources ──"], ["sources:"] + indent(item_template(SOURCE, SOURCE_FIELDS), "  ")),
        (["# ── 所属省份 / Province（quote 为原文中写明省份的一句话 / quote: a sentence naming it）──"],
         render_fields(CITY, [("province", PROVINCE_FIELDS)], prefill)),
        (["# ── 创建历程 / Candidacy timeline ──"],
         ["timeline:"] + indent(item_template(TIMELINE_EVENT, TIMELINE_FIELDS), "  ")),
        (["# ── 数字 / Figures: 主题与指标 / themes and their metrics ──", *themes,
          "# 可选字段 / optional: unit, qualifier, scope, note（见编辑器提示 / see the editor's hints）"],
         ["sampling:"] + indent(item_template(figure, FIGURE_FIELDS), "  ")),
    ]
    lines: list[str] = []
    for header, body in sections:
        lines += comment_out(header + body, 0) + [""]
    return lines


def province_en(name: str) -> str:
    """The English name of a province given in Chinese (full or short form), or ''."""
    if name in PROVINCES:
        return PROVINCES[name]
    matches = [en for zh, en in PROVINCES.items() if name and zh.startswith(name)]
    return matches[0] if len(matches) == 1 else ""


# ---------------------------------------------------------------- commands
def _say(zh: str, en: str, stream: Any = None) -> None:
    print(zh, file=stream or sys.stdout)
    print(en, file=stream or sys.stdout)


def _problems_in(data_dir: Path, path: Path) -> list[Problem]:
    display = display_path(path, data_dir)
    return [p for p in validate_dataset(data_dir).problems if p.file == display]


def _check_alone(text: str, display: str) -> list[Problem]:
    """Schema problems of one city text, before anything is written."""
    root, problems = parse_yaml(text, display)
    if root is None:
        return problems
    ctx = Context(display)
    CITY.read(root, "", ctx)
    return ctx.problems


def cmd_new_city(args: argparse.Namespace) -> int:
    data_dir = Path(args.data)
    why = slug_problem(args.slug)
    if why:
        _say(f"✗ 标识符 “{args.slug}” 无效：{why[0]}", f"✗ the slug \"{args.slug}\" is not valid: {why[1]}", sys.stderr)
        return 2
    path = data_dir / CITY_DIR / f"{args.slug}.yaml"
    if path.exists():
        _say(f"✗ {path} 已存在，未做任何改动。", f"✗ {path} already exists; nothing was changed.", sys.stderr)
        return 1
    name_en = args.name_en or args.slug.replace("-", " ").title()
    prov_en = args.province_en or province_en(args.province or "")
    text = city_text(args.name, name_en, args.slug, args.province or "", prov_en)
    problems = _check_alone(text, display_path(path, data_dir))
    if problems:
        print(format_text(problems), file=sys.stderr)
        _say("✗ 输入有误，未写入文件。", "✗ the input has problems; no file was written.", sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    _say(f"✓ 已创建 {path}（英文名 “{name_en}” 请核对）。", f"✓ created {path} (check the English name \"{name_en}\").")
    if args.province and not prov_en:
        _say("  省份的英文名请在模板中填写。", "  Fill in the province's English name in the template.")
    _say(f"  下一步：把来源全文放进 {data_dir / DOCUMENT_DIR}/，再按文件中的注释填写。",
         f"  Next: put the source's full text in {data_dir / DOCUMENT_DIR}/, then follow the comments in the file.")
    return _report(data_dir, path)


def _report(data_dir: Path, path: Path) -> int:
    problems = _problems_in(data_dir, path)
    if problems:
        print(format_text(problems), file=sys.stderr)
        return 1
    _say(f"✓ {path} 通过校验。", f"✓ {path} passes validation.")
    return 0


@dataclass(frozen=True)
class Scaffold:
    """A template that is added to an existing city file: where it goes and what it holds."""

    path: tuple[str, ...]
    record: Record
    blueprint: Blueprint
    zh: str
    en: str
    before: tuple[str, ...] = ()


SCAFFOLDS = {
    "new-review": Scaffold(("reviews",), REVIEW, REVIEW_FIELDS, "新评审", "new review",
                           ("# 评审报告须先列入 sources（portal new-source）。",
                            "# The review report must be listed under sources first (portal new-source).")),
    "new-round": Scaffold(("you_pick_we_test", "rounds"), ROUND, ROUND_FIELDS, "新一轮“你点我检”",
                          "new 'you pick, we test' round"),
    "new-source": Scaffold(("sources",), SOURCE, SOURCE_FIELDS, "新来源", "new source",
                           ("# 原文全文存为 data/documents/<id>.txt，document 填该文件名。",
                            "# Save the full text as data/documents/<id>.txt and name that file in document.")),
}


def cmd_add(args: argparse.Namespace) -> int:
    """Add a commented template to a city file, or print it when that cannot be made safe."""
    scaffold = SCAFFOLDS[args.command]
    data_dir = Path(args.data)
    path = data_dir / CITY_DIR / f"{args.slug}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted((data_dir / CITY_DIR).glob("*.yaml"))) or "—"
        _say(f"✗ 找不到 {path}。已有城市：{known}", f"✗ {path} does not exist. Cities: {known}", sys.stderr)
        return 2
    raw = path.read_bytes().decode("utf-8")
    bom, text = ("\ufeff", raw[1:]) if raw.startswith("\ufeff") else ("", raw)
    header = [f"# ── {scaffold.zh} / {scaffold.en} ──", *scaffold.before, *HOW_TO_UNCOMMENT]
    item = item_template(scaffold.record, scaffold.blueprint)
    plan = plan_insert(text, scaffold.path, item, header)
    if plan.text is None:
        where = ".".join(scaffold.path)
        _say(f"无法安全地自动插入 {path}，请把下面的模板粘贴到 {where} 列表中：",
             f"Cannot insert into {path} safely; paste this template into the {where} list:", sys.stderr)
        print("\n".join(plan.pasteable))
        return 0
    if args.print_only:
        _say(f"模板应插入 {path} 第 {plan.line} 行：", f"The template goes into {path} at line {plan.line}:",
             sys.stderr)
        print("\n".join(plan.block))
        return 0
    path.write_bytes((bom + plan.text).encode("utf-8"))
    _say(f"✓ 已在 {path} 第 {plan.line} 行加入{scaffold.zh}模板（全是注释，数据未变）。",
         f"✓ added a commented {scaffold.en} template to {path} at line {plan.line} (comments only; data unchanged).")
    _say("  要填写的字段见模板中每行的注释。", "  Each line's comment in the template says what to fill in.")
    return _report(data_dir, path)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    city = sub.add_parser("new-city", help="新建城市文件 / create a city file")
    city.add_argument("name", help="城市中文名，如 鄂尔多斯市 / the city's Chinese name")
    city.add_argument("--slug", required=True, help="网址标识符，如 ordos / URL slug")
    city.add_argument("--province", default="", help="所属省份，如 内蒙古自治区 / province in Chinese")
    city.add_argument("--name-en", default="", help="英文名（默认取自标识符）/ English name (default: from the slug)")
    city.add_argument("--province-en", default="", help="省份英文名 / the province's English name")
    city.set_defaults(run=cmd_new_city)
    helps = {"new-review": "加入评审模板 / add a review template",
             "new-round": "加入“你点我检”活动模板 / add a 'you pick, we test' round template",
             "new-source": "加入来源模板 / add a source template"}
    for name, text in helps.items():
        command = sub.add_parser(name, help=text)
        command.add_argument("slug", help="城市标识符 / the city's slug")
        command.add_argument("--print", dest="print_only", action="store_true",
                             help="只打印模板，不改文件 / print the template, leave the file alone")
        command.set_defaults(run=cmd_add)
