"""Columns of the published tables. CSV headers, the data package's Table Schemas
and the data dictionary page all read these declarations.

A column says its Table Schema type, its labels and description in both languages,
its unit when it is fixed, whether it is always filled, and, for coded columns, the
allowed codes (taken from the catalogue, so a new code is allowed everywhere at once).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import catalogue as cat


@dataclass(frozen=True)
class Column:
    """One CSV column: name, Table Schema type, labels and description in both languages."""

    name: str
    type: str  # Table Schema type: string, number, integer
    zh: str
    en: str
    about_zh: str = ""
    about_en: str = ""
    unit: str = ""
    required: bool = False
    codes: tuple[str, ...] = field(default=(), compare=False)


def coded(name: str, zh: str, en: str, choices: dict[str, cat.Choice], about_zh: str = "", about_en: str = "",
          required: bool = False) -> list[Column]:
    """A coded column followed by its zh and en labels (e.g. qualifier, qualifier_zh, qualifier_en)."""
    return [Column(name, "string", zh, en, about_zh, about_en, required=required, codes=tuple(choices)),
            Column(f"{name}_zh", "string", f"{zh}（中文）", f"{en} (Chinese)"),
            Column(f"{name}_en", "string", f"{zh}（英文）", f"{en} (English)")]


def pair(name: str, zh: str, en: str, about_zh: str = "", about_en: str = "") -> list[Column]:
    """A text published in both languages: name_zh and name_en."""
    return [Column(f"{name}_zh", "string", zh, f"{en} (Chinese)", about_zh, about_en),
            Column(f"{name}_en", "string", f"{zh}（英文）", en, about_zh, about_en)]


def renamed(column: Column, name: str) -> Column:
    """The same column under another name, optional (e.g. province_source beside source)."""
    return replace(column, name=name, required=False)


# ---------------------------------------------------------------- shared columns
CITY = Column("city", "string", "城市标识", "city slug", "城市的稳定标识符（网址用），见 cities.csv。",
              "Stable city identifier used in URLs; see cities.csv.", required=True)
CITY_NAMES = [CITY, Column("city_zh", "string", "城市", "city (Chinese)", required=True),
              Column("city_en", "string", "城市（英文）", "city (English)", required=True)]
SOURCE = Column("source", "string", "来源标识", "source id", "见 sources.csv。", "See sources.csv.")
QUOTE = Column("quote", "string", "原文摘录", "verbatim quote", "来源文件中陈述该事实的原句。",
               "The sentence of the source document that states the fact.")
RECORD = Column("record", "string", "数据位置", "record",
                "该行在 YAML 数据文件中的位置：文件#字段路径。",
                "Where the row comes from in the YAML data: file#field path.", required=True)
VALUE = Column("value", "number", "数值", "value", "原文数字，单位见 unit。",
               "The number as stated, in the unit given.")
UNIT = coded("unit", "单位", "unit", {u: cat.Choice(u, x.zh, x.en) for u, x in cat.UNITS.items()})
QUALIFIER = coded("qualifier", "限定词", "qualifier", cat.QUALIFIERS,
                  "exact 准确；approximate 约；over 余；at_least 以上；nearly 近；at_most 以下；"
                  "approximate_over 约…余（如“约5万余吨”）。",
                  "exact; approximate (the document says 'about'); over ('more than'); at_least ('or more'); "
                  "nearly; at_most ('or less'); approximate_over ('about … -plus', both words in one figure).")
DISPLAY = pair("display", "显示值", "as displayed", "网站上显示的写法。", "How the site shows it.")
PERIOD = [
    Column("period_kind", "string", "期间类型", "period kind",
           "year、range、since、recent、consecutive、annual 或 unstated。",
           "year, range, since, recent, consecutive, annual or unstated.", codes=tuple(cat.PERIOD_KINDS)),
    Column("period_start", "integer", "起始年", "first year", "原文写明时才填。", "Only when the document states it.",
           unit="year"),
    Column("period_end", "integer", "结束年", "last year", "原文写明时才填。", "Only when the document states it.",
           unit="year"),
    Column("period_years", "integer", "年数", "number of years", "“近3年”“连续3年”的年数。",
           "N in 'last N years' or 'N years running'.", unit="year"),
    *pair("period", "期间", "period"),
]
SCOPE = pair("scope", "范围", "scope", "数字所覆盖的范围。", "What the figure covers.")
NOTE = pair("note", "说明", "note")
TEXT = pair("text", "文字", "text")
DATE = [Column("date", "string", "日期", "date",
               "EDTF 写法，精确到原文：2022-06-09、2022-06、2022；年份未注明时为 XXXX-11-02。",
               "EDTF, as precise as the document: 2022-06-09, 2022-06, 2022; XXXX-11-02 when no year is stated."),
        *pair("date", "日期", "date")]
ITEM = Column("item", "integer", "序号", "item number", "列表中的第几项（从 1 起）。",
              "Position in its list, counting from 1.")

# ---------------------------------------------------------------- figures (figures.csv and one file per theme)
FIGURE_THEME_IDS = {**{t: cat.THEMES[t] for t in cat.FIGURE_THEMES}, "indicators": cat.THEMES["indicators"]}

FIGURE_COLUMNS: list[Column] = [
    *CITY_NAMES,
    Column("theme", "string", "主题", "theme", "sampling、complaints 等。", "sampling, complaints, etc.",
           required=True, codes=tuple(FIGURE_THEME_IDS)),
    Column("metric", "string", "指标标识", "metric id", "目录中的指标标识；其他指标为空。",
           "Catalogue metric id; empty for other indicators.", codes=tuple(cat.METRICS)),
    Column("metric_zh", "string", "指标", "metric (Chinese)", required=True),
    Column("metric_en", "string", "指标（英文）", "metric (English)", required=True),
    replace(VALUE, required=True),
    *UNIT, *QUALIFIER,
    Column("qualifier_class", "string", "限定类别", "qualifier class",
           "exact、approximate、lower_bound 或 upper_bound。", "exact, approximate, lower_bound or upper_bound.",
           codes=tuple(sorted(set(cat.QUALIFIER_CLASS.values())))),
    *DISPLAY,
    *coded("change", "变化", "change", cat.CHANGES, "数值为变化量时的方向：increase 提高/增长，decrease 下降；否则为空。",
           "When the value is a change, its direction: increase or decrease; empty otherwise."),
    Column("compared_to", "integer", "比较年份", "compared with", "变化所比较的年份（“较2022年”）；原文未写时为空。",
           "The year a change is measured against ('on 2022'); empty when the document gives none.", unit="year"),
    *PERIOD, *SCOPE,
    *pair("among", "排名范围", "ranked among", "排名（unit 为 rank）在什么范围内，如“全省”。",
          "What a ranking (unit rank) is among, e.g. 'the province'."),
    Column("channels", "string", "渠道", "channels", "投诉举报渠道，多个以 | 分隔。",
           "Complaint channels, separated by |."),
    *NOTE,
    replace(SOURCE, required=True), replace(QUOTE, required=True), RECORD,
]

# ---------------------------------------------------------------- reviews: one row per fact
REVIEW_COLUMNS: list[Column] = [
    *CITY_NAMES,
    Column("review", "string", "评审编号", "review id", required=True),
    *coded("stage", "评审阶段", "stage", cat.REVIEW_STAGES, required=True),
    *coded("level", "评审层级", "level", cat.REVIEW_LEVELS, required=True),
    Column("fact", "string", "事项", "fact", "该行所述事项在数据文件中的字段路径，如 experts、highlights、verdict。",
           "The field path of the fact in the data file, e.g. experts, highlights, verdict.", required=True),
    *pair("fact", "事项名称", "fact name"),
    ITEM,
    Column("code", "string", "代码", "code", "结论、版本、方式等的代码，或日期（EDTF）。",
           "Code of a verdict, edition, method, inspection mode, or a date (EDTF)."),
    Column("value", "number", "数值", "value", "人数、份数、点位数等计数。",
           "A count: experts, documents, points, etc."),
    *QUALIFIER, *TEXT,
    replace(SOURCE, required=True), QUOTE, RECORD,
]

# ---------------------------------------------------------------- you pick, we test: one row per fact
YOU_PICK_KINDS = cat.choices(("practice", "做法", "practice"), ("round", "活动", "round"),
                             ("votes_total", "投票总数", "votes cast"),
                             ("batches_tested", "抽检批次总数", "batches tested in all"),
                             ("batches_passed", "合格批次总数", "batches passed in all"),
                             ("batches_failed", "不合格批次总数", "batches failed in all"),
                             ("candidate", "候选食品", "candidate food"), ("sample", "抽检结果", "test result"))
YOU_PICK_COLUMNS: list[Column] = [
    *CITY_NAMES,
    *coded("kind", "类别", "kind", YOU_PICK_KINDS, "做法、活动、投票总数、活动的抽检/合格/不合格批次总数、候选食品或抽检结果。",
           "A practice, a round, the votes cast, the round's batches tested, passed or failed in all, a candidate "
           "food or a test result.", required=True),
    Column("round", "string", "活动编号", "round id"),
    *pair("round", "活动名称", "round title"),
    ITEM, *pair("text", "内容", "text", "做法、活动名称或食品。", "The practice, round title or food."),
    *coded("frequency", "频次", "frequency", cat.FREQUENCIES),
    *pair("nomination", "征集方式", "how foods were nominated"),
    *pair("selection", "选取方式", "how foods were chosen", "做法或活动从候选食品中选出抽检食品的规则。",
          "The rule by which a practice or round chose the foods to test."),
    *pair("voting", "投票方式", "how the public voted"),
    *DATE, *PERIOD,
    Column("votes", "integer", "票数", "votes", "候选食品的票数或活动投票总数。",
           "Votes for a candidate, or all votes cast."),
    *QUALIFIER,
    Column("batches", "integer", "抽检批次", "batches tested", "某食品或（batches_tested 行）整轮活动的抽检批次。",
           "Batches tested of one food, or (batches_tested rows) of the whole round.", unit="batch"),
    Column("passed", "integer", "合格批次", "batches passed", "某食品或（batches_passed 行）整轮活动的合格批次。",
           "Batches passed of one food, or (batches_passed rows) of the whole round.", unit="batch"),
    Column("failed", "integer", "不合格批次", "batches failed", "整轮活动的不合格批次（batches_failed 行）。",
           "Batches that failed in the whole round (batches_failed rows).", unit="batch"),
    *coded("result", "结果", "result", cat.TEST_RESULTS),
    *pair("failing_items", "不合格项目", "failing test items", "多个以 | 分隔。", "Separated by |."),
    *NOTE,
    replace(SOURCE, required=True), replace(QUOTE, required=True), RECORD,
]

# ---------------------------------------------------------------- corrections of published figures
CORRECTION_COLUMNS: list[Column] = [
    *CITY_NAMES,
    Column("theme", "string", "主题", "theme", "被更正数字的主题。", "Theme of the corrected figure.", required=True,
           codes=tuple(FIGURE_THEME_IDS)),
    Column("metric", "string", "指标标识", "metric id", "目录中的指标标识；其他指标为空。",
           "Catalogue metric id; empty for other indicators.", codes=tuple(cat.METRICS)),
    Column("metric_zh", "string", "指标", "metric (Chinese)", required=True),
    Column("metric_en", "string", "指标（英文）", "metric (English)", required=True),
    *SCOPE, *PERIOD,
    replace(DATE[0], zh="更正日期", en="date corrected", about_zh="数字被更正的日期（EDTF，写到日）。",
            about_en="The day the figure was corrected (EDTF, to the day).", required=True),
    *pair("date", "更正日期", "date corrected"),
    Column("old_value", "number", "更正前数值", "value before the correction",
           "被替换的旧数值，单位与限定词同 unit、qualifier。",
           "The value replaced, in the unit and with the qualifier given.", required=True),
    *pair("old_display", "更正前显示值", "before the correction, as displayed"),
    replace(VALUE, about_zh="现在的数值（更正后）。", about_en="The value now (after the correction).",
            required=True),
    *UNIT, *QUALIFIER, *DISPLAY,
    *pair("reason", "更正原因", "reason"),
    replace(SOURCE, about_zh="说明这次更正的来源文件，见 sources.csv。",
            about_en="The source that states the correction; see sources.csv.", required=True),
    replace(QUOTE, about_zh="更正依据中说明更正的原句。", about_en="The sentence of that source that states the correction.",
            required=True),
    Column("figure_record", "string", "数字位置", "figure record", "被更正的数字在 figures.csv 中的 record。",
           "The record (in figures.csv) of the corrected figure.", required=True),
    RECORD,
]

# ---------------------------------------------------------------- targets
TARGET_COLUMNS: list[Column] = [
    *CITY_NAMES,
    Column("metric", "string", "指标标识", "metric id", "能与实际数字对照时才有。",
           "Set when the target can be held against actual figures.", codes=tuple(cat.METRICS)),
    *pair("label", "指标", "indicator"),
    *coded("comparator", "比较", "comparator", cat.COMPARATOR_CODES,
           "；".join(f"{c} {x.zh}（{cat.COMPARATOR_SIGN_OF[c]}）" for c, x in cat.COMPARATOR_CODES.items()) + "。",
           "; ".join(f"{c} {x.en} ({cat.COMPARATOR_SIGN_OF[c]})" for c, x in cat.COMPARATOR_CODES.items()) + ".",
           required=True),
    replace(VALUE, about_zh="目标数字，单位见 unit；区间目标为下限。",
            about_en="The target number, in the unit given; the bottom of a target range.", required=True),
    Column("value_max", "number", "区间上限", "top of the range", "目标为区间（如 2–3 名）时的上限，否则为空。",
           "The top of a target range (e.g. 2–3 people), empty otherwise."),
    *UNIT, *DISPLAY,
    Column("deadline", "integer", "期限", "deadline", "目标年份；原文未写时为空。",
           "Target year; empty when none is stated.",
           unit="year"),
    Column("task", "integer", "任务编号", "task number", "实施方案中的任务序号，见 plan-tasks.csv。",
           "Number of the plan task, see plan-tasks.csv."),
    *SCOPE, *NOTE,
    *coded("status", "对照结果", "status", cat.TARGET_STATUS,
           "与同一指标最新的实际数字对照：met、not_met、not_comparable、no_actual。",
           "Held against the latest actual figure of the same metric: met, not_met, not_comparable, no_actual.",
           required=True),
    *pair("actual", "对照的实际数字", "actual figure compared"),
    Column("actual_record", "string", "实际数字位置", "actual figure record",
           "对照的实际数字在 figures.csv 中的 record。",
           "The record (in figures.csv) of the actual figure compared."),
    replace(SOURCE, required=True), replace(QUOTE, required=True), RECORD,
]

# ---------------------------------------------------------------- timeline, cities, plan tasks, sources
BATCH = [Column("batch", "integer", "批次", "batch", "国家示范城市创建或评价验收的第几批：第四批为 4。",
                "Which batch of the national programme or its acceptance reviews: the 4th batch is 4."),
         *pair("batch", "批次名称", "batch name", "如“第四批”。", "E.g. '4th batch'.")]
END_DATE = [Column("end_date", "string", "结束日期", "end date",
                   "持续多日的事件的最后一天（EDTF）；date 为第一天。单日事件为空。",
                   "The last day (EDTF) of an event over several days; date is the first. Empty for one day."),
            *pair("end_date", "结束日期", "end date")]
TIMELINE_COLUMNS: list[Column] = [
    *CITY_NAMES, *DATE, *END_DATE, *coded("event", "事件", "event", cat.TIMELINE_EVENTS, required=True), *BATCH,
    *TEXT,
    replace(SOURCE, required=True), replace(QUOTE, required=True), RECORD,
]

CITIES_COLUMNS: list[Column] = [
    *CITY_NAMES,
    *pair("province", "所属省份", "province", "来源文件未写明时为空。", "Empty when the sources do not state it."),
    renamed(SOURCE, "province_source"), renamed(QUOTE, "province_quote"), renamed(RECORD, "province_record"),
    *pair("divisions", "行政区划", "administrative divisions"),
    renamed(SOURCE, "divisions_source"), renamed(QUOTE, "divisions_quote"), renamed(RECORD, "divisions_record"),
    Column("file", "string", "数据文件", "data file", "该城市的 YAML 数据文件。", "The city's YAML data file.",
           required=True),
]

PLAN_TASK_COLUMNS: list[Column] = [
    *CITY_NAMES, replace(SOURCE, required=True),
    Column("number", "integer", "序号", "number", "实施方案中的任务序号。", "Task number in the plan.", required=True),
    *pair("title", "任务", "task"), *pair("lead", "牵头单位", "lead departments"),
    *pair("responsible", "责任单位", "responsible departments"), RECORD,
]

SOURCE_COLUMNS: list[Column] = [
    replace(SOURCE, about_zh="稳定不变的来源标识，其他文件的 source 列引用它。",
            about_en="Stable source id; the source column of the other files refers to it.", required=True),
    *CITY_NAMES, *coded("kind", "类型", "kind", cat.SOURCE_KINDS, required=True),
    *pair("title", "标题", "title"), *pair("issuer", "发布机构", "issuer"), *DATE,
    Column("doc_number", "string", "文号", "document number"),
    Column("url", "string", "链接", "link",
           "原文网址：只填来源文件或其发布页面写明的网址，从不推测；为空时 url_note 说明原因。",
           "Address of the original: only one the document or the page that published it names, never a "
           "guess; when empty, url_note says why."),
    *pair("url_note", "链接说明", "link note", "url 为空的原因。", "Why url is empty."),
    Column("document", "string", "原文文本", "document text", "网站保存的全文文本文件名。",
           "File name of the stored full text."),
    *NOTE, RECORD,
]

# ---------------------------------------------------------------- one file per city: every row of every table
CITY_FILE_COLUMNS: list[Column] = [
    Column("table", "string", "来源表", "table", "该行在哪个按主题的文件中，如 sampling、reviews。",
           "Which theme file holds the row, e.g. sampling, reviews.", required=True),
    *CITY_NAMES,
    Column("item", "string", "项目", "item", "指标标识、评审事项、事件等。", "Metric id, review fact, event, etc.",
           required=True),
    *pair("label", "项目名称", "item name"),
    Column("code", "string", "代码", "code", "结论、比较符、日期（EDTF）等代码。",
           "A code: verdict, comparator, date (EDTF), etc."),
    VALUE, *UNIT, *QUALIFIER, *DISPLAY, *PERIOD, *SCOPE, *TEXT, *NOTE, SOURCE, QUOTE, RECORD,
]


@dataclass(frozen=True)
class TableSpec:
    """One published table: its file, titles and descriptions in both languages, columns and keys."""

    name: str
    path: str
    zh: str
    en: str
    about_zh: str
    about_en: str
    columns: list[Column]
    primary_key: tuple[str, ...] = ()


def _figure_table(theme: str) -> TableSpec:
    meta = cat.THEMES[theme]
    return TableSpec(theme.replace("_", "-"), f"{theme.replace('_', '-')}.csv", meta.zh, meta.en,
                     meta.about_zh, meta.about_en, FIGURE_COLUMNS, ("record",))


TABLES: list[TableSpec] = [
    TableSpec("figures", "figures.csv", "全部数字", "All figures",
              "所有城市、所有主题的数字，每行一个数字，含单位、期间、限定词与出处。",
              "Every figure of every city and theme, one per row, with unit, period, qualifier and source.",
              FIGURE_COLUMNS, ("record",)),
    *[_figure_table(theme) for theme in FIGURE_THEME_IDS],
    TableSpec("you-pick-we-test", "you-pick-we-test.csv", cat.THEMES["you_pick_we_test"].zh,
              cat.THEMES["you_pick_we_test"].en, "“你点我检”的做法、活动、投票与抽检结果，每行一项。",
              "How 'you pick, we test' works in each city, its rounds, votes and test results, one fact per row.",
              YOU_PICK_COLUMNS, ("record",)),
    TableSpec("corrections", "corrections.csv", "数字更正", "Corrections",
              "已公布数字的更正，每次更正一行：日期、原数值、现数值、原因与依据。",
              "Corrections of published figures, one per row: when, the value before and now, why, and the source.",
              CORRECTION_COLUMNS, ("record",)),
    TableSpec("reviews", "reviews.csv", cat.THEMES["reviews"].zh, cat.THEMES["reviews"].en,
              "评审的机构、日期、标准、人数、亮点、不足、建议与结论，每行一项。",
              "Who reviewed, when, under which standard, how many experts, highlights, shortcomings, "
              "recommendations and the verdict, one fact per row.",
              REVIEW_COLUMNS, ("record", "fact")),
    TableSpec("targets", "targets.csv", cat.THEMES["targets"].zh, cat.THEMES["targets"].en,
              "城市宣布的目标（不是成绩），及其与实际数字的对照。",
              "Targets the cities declared (not achievements), held against actual figures.",
              TARGET_COLUMNS, ("record",)),
    TableSpec("timeline", "timeline.csv", "创建历程", "Candidacy timeline",
              "列为创建城市、印发方案、评审等事件。", "Listing, plan, reviews and other events of each candidacy.",
              TIMELINE_COLUMNS, ("record",)),
    TableSpec("plan-tasks", "plan-tasks.csv", "实施方案任务", "Plan tasks",
              "实施方案中的任务及其牵头、责任单位。",
              "Tasks of the implementation plans, with lead and responsible departments.",
              PLAN_TASK_COLUMNS, ("record",)),
    TableSpec("cities", "cities.csv", "城市", "Cities", "每个城市一行：名称、所属省份、行政区划及其出处。",
              "One row per city: names, province and divisions, with their sources.", CITIES_COLUMNS, ("city",)),
    TableSpec("sources", "sources.csv", "来源文件", "Sources", "每份来源文件一行。其他文件的 source 列引用此表。",
              "One row per source document. The source column of the other files refers to it.",
              SOURCE_COLUMNS, ("source",)),
]

CITY_FILE = TableSpec("city-{slug}", "cities/{slug}.csv", "{name_zh}的全部数据", "All data of {name_en}",
                      "一个城市的全部行：各主题文件中该城市的行，统一为相同的列。",
                      "Every row of one city from all the theme files, in one shared set of columns.",
                      CITY_FILE_COLUMNS, ("record", "item"))
