"""Templates and words of the open-data pages (download page, data dictionary).

Templates autoescape, as the site's do; the only HTML passed through unescaped is the
hand-written Markdown partials under content/_partials/, rendered here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"
#: Hand-written parts of the pages. The producer interface passes no content folder,
#: so they are read from the repository's content/_partials/ (as mkdocs.yml's docs_dir).
PARTIALS = Path(__file__).resolve().parents[2] / "content" / "_partials"

WORDS: dict[str, tuple[str, str]] = {
    "download_all": ("下载全部", "Download everything"),
    "zip_about": ("一个 ZIP 文件，内含全部 CSV、datapackage.json 和说明。",
                  "One ZIP file with every CSV, datapackage.json and a README."),
    "files": ("文件", "Files"),
    "tables": ("按主题的表格（所有城市）", "Tables by theme (all cities)"),
    "city_files": ("按城市的表格", "Tables by city"),
    "metadata": ("说明文件与订阅", "Metadata and feeds"),
    "file": ("文件", "File"),
    "contents": ("内容", "Contents"),
    "rows": ("行数", "Rows"),
    "size": ("大小", "Size"),
    "updated": ("更新日期", "Last update"),
    "licence": ("许可", "Licence"),
    "licence_and_citation": ("许可与引用", "Licence and citation"),
    "cite_as": ("引用格式", "Cite as"),
    "dictionary": ("数据字典", "Data dictionary"),
    "dictionary_about": ("数据字典说明每个 CSV 列和每个 YAML 字段的类型、单位与中英文含义",
                         "The data dictionary explains every CSV column and YAML field: type, unit and meaning in "
                         "Chinese and English"),
    "package_about": ("Frictionless 数据包：每个 CSV 的表结构（类型、单位、中英文说明）、许可和来源。",
                      "Frictionless data package: each CSV's Table Schema (types, units, descriptions in both "
                      "languages), the licence and the sources."),
    "feed_about": ("数据更新的 Atom 订阅源", "Atom feed of data updates"),
    "updates": ("数据更新", "Data updates"),
    "subscribe": ("用 RSS/Atom 阅读器订阅数据更新：", "Subscribe to data updates in an RSS/Atom reader:"),
    "not_stated": ("未注明", "not stated"),
    "no_updates": ("尚无更新记录。", "No updates recorded yet."),
    "csv_columns": ("CSV 文件的列", "Columns of the CSV files"),
    "yaml_fields": ("YAML 数据文件的字段", "Fields of the YAML data files"),
    "column": ("列", "Column"),
    "field": ("字段", "Field"),
    "type": ("类型", "Type"),
    "unit": ("单位", "Unit"),
    "zh_description": ("中文说明", "Chinese description"),
    "en_description": ("英文说明", "English description"),
    "required": ("必填", "Required"),
    "yes": ("是", "yes"),
    "codes": ("取值", "Codes"),
    "metrics": ("指标目录", "Metric catalogue"),
    "units": ("单位", "Units"),
    "metric": ("指标标识", "Metric id"),
    "theme": ("主题", "Theme"),
    "allowed_units": ("允许的单位", "Allowed units"),
    "id": ("标识", "Id"),
    "applies_to": ("适用文件", "Files"),
    "city_file_fields": ("城市数据文件 data/cities/<slug>.yaml", "City files data/cities/<slug>.yaml"),
    "changelog_fields": ("数据更新记录 data/changelog.yaml", "Changelog data/changelog.yaml"),
    "city_file_title": ("一个城市的全部数据（每个城市一个文件）", "All data of one city (one file per city)"),
    "same_as_first": ("其余字段同", "other fields as in"),
    "see_metrics": ("见指标目录", "see the metric catalogue"),
    "see_units": ("见单位表", "see the table of units"),
    "reading": ("读取整数列", "Reading whole-number columns"),
    "reading_integers": ("类型为“整数”的列可能有空单元格（原文未写明时留空，绝不填 0）。pandas 默认把含空值的整数列读成小数"
                         "（2021.0）；请按整数读取：",
                         "Columns of type integer may have empty cells (left empty when the document does not "
                         "state the value, never filled with 0). By default pandas reads such a column as decimals "
                         "(2021.0); read it as whole numbers with:"),
    "nullable_integers": ("可能为空的整数列", "Integer columns that may be empty"),
    "dictionary_intro": ("下表由网站校验数据所用的同一份结构定义生成：CSV 的每一列、YAML 数据文件的每一个字段，"
                         "连同类型、单位和中英文说明。", "Generated from the same schema the site uses to check its "
                         "data: every column of the CSV files and every field of the YAML data files, with type, "
                         "unit and descriptions in Chinese and English."),
}


def word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def partial(name: str, lang: str, folder: Path = PARTIALS) -> str:
    """A hand-written part of a page, as HTML. A missing partial is an error, not a blank."""
    path = folder / f"{name}.{lang}.md"
    if not path.is_file():
        raise FileNotFoundError(f"missing hand-written part of the open-data pages: {path}")
    return markdown.markdown(path.read_text(encoding="utf-8"))


ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                  trim_blocks=True, lstrip_blocks=True)


def render(template: str, **values: Any) -> str:
    html = ENV.get_template(template).render(**values)
    return "\n".join(line for line in html.splitlines() if line.strip())
