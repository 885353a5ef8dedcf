"""jieba's dictionary, sorted and searched by bisection (generator/jieba_dictionary.py), cuts Chinese
into exactly the words jieba's own dict gives: the search index is the same byte for byte, in a
fraction of the memory of each MkDocs process."""
from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import jieba
import pytest
from conftest import REAL_DATA, ROOT

from generator import jieba_dictionary

USER_WORDS = ROOT / "theme" / "search" / "userdict.txt"


def tokenizers(folder: Path) -> tuple[jieba.Tokenizer, jieba.Tokenizer]:
    """jieba's own tokenizer and one given the sorted dictionary, each with the site's own words."""
    jieba.setLogLevel(60)
    own, sorted_ = jieba.Tokenizer(), jieba.Tokenizer()
    own.initialize()
    jieba_dictionary.install(sorted_, folder=folder)
    for tokenizer in (own, sorted_):
        tokenizer.load_userdict(str(USER_WORDS))
    return own, sorted_


def test_the_sorted_dictionary_cuts_every_text_as_jieba_does(tmp_path: Path) -> None:
    own, sorted_ = tokenizers(tmp_path)
    assert isinstance(sorted_.FREQ, jieba_dictionary.WordFrequencies) and sorted_.total == own.total
    texts = [p.read_text(encoding="utf-8") for p in sorted((REAL_DATA / "documents").iterdir())]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*.md"))]
    rng = random.Random(14)
    characters = sorted(set("".join(texts)))
    words = sorted(own.FREQ)[::89]  # words, and beginnings of words (frequency 0)
    texts += ["".join(rng.choice(characters) for _ in range(rng.randint(1, 30))) for _ in range(2000)]
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(1, 6))) for _ in range(2000)]
    texts += [line.split()[0] for line in USER_WORDS.read_text(encoding="utf-8").splitlines() if line.strip()]
    different = [text for text in texts if list(own.cut(text)) != list(sorted_.cut(text))]
    assert different == []
    # bytes, as Material passes them
    assert list(sorted_.cut("监督抽检合格率达到98%".encode())) == ["监督抽检", "合格率", "达到", "98%"]


def test_it_answers_what_jieba_asks_its_dict(tmp_path: Path) -> None:
    own, sorted_ = tokenizers(tmp_path)
    rng = random.Random(7)
    asked = rng.sample(sorted(own.FREQ), 3000) + ["", "不存在的词语串", "zzzz", "\U0001f600"]
    asked += [word + "之" for word in asked[:500]]
    assert [sorted_.FREQ.get(word) for word in asked] == [own.FREQ.get(word) for word in asked]
    assert [word in sorted_.FREQ for word in asked] == [word in own.FREQ for word in asked]
    with pytest.raises(KeyError):
        sorted_.FREQ["不存在的词语串"]


def test_the_sorted_copy_is_made_once_and_remade_when_unreadable(tmp_path: Path, monkeypatch) -> None:
    made: list[int] = []
    read = jieba_dictionary.read_dictionary
    monkeypatch.setattr(jieba_dictionary, "read_dictionary", lambda lines: made.append(1) or read(lines))
    jieba_dictionary.install(jieba.Tokenizer(), folder=tmp_path)
    jieba_dictionary.install(jieba.Tokenizer(), folder=tmp_path)
    assert len(made) == 1
    [kept] = tmp_path.iterdir()
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short (a full disk, a killed process)
    tokenizer = jieba.Tokenizer()
    jieba_dictionary.install(tokenizer, folder=tmp_path)
    assert len(made) == 2 and list(tokenizer.cut("合格率")) == ["合格率"]


def test_a_tokenizer_with_its_own_dictionary_is_left_alone(tmp_path: Path) -> None:
    custom = tmp_path / "words.txt"
    custom.write_text("合格 5 n\n", encoding="utf-8")
    tokenizer = jieba.Tokenizer(str(custom))
    jieba_dictionary.install(tokenizer, folder=tmp_path)
    assert not tokenizer.initialized and list(tmp_path.glob("portal-*")) == []


def test_a_mkdocs_process_cuts_with_the_sorted_dictionary_in_a_fraction_of_jiebas_memory() -> None:
    """What the adapter does before Material's search plugin loads the site's words, then a cut:
    jieba's own dict would add about 60 MB to the process (75 MB with its 584,000 entries)."""
    probe = """
import resource, sys
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
import jieba
from generator.mkdocs_adapter import hooks
hooks.on_startup("build", False)
jieba.load_userdict(sys.argv[1])
words = list(jieba.cut("监督抽检合格率达到98%，你点我检"))
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
print(type(jieba.dt.FREQ).__name__, grown, "/".join(words))
"""
    jieba_dictionary.prepare()  # on a fresh machine, as portal build does before MkDocs starts
    result = subprocess.run([sys.executable, "-c", probe, str(USER_WORDS)], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    kind, grown, words = result.stdout.split()
    assert kind == "WordFrequencies" and words == "监督抽检/合格率/达到/98%/，/你点我检"
    assert int(grown) < 40, f"the process grew by {grown} MB"


def test_a_folder_that_cannot_be_written_still_gives_the_words(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    tokenizer = jieba.Tokenizer()
    jieba_dictionary.install(tokenizer, folder=not_a_folder)
    assert list(tokenizer.cut("监督抽检合格率")) == ["监督", "抽检", "合格率"]  # jieba's own words, without the site's


def test_the_copy_is_kept_only_in_a_folder_no_one_else_can_write(tmp_path: Path, monkeypatch) -> None:
    """marshal trusts what it reads: a copy someone else could have written is never read."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = jieba_dictionary.kept_folder()
    assert folder.parent == tmp_path and folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)
    tokenizer = jieba.Tokenizer()
    jieba_dictionary.install(tokenizer)
    assert list(folder.iterdir()) == [] and list(tokenizer.cut("合格率")) == ["合格率"]
    assert not jieba_dictionary.is_kept()


def test_a_copy_that_reads_but_is_not_a_dictionary_is_made_again(tmp_path: Path) -> None:
    import marshal

    jieba_dictionary.prepare(tmp_path)
    [kept] = tmp_path.iterdir()
    kept.write_bytes(marshal.dumps((jieba_dictionary.FORMAT, "甲", b"", b"", {}, 1)))
    tokenizer = jieba.Tokenizer()
    jieba_dictionary.install(tokenizer, folder=tmp_path)
    assert list(tokenizer.cut("监督抽检合格率")) == ["监督", "抽检", "合格率"]
    assert jieba_dictionary.SortedWords.loads(kept.read_bytes()).total == tokenizer.total
