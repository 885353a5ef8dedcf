"""`portal diff REV`: what the public will see change between the data at a git revision and now.

Both sides are read the way the site reads them (validate, then derive), so the diff speaks of
figures, targets, reviews and rounds as published, not of YAML lines. Edits that often hide a
typing mistake are flagged for a second look: a pass rate moving more than RATE_JUMP points, a
count or amount changing by MAGNITUDE times or more, a unit changing. The records it builds are
in `changes`; `diff_report` turns them into text or Markdown.
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .. import derive
from .. import format as fmt
from ..format import period_bounds
from ..model import Figure
from ..schema import catalogue as cat
from ..schema.city import CITY, INDICATOR, REVIEW, ROUND, SOURCE, TARGET
from ..schema.spec import Record
from ..validate import CITY_DIR, DOCUMENT_DIR, Dataset, validate_dataset
from .changes import Alert, Change, CityDiff, NewDocument, Report, Text
from .diff_report import FORMATS

RATE_JUMP = 2.0  # percentage points
MAGNITUDE = 10.0  # times
City = Mapping[str, Any] | None


# ---------------------------------------------------------------- reading the data at a revision
class GitError(Exception):
    """The revision or the repository cannot be read; the message is bilingual."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def data_at(rev: str, data_dir: Path, into: Path) -> Path:
    """Extract the data folder as it was at `rev` into `into`; return its path there. A revision from before
    the data has an empty one: no cities then, so everything is added (not a wrong --data)."""
    top = _git(["rev-parse", "--show-toplevel"], data_dir.resolve())
    if top.returncode:
        raise GitError(f"{data_dir} 不在 git 仓库中 / {data_dir} is not inside a git repository")
    root = Path(top.stdout.decode().strip()).resolve()
    relative = data_dir.resolve().relative_to(root).as_posix()
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root).returncode:
        raise GitError(f"找不到版本 “{rev}” / unknown revision \"{rev}\" (git fetch?)")
    target = into / relative
    (target / CITY_DIR).mkdir(parents=True, exist_ok=True)
    archive = _git(["archive", "--format=tar", rev, "--", relative], root)
    if archive.returncode == 0:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(into, filter="data")
    return target


# ---------------------------------------------------------------- comparing
def plain(value: Any) -> Any:
    """A validated value as plain dicts and lists (records, their positions aside)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def pair_up(old: list[Any], new: list[Any], key: Callable[[Any], Any]) -> list[tuple[Any, Any]]:
    """Match items by key (in order among equal keys); unmatched ones pair with None."""
    pending: dict[Any, list[Any]] = {}
    for item in old:
        pending.setdefault(key(item), []).append(item)
    pairs = []
    for item in new:
        bucket = pending.get(key(item))
        pairs.append((bucket.pop(0) if bucket else None, item))
    return [(item, None) for bucket in pending.values() for item in bucket] + pairs


def _theme(theme: str) -> Text:
    return {"zh": cat.THEMES[theme].zh, "en": cat.THEMES[theme].en}


def _field_label(record: Record, name: str) -> Text:
    spec = record.by_name.get(name)
    return {"zh": spec.zh, "en": spec.en} if spec else {"zh": name, "en": name}




def _both(fn: Callable[[str], str]) -> Text:
    return {"zh": fn("zh"), "en": fn("en")}


# -- figures
FIGURE_FIELDS = ("value", "unit", "qualifier", "source", "quote", "note", "corrections")


def series_key(fig: Figure) -> tuple[Any, ...]:
    """What makes figures one series across years: theme, metric (or label), scope, channels."""
    return (fig.theme, fig.metric or fig.label["zh"], (fig.scope or {}).get("zh", ""), fig.channels)


def figure_key(fig: Figure) -> tuple[Any, ...]:
    return (*series_key(fig), tuple(sorted(fig.period.items())))


def figure_label(fig: Figure) -> Text:
    scope = fig.scope or {}
    return {"zh": fig.label["zh"] + (f"（{scope['zh']}）" if scope else ""),
            "en": fig.label["en"] + (f" ({scope['en']})" if scope else "")}


def is_pass_rate(fig: Figure) -> bool:
    return fig.unit == "percent" and ((fig.metric or "").endswith("pass_rate") or "合格率" in fig.label["zh"])


def jump_alerts(old: Figure, new: Figure, against: Text | None = None) -> list[Alert]:
    """Alerts for a figure moving from `old` to `new`; `against` names an earlier year's figure."""
    where = against or {"zh": "", "en": ""}
    if is_pass_rate(old) and is_pass_rate(new) and abs(new.value - old.value) > RATE_JUMP:
        moved = f"{abs(new.value - old.value):.4g}"
        return [Alert("rate-jump", f"合格率{where['zh']}变化 {moved} 个百分点（超过 {RATE_JUMP:g}），请核对。",
                      f"pass rate moved {moved} points{where['en']} (more than {RATE_JUMP:g}); please check.")]
    a, b = cat.UNITS[old.unit], cat.UNITS[new.unit]
    if a.maximum is None and b.maximum is None and a.dimension == b.dimension:
        low, high = sorted((abs(old.base_value), abs(new.base_value)))
        if (low and high >= MAGNITUDE * low) or (not low and high >= MAGNITUDE):
            ratio = f"{high / low:.3g}" if low else "∞"
            return [Alert("magnitude", f"数值{where['zh']}相差 {ratio} 倍，请核对单位和位数。",
                          f"the value changed {ratio}×{where['en']}; check the unit and the digits.")]
    return []


