"""What describes the open data as a whole: its name, licence, last update and how to cite it.

One place, read by the data package, the ZIP's README, the download page and the feeds.
"""
from __future__ import annotations

from ..format import date_text
from ..published import DATA_TITLE, LICENCE, LICENCE_SHORT, PACKAGE_NAME, TITLE  # noqa: F401 (the open data reads meta.*)
from ..validate import Dataset

ARCHIVE = "food-safety-cities.zip"
ARCHIVE_FOLDER = "food-safety-cities"
EPOCH = "1980-01-01"  # the earliest date a ZIP can store; used only when the changelog is empty


def last_update(data: Dataset) -> str | None:
    """The newest dated entry of data/changelog.yaml (YYYY-MM-DD), or None without one."""
    dates = [c["date"] for c in data.changelog if not c["date"].startswith("--")]
    return max(dates) if dates else None


def full_date(date: str | None) -> str:
    """A changelog date as a full date, for the ZIP and the feeds ('2026-11' → '2026-11-01')."""
    if not date:
        return EPOCH
    parts = (date.split("-") + ["01", "01"])[:3]
    return "-".join(parts)


def citation(data: Dataset, lang: str) -> str:
    """The line a journalist pastes under a chart or into a footnote."""
    updated = last_update(data)
    if lang == "zh":
        when = f"（{date_text(updated, 'zh')}更新）" if updated else ""
        return (f"{TITLE['zh']}：《{DATA_TITLE['zh']}》{when}，{LICENCE_SHORT}。"
                "数字摘自各地公开的政府文件，来源见 sources.csv。")
    when = f", updated {date_text(updated, 'en')}" if updated else ""
    return (f"{TITLE['en']}, \u201c{DATA_TITLE['en']}\u201d{when}. {LICENCE_SHORT}. "
            "Figures from public government documents listed in sources.csv.")
