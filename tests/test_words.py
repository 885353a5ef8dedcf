"""One bilingual word list for every page (generator/words.py): each word in both languages."""
from __future__ import annotations

import re

from generator import words
from generator.opendata import render as opendata_render
from generator.render import ui

CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_word_is_in_both_languages() -> None:
    for key, (zh, en) in words.WORDS.items():
        assert zh.strip() and en.strip(), key
        assert not CJK.search(en), f"{key}: Chinese in the English word {en!r}"


def test_the_pages_and_the_open_data_read_the_same_list() -> None:
    assert ui.t is opendata_render.word is words.word
    assert ui.t("metric", "en") == "Metric" and opendata_render.word("metric_id", "en") == "Metric id"