def unit_alert(old_unit: str, new_unit: str) -> list[Alert]:
    if old_unit == new_unit:
        return []
    a, b = cat.UNITS[old_unit], cat.UNITS[new_unit]
    return [Alert("unit-change", f"单位由 “{a.zh}” 改为 “{b.zh}”，请核对数值是否随之换算。",
                  f"the unit changed from \"{a.en}\" to \"{b.en}\"; check the value was converted too.")]


def earlier(fig: Figure, figures: list[Figure]) -> Figure | None:
    """The same series' figure for the latest earlier year, if both state years."""
    start = period_bounds(fig.period)[0]
    if start is None:
        return None
    same = [f for f in figures if series_key(f) == series_key(fig)]
    dated = [(period_bounds(f.period)[1] or period_bounds(f.period)[0], f) for f in same]
    before = [(year, f) for year, f in dated if year is not None and year < start]
    return max(before, key=lambda pair: pair[0])[1] if before else None


def figure_change(old: Figure | None, new: Figure | None, all_new: list[Figure]) -> Change | None:
    fig = new or old
    assert fig is not None
    section, label, period = _theme(fig.theme), figure_label(fig), _both(fig.period_text)
    if old is None or new is None:
        change = Change("added" if new else "removed", section, label, period,
                        old=_both(old.text) if old else None, new=_both(new.text) if new else None, source=fig.source)
        prior = earlier(new, all_new) if new else None
        if new and prior:
            change.alerts = jump_alerts(prior, new, {"zh": f"（与 {prior.period_text('zh')}相比）",
                                                     "en": f" (against {prior.period_text('en')})"})
        return change
    differ = [name for name in FIGURE_FIELDS if getattr(old, name) != getattr(new, name)]
    if not differ:
        return None
    return Change("changed", section, label, period, old=_both(old.text), new=_both(new.text), source=new.source,
                  fields=[_field_label(INDICATOR, n) for n in differ if n != "value"],
                  alerts=unit_alert(old.unit, new.unit) + jump_alerts(old, new)).quoted(vars(old), vars(new))


def figure_changes(old: City, new: City) -> list[Change]:
    before = derive.city_figures(old) if old else []
    after = derive.city_figures(new) if new else []
    changes = (figure_change(a, b, after) for a, b in pair_up(before, after, figure_key))
    return [c for c in changes if c]


# -- targets, reviews, rounds, sources and the rest
TARGET_FIELDS = ("value", "unit", "deadline", "task", "source", "quote", "note")


