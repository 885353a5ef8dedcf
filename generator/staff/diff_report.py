"""How `portal diff` reads: bilingual text for the terminal, Markdown for a pull request's summary.

Every text from the data is escaped in Markdown, so a quote cannot inject links or HTML into
the pull request page.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..validate import DOCUMENT_DIR
from .changes import Change, CityDiff, NewDocument, Report, Text

KINDS = {"added": ("新增", "added", "+"), "changed": ("修改", "changed", "~"), "removed": ("删除", "removed", "-")}
CITY_STATUS = {"added": ("新城市", "new city"), "removed": ("已删除的城市", "city removed"), "changed": ("", "")}
CURRENT = {"zh": "当前数据", "en": "current data"}


def counts(report: Report) -> Text:
    added, changed, removed = (report.count(k) for k in ("added", "changed", "removed"))
    alerts = len(report.all_alerts())
    return {"zh": f"新增 {added} · 修改 {changed} · 删除 {removed} · 需核对 {alerts}",
            "en": f"{added} added · {changed} changed · {removed} removed · {alerts} to check"}


def subject(change: Change, lang: str) -> str:
    """Section · item · period, as one line in one language."""
    parts = [change.section[lang]]
    if change.label[lang] != change.section[lang]:
        parts.append(change.label[lang])
    if change.period:
        parts.append(change.period[lang])
    return " · ".join(parts)


def values(change: Change, lang: str) -> str:
    old, new = (change.old or {}).get(lang), (change.new or {}).get(lang)
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old or ""


# ---------------------------------------------------------------- terminal
def change_lines(change: Change) -> list[str]:
    zh, en, mark = KINDS[change.kind]
    lines = [f"  {mark} {zh} {subject(change, 'zh')}：{values(change, 'zh')}".rstrip("："),
             f"    {en} {subject(change, 'en')}: {values(change, 'en')}".rstrip(": ")]
    if change.source:
        lines.append(f"    来源 / source: {change.source}")
    if change.fields:
        lines.append("    也改了 / also changed: " + "、".join(f"{f['zh']} / {f['en']}" for f in change.fields))
    if change.old_quote is not None or change.new_quote is not None:
        lines += [f"    旧摘录 / old quote: “{change.old_quote or ''}”",
                  f"    新摘录 / new quote: “{change.new_quote or ''}”"]
    for alert in change.alerts:
        lines += [f"    ⚠ {alert.zh}", f"      {alert.en}"]
    return lines


def city_heading(city: CityDiff) -> str:
    zh, en = CITY_STATUS[city.status]
    status = f"（{zh} / {en}）" if zh else ""
    return f"{city.name['zh']} / {city.name['en']}{status}  {city.file}"


def format_text(report: Report) -> str:
    lines = [f"数据变化：{report.base} → {CURRENT['zh']}", f"Data changes: {report.base} → {CURRENT['en']}"]
    if not report.cities and not report.alerts and not report.documents:
        return "\n".join(lines + ["没有公众可见的数据变化。", "No change the public will see."])
    c = counts(report)
    lines += [c["zh"], c["en"]]
    for alert in report.alerts:
        lines += [f"⚠ {alert.zh}", f"  {alert.en}"]
    for city in report.cities:
        lines += ["", city_heading(city)]
        for change in city.changes:
            lines += change_lines(change)
        lines += source_lines(city)
    if report.documents:
        lines += ["", "新增来源文件 / new source documents:"]
        lines += [f"  + {document_path(d)}  {document_note(d)}" for d in report.documents]
    return "\n".join(lines)


def document_note(document: NewDocument, quote: Callable[[str], str] = str) -> str:
    """Who cites a new document: an uncited one is an orphan to explain or remove."""
    if not document.cited_by:
        return "未被任何来源引用 / not cited by any source"
    return "引用 / cited by: " + "、".join(f"{quote(sid)}（{quote(t['zh'])} / {quote(t['en'])}）"
                                         for sid, t in document.titles.items())


def document_path(document: NewDocument) -> str:
    return f"data/{DOCUMENT_DIR}/{document.name}"


def source_lines(city: CityDiff) -> list[str]:
    if not city.sources:
        return []
    return ["  来源文件 / sources:"] + [f"    {sid}  {t['zh']} / {t['en']}" for sid, t in city.sources.items()]


# ---------------------------------------------------------------- Markdown
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~])")


def md(text: str) -> str:
    """Text from the data, safe inside a Markdown table cell: no HTML, links, emphasis or cell breaks."""
    text = html.escape(" ".join(text.split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("|", "&#124;")


def both(text: Text | None) -> str:
    if not text:
        return ""
    return md(text["zh"]) if text["zh"] == text["en"] else f"{md(text['zh'])}<br>{md(text['en'])}"


def md_row(change: Change) -> str:
    zh, en, _ = KINDS[change.kind]
    flag = " ⚠️" if change.alerts else ""
    item = {lang: " · ".join(x for x in (change.section[lang], change.label[lang]) if x) for lang in ("zh", "en")}
    if change.label == change.section:
        item = change.section
    note = "".join(f"<br>⚠️ {md(a.zh)}<br>{md(a.en)}" for a in change.alerts)
    fields = "、".join(md(f"{f['zh']} / {f['en']}") for f in change.fields)
    also = f"<br>也改了 / also: {fields}" if fields else ""
    if change.old_quote is not None or change.new_quote is not None:
        also += (f"<br>旧摘录 / old quote: “{md(change.old_quote or '')}”"
                 f"<br>新摘录 / new quote: “{md(change.new_quote or '')}”")
    cells = [f"{zh}<br>{en}{flag}", both(item) + also + note, both(change.period), both(change.old), both(change.new),
             md(change.source or "")]
    return "| " + " | ".join(cells) + " |"


def md_alerts(report: Report) -> list[str]:
    lines = []
    for alert in report.alerts:
        lines.append(f"> - {md(alert.zh)} / {md(alert.en)}")
    for city in report.cities:
        for change in city.changes:
            for alert in change.alerts:
                where = f"{md(city.name['zh'])} · {md(subject(change, 'zh'))}"
                lines.append(f"> - {where}：{md(alert.zh)}<br>{md(city.name['en'])} · {md(subject(change, 'en'))}: "
                             f"{md(alert.en)}")
    return ["> [!WARNING]", "> **需要核对 / Please check**", *lines, ""] if lines else []


def format_markdown(report: Report) -> str:
    lines = [f"## 数据变化 / Data changes: `{md(report.base)}` → {CURRENT['zh']} / {CURRENT['en']}", ""]
    if not report.cities and not report.alerts and not report.documents:
        return "\n".join(lines + ["没有公众可见的数据变化。 / No change the public will see.", ""])
    c = counts(report)
    lines += [f"{c['zh']}<br>{c['en']}", "", *md_alerts(report)]
    for city in report.cities:
        zh, en = CITY_STATUS[city.status]
        status = f" （{zh} / {en}）" if zh else ""
        lines += [f"### {md(city.name['zh'])} / {md(city.name['en'])}{status} · `{city.file}`", "",
                  "| 变化<br>Change | 项目<br>Item | 期间<br>Period | 原值<br>Old | 新值<br>New | 来源<br>Source |",
                  "|---|---|---|---|---|---|", *(md_row(change) for change in city.changes), ""]
        lines += [f"- `{md(sid)}` {md(t['zh'])} / {md(t['en'])}" for sid, t in city.sources.items()]
        lines += [""] if city.sources else []
    if report.documents:
        lines += ["### 新增来源文件 / New source documents", ""]
        lines += [f"- `{md(document_path(d))}` {document_note(d, md)}" for d in report.documents] + [""]
    return "\n".join(lines)


FORMATS: dict[str, Callable[[Report], str]] = {"text": format_text, "markdown": format_markdown}
