"""Columns of the published tables. CSV headers, the data package's Table Schemas
and the data dictionary page all read these declarations.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One CSV column: name, Table Schema type, labels and description in both languages."""

    name: str
    type: str  # Table Schema type: string, number, integer, date, year
    zh: str
    en: str
    about_zh: str = ""
    about_en: str = ""
    unit: str = ""


FIGURE_COLUMNS: list[Column] = [
    Column("city", "string", "城市标识", "city slug", "城市的稳定标识符（网址用）。", "Stable city identifier used in URLs."),
    Column("city_zh", "string", "城市", "city (Chinese)"),
    Column("city_en", "string", "城市（英文）", "city (English)"),
    Column("theme", "string", "主题", "theme", "sampling、complaints 等。", "sampling, complaints, etc."),
    Column("metric", "string", "指标标识", "metric id", "目录中的指标标识；其他指标为空。",
           "Catalogue metric id; empty for other indicators."),
    Column("metric_zh", "string", "指标", "metric (Chinese)"),
    Column("metric_en", "string", "指标（英文）", "metric (English)"),
    Column("value", "number", "数值", "value", "原文数字，按 unit 所示单位。", "The number as stated, in the unit given."),
    Column("unit", "string", "单位标识", "unit id"),
    Column("unit_zh", "string", "单位", "unit (Chinese)"),
    Column("unit_en", "string", "单位（英文）", "unit (English)"),
    Column("qualifier", "string", "限定词", "qualifier",
           "exact 准确；approximate 约；over 余；at_least 以上；nearly 近；at_most 以下。",
           "exact; approximate (约); over (余); at_least (以上); nearly (近); at_most (以下)."),
    Column("qualifier_class", "string", "限定类别", "qualifier class",
           "exact、approximate、lower_bound 或 upper_bound。", "exact, approximate, lower_bound or upper_bound."),
    Column("display_zh", "string", "显示值", "as displayed (Chinese)", "网站上显示的写法。", "How the site shows it."),
    Column("display_en", "string", "显示值（英文）", "as displayed (English)"),
    Column("period_kind", "string", "期间类型", "period kind",
           "year、range、since、recent、consecutive、annual 或 unstated。",
           "year, range, since, recent, consecutive, annual or unstated."),
    Column("period_start", "integer", "起始年", "first year", "原文写明时才填。", "Only when the document states it."),
    Column("period_end", "integer", "结束年", "last year", "原文写明时才填。", "Only when the document states it."),
    Column("period_years", "integer", "年数", "number of years", "“近3年”“连续3年”的年数。",
           "N in 'last N years' or 'N years running'."),
    Column("period_zh", "string", "期间", "period (Chinese)"),
    Column("period_en", "string", "期间（英文）", "period (English)"),
    Column("scope_zh", "string", "范围", "scope (Chinese)"),
    Column("scope_en", "string", "范围（英文）", "scope (English)"),
    Column("channels", "string", "渠道", "channels", "投诉举报渠道，多个以 | 分隔。", "Complaint channels, separated by |."),
    Column("note_zh", "string", "说明", "note (Chinese)"),
    Column("note_en", "string", "说明（英文）", "note (English)"),
    Column("source", "string", "来源标识", "source id", "见 sources.csv。", "See sources.csv."),
    Column("quote", "string", "原文摘录", "verbatim quote", "来源文件中陈述该数字的原句。",
           "The sentence of the source document that states the figure."),
    Column("record", "string", "数据位置", "record", "该数字在 YAML 文件中的位置。", "Where the figure is in the YAML file."),
]
