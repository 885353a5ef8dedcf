"""Page descriptions (meta description, og:description): what a search result or a link preview
shows under the title. Each says what that page holds, built from the data, never the site's
one-line description repeated; it is cut to what a result or a chat preview shows.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from ..page import ELLIPSIS, LIMITS, clip  # noqa: F401  (descriptions are cut as the page's front matter is)
from ..schema import catalogue as cat


def listing(head: str, items: Sequence[str], tail: str, lang: str) -> str:
    """`head` + as many of `items` as fit the limit + `tail`, the list closed with 等 / "and more"
    when some items were left out, so the sentence stays whole instead of being cut."""
    limit = LIMITS[lang]
    for count in range(len(items), 0, -1):
        shown = list(items[:count])
        more = count < len(items)
        if lang == "zh":
            text = "、".join(shown) + ("等" if more else "")
        elif more:
            text = ", ".join(shown) + " and more"
        else:
            text = shown[0] if count == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        sentence = f"{head}{text}{tail}"
        if len(sentence) <= limit:
            return sentence
    return clip(head + ("、" if lang == "zh" else ", ").join(items) + tail, lang)


def _theme_name(theme: str, lang: str) -> str:
    meta = cat.THEMES[theme]
    if lang == "zh":
        return meta.zh
    name = meta.en[0].lower() + meta.en[1:]
    return f"“{name}”" if "," in name else name


#: The themes told by records (reviews, targets, "you pick, we test") rather than figures.


def subjects(themes: AbstractSet[str], has_rates: bool, lang: str) -> list[str]:
    """What one city (or all of them) published, in the order of a city page: `themes` holds the
    themes with figures or records; sampling is named by its pass rates when there are any."""
    found = []
    for theme in ("sampling", "complaints", "enforcement", "funding", "staffing", "satisfaction"):
        if theme in themes:
            if theme == "sampling" and has_rates:
                found.append("抽检合格率" if lang == "zh" else "sampling pass rates")
            else:
                found.append(_theme_name(theme, lang))
    found += [_theme_name(theme, lang) for theme in cat.RECORD_THEMES if theme in themes]
    return found


def city_description(city: Mapping[str, Any], province: Mapping[str, str] | None, published: list[str], lang: str) -> str:
    """A city page: the city, its province and what it has published, each figure sourced."""
    name = city["name"][lang]
    if lang == "zh":
        where = f"{name}（{province['zh']}）" if province else name
        if not published:
            return clip(f"{where}创建国家食品安全示范城市：尚无公开数字，本页列出已知的创建进展与来源文件。", lang)
        return listing(f"{where}创建国家食品安全示范城市公开的数据：", published, "，每个数字均注明出处和原文。", lang)
    where = f"{name} ({province['en']})" if province else name
    if not published:
        return clip(f"{where} in the National Food Safety Demonstration City programme: no published figures yet; "
                    "its progress and source documents.", lang)
    return listing(f"{where} food-safety figures, each with its source: ", published, ".", lang)


def _cities(count: int, lang: str) -> str:
    return f"{count}个城市" if lang == "zh" else f"{count} {'city' if count == 1 else 'cities'}"


def home_description(city_count: int, subjects: list[str], lang: str) -> str:
    """The home page: how many cities, what they published, and that every figure is sourced."""
    if lang == "zh":
        return listing(f"{_cities(city_count, lang)}创建国家食品安全示范城市公开的数字与评审结论：", subjects,
                       "；每个数字注明来源文件和原文。", lang)
    return listing(f"Figures from {_cities(city_count, lang)} bidding to be National Food Safety Demonstration Cities, "
                   "each with its source, on ", subjects, ".", lang)


def cities_description(names: list[str], lang: str) -> str:
    """The list of cities, by province, with each one's progress."""
    if lang == "zh":
        return listing(f"参加国家食品安全示范城市创建的{_cities(len(names), lang)}，按省份列出创建进展：", names, "。", lang)
    return listing(f"The {_cities(len(names), lang)} in the National Food Safety Demonstration City programme, "
                   "by province, with each one's progress: ", names, ".", lang)


def themes_description(themes: list[str], lang: str) -> str:
    """The list of themes."""
    if lang == "zh":
        return listing(f"{len(themes)}个专题，每个专题对比全部城市公布的数字与记录：", themes, "。", lang)
    return listing(f"{len(themes)} themes, each comparing every city's figures and records: ",
                   [name[0].lower() + name[1:] for name in themes], ".", lang)


def theme_description(about: str, names: list[str], lang: str) -> str:
    """A theme page: what the theme covers and which cities published something on it."""
    if lang == "zh":
        if not names:
            return clip(f"{about}目前没有城市公布此类数字；城市公布后将在此对比。", lang)
        return listing(f"{about}各城市公布的内容并列对比，注明期间与出处：", names, "。", lang)
    if not names:
        return clip(f"{about} No city has published such figures yet; they will be compared here.", lang)
    return listing(f"{about} Compared across cities: ", names, ".", lang)


def source_description(title: str, has_text: bool, lang: str) -> str:
    """A source document's page: its full text, against which every figure taken from it can be checked."""
    if lang == "zh":
        what = ("文件全文，本站引自该文件的每个数字都可在此核对原句。" if has_text
                else "文件出处信息，以及本站引自该文件的数字与原句。")
        return clip(f"{title}：{what}", lang)
    what = ("full text, to check each figure quoted from it." if has_text
            else "where it was published, and the figures quoted from it.")
    return clip(f"{title}: {what}", lang)
