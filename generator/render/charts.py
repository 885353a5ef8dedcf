"""Plotly figures written as plain JSON (no plotly.graph_objects: 4–5× cheaper, and
no default template: ≈6 KB less per chart). plotly.js draws them in the browser.

Approximate and lower-bound figures get their own marker and legend entry, and every
label carries its period, so a reader never takes "≥4, 3 years running" for an exact
yearly point.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..derive import Figure
from ..schema import catalogue as cat
from .ui import t

FONT = "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"
COLORS = {"exact": "#0b6e4f", "lower_bound": "#b35c00", "approximate": "#5a4fcf", "upper_bound": "#8a2a62",
          "target": "#333333"}
SYMBOLS = {"exact": "circle", "lower_bound": "triangle-right", "approximate": "diamond-open",
           "upper_bound": "triangle-left"}
CLASS_LABELS = {"exact": ("准确值", "exact"), "lower_bound": ("下限（以上、余）", "lower bound (at least, over)"),
                "approximate": ("约数", "approximate"), "upper_bound": ("上限（近、以下）", "upper bound (nearly, at most)")}


@dataclass
class Chart:
    """One chart: its id (for the CSV slice), title, the figures it draws and its Plotly JSON."""

    id: str
    title: dict[str, str]
    figures: list[Figure]
    spec: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang -> plotly figure

    def json(self, lang: str) -> str:
        """JSON safe to embed inside a <script type="application/json"> element."""
        text = json.dumps(self.spec[lang], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def summary(self, lang: str) -> str:
        """A one-sentence text alternative listing what the chart shows."""
        parts = [f"{label}: {fig.text(lang)}" for label, fig in zip(self.labels(lang), self.figures, strict=True)]
        sep = "；" if lang == "zh" else "; "
        return (f"{self.title[lang]}{'：' if lang == 'zh' else ': '}" + sep.join(parts))[:1500]

    def labels(self, lang: str) -> list[str]:
        return [row_label(fig, lang, self.by_city) for fig in self.figures]

    by_city: bool = False
    city_names: dict[str, dict[str, str]] = field(default_factory=dict)


def row_label(fig: Figure, lang: str, by_city: bool = False, names: dict[str, dict[str, str]] | None = None) -> str:
    head = (names or {}).get(fig.city, {}).get(lang, fig.city) if by_city else fig.label[lang]
    scope = f" · {fig.scope[lang]}" if fig.scope and not by_city else ""
    return f"{head}{scope}（{fig.period_text(lang)}）" if lang == "zh" else f"{head}{scope} ({fig.period_text(lang)})"


def _wrap(text: str, width: int) -> str:
    """Break a long label into lines that fit beside a chart 375 px wide (spaces first, else anywhere)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" ") if " " in text else list(text):
        joiner = " " if " " in text and line else ""
        if line and len(line) + len(joiner) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line += joiner + word
    if line:
        lines.append(line)
    return "<br>".join(lines)


