"""jieba's word list for the search index, in 5 MB instead of 75.

Material's search plugin and the search entries (search_index.py) cut Chinese text into words
with jieba. jieba keeps its dictionary as a dict of 584,000 words and word beginnings (75 MB in
each MkDocs process, two of which run at once), to cut a few thousand distinct phrases per build.
`install` gives jieba's tokenizer the same dictionary as one sorted text searched by bisection:
jieba's own code still does the cutting, asking this object what it asked its dict (is this a word
or a word's beginning, how frequent is it), and gets the same answers, so the words are the same.

The sorted text is made once per version of jieba's dictionary and kept in a folder of the user's
own in the temporary folder, as jieba keeps its own cache there; making it costs what jieba's dict
costs, once per machine.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Answers kept, at most: a few MB, and nearly every question of a national build.
SEEN = 100_000
#: The version of the format of the kept file: a new one is made when this changes.
FORMAT = 2


class _Sorted:
    """The i-th word of the sorted list, read out of the one text that holds them all."""

    def __init__(self, text: str, starts: array) -> None:
        self._text = text
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, index: int) -> str:
        return self._text[self._starts[index]:self._starts[index + 1]]


class WordFrequencies:
    """What jieba's `Tokenizer.FREQ` answers: a word's frequency, 0 for the beginning of a longer
    word (or a word listed with 0), and not found otherwise. Words added later (the site's own
    dictionary, theme/search/userdict.txt) go to a small dict in front, as jieba would add them."""

    def __init__(self, text: str, starts: array, frequencies: array, spans: dict[str, tuple[int, int]]) -> None:
        self._words = _Sorted(text, starts)
        self._frequencies = frequencies
        self._spans = spans  # where the words of each first character are: a search looks among those alone
        self._added: dict[str, int] = {}
        self._seen: dict[str, int | None] = {}  # answers given: the same beginnings recur on every page

    def _find(self, word: str) -> int | None:
        """The frequency of `word`, 0 if it only begins a longer one, None if neither."""
        if word in self._seen:
            return self._seen[word]
        if word in self._added:
            return self._added[word]
        found: int | None = None
        if (span := self._spans.get(word[:1])) is not None:
            at = bisect_left(self._words, word, *span)
            if at < span[1] and (listed := self._words[at]).startswith(word):
                found = self._frequencies[at] if listed == word else 0
        if len(self._seen) < SEEN:
            self._seen[word] = found
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) is not None

    def __getitem__(self, word: str) -> int:
        frequency = self._find(word)
        if frequency is None:
            raise KeyError(word)
        return frequency

    def get(self, word: str, default: Any = None) -> Any:
        frequency = self._find(word)
        return default if frequency is None else frequency

    def __setitem__(self, word: str, frequency: int) -> None:
        self._added[word] = frequency
        self._seen.pop(word, None)


@dataclass
class SortedWords:
    """jieba's dictionary as WordFrequencies reads it: one text of the words in order, where each
    starts, their frequencies, where each first character's words are, and the total."""

    text: str
    starts: array
    frequencies: array
    spans: dict[str, tuple[int, int]]
    total: int

    def frequencies_table(self) -> WordFrequencies:
        return WordFrequencies(self.text, self.starts, self.frequencies, self.spans)

    def dumps(self) -> bytes:
        return marshal.dumps((FORMAT, self.text, self.starts.tobytes(), self.frequencies.tobytes(), self.spans,
                              self.total))

    @classmethod
    def loads(cls, kept: bytes) -> SortedWords:
        """Read back what dumps wrote; ValueError for anything else (another format, a file cut short)."""
        version, text, starts_bytes, frequencies_bytes, spans, total = marshal.loads(kept)
        if version != FORMAT:
            raise ValueError(f"kept in format {version}")
        if not (isinstance(text, str) and isinstance(spans, dict) and isinstance(total, int)):
            raise ValueError("not a sorted dictionary")
        starts, frequencies = array("I"), array("I")
        starts.frombytes(starts_bytes)
        frequencies.frombytes(frequencies_bytes)
        if len(starts) != len(frequencies) + 1 or starts[-1] != len(text):
            raise ValueError("not a sorted dictionary")
        return cls(text, starts, frequencies, spans, total)


