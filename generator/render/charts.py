"""Plotly figures written as plain JSON (no plotly.graph_objects: 4–5× cheaper, and
no default template: ≈6 KB less per chart). plotly.js draws them in the browser.

Approximate and lower-bound figures get their own marker and legend entry, and every
label carries its period, so a reader never takes "≥4, 3 years running" for an exact
yearly point.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Figure
from ..schema import catalogue as cat
from .ui import t

FONT = "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"
COLORS = {"exact": "#0b6e4f", "lower_bound": "#b35c00", "approximate": "#5a4fcf", "upper_bound": "#8a2a62",
          "target": "#333333"}
SYMBOLS = {"exact": "circle", "lower_bound": "triangle-right", "approximate": "diamond-open",
           "upper_bound": "triangle-left"}
CLASS_LABELS = {"exact": ("准确值", "exact"), "lower_bound": ("下限（以上、余）", "lower bound (at least, over)"),
                "approximate": ("约数", "approximate"), "upper_bound": ("上限（近、以下）", "upper bound (nearly, at most)")}


#: A text alternative longer than this lists the first figures and points to the data table.
SUMMARY_LIMIT = 1500


@dataclass
class Chart:
    """One chart: its id (for the CSV slice), title, the figures it draws and its Plotly JSON."""

    id: str
    title: dict[str, str]
    figures: list[Figure]
    spec: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang -> plotly figure

    def json(self, lang: str) -> str:
        """JSON safe to embed inside a <script type="application/json"> element (worked out once per
        language: the chart's page and its embed page both carry it)."""
        if ("json", lang) not in self._made:
            text = json.dumps(self.spec[lang], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            self._made["json", lang] = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return self._made["json", lang]

    def summary(self, lang: str) -> str:
        """A one-sentence text alternative listing what the chart shows, each figure named as its row is
        (worked out once per language, as json)."""
        key = ("summary", lang, self.title[lang])  # a theme page retitles a chart it made
        if key not in self._made:
            self._made[key] = self._summary(lang)
        return self._made[key]

    def _summary(self, lang: str) -> str:
        colon = "：" if lang == "zh" else ": "
        parts = [f"{label}{colon}{fig.text(lang)}" for label, fig in zip(self.labels(lang), self.figures, strict=True)]
        sep = "；" if lang == "zh" else "; "
        head = f"{self.title[lang]}{colon}"
        if len(text := head + sep.join(parts)) <= SUMMARY_LIMIT:
            return text
        # Cut between figures, never inside one, and say where the rest is.
        rest = "……其余见图下的数据表" if lang == "zh" else " … the rest in the data table below the chart"
        shown: list[str] = []
        for part in parts:
            if len(head + sep.join([*shown, part]) + rest) > SUMMARY_LIMIT:
                break
            shown.append(part)
        return head + sep.join(shown) + rest

    def labels(self, lang: str) -> list[str]:
        return row_labels(self.figures, lang, self.by_city, self.city_names)

    def embed_path(self, lang: str) -> str:
        """The chart's embed page from the site root, made from its id alone (never a list position),
        so an iframe on another site keeps showing this chart as figures are added: embed/<id>/."""
        return ("en/" if lang == "en" else "") + f"embed/{self.id}/"

    @property
    def frame_height(self) -> int:
        """An iframe's height that shows the whole chart with its title and source lines (px)."""
        return max(int(self.spec[lang]["layout"]["height"]) for lang in self.spec) + 130

    by_city: bool = False
    city_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    _made: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False, compare=False)  # json, summary


def _head(fig: Figure, lang: str, by_city: bool, names: Mapping[str, Mapping[str, str]] | None) -> str:
    """What a row is: the city's name on a chart comparing cities (never its slug), else the figure's label."""
    if by_city:
        return (names or {}).get(fig.city, {}).get(lang, fig.city)
    return fig.label[lang]


def _numbers(figures: list[Figure], lang: str, by_city: bool,
             names: Mapping[str, Mapping[str, str]] | None) -> dict[int, str]:
    """Figures alike in what, scope and period (two campaigns' case counts, one food sampled twice)
    are told apart by number, "1 of 2", in the order of the data table under the chart."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, fig in enumerate(figures):
        key = (_head(fig, lang, by_city, names), (fig.scope or {}).get(lang, ""), fig.period_text(lang))
        groups.setdefault(key, []).append(i)
    numbers = {}
    for members in groups.values():
        for n, i in enumerate(members, 1):
            if len(members) > 1:
                numbers[i] = f"第{n}项，共{len(members)}项" if lang == "zh" else f"{n} of {len(members)}"
    return numbers


def row_labels(figures: list[Figure], lang: str, by_city: bool = False,
               names: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
    """Each figure's name in full, distinct within its chart: what · scope (period) (n of N)."""
    numbers = _numbers(figures, lang, by_city, names)
    labels = []
    for i, fig in enumerate(figures):
        scope = f" · {fig.scope[lang]}" if fig.scope else ""
        number = f"（{numbers[i]}）" if lang == "zh" and i in numbers else f" ({numbers[i]})" if i in numbers else ""
        period = f"（{fig.period_text(lang)}）" if lang == "zh" else f" ({fig.period_text(lang)})"
        labels.append(f"{_head(fig, lang, by_city, names)}{scope}{period}{number}")
    return labels


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
    """Trim a long scope for an axis label; the table under the chart gives it whole.
    English is cut between words ("food and food-related…", not "…produ…")."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in text and " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,;:·") + "…"


def tick_label(fig: Figure, lang: str, by_city: bool, names: Mapping[str, Mapping[str, str]] | None,
               limit: int | None = None, number: str = "") -> str:
    """A category label: what and scope (scope trimmed to `limit`, wrapped), the period on its own line,
    then the figure's number among figures alike."""
    head = _head(fig, lang, by_city, names)
    if fig.scope:
        head += f" · {_shorten(fig.scope[lang], limit) if limit else fig.scope[lang]}"
    width = 10 if lang == "zh" else 18
    tail = f"<br>{'（' + number + '）' if lang == 'zh' else '(' + number + ')'}" if number else ""
    return f"{_wrap(head, width)}<br>{fig.period_text(lang)}{tail}"


def tick_labels(figures: list[Figure], lang: str, by_city: bool = False,
                names: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
    """One category per figure, never two alike: plotly draws figures with the same category on one
    row, the later hiding the earlier. Scopes are trimmed to keep labels short beside a phone-wide
    chart, less where trimming would make two rows read alike, not at all if that is not enough."""
    numbers = _numbers(figures, lang, by_city, names)
    short = 12 if lang == "zh" else 28
    limits: list[int | None] = [short] * len(figures)

    def label(i: int) -> str:
        return tick_label(figures[i], lang, by_city, names, limits[i], numbers.get(i, ""))

    labels = [label(i) for i in range(len(figures))]
    for longer in (short * 2, None):
        for i in _alike(labels):
            limits[i] = longer
            labels[i] = label(i)
    for n, i in enumerate(_alike(labels), 1):  # only text that wraps into another's line breaks is left
        labels[i] += f"<br>[{n}]"
    return labels


def _alike(labels: list[str]) -> list[int]:
    """Indexes of the labels that another label equals."""
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return [i for i, label in enumerate(labels) if seen[label] > 1]


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
              by_city: bool = False, names: Mapping[str, Mapping[str, str]] | None = None) -> Chart:
    """Values as dots on a shared axis: honest for rates near 100 (no truncated bars)."""
    chart = Chart(chart_id, title, figures, by_city=by_city, city_names=names or {})
    unit = cat.UNITS[figures[0].unit]
    for lang in ("zh", "en"):
        labels = tick_labels(figures, lang, by_city, names)
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
              names: Mapping[str, Mapping[str, str]] | None = None) -> Chart:
    """Counts and amounts as bars from zero; qualifiers shown by colour, legend and label."""
    chart = Chart(chart_id, title, figures, by_city=by_city, city_names=names or {})
    for lang in ("zh", "en"):
        labels = tick_labels(figures, lang, by_city, names)
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