def target_key(target: dict[str, Any]) -> tuple[str, str, str]:
    return (target.get("metric") or target["label"]["zh"], target.get("scope", {}).get("zh", ""), target["comparator"])


def target_changes(old: list[Any], new: list[Any]) -> list[Change]:
    changes = []
    for a, b in pair_up(old, new, target_key):
        target = b or a
        if a and b and all(a.get(n) == b.get(n) for n in TARGET_FIELDS):
            continue
        scope = target.get("scope")
        label = {lang: fmt.target_label(target)[lang] + (f" · {scope[lang]}" if scope else "") for lang in ("zh", "en")}
        changes.append(Change(
            "changed" if a and b else "added" if b else "removed", _theme("targets"), label,
            old={lang: fmt.target_text(a, lang) for lang in ("zh", "en")} if a else None,
            new={lang: fmt.target_text(b, lang) for lang in ("zh", "en")} if b else None,
            source=target["source"],
            fields=[_field_label(TARGET, n) for n in TARGET_FIELDS[1:] if a and b and a.get(n) != b.get(n)],
            alerts=unit_alert(a["unit"], b["unit"]) if a and b else []).quoted(a, b))
    return changes


def review_text(review: dict[str, Any]) -> Text:
    outcome = cat.VERDICTS[review["verdict"]["outcome"]]
    return {"zh": outcome.zh, "en": outcome.en}


def review_label(review: dict[str, Any]) -> Text:
    stage, level = cat.REVIEW_STAGES[review["stage"]], cat.REVIEW_LEVELS[review["level"]]
    return {"zh": f"{level.zh}{stage.zh} {review['id']}", "en": f"{level.en} {stage.en} {review['id']}"}


def round_text(item: dict[str, Any]) -> Text:
    samples = item.get("samples", [])
    failed = sum(1 for s in samples if s["result"] == "fail")
    return {"zh": f"抽检 {len(samples)} 种食品，{failed} 种不合格",
            "en": f"{len(samples)} foods tested, {failed} failed"}


def source_text(item: dict[str, Any]) -> Text:
    kind = cat.SOURCE_KINDS[item["kind"]]
    date = item.get("date", "")
    return {"zh": f"{kind.zh} {date}".strip(), "en": f"{kind.en} {date}".strip()}


KEYED = [  # (where the list is, the section shown, the record, its label, its value as shown)
    (("reviews",), "reviews", REVIEW, review_label, review_text),
    (("you_pick_we_test", "rounds"), "you_pick_we_test", ROUND, lambda r: dict(r["title"]), round_text),
    (("sources",), None, SOURCE, lambda s: dict(s["title"]), source_text),
]


def _at(city: City, path: tuple[str, ...]) -> list[Any]:
    value: Any = city or {}
    for key in path:
        value = value.get(key, {}) if isinstance(value, dict) else {}
    return plain(value) if isinstance(value, list) else []


def keyed_changes(old: City, new: City) -> list[Change]:
    changes = []
    for path, theme, record, label, text in KEYED:
        section = _theme(theme) if theme else {"zh": "来源文件", "en": "Sources"}
        for a, b in pair_up(_at(old, path), _at(new, path), lambda item: item["id"]):
            if a == b:
                continue
            item = b or a
            changes.append(Change(
                "changed" if a and b else "added" if b else "removed", section, label(item),
                old=a and text(a), new=b and text(b),
                source=item.get("source"),
                fields=[_field_label(record, k) for k in sorted(set(a) | set(b), key=list(record.by_name).index)
                        if a.get(k) != b.get(k)] if a and b else []).quoted(a, b))
    return changes


HANDLED = {"slug", "indicators", "targets", "reviews", "sources", *cat.FIGURE_THEMES}


