"""The domain vocabulary: units, metrics and themes, with labels in both languages.

This is the one place where a metric's name, unit and bounds are defined.
The validator, the pages, the CSV headers, the data dictionary and the JSON
Schema for editors all read it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Unit:
    """A unit as the documents write it; `factor` converts to the base of its dimension."""

    id: str
    zh: str
    en: str
    dimension: str
    factor: float = 1.0
    integer: bool = False
    minimum: float = 0.0
    maximum: float | None = None


UNITS: dict[str, Unit] = {u.id: u for u in [
    Unit("percent", "%", "%", "rate", maximum=100),
    Unit("score", "分", "points", "score", maximum=100),
    Unit("batch", "批次", "batches", "batches", integer=True),
    Unit("batch_per_1000", "批次/千人", "batches per 1,000 residents", "density", maximum=1000),
    Unit("case_jian", "件", "cases", "cases", integer=True),
    Unit("case_qi", "起", "cases", "cases", integer=True),
    Unit("person", "人", "people", "people", integer=True),
    Unit("wan_person", "万人", "10,000 people", "people", factor=1e4),
    Unit("per_10k", "人/万人", "per 10,000 residents", "density", maximum=10000),
    Unit("business_jia", "家", "businesses", "businesses", integer=True),
    Unit("business_hu", "户", "businesses", "businesses", integer=True),
    Unit("item", "个", "units", "items", integer=True),
    Unit("piece", "件", "items", "items", integer=True),
    Unit("copy", "份", "documents", "documents", integer=True),
    Unit("tiao", "条", "streets or lines", "items", integer=True),
    Unit("xiang", "项", "items", "items", integer=True),
    Unit("establishment", "家", "establishments", "establishments", integer=True),
    Unit("institution", "所", "institutions", "establishments", integer=True),
    Unit("person_time", "人次", "person-visits", "visits"),
    Unit("round", "轮", "rounds", "count", integer=True),
    Unit("sheet", "张", "sheets", "items", integer=True),
    Unit("issue", "期", "issues", "items", integer=True),
    Unit("yuan", "元", "yuan", "money"),
    Unit("wan_yuan", "万元", "10,000 yuan", "money", factor=1e4),
    Unit("yi_yuan", "亿元", "100 million yuan", "money", factor=1e8),
    Unit("yuan_per_person", "元/人", "yuan per resident", "money-rate"),
    Unit("yuan_per_mu", "元/亩", "yuan per mu", "money-rate"),
    Unit("yuan_per_head", "元/头", "yuan per head of livestock", "money-rate"),
    Unit("km2", "平方千米", "km²", "area"),
    Unit("wan_km2", "万平方千米", "10,000 km²", "area", factor=1e4),
    Unit("mu", "亩", "mu", "land", ),
    Unit("wan_mu", "万亩", "10,000 mu", "land", factor=1e4),
    Unit("ton", "吨", "tonnes", "mass"),
    Unit("wan_ton", "万吨", "10,000 tonnes", "mass", factor=1e4),
    Unit("hour", "学时", "class hours", "time"),
    Unit("times", "次", "times", "count", integer=True),
    Unit("year", "年", "years", "duration", integer=True),
    Unit("vote", "票", "votes", "votes", integer=True),
    Unit("percentage_point", "个百分点", "percentage points", "rate-change", maximum=100),  # with a change
    Unit("rank", "名", "rank", "rank", integer=True, minimum=1),  # 居全省第一: value 1, among 全省
]}


@dataclass(frozen=True)
class Theme:
    id: str
    zh: str
    en: str
    about_zh: str
    about_en: str


THEMES: dict[str, Theme] = {t.id: t for t in [
    Theme("profile", "城市概况", "City profile",
          "人口、面积、食品生产经营主体数量等基本情况。",
          "Population, area, number of food businesses and other basic facts."),
    Theme("sampling", "抽检监测", "Sampling inspection",
          "监督抽检、评价性抽检、农产品例行监测的合格率与抽检量。",
          "Pass rates and volumes of supervisory sampling, evaluative sampling and routine farm-produce monitoring."),
    Theme("complaints", "投诉举报", "Complaints and reports",
          "12315、12345 等渠道的投诉举报受理、办结、回复与满意率。",
          "Complaints and reports through 12315, 12345 and other channels: received, closed, replied, satisfaction."),
    Theme("enforcement", "执法办案", "Enforcement",
          "行政案件、刑事案件、移送公安与起诉、罚没款。",
          "Administrative and criminal cases, referrals to police and prosecutors, fines and confiscations."),
    Theme("you_pick_we_test", "你点我检", "You pick, we test",
          "公众投票选择抽检的食品，以及抽检结果。",
          "Foods the public voted to have tested, and what the tests found."),
    Theme("funding", "经费投入", "Funding",
          "食品安全经费与专项资金。", "Food-safety budgets and special funds."),
    Theme("staffing", "监管队伍", "Staff",
          "监管人员、协管员、网格员与监管机构。",
          "Inspectors, assistant inspectors, grid workers and local offices."),
    Theme("satisfaction", "群众满意度", "Public satisfaction",
          "群众食品安全满意度与创建知晓率。",
          "Public satisfaction with food safety and awareness of the programme."),
    Theme("indicators", "其他指标", "Other indicators",
          "文件中的其他数字。", "Other figures stated in the documents."),
    Theme("reviews", "评审结论", "Reviews",
          "省级初评与国家验收：谁评审、何时、依据何种标准、结论。",
          "Provincial and national reviews: who, when, under which standard, and the verdict."),
    Theme("targets", "创建目标", "Targets",
          "城市在实施方案中宣布的目标，及其与实际数字的对照。",
          "Targets a city declared in its plan, held against its actual figures."),
]}

#: Themes whose figures are lists of metric figures under a key of the same name.
FIGURE_THEMES = ["profile", "sampling", "complaints", "enforcement", "funding", "staffing", "satisfaction"]


@dataclass(frozen=True)
class Metric:
    """A named quantity. `units` lists the units the documents use; the first is the default."""

    id: str
    theme: str
    zh: str
    en: str
    units: tuple[str, ...]
    about_zh: str = ""
    about_en: str = ""
    key: bool = False  # shown on the theme page even where no city publishes it

    @property
    def unit(self) -> Unit:
        return UNITS[self.units[0]]


MONEY = ("wan_yuan", "yi_yuan", "yuan")
CASES = ("case_jian", "case_qi")

METRICS: dict[str, Metric] = {m.id: m for m in [
    # profile
    Metric("population", "profile", "常住人口", "Resident population", ("wan_person", "person"), key=True),
    Metric("area", "profile", "总面积", "Total area", ("km2", "wan_km2"), key=True),
    Metric("food_businesses", "profile", "食品生产经营主体", "Food businesses", ("business_jia", "business_hu"),
           "辖区内食品生产经营企业或单位的数量。", "Number of food producers and traders in the city.", key=True),
    Metric("gdp", "profile", "地区生产总值", "Gross domestic product", ("yi_yuan", "wan_yuan")),
    # sampling
    Metric("supervision_pass_rate", "sampling", "监督抽检合格率", "Supervisory sampling pass rate", ("percent",),
           "市场监管部门监督抽检的食品中合格批次所占比例。",
           "Share of food batches passing supervisory sampling by market regulators.", key=True),
    Metric("evaluation_pass_rate", "sampling", "评价性抽检合格率", "Evaluative sampling pass rate", ("percent",),
           "用于评价总体食品安全水平的抽检中合格批次所占比例。",
           "Share of batches passing the sampling used to assess overall food safety.", key=True),
    Metric("agri_monitoring_pass_rate", "sampling", "农产品例行监测合格率", "Farm-produce routine monitoring pass rate",
           ("percent",), "农业农村部门例行监测中农产品合格比例。",
           "Share of farm produce passing routine monitoring by agriculture authorities.", key=True),
    Metric("sampling_batches", "sampling", "抽检批次", "Batches sampled", ("batch",),
           "抽检的食品批次数。", "Number of food batches sampled.", key=True),
    Metric("failed_batches", "sampling", "不合格批次", "Batches failing", ("batch",)),
    Metric("sampling_density", "sampling", "抽检量（批次/千人）", "Sampling volume (batches per 1,000 residents)",
           ("batch_per_1000",), "每千名常住人口的抽检批次数，国家示范城市要求达到 4 批次/千人。",
           "Batches sampled per 1,000 residents; demonstration cities are expected to reach 4.", key=True),
    Metric("sampling_plan_completion_rate", "sampling", "抽检计划完成率", "Sampling plan completion", ("percent",)),
    Metric("sampling_coverage_rate", "sampling", "抽检业态覆盖率", "Sampling coverage of business types", ("percent",)),
    Metric("sampling_disclosure_rate", "sampling", "抽检信息公示率", "Sampling results published", ("percent",)),
    Metric("nonconforming_disposal_rate", "sampling", "不合格食品核查处置完成率",
           "Failed food followed up and disposed of", ("percent",)),
    # complaints
    Metric("complaints_received", "complaints", "投诉举报受理量", "Complaints and reports received", CASES, key=True),
    Metric("complaints_closed", "complaints", "投诉举报办结量", "Complaints and reports closed", CASES, key=True),
    Metric("closure_rate", "complaints", "受理办结率", "Closure rate", ("percent",), key=True),
    Metric("on_time_closure_rate", "complaints", "按时办结率", "Closed on time", ("percent",)),
    Metric("reply_rate", "complaints", "回复反馈率", "Reply rate", ("percent",), key=True),
    Metric("complaint_satisfaction_rate", "complaints", "群众满意率", "Complainant satisfaction rate", ("percent",),
           key=True),
    Metric("connection_rate", "complaints", "热线接通率", "Hotline answer rate", ("percent",)),
    Metric("investigation_rate", "complaints", "投诉举报查办率", "Complaints investigated", ("percent",)),
    Metric("complaint_boxes", "complaints", "投诉举报箱", "Complaint boxes", ("item",)),
    # enforcement
    Metric("cases_handled", "enforcement", "查办案件", "Cases handled", CASES,
           "文件称“查办”“查处”案件而未写明是行政还是刑事案件时用此项。",
           "Cases 'investigated and dealt with' where the document does not say whether administrative or criminal.",
           key=True),
    Metric("administrative_cases", "enforcement", "行政案件", "Administrative cases", CASES, key=True),
    Metric("criminal_cases", "enforcement", "刑事案件", "Criminal cases", CASES, key=True),
    Metric("police_referrals", "enforcement", "移送公安", "Referred to police", CASES + ("person",), key=True),
    Metric("prosecution_referrals", "enforcement", "移送起诉", "Referred for prosecution", CASES + ("person",),
           key=True),
    Metric("persons_detained", "enforcement", "抓获或采取刑事强制措施人数",
           "People arrested or held under criminal coercive measures", ("person",), key=True),
    Metric("administrative_detentions", "enforcement", "行政拘留人数", "Administrative detentions", ("person",)),
    Metric("supervised_cases", "enforcement", "挂牌督办案件", "Cases under supervision of a higher authority", CASES),
    Metric("fines_confiscations", "enforcement", "罚没款", "Fines and confiscations", MONEY, key=True),
    Metric("case_filing_rate", "enforcement", "案件立案率", "Case filing rate", ("percent",)),
    Metric("case_closure_rate", "enforcement", "案件办结率", "Case closure rate", ("percent",)),
    Metric("case_disclosure_rate", "enforcement", "案件公示率", "Case disclosure rate", ("percent",)),
    # funding
    Metric("funding", "funding", "经费投入", "Funding", MONEY,
           "范围（scope）写明用途，例如专项资金、检测经费。",
           "The scope says what the money is for, e.g. special funds or testing.", key=True),
    Metric("funding_standard", "funding", "经费标准", "Funding standard",
           ("yuan_per_person", "yuan_per_mu", "yuan_per_head")),
    # staffing
    Metric("regulatory_staff", "staffing", "食品安全监管人员", "Food-safety inspectors", ("person",), key=True),
    Metric("staff_per_10k", "staffing", "监管人员与常住人口之比", "Inspectors per 10,000 residents", ("per_10k",)),
    Metric("assistants", "staffing", "食品安全协管员", "Assistant inspectors", ("person",), key=True),
    Metric("grid_workers", "staffing", "网格员", "Grid workers", ("person",), key=True),
    Metric("volunteers", "staffing", "志愿者", "Volunteers", ("person",)),
    Metric("supervision_offices", "staffing", "基层市场监管所", "Local market-regulation offices", ("item",)),
    Metric("training_hours", "staffing", "培训学时", "Training hours", ("hour",)),
    Metric("training_coverage", "staffing", "培训覆盖率", "Training coverage", ("percent",)),
    Metric("professional_ratio", "staffing", "专业化比例", "Share of staff with professional training",
           ("percent",)),
    # satisfaction
    Metric("satisfaction_score", "satisfaction", "食品安全满意度", "Food-safety satisfaction score", ("score",),
           "公众食品安全满意度调查得分（百分制）。", "Score of the public food-safety satisfaction survey (out of 100).",
           key=True),
    Metric("awareness_rate", "satisfaction", "创建知晓率", "Awareness of the programme", ("percent",), key=True),
]}


#: Other words the documents use for a metric, for `portal propose` to recognise it; "A…B" means A,
#: then B later in the same clause (抽检…批次).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "population": ("常住人口", "人口"),
    "area": ("总面积", "面积"),
    "food_businesses": ("食品生产经营单位", "食品生产经营企业", "食品生产经营主体", "食品企业"),
    "gdp": ("生产总值",),
    "supervision_pass_rate": ("监督抽检合格率",),
    "evaluation_pass_rate": ("评价性抽检合格率",),
    "agri_monitoring_pass_rate": ("农产品质量安全监测合格率", "农畜产品质量安全例行监测合格率", "例行监测合格率"),
    "sampling_batches": ("抽检…批次", "监督抽检"),
    "sampling_density": ("抽检量", "抽检监测量"),
    "sampling_plan_completion_rate": ("抽检计划完成率",),
    "sampling_coverage_rate": ("业态覆盖率", "抽检覆盖率"),
    "sampling_disclosure_rate": ("信息公示率",),
    "nonconforming_disposal_rate": ("核查处置完成率",),
    "complaints_received": ("受理…投诉", "投诉举报…受理"),
    "closure_rate": ("办结率",),
    "on_time_closure_rate": ("按时办结率",),
    "reply_rate": ("回复反馈率", "回复率"),
    "complaint_satisfaction_rate": ("群众满意率", "满意率"),
    "connection_rate": ("接通率",),
    "investigation_rate": ("查办率",),
    "cases_handled": ("查办…案件", "查处…案件", "违法案件"),
    "administrative_cases": ("行政处罚案件", "行政案件"),
    "criminal_cases": ("刑事案件", "刑事立案", "犯罪案件"),
    "police_referrals": ("移送公安",),
    "prosecution_referrals": ("移送起诉",),
    "persons_detained": ("犯罪嫌疑人", "刑事强制措施", "抓获"),
    "administrative_detentions": ("行政拘留",),
    "supervised_cases": ("挂牌督办",),
    "fines_confiscations": ("罚没款", "罚没"),
    "case_filing_rate": ("立案率",),
    "funding": ("专项经费", "专项资金", "经费", "资金"),
    "funding_standard": ("人均", "监管经费"),
    "regulatory_staff": ("监管人员",),
    "assistants": ("协管员", "协管服务岗位"),
    "grid_workers": ("网格员",),
    "volunteers": ("志愿者",),
    "supervision_offices": ("市场监管所",),
    "training_hours": ("培训",),
    "training_coverage": ("培训覆盖率",),
    "professional_ratio": ("专业化比例",),
    "satisfaction_score": ("满意度",),
    "awareness_rate": ("知晓率",),
}

def metrics_of(theme: str) -> dict[str, Metric]:
    return {k: m for k, m in METRICS.items() if m.theme == theme}


@dataclass(frozen=True)
class Choice:
    """One allowed value of an enumerated field."""

    id: str
    zh: str
    en: str


class Labelled(Protocol):
    """What an enumerated field needs of each allowed value: its code and its labels in both
    languages. A Choice has them, and so has a Metric (a figure's metric is one of the metrics)."""

    @property
    def id(self) -> str: ...
    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...


def choices(*items: tuple[str, str, str]) -> dict[str, Choice]:
    return {i: Choice(i, zh, en) for i, zh, en in items}


QUALIFIERS = choices(
    ("exact", "准确值", "exact"),
    ("approximate", "约", "about"),
    ("over", "余", "over"),
    ("at_least", "以上", "at least"),
    ("nearly", "近", "nearly"),
    ("at_most", "以下", "at most"),
    ("approximate_over", "约…余", "about …-plus"),  # 约5万余吨: both words in one figure
)
#: How the CSV groups qualifiers: exact / approximate / lower bound / upper bound.
QUALIFIER_CLASS = {"exact": "exact", "approximate": "approximate", "over": "lower_bound",
                   "at_least": "lower_bound", "nearly": "upper_bound", "at_most": "upper_bound",
                   "approximate_over": "approximate"}

#: The direction of a change (较2022年提高0.4个百分点): the value itself is never negative.
CHANGES = choices(("increase", "提高", "up"), ("decrease", "下降", "down"))

PERIOD_KINDS = choices(
    ("year", "年度", "a year"),
    ("range", "起止年份", "a range of years"),
    ("since", "某年以来", "since a year"),
    ("recent", "近几年", "the last few years"),
    ("consecutive", "连续几年", "consecutive years"),
    ("annual", "每年", "every year"),
    ("unstated", "未注明期间", "no period stated"),
)

CHANNELS = choices(("12315", "12315 平台", "12315 platform"), ("12345", "12345 热线", "12345 hotline"),
                   ("other", "其他渠道", "other channel"))

#: A target's comparator: the sign staff write in YAML, and the word code the CSV files publish
#: (a cell holding "=" or "<=" would be read by a spreadsheet as a formula or mangled by the guard).
_COMPARATORS = ((">=", "ge", "不低于", "at least"), (">", "gt", "高于", "above"), ("=", "eq", "达到", "equal to"),
                ("<=", "le", "不高于", "at most"), ("<", "lt", "低于", "below"))
COMPARATORS = choices(*((sign, zh, en) for sign, _, zh, en in _COMPARATORS))
COMPARATOR_CODES = choices(*((code, zh, en) for _, code, zh, en in _COMPARATORS))
COMPARATOR_CODE_OF = {sign: code for sign, code, _, _ in _COMPARATORS}
COMPARATOR_SIGN_OF = {code: sign for sign, code, _, _ in _COMPARATORS}

SOURCE_KINDS = choices(
    ("provincial_review", "省级初评报告", "provincial preliminary review"),
    ("national_review", "国家评价验收报告", "national acceptance review"),
    ("implementation_plan", "创建实施方案", "implementation plan"),
    ("statistics", "统计资料", "statistics"),
    ("other", "其他", "other"),
)

REVIEW_STAGES = choices(("preliminary", "初评", "preliminary review"),
                        ("acceptance", "验收", "acceptance review"),
                        ("recheck", "复审", "re-examination"))
REVIEW_LEVELS = choices(("provincial", "省级", "provincial"),
                        ("autonomous_region", "自治区级", "autonomous region"),
                        ("national", "国家级", "national"))
REVIEW_METHODS = choices(("document_review", "资料审查", "document review"),
                         ("site_inspection", "现场检查", "on-site inspection"),
                         ("interviews", "领导访谈", "interviews with officials"),
                         ("survey", "问卷调查", "survey"))
STANDARD_VERSIONS = choices(("2021", "评价细则（2021版）", "Evaluation Rules (2021 edition)"),
                            ("2023", "评价细则（2023版）", "Evaluation Rules (2023 edition)"))
VERDICTS = choices(("passed", "通过初评", "passed"),
                   ("recommended", "通过并建议提名", "passed and recommended for national acceptance"),
                   ("conditional", "限期整改", "pass subject to fixes"),
                   ("failed", "未通过", "not passed"),
                   ("pending", "尚无结论", "no verdict yet"))
VISIT_MODES = choices(("onsite", "现场检查", "on-site inspection"), ("overt", "明查", "announced inspection"),
                      ("covert", "暗访", "unannounced inspection"))
TIMELINE_EVENTS = choices(
    ("listed", "列为创建城市", "listed as a candidate city"),
    ("launched", "启动创建", "candidacy launched"),
    ("plan_issued", "印发实施方案", "implementation plan issued"),
    ("applied", "申请评审", "applied for review"),
    ("provincial_review", "省级初评", "provincial review"),
    ("verdict", "初评结论", "review verdict"),
    ("national_review", "国家验收", "national acceptance review"),
    ("named", "命名为示范城市", "named a demonstration city"),
    ("award", "荣誉", "award"),  # not "获得荣誉": the awardee is often a bureau, not the city (see its text)
)
#: The programme's next step for a city, as derive.candidacy_status decides it from the records.
NEXT_STEPS = choices(
    ("preliminary_review", "初评：来源文件尚无评审记录", "a preliminary review: the sources record none yet"),
    ("verdict", "评审结论：来源文件尚未记录结论", "the review's verdict: the sources record none yet"),
    ("fixes", "限期整改：来源文件未记录整改结果", "the required fixes: the sources record no outcome yet"),
    ("national_review", "国家评价验收：来源文件尚无其记录", "the national acceptance review: the sources record none yet"),
    ("naming", "命名为国家食品安全示范城市：来源文件尚无记录",
     "being named a National Food Safety Demonstration City: the sources record no decision yet"),
    ("unstated", "来源文件未写明", "not stated in the sources"),
    ("none", "已命名，来源文件未写明后续步骤", "named; the sources state no further step"),
)
#: How a declared target stands against the actual figures, as derive.target_status decides it.
TARGET_STATUS = choices(("met", "已达到", "met"), ("not_met", "未达到", "not met"),
                        ("not_comparable", "口径不同，无法比较", "not comparable"),
                        ("no_actual", "未公布实际数字", "no actual figure published"))
FREQUENCIES = choices(("annual", "每年", "every year"), ("once", "一次", "once"),
                      ("recurring", "多次", "several times"), ("unstated", "未注明", "not stated"))
TEST_RESULTS = choices(("pass", "合格", "pass"), ("fail", "不合格", "fail"), ("pending", "待出结果", "pending"))

#: Themes told by records, not figures: a city with any such record is listed on the theme's page.
RECORD_THEMES = ("you_pick_we_test", "reviews", "targets")
