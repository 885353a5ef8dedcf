"""Validate the whole `data/` folder: every file against the schema, then the
rules that span records and files (ids, references, quotes, totals).

All problems are collected, never just the first, so staff fix a file in one go.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import quotes
from .gcpause import without_cyclic_gc
from .load import compose_top_level, load_file, node_position, read_text
from .problems import Problem
from .schema import shapes
from .schema.catalogue import FIGURE_THEMES
from .schema.city import CHANGELOG, CITY
from .schema.hints import period_yaml
from .schema.record import Record, Source, index_in_list
from .schema.spec import INVALID, Context, join, suggest

CITY_DIR = "cities"
DOCUMENT_DIR = "documents"
CHANGELOG_FILE = "changelog.yaml"
T = TypeVar("T")


@dataclass
class Dataset:
    """The validated data: cities by slug, sources by id, the changelog, and the problems found."""

    root: Path
    cities: dict[str, shapes.City] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    changelog: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # slug -> display path
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # slug -> the city's name, {"zh", "en"}
    problems: list[Problem] = field(default_factory=list)
    documents: DocumentTexts = field(init=False)  # the source documents, for the quote check
    site_url: str = ""  # the site's absolute address (mkdocs.yml site_url), for citations; "" when unknown

    def __post_init__(self) -> None:
        self.documents = DocumentTexts(self.root / DOCUMENT_DIR)

    @property
    def ok(self) -> bool:
        return not self.problems


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def city_files(root: Path) -> list[Path]:
    folder = root / CITY_DIR
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file()) if folder.is_dir() else []


def city_folder_problems(root: Path) -> list[Problem]:
    """A data folder without cities/ is a wrong --data, not a site of no cities: a build or a preview
    would otherwise publish every page empty."""
    if (root / CITY_DIR).is_dir():
        return []
    folder = display_path(root / CITY_DIR, root)
    return [Problem(folder, 1, 1, "", "no-city-folder", {"folder": f"{CITY_DIR}/"})]


@dataclass(frozen=True)
class CityRead:
    """What one city file says on its own, before the checks across files. A preview keeps
    these between rebuilds (see `reuse`): reading a file is four fifths of validating it."""

    load_problems: tuple[Problem, ...]
    problems: tuple[Problem, ...]
    refs: tuple[tuple[str, str, int, int, str], ...]
    city: Record | None
    declared: frozenset[str]


@dataclass
class ValidationMemo:
    """What a preview server's validator keeps between rebuilds (see reuse.PreviewCache): each city
    file as last read, by path, with its size and modification time; and each city file's quote
    findings with the record and the documents they were checked against."""

    reads: dict[Path, tuple[tuple[int, int], CityRead]] = field(default_factory=dict)
    quotes: dict[str, tuple[Mapping[str, Any], tuple[str, ...], int, list[Problem]]] = field(default_factory=dict)


def read_city_file(path: Path, display: str, memo: ValidationMemo | None = None) -> CityRead:
    """Load one city file and check it against the schema (nothing across files yet). With a
    `memo`, a file unchanged since it was last read is not read again."""
    status = path.stat()
    stamp = (status.st_size, status.st_mtime_ns)
    if memo is not None and (hit := memo.reads.get(path)) is not None and hit[0] == stamp:
        return hit[1]
    loaded, load_problems = load_file(path, display)
    if loaded.root is None:
        read = CityRead(tuple(load_problems), (), (), None, frozenset(ids_in_text(loaded.text)))
    else:
        ctx = Context(display)
        city = CITY.read(loaded.root, "", ctx)
        if city is INVALID:
            city = _partial_city(loaded.root, ctx)
        _check_complaint_totals(ctx, city)  # checks within the file: a preview keeps them with it
        _check_duplicate_figures(ctx, city)
        read = CityRead(tuple(load_problems), tuple(ctx.problems), tuple(ctx.refs), city,
                        frozenset(declared_source_ids(loaded.root)))
    if memo is not None:
        memo.reads[path] = (stamp, read)
    return read


@without_cyclic_gc
def validate_dataset(root: Path, memo: ValidationMemo | None = None) -> Dataset:
    """Read and check every data file under `root` (the `data/` folder). With a `memo` (the
    preview server's), city files unchanged since the last call are not read again; the checks
    across files always run on everything."""
    data = Dataset(root, problems=city_folder_problems(root))
    contexts: list[tuple[Context, Mapping[str, Any]]] = []
    declared: set[str] = set()
    unreadable: set[str] = set()
    for path in city_files(root):
        display = display_path(path, root)
        read = read_city_file(path, display, memo)
        data.problems += read.load_problems
        if read.city is None:  # unreadable: its ids and slug still count, so others are not blamed
            declared |= read.declared
            unreadable.add(path.stem)
            continue
        ctx = Context(display)  # fresh: the checks across files add their problems to it
        ctx.problems, ctx.refs = list(read.problems), list(read.refs)
        contexts.append((ctx, read.city))
        declared |= read.declared
        _register_city(data, read.city, path, display)
    changelog_path = root / CHANGELOG_FILE
    if changelog_path.exists():
        data.changelog = _read_changelog(data, changelog_path, contexts)
    _check_ids_and_refs(data, contexts, declared, unreadable)
    _check_documents(data)
    _check_quotes(data, contexts, memo)
    data.problems = sorted(set(data.problems).union(p for ctx, _ in contexts for p in ctx.problems))
    return data


def _partial_city(node: Any, ctx: Context) -> Record:
    """Even when a city file has problems, read what can be read, so cross-file
    checks (duplicate slugs, unknown sources) still report on it."""
    scratch = Context(ctx.display)
    result = Record()
    if not isinstance(node, MappingNode):
        return result
    for key_node, value_node in node.value:
        spec = CITY.by_name.get(str(key_node.value))
        if spec is None:
            continue
        value = spec.kind.read(value_node, spec.name, scratch)
        if value is not INVALID:
            result[spec.name] = value
            result.pos[spec.name] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
    ctx.refs += scratch.refs
    return result


def declared_source_ids(node: Any) -> set[str]:
    """Ids written under `sources:`, even in a source record that has other problems,
    so that one mistake in a source is not also reported at every figure citing it."""
    if not isinstance(node, MappingNode):
        return set()
    ids = set()
    for key_node, value_node in node.value:
        if key_node.value == "sources" and isinstance(value_node, SequenceNode):
            for item in value_node.value:
                if isinstance(item, MappingNode):
                    ids |= {str(v.value) for k, v in item.value if k.value == "id" and isinstance(v, ScalarNode)}
    return ids


def validated(city: Record) -> shapes.City:
    """A city's record as the validator hands it over, typed by its fields (shapes.City): the one
    place a record becomes a TypedDict. Only a city without problems goes on to be derived."""
    return cast(shapes.City, city)


def _register_city(data: Dataset, city: Record, path: Path, display: str) -> None:
    slug = city.get("slug")
    if not slug:
        return
    if slug not in data.files:
        data.cities[slug] = validated(city)
    problem = _register_slug(data, slug, city.get("name"), city.pos.get("slug", (1, 1)), path, display)
    if problem is not None:
        data.problems.append(problem)


def _register_slug(data: Dataset, slug: str, name: dict[str, str] | None, pos: tuple[int, int], path: Path,
                   display: str) -> Problem | None:
    """File a city's display path and name under its slug, unless a file read before took the slug;
    return what is wrong with the slug: taken already, or not the file's name."""
    if slug in data.files:
        return Problem.at(display, pos, "slug", "duplicate-slug", {"found": slug, "other": data.files[slug]})
    data.files[slug] = display
    if name is not None:
        data.names[slug] = name
    if path.stem != slug:
        return Problem.at(display, pos, "slug", "slug-mismatch", {"expected": f"{slug}.yaml"})
    return None


def _read_changelog(data: Dataset, path: Path, contexts: list[tuple[Context, Mapping[str, Any]]]) -> list[Any]:
    display = display_path(path, data.root)
    loaded, problems = load_file(path, display)
    data.problems += problems
    if loaded.root is None:
        return []
    ctx = Context(display)
    log = CHANGELOG.read(loaded.root, "", ctx)
    contexts.append((ctx, {}))
    return [] if log is INVALID else log["changes"]


# ---------------------------------------------------------------- one city at a time
#: The top-level entries of each city file read before any city is: what the pages across cities need.
INDEXED = ("slug", "name", "sources")


@dataclass(frozen=True)
class _IndexedCity:
    """A city file's slug, name and sources, read on their own before any city is (see stream_dataset)."""

    path: Path
    display: str
    slug: str
    name: dict[str, str]
    sources: list[Source]  # as filed in Dataset.sources

    def agrees_with(self, city: Mapping[str, Any]) -> bool:
        """Whether the whole file, read, says what its entries read on their own said (and where)."""
        filed = _filed_sources(city, self.display)
        return (city.get("slug") == self.slug and city.get("name") == self.name and filed == self.sources
                and [source.pos for source in filed] == [source.pos for source in self.sources])


class CityStream:
    """A dataset validated one city at a time, so that a build holds one city's record, not all of
    them (see stream_dataset). `data` has everything but the cities: `cities` stays empty."""

    def __init__(self, data: Dataset, index: list[_IndexedCity] | None):
        self.data = data
        self._index = index  # None: the files could not be read up front with certainty
        self._known = KnownIds(set(data.sources), set(data.files))
        self._clean = False  # cities() ran to its end and found nothing wrong
        self.item_ids: dict[str, str] = {}  # review and round ids ("reviews:<id>") -> where first declared

    def cities(self, share: tuple[int, int] = (0, 1)) -> Iterator[tuple[str, shapes.City]]:
        """(slug, validated record) for each city, in slug order (a city's file is named after its
        slug), as long as nothing is found wrong; it stops at the first problem, since `ok` is then
        known to be False. Each record is read when asked for and held by no one but the caller.

        `share` (k, n): only the k-th of n contiguous runs of those cities (a build's worker
        processes share the pass). The review and round ids that must be unique across files are
        then checked within the share; `item_ids` holds them for the caller to check across shares."""
        self._clean = False
        self.item_ids = {}
        if self._index is None or self.data.problems:
            return
        for entry in share_of(sorted(self._index, key=lambda entry: (entry.path.stem, entry.path)), share):
            city = self._read(entry, self.item_ids)
            if city is None:
                return
            yield entry.slug, validated(city)
        self._clean = True

    def slugs(self) -> list[str]:
        """Every city's slug, in the order cities() gives them."""
        return [entry.slug for entry in sorted(self._index or [], key=lambda entry: (entry.path.stem, entry.path))]

    @property
    def ok(self) -> bool:
        """Once cities() is exhausted: whether validate_dataset would find no problem, and `data`
        (read up front) is what reading every file in full gives. False before, and whenever the
        build must fall back to validate_dataset (which also says what is wrong)."""
        return self._clean

    def _read(self, entry: _IndexedCity, items: dict[str, str]) -> Record | None:
        """One city file read and checked in full, against the dataset read up front; None if
        anything is wrong with it (its problems go to data.problems) or it disagrees with that."""
        read = read_city_file(entry.path, entry.display)
        if read.city is None or read.load_problems or read.problems:
            self.data.problems += read.load_problems + read.problems
            return None
        ctx = Context(entry.display)
        ctx.refs = list(read.refs)
        this = [(ctx, read.city)]
        _check_quotes(self.data, this)
        _check_item_ids(ctx, read.city, items)
        self.data.problems += ctx.problems + self._known.unknown_refs(ctx)
        return read.city if not self.data.problems and entry.agrees_with(read.city) else None


def share_of(items: list[T], share: tuple[int, int]) -> list[T]:
    """The k-th of n contiguous runs of `items`, as even as can be (share = (k, n))."""
    k, n = share
    return items[len(items) * k // n:len(items) * (k + 1) // n]


def duplicate_item_ids(shares: list[dict[str, str]]) -> bool:
    """Whether an id appears in more than one share's `item_ids` (each share checked its own)."""
    seen: set[str] = set()
    for ids in shares:
        if seen & ids.keys():
            return True
        seen |= ids.keys()
    return False


@without_cyclic_gc
def stream_dataset(root: Path) -> CityStream:
    """Validate `root` (the `data/` folder) one city at a time: the build's one pass reads, checks,
    renders and drops each city in turn (CityStream.cities), and at the end asks CityStream.ok
    whether it may publish; if not, it runs validate_dataset, which reports every problem.

    Up front, cheaply: the changelog, and of each city file only its top-level slug, name and
    sources (load.compose_top_level), so that the sources, documents, slugs and names every page
    may cite are known before the first city is; the checks of those that span files run then.
    A file that cannot be cut into its top-level entries with certainty, or whose sources are
    written in flow style, makes the stream not ok at once: it yields nothing. `data.problems`
    holds what the stream found, which is not all there is (it stops at the first problem)."""
    data = Dataset(root, problems=city_folder_problems(root))
    index: list[_IndexedCity] = []
    sources: dict[str, str] = {}  # source id -> where first declared
    for path in city_files(root):
        display = display_path(path, root)
        entries = _read_indexed(path, display)
        if entries is None:
            return CityStream(data, None)
        slug, pos, name, city_sources = entries
        problem = _register_slug(data, slug, name, pos, path, display)
        data.problems += [problem] if problem is not None else []
        ctx = Context(display)
        filed = _register_sources(data, ctx, {"slug": slug, "sources": city_sources}, sources)
        data.problems += ctx.problems
        index.append(_IndexedCity(path, display, slug, name, filed))
    if (root / CHANGELOG_FILE).exists():
        changelog: list[tuple[Context, Mapping[str, Any]]] = []
        data.changelog = _read_changelog(data, root / CHANGELOG_FILE, changelog)
        for ctx, _ in changelog:
            data.problems += ctx.problems + KnownIds(set(data.sources), set(data.files)).unknown_refs(ctx)
    data.documents.kept = False  # each read when a city's quotes are checked, then let go
    _check_documents(data)
    return CityStream(data, index)


def _read_indexed(path: Path, display: str) -> tuple[str, tuple[int, int], dict[str, str],
                                                     list[dict[str, Any]]] | None:
    """A city file's slug (and where), name and sources, read with the schema's own kinds from those
    entries alone; None unless they read without a problem, the sources as a block-style list."""
    text, _ = read_text(path, display)
    root = compose_top_level(text, INDEXED, display) if text is not None else None
    if root is None:
        return None
    nodes = {str(key.value): value for key, value in root.value}
    if set(nodes) != set(INDEXED) or not isinstance(nodes["sources"], SequenceNode) or nodes["sources"].flow_style:
        return None
    ctx = Context(display)
    read = {key: CITY.by_name[key].kind.read(node, key, ctx) for key, node in nodes.items()}
    if ctx.problems:
        return None
    return read["slug"], node_position(nodes["slug"]), read["name"], read["sources"]


def ids_in_text(text: str) -> set[str]:
    """Every `id:` a file that cannot be parsed seems to declare (sources, reviews, rounds), so
    that its one syntax error does not make each reference to it elsewhere an error too."""
    return set(re.findall(r"""^[ \t-]*id:[ \t]*["']?([a-z0-9][a-z0-9-]*)""", text, re.M))


def _check_ids_and_refs(data: Dataset, contexts: Sequence[tuple[Context, Mapping[str, Any]]], declared: set[str],
                        unreadable: set[str]) -> None:
    """Each id is declared once across all files; each reference names a declared source or city."""
    sources: dict[str, str] = {}
    items: dict[str, str] = {}
    for ctx, city in contexts:
        _register_sources(data, ctx, city, sources)
        _check_item_ids(ctx, city, items)
    known = KnownIds(set(data.sources) | declared, set(data.cities) | unreadable)
    for ctx, _ in contexts:
        data.problems += known.unknown_refs(ctx)


def _register_sources(data: Dataset, ctx: Context, city: Mapping[str, Any],
                      seen: dict[str, str]) -> list[Source]:
    """File a city's sources under their ids in `data.sources`, each with the city, file and place that
    declare it; an id declared before (`seen`: id -> where) is a problem. Returns the city's sources so filed."""
    filed = _filed_sources(city, ctx.display)
    for i, (source, entry) in enumerate(zip(city.get("sources", []), filed, strict=True)):
        if source["id"] in seen:
            ctx.report_at(source.pos["id"], f"sources[{i}].id", "duplicate-id", found=source["id"],
                          other=seen[source["id"]])
            continue
        seen[source["id"]] = f"{ctx.display}:{source.pos[''][0]}"
        data.sources[source["id"]] = entry
    return filed


def _filed_sources(city: Mapping[str, Any], display: str) -> list[Source]:
    """A city's sources as Dataset.sources holds them: with the city, file and place that declare each."""
    return [Source(source, city.get("slug"), display, f"sources[{i}]") for i, source in enumerate(city.get("sources", []))]


def _check_item_ids(ctx: Context, city: Mapping[str, Any], seen: dict[str, str]) -> None:
    """Review and round ids are unique across all files (`seen`: "reviews:<id>" or "rounds:<id>" ->
    where it was first declared; the cities read so far add theirs)."""
    lists = [("reviews", "reviews", city.get("reviews", [])),
             ("rounds", "you_pick_we_test.rounds", city.get("you_pick_we_test", {}).get("rounds", []))]
    for kind, path, items in lists:
        for i, item in enumerate(items):
            key = f"{kind}:{item['id']}"
            if key in seen:
                ctx.report_at(item.pos["id"], f"{path}[{i}].id", "duplicate-id", found=item["id"],
                              other=seen[key])
                continue
            seen[key] = f"{ctx.display}:{item.pos[''][0]}"


class KnownIds:
    """The ids a reference may name: sources and cities."""

    def __init__(self, sources: set[str], cities: set[str]):
        self.ids = {"sources": sources, "cities": cities}
        self.listed = {"sources": sorted(sources), "cities": sorted(cities)}  # for 'did you mean'

    def unknown_refs(self, ctx: Context) -> list[Problem]:
        """A problem for each reference in `ctx` to an id no file declares."""
        problems = []
        for collection, ref, line, col, path in ctx.refs:
            if ref in self.ids[collection]:
                continue
            listed = self.listed[collection]
            zh, en = suggest(ref, listed)
            code = "unknown-source" if collection == "sources" else "unknown-city"
            problems.append(Problem(ctx.display, line, col, path, code, {
                "found": ref, "suggest_zh": zh, "suggest_en": en, "allowed": ", ".join(listed) or "—"}))
        return problems


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def quoted_items(node: Any, path: str = "", source: str | None = None) -> Iterator[tuple[str, Record, str]]:
    """Every record that carries a verbatim quote, with its path and the source it inherits."""
    if isinstance(node, dict):
        source = node.get("source", source)
        if isinstance(node, Record) and ("quote" in node or ("zh" in node and "en" in node)):  # a statement, not a text
            if source:
                yield path, node, source
        for key, value in node.items():
            if key != "sources":
                yield from quoted_items(value, join(path, key), source)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from quoted_items(value, join(path, index_in_list(value, i)), source)


def _cited_key(data: Dataset, cited: tuple[str, ...]) -> int:
    """Changes when a cited source's document, or that document's text, changes."""
    documents = [data.sources[sid].get("document", "") if sid in data.sources else None for sid in cited]
    return hash(tuple((sid, name, hash(data.documents.get(name or ""))) for sid, name in zip(cited, documents, strict=True)))


def _check_quotes(data: Dataset, contexts: Sequence[tuple[Context, Mapping[str, Any]]],
                  memo: ValidationMemo | None = None) -> None:
    """Each quote must stand verbatim (white space aside) in its source document. With a `memo`,
    a city file unchanged since the last call, whose quotes' documents are unchanged too, keeps
    the last call's findings (an edit to one document re-checks only the cities quoting it)."""
    for ctx, city in contexts:
        hit = memo.quotes.get(ctx.display) if memo is not None else None
        if hit is not None and hit[0] is city and hit[2] == _cited_key(data, hit[1]):
            ctx.problems += hit[3]
            continue
        found: list[Problem] = []
        raw_texts: dict[str, str] = {}
        texts: dict[str, str] = {}  # each document read once per city (a one-off build's stream keeps none)
        items = list(quoted_items(city))
        for path, item, source_id in items:
            source = data.sources.get(source_id)
            if not source or "document" not in source:
                continue
            if source["document"] not in texts:
                texts[source["document"]] = data.documents.get(source["document"])
            text = texts[source["document"]]
            if not text:
                continue
            quote = item.get("quote", item.get("zh", ""))
            key = "quote" if "quote" in item else "zh"
            where: tuple[str, tuple[int, int], str] = (ctx.display, item.pos.get(key, item.pos[""]),
                                                       join(path, key))
            document = f"data/{DOCUMENT_DIR}/{source['document']}"
            if _squash(quote) not in text:
                found.append(Problem.at(*where, "quote-not-found", {"found": quote[:80], "document": document,
                                                                 **_quote_hints(quote, text)}))
            elif re.search(r"\s", quote):
                if source["document"] not in raw_texts:  # (setdefault would read the file for every quote)
                    raw_texts[source["document"]] = data.documents.raw(source["document"])
                raw = raw_texts[source["document"]]
                stray = quotes.stray_whitespace(quote, raw)
                if stray is not None:
                    what_zh, what_en = quotes.whitespace_words(stray[1])
                    found.append(Problem.at(*where, "quote-whitespace", {
                        "found": quotes.around(quote, *stray), "what_zh": what_zh, "what_en": what_en}))
        ctx.problems += found
        if memo is not None:
            cited = tuple(sorted({source_id for _, _, source_id in items}))
            memo.quotes[ctx.display] = (city, cited, _cited_key(data, cited), found)


def _quote_hints(quote: str, document: str) -> dict[str, str]:
    """The closest passage and the likely causes, for a quote-not-found message."""
    why = quotes.explain(_squash(quote), document, quote)
    if why is None:
        return {"closest_zh": "原文中没有相近的段落。", "closest_en": " No passage of the document comes close.",
                "causes_zh": "", "causes_en": ""}
    hints = {"causes_zh": "", "causes_en": "",
             "closest_zh": f"最接近的原文：“{why.passage}”，摘录：“{why.quote}”（【】内为不同之处）。",
             "closest_en": f" Closest passage: \"{why.passage}\"; the quote: \"{why.quote}\" "
                           "(differences in 【】)."}
    if why.causes_zh:
        hints["causes_zh"] = "可能的原因：" + "；".join(why.causes_zh) + "。"
        hints["causes_en"] = " Likely cause: " + "; ".join(why.causes_en) + "."
    return hints


class DocumentTexts:
    """The source documents under data/documents/, each checked once, and their squashed text for the quote
    check. `kept`: each text is held once read (validate_dataset, whose texts a preview keeps); a one-off
    build's stream reads a document again when a city's quote asks for it and lets it go, so that every
    process of its pass does not hold every city's documents (6.5 MB of 1,000 cities' in each)."""

    def __init__(self, folder: Path, kept: bool = True) -> None:
        self.folder, self.kept = folder, kept
        self._texts: dict[str, str | None] = {}  # name -> text, or None: readable, not kept

    def add(self, name: str) -> str | None:
        """Check a document named by a source: None if it is UTF-8 text, else what is wrong with it."""
        self._texts[name] = ""
        if not (self.folder / name).is_file():
            return "missing-document"
        try:
            text = self._read(name)
        except UnicodeDecodeError:
            return "document-encoding"
        self._texts[name] = _squash(text) if self.kept else None
        return None

    def get(self, name: str) -> str:
        """A checked document's squashed text ("" if it is missing, unreadable or not a document checked)."""
        text = self._texts.get(name, "")
        return text if text is not None else _squash(self._read(name))

    def raw(self, name: str) -> str:
        """A document as written, white space and all ("" if it cannot be read)."""
        try:
            return self._read(name)
        except (OSError, UnicodeDecodeError):
            return ""

    def _read(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def __contains__(self, name: object) -> bool:
        return name in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


def _check_documents(data: Dataset) -> None:
    """Every declared document exists and is UTF-8 text (data.documents keeps their texts for the quote check)."""
    for source in data.sources.values():
        name = source.get("document")
        if not name or name in data.documents:
            continue
        problem = data.documents.add(name)
        if problem is not None:
            data.problems.append(Problem.at(source.file, source.pos["document"], f"{source.path}.document", problem,
                                            {"document": f"data/{DOCUMENT_DIR}/{name}"}))


def _check_complaint_totals(ctx: Context, city: Mapping[str, Any]) -> None:
    """Complaints closed can never exceed complaints received for the same period, scope and channels."""
    received: dict[str, float] = {}
    figures = [(index_in_list(fig, i), fig) for i, fig in enumerate(city.get("complaints", []))]
    for _, fig in figures:
        if fig["metric"] == "complaints_received":
            received[_figure_key(fig)] = fig["value"]
    for i, fig in figures:
        total = received.get(_figure_key(fig))
        if fig["metric"] == "complaints_closed" and total is not None and fig["value"] > total:
            ctx.problems.append(Problem.at(ctx.display, fig.pos["value"], f"complaints[{i}].value",
                                        "inconsistent-totals", {
                                            "detail_zh": f"办结 {fig['value']} 件，多于受理的 {total} 件。",
                                            "detail_en": f"{fig['value']} closed but only {total} received."}))


def _check_duplicate_figures(ctx: Context, city: Mapping[str, Any]) -> None:
    """One city may not state the same figure twice: same theme and metric (or indicator name),
    scope and period. Figures that differ in unit, qualifier or channels are different figures
    (件 and 人 referred to police; 12315 and 12345 complaints), so they are not duplicates."""
    seen: dict[str, int] = {}
    for theme in (*FIGURE_THEMES, "indicators"):
        for i, fig in enumerate(city.get(theme, [])):
            name = fig.get("metric") or fig.get("label", {}).get("zh", "")
            key = repr((theme, name, fig.get("unit"), fig.get("qualifier"), _figure_key(fig)))
            line = fig.pos[""][0]
            if key not in seen:
                seen[key] = line
                continue
            period = fig["period"]
            scope = fig.get("scope", {}).get("zh", "")
            what = f"{theme}: {name}, period: {period_yaml(period)}" + (f", scope: {scope}" if scope else "")
            ctx.problems.append(Problem.at(ctx.display, fig.pos[""], f"{theme}[{index_in_list(fig, i)}]",
                                        "duplicate-figure", {"other_line": seen[key], "what": what}))


def _figure_key(fig: dict[str, Any]) -> str:
    scope = fig.get("scope", {}).get("zh", "")
    return repr((sorted(fig["period"].items()), scope, sorted(fig.get("channels", []))))