def summary(value: Any) -> Text | None:
    if value is None:
        return None
    if isinstance(value, dict) and isinstance(value.get("zh"), str) and isinstance(value.get("en"), str):
        return {"zh": value["zh"], "en": value["en"]}
    if isinstance(value, list):
        return {"zh": f"{len(value)} 条", "en": f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"}
    return {"zh": "（见文件）", "en": "(see the file)"}


def other_changes(old: City, new: City) -> list[Change]:
    """Name, province, timeline, plans, practices: reported as a whole when they differ."""
    changes = []
    for name in CITY.by_name:
        if name in HANDLED:
            continue
        a, b = plain((old or {}).get(name)), plain((new or {}).get(name))
        if name == "you_pick_we_test":
            a, b = (x.get("practices") if x else None for x in (a, b))
        if a == b:
            continue
        changes.append(Change("changed" if a is not None and b is not None else "added" if b is not None else "removed",
                              _field_label(CITY, name), _field_label(CITY, name), old=summary(a), new=summary(b)))
    return changes


def source_title(source_id: str, old: Dataset, new: Dataset) -> Text:
    source: Mapping[str, Any] = new.sources.get(source_id) or old.sources.get(source_id) or {}
    return dict(plain(source.get("title") or {"zh": "", "en": ""}))


def city_diff(slug: str, old: Dataset, new: Dataset) -> CityDiff | None:
    a: City = old.cities.get(slug)
    b: City = new.cities.get(slug)
    changes = (other_changes(a, b) + figure_changes(a, b) + target_changes(_at(a, ("targets",)), _at(b, ("targets",)))
               + keyed_changes(a, b))
    if not changes:
        return None
    status = "changed" if a and b else "added" if b else "removed"
    cited = sorted({c.source for c in changes if c.source})
    titles = {sid: source_title(sid, old, new) for sid in cited}
    name = (b or {}).get("name") or (a or {}).get("name") or {"zh": slug, "en": slug}
    return CityDiff(slug, dict(plain(name)), (new if b else old).files[slug], status, changes, titles)


def new_documents(old: Dataset, new: Dataset) -> list[NewDocument]:
    """Documents under data/documents/ now that were not there at the old revision, by name."""
    def names(data: Dataset) -> set[str]:
        folder = data.root / DOCUMENT_DIR
        return {p.name for p in folder.glob("*.txt") if p.is_file()} if folder.is_dir() else set()

    added = []
    for name in sorted(names(new) - names(old)):
        cited = sorted(sid for sid, source in new.sources.items() if source.get("document") == name)
        added.append(NewDocument(name, cited, {sid: dict(plain(new.sources[sid]["title"])) for sid in cited}))
    return added


def compare(old: Dataset, new: Dataset, base: str = "") -> Report:
    """Every difference the public will see, city by city, the documents added, and the problems
    that make it incomplete."""
    cities = [city_diff(slug, old, new) for slug in sorted(set(old.cities) | set(new.cities))]
    report = Report(base, [c for c in cities if c], documents=new_documents(old, new))
    for data, zh, en in ((old, base or "旧版本", base or "the old revision"), (new, "当前数据", "the current data")):
        if data.problems:
            count = len(data.problems)
            report.alerts.append(Alert("invalid-data", f"{zh}有 {count} 个问题，比较可能不完整（运行 portal check）。",
                                       f"{en} has {count} problem(s); the diff may be incomplete (run portal check)."))
    return report


# ---------------------------------------------------------------- the command
def cmd_diff(args: argparse.Namespace) -> int:
    data_dir = Path(args.data)
    with tempfile.TemporaryDirectory(prefix="portal-diff-") as tmp:
        try:
            old_dir = data_at(args.rev, data_dir, Path(tmp))
        except GitError as error:
            print(f"✗ {error}", file=sys.stderr)
            return 2
        report = compare(validate_dataset(old_dir), validate_dataset(data_dir), args.rev)
    print(FORMATS[args.format](report))
    return 1 if args.fail_on_warning and report.all_alerts() else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = sub.add_parser("diff", help="与某个 git 版本比较数据 / what changes against a git revision")
    diff.add_argument("rev", help="git 版本，如 origin/main / a git revision such as origin/main")
    diff.add_argument("--format", choices=sorted(FORMATS), default="text")
    diff.add_argument("--fail-on-warning", action="store_true",
                      help="有需要核对的变化时以非零状态退出 / exit non-zero when a change needs a second look")
    diff.set_defaults(run=cmd_diff)