def read_dictionary(lines: Iterable[bytes]) -> SortedWords:
    """jieba's dictionary file sorted: a word listed twice keeps its last frequency, as in jieba's
    dict, and the total is every line's frequency added up, as jieba adds them."""
    frequencies: dict[str, int] = {}
    total = 0
    for number, raw in enumerate(lines, 1):
        line = raw.strip().decode("utf-8")
        try:
            word, frequency = line.split(" ")[:2]
            frequencies[word] = int(frequency)
        except ValueError:
            raise ValueError(f"invalid dictionary entry at line {number}: {line}") from None
        total += frequencies[word]
    words = sorted(frequencies)
    starts = array("I", [0])
    spans: dict[str, tuple[int, int]] = {}
    for at, word in enumerate(words):
        starts.append(starts[-1] + len(word))
        spans[word[:1]] = (spans.get(word[:1], (at, at))[0], at + 1)
    return SortedWords("".join(words), starts, array("I", (frequencies[w] for w in words)), spans, total)


def kept_file(dictionary: bytes, folder: Path) -> Path:
    digest = hashlib.sha256(dictionary).hexdigest()[:16]
    return folder / f"portal-jieba-words-{FORMAT}-{digest}.marshal"


def kept_folder() -> Path:
    """Where the sorted copy is kept: a folder of this user's own in the temporary folder, which no
    one else can write to (the copy is read back with marshal, which trusts what it reads)."""
    folder = Path(tempfile.gettempdir()) / f"portal-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    status = folder.lstat()
    if not folder.is_dir() or folder.is_symlink() or status.st_uid != os.getuid() or status.st_mode & 0o022:
        raise OSError(f"{folder} is not a folder of this user's own")
    return folder


def load(dictionary: Path, folder: Path | None = None) -> SortedWords:
    """`dictionary` (jieba's dict.txt) sorted, from the copy kept in `folder` (kept_folder by
    default), which is made first if missing or unreadable. Without a folder it can keep the
    copy in, the words are sorted anew each time."""
    content = dictionary.read_bytes()
    try:
        kept = kept_file(content, folder or kept_folder())
    except OSError:
        return read_dictionary(content.splitlines())
    try:
        return SortedWords.loads(kept.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        words = read_dictionary(content.splitlines())
        partial = kept.with_name(f"{kept.name}.{os.getpid()}")
        try:
            partial.write_bytes(words.dumps())
            os.replace(partial, kept)  # whole or not at all, whichever process writes it
        except OSError:  # a folder that cannot be written: made again next time, as jieba does
            with contextlib.suppress(OSError):
                partial.unlink()
        return words


def jieba_words() -> Path:
    """jieba's own dictionary file (dict.txt, beside its module), found without importing jieba (its
    model of unknown words, some MB, stays out of a process that only checks the sorted copy)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed (see requirements.txt)")
    return Path(spec.origin).with_name("dict.txt")


def is_kept(folder: Path | None = None) -> bool:
    """Whether the sorted copy of jieba's dictionary is already in `folder` (kept_folder by default)."""
    try:
        return kept_file(jieba_words().read_bytes(), folder or kept_folder()).is_file()
    except OSError:
        return False


def prepare(folder: Path | None = None) -> None:
    """Make the sorted copy if it is missing. `portal build` does this in a process of its own
    before the MkDocs processes start, so none of them holds jieba's dict while making it."""
    load(jieba_words(), folder)


def install(tokenizer: Any, dictionary: Path | None = None, folder: Path | None = None) -> None:
    """Give a jieba Tokenizer its dictionary as WordFrequencies, before anything asks it to load its
    own. Only jieba's default dictionary is read this way; a tokenizer already loaded, or given another
    dictionary, is left alone."""
    if getattr(tokenizer, "initialized", True) or getattr(tokenizer, "dictionary", None) is not None:
        return
    words = load(dictionary or jieba_words(), folder)
    with tokenizer.lock:
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = words.frequencies_table(), words.total, True


def default_tokenizer() -> Any:
    """jieba's default tokenizer (the one jieba.cut and jieba.load_userdict use, Material's search
    plugin too), given the sorted dictionary the first time."""
    import jieba

    install(jieba.dt)
    return jieba.dt
