"""`portal build` and `portal serve`: validate first, build into a temporary folder,
then swap it into place, so a failed build leaves the previous site exactly as it was.

MkDocs runs in a child process: the generator never imports it (see mkdocs_adapter).
"""
from __future__ import annotations

import argparse
import calendar
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from . import problems as report
from .serve import run_preview
from .validate import CHANGELOG_FILE, Dataset

#: Where the generator inside the MkDocs child writes the data's problems for `portal build` to print.
PROBLEMS_FILE_ENV = "PORTAL_PROBLEMS_FILE"

ROOT = Path(__file__).resolve().parent.parent


def _changelog_dates(data_dir: Path) -> list[str]:
    """The dates of the changelog, read without validating anything (the build validates)."""
    try:
        changes = yaml.safe_load((data_dir / CHANGELOG_FILE).read_text(encoding="utf-8"))["changes"]
        return [str(c["date"]) for c in changes if isinstance(c, dict) and "date" in c]
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return []  # a missing or broken changelog: the build itself reports it


def source_date_epoch(data_dir: Path, data: Dataset | None = None) -> str:
    """A build date taken from the data (the newest changelog entry), so the same input
    gives byte-identical output (sitemap dates, gzip headers)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    found = [c["date"] for c in data.changelog] if data is not None else _changelog_dates(data_dir)
    dates = sorted(d for d in found if len(d) >= 4 and not d.startswith("--") and d[:4].isdigit())
    if not dates:
        return "0"
    parts = [int(p) for p in dates[-1].split("-")] + [1, 1]
    return str(calendar.timegm((parts[0], parts[1], parts[2], 0, 0, 0)))


def mkdocs_env(data_dir: Path, data: Dataset | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = source_date_epoch(data_dir, data)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PORTAL_DATA"] = str(data_dir.resolve())  # `portal --data X build|serve` builds X
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames; the old site is removed only afterwards."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build_site(data_dir: Path, site_dir: Path, config: Path, quiet: bool = False) -> int:
    """Validate and build into a staging folder, then swap it in. The data is validated once,
    by the generator inside the MkDocs child; its problems come back through a file and are
    printed here exactly as `portal check` prints them."""
    started = time.perf_counter()
    staging = site_dir.with_name(site_dir.name + ".new")
    problems_file = site_dir.with_name(site_dir.name + ".problems.json")
    for leftover in (staging, problems_file):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
               "--site-dir", str(staging)]
    # Never `mkdocs build --quiet`: it stops strict mode from counting warnings (mkdocs#4126),
    # so a broken link would pass. Quiet here means: MkDocs' output shown only if it fails.
    env = {**mkdocs_env(data_dir), PROBLEMS_FILE_ENV: str(problems_file)}
    result = subprocess.run(command, env=env, cwd=config.parent, capture_output=quiet, text=True)
    if result.returncode != 0 and problems_file.is_file():
        problems = [report.Problem(p["file"], p["line"], p["column"], p["path"], p["code"], p.get("params", {}))
                    for p in json.loads(problems_file.read_text(encoding="utf-8"))]
        problems_file.unlink()
        shutil.rmtree(staging, ignore_errors=True)
        print(report.format_text(problems), file=sys.stderr)
        print(report.summary_line(problems, len({p.file for p in problems})), file=sys.stderr)
        print("网站未更新 / the site was not changed", file=sys.stderr)
        return 1
    if result.returncode != 0:
        if quiet:
            print(result.stdout + result.stderr, file=sys.stderr)
        shutil.rmtree(staging, ignore_errors=True)
        print("构建失败，网站未更新 / build failed, the site was not changed", file=sys.stderr)
        return result.returncode
    swap_in(staging, site_dir)
    print(f"✓ {site_dir} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    return build_site(Path(args.data), Path(args.site_dir), Path(args.config), quiet=args.quiet)


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview: MkDocs watches data/; the adapter regenerates pages and shows data errors on the page."""
    data_dir = Path(args.data)
    # --dirty: after the first build, MkDocs renders only the pages whose Markdown changed, and the
    # generator rewrites only the files an edit changes (at 300 cities: seconds instead of half a minute)
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(args.config),
               "--dev-addr", args.dev_addr, "--no-strict", "--dirty"]
    if args.livereload is False:
        command.append("--no-livereload")
    return run_preview(command, env=mkdocs_env(data_dir), cwd=Path(args.config).parent)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = sub.add_parser("build", help="校验并构建网站 / validate and build the site")
    build.add_argument("--site-dir", default="site")
    build.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    build.add_argument("--quiet", action="store_true")
    build.set_defaults(run=cmd_build)
    serve = sub.add_parser("serve", help="本地预览，保存即刷新 / live preview")
    serve.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.add_argument("--no-livereload", dest="livereload", action="store_false")
    serve.set_defaults(run=cmd_serve)
