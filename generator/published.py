"""Who publishes the data set and under what name and licence: its bibliographic record.

Kept apart from the open-data files that print it, because the citations on every page (cite)
read it too, and cite sits below both the pages and the open data.
"""
from __future__ import annotations

PACKAGE_NAME = "food-safety-demonstration-cities"
TITLE = {"zh": "国家食品安全示范城市数据公开平台", "en": "Food Safety Demonstration Cities: Open Data"}
DATA_TITLE = {"zh": "国家食品安全示范城市创建数据", "en": "National Food Safety Demonstration City candidacy data"}
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
LICENCE_SHORT = "CC BY 4.0"