def _shorten(text: str, limit: int) -> str:
    """Trim a long scope for an axis label; the table under the chart gives it whole."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tick_label(fig: Figure, lang: str, by_city: bool, names: dict[str, dict[str, str]] | None) -> str:
    """A category label: what (wrapped), then the period on its own line."""
    head = (names or {}).get(fig.city, {}).get(lang, fig.city) if by_city else fig.label[lang]
    if fig.scope and not by_city:
        head += f" · {_shorten(fig.scope[lang], 12 if lang == 'zh' else 28)}"
    width = 10 if lang == "zh" else 18
    return f"{_wrap(head, width)}<br>{fig.period_text(lang)}"


def _layout(rows: int, lang: str, x_title: str, x_range: list[float] | None, lines: int = 2) -> dict[str, Any]:
    """Shared layout; rows are as tall as their longest label, with room above the first row."""
    x_title = _wrap(x_title, 14 if lang == "zh" else 24)
    xaxis: dict[str, Any] = {"title": {"text": x_title}, "zeroline": False, "gridcolor": "#e5e5e5",
                             "automargin": True, "fixedrange": True, "exponentformat": "none",
                             "separatethousands": lang == "en"}
    if x_range:
        xaxis["range"] = x_range
    return {
        "height": 110 + max(56, 17 * lines + 10) * rows, "margin": {"l": 8, "r": 16, "t": 30, "b": 40},
        "font": {"family": FONT, "size": 13, "color": "#1f1f1f"},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": xaxis,
        "yaxis": {"automargin": True, "range": [rows - 0.4, -0.9], "fixedrange": True, "type": "category"},
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        "showlegend": True, "hovermode": "closest", "separators": ".,",
    }


def dot_chart(chart_id: str, title: dict[str, str], figures: list[Figure], targets: list[dict[str, Any]] | None = None,
              by_city: bool = False, names: dict[str, dict[str, str]] | None = None) -> Chart:
    """Values as dots on a shared axis: honest for rates near 100 (no truncated bars)."""
    chart = Chart(chart_id, title, figures, by_city=by_city, city_names=names or {})
    unit = cat.UNITS[figures[0].unit]
    for lang in ("zh", "en"):
        labels = [tick_label(f, lang, by_city, names) for f in figures]
        traces = []
        for klass in ("exact", "lower_bound", "approximate", "upper_bound"):
            idx = [i for i, f in enumerate(figures) if cat.QUALIFIER_CLASS[f.qualifier] == klass]
            if not idx:
                continue
            name = CLASS_LABELS[klass][0 if lang == "zh" else 1]
            traces.append({
                "type": "scatter", "mode": "markers+text", "name": name,
                "x": [figures[i].value for i in idx], "y": [labels[i] for i in idx],
                "text": [figures[i].text(lang) for i in idx], "textposition": "middle left",
                "cliponaxis": False,
                "marker": {"size": 13, "symbol": SYMBOLS[klass], "color": COLORS[klass],
                           "line": {"width": 2, "color": COLORS[klass]}},
                "hovertemplate": "%{y}<br>%{text}<extra></extra>",
            })
        for target in targets or []:
            target_label = t("target", lang)
            traces.append({
                "type": "scatter", "mode": "markers", "name": target_label,
                "x": [target["value"] for _ in labels], "y": labels,
                "marker": {"symbol": "line-ns-open", "size": 22, "color": COLORS["target"], "line": {"width": 2}},
                "hovertemplate": f"{target_label}: {target['text'][lang]}<extra></extra>",
            })
        values = [f.value for f in figures] + [tg["value"] for tg in targets or []]
        low, high = min(values), max(values)
        if unit.id == "percent":
            span = max(high - low, 1.0)
            x_range = [max(0.0, low - span * 1.5), min(100.0, high + span * 0.4)]  # never a 110 % tick
        else:
            x_range = [0, high * 1.15 or 1]
        x_title = unit.zh if lang == "zh" else unit.en
        layout = _layout(len(figures), lang, x_title, x_range, _max_lines(labels))
        chart.spec[lang] = {"data": traces, "layout": layout,
                            "config": {"displayModeBar": False, "responsive": True,
                                       "locale": "zh-CN" if lang == "zh" else "en"}}
    return chart


def bar_chart(chart_id: str, title: dict[str, str], figures: list[Figure], by_city: bool = False,
              names: dict[str, dict[str, str]] | None = None) -> Chart:
    """Counts and amounts as bars from zero; qualifiers shown by colour, legend and label."""
    chart = Chart(chart_id, title, figures, by_city=by_city, city_names=names or {})
    for lang in ("zh", "en"):
        labels = [tick_label(f, lang, by_city, names) for f in figures]
        scale, axis_title = axis_scale(figures, lang)
        traces = []
        for klass in ("exact", "lower_bound", "approximate", "upper_bound"):
            idx = [i for i, f in enumerate(figures) if cat.QUALIFIER_CLASS[f.qualifier] == klass]
            if not idx:
                continue
            traces.append({
                "type": "bar", "orientation": "h", "name": CLASS_LABELS[klass][0 if lang == "zh" else 1],
                "x": [round(figures[i].base_value / scale, 6) for i in idx], "y": [labels[i] for i in idx],
                "text": [figures[i].text(lang) for i in idx], "textposition": "auto",
                "marker": {"color": COLORS[klass], "opacity": 1 if klass == "exact" else 0.6,
                           "line": {"width": 1.5, "color": COLORS[klass]}},
                "hovertemplate": "%{y}<br>%{text}<extra></extra>",
            })
        layout = _layout(len(figures), lang, axis_title, None, _max_lines(labels))
        layout["barmode"] = "overlay"
        chart.spec[lang] = {"data": traces, "layout": layout,
                            "config": {"displayModeBar": False, "responsive": True,
                                       "locale": "zh-CN" if lang == "zh" else "en"}}
    return chart


def _max_lines(labels: list[str]) -> int:
    return max(label.count("<br>") + 1 for label in labels)


def axis_scale(figures: list[Figure], lang: str) -> tuple[float, str]:
    """Divide amounts so axis numbers stay short: 万元 / 亿元 in Chinese, million / billion in English."""
    unit = cat.UNITS[figures[0].unit]
    top = max(f.base_value for f in figures)
    if unit.dimension in ("money", "people"):
        word = {"money": ("元", "yuan"), "people": ("人", "people")}[unit.dimension]
        steps = [(1e8, "亿"), (1e4, "万")] if lang == "zh" else [(1e9, "billion "), (1e6, "million ")]
        for factor, prefix in steps:
            if top >= factor * 2:
                return factor, (prefix + word[0]) if lang == "zh" else prefix + word[1]
        return 1.0, word[0] if lang == "zh" else word[1]
    return unit.factor, unit.zh if lang == "zh" else unit.en  # in the first figure's unit


def comparable_groups(figures: list[Figure]) -> list[list[Figure]]:
    """Split figures so one chart never mixes dimensions (money with people, cases with persons)."""
    groups: dict[str, list[Figure]] = {}
    for fig in figures:
        groups.setdefault(cat.UNITS[fig.unit].dimension, []).append(fig)
    return list(groups.values())
