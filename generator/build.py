"""`portal build` and `portal serve`: validate first, build into a temporary folder,
then swap it into place, so a failed build leaves the previous site exactly as it was.

MkDocs runs in a child process: the generator never imports it (see mkdocs_adapter).
"""
from __future__ import annotations

import argparse
import calendar
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import problems as report
from .validate import Dataset, validate_dataset

ROOT = Path(__file__).resolve().parent.parent


def source_date_epoch(data_dir: Path, data: Dataset | None = None) -> str:
    """A build date taken from the data (the newest changelog entry), so the same input
    gives byte-identical output (sitemap dates, gzip headers). Pass `data` when it has
    been validated already: validation is the slowest part of the generator."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    data = data if data is not None else validate_dataset(data_dir)
    dates = sorted(c["date"] for c in data.changelog if len(c["date"]) >= 4 and not c["date"].startswith("--"))
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
    started = time.perf_counter()
    data = validate_dataset(data_dir)
    if data.problems:
        print(report.format_text(data.problems), file=sys.stderr)
        print(report.summary_line(data.problems, len(data.files)), file=sys.stderr)
        print("网站未更新 / the site was not changed", file=sys.stderr)
        return 1
    staging = site_dir.with_name(site_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
               "--site-dir", str(staging)]
    # Never `mkdocs build --quiet`: it stops strict mode from counting warnings (mkdocs#4126),
    # so a broken link would pass. Quiet here means: MkDocs' output shown only if it fails.
    env = mkdocs_env(data_dir, data)
    del data  # the MkDocs child validates and generates again: do not hold a second copy meanwhile
    result = subprocess.run(command, env=env, cwd=config.parent, capture_output=quiet, text=True)
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
    return subprocess.call(command, env=mkdocs_env(data_dir), cwd=Path(args.config).parent)


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
