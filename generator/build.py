"""`portal build` and `portal serve`: validate first, build into a temporary folder,
then swap it into place, so a failed build leaves the previous site exactly as it was.

`portal build` generates the pages in a child process (its memory is given back before
MkDocs starts), then runs one MkDocs build per language, in parallel, each a process of
its own with generation switched off, each into its own folder; the parent merges them
(the other languages' folders into the default language's site), links in the generated
files that are not pages (write.place_static) and writes what needs every language
(sitemap.xml, robots.txt). MkDocs runs only in those children: the generator never imports
it (see mkdocs_adapter).
"""
from __future__ import annotations

import argparse
import calendar
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import yaml

from . import jieba_dictionary, sitemap
from . import problems as report
from .forked import ChildFailed, Children
from .serve import run_preview
from .site_address import SiteAddressError, site_address
from .site_config import SiteConfig, read_site_config
from .validate import CHANGELOG_FILE, Dataset
from .write import place_static

#: The one language a MkDocs process builds (read by the adapter's on_config).
BUILD_LANGUAGE_ENV = "PORTAL_BUILD_LANGUAGE"
#: "1": MkDocs (and `portal build`) use the pages generated before (the benchmark times MkDocs alone).
SKIP_GENERATE_ENV = "PORTAL_SKIP_GENERATE"

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


def _generate(data_dir: Path, docs: Path, site_url: str) -> str:
    """The generation child's job: validate and write the pages. Returns the data's problems as
    `portal check` prints them ("" when there are none)."""
    from .generate import generate  # imported here: only this child holds the generator's memory

    try:
        generate(data_dir, docs, site_url=site_url)
    except report.DataError as error:
        return (report.format_text(error.problems) + "\n"
                + report.summary_line(error.problems, len({p.file for p in error.problems})))
    return ""


def generate_pages(data_dir: Path, docs: Path, site_url: str) -> int:
    """Run the generator in a forked child, print the data's problems it reports (or how it
    failed), and return 1 if there were any, else 0. The child's memory (the whole dataset, every
    rendered page) is the system's again before MkDocs starts."""
    children = Children()
    children.start("portal-generate", _generate, data_dir, docs, site_url)
    try:
        [problems] = children.results()
    except ChildFailed as error:
        problems = str(error)
    if problems:
        print(problems, file=sys.stderr)
    return 1 if problems else 0


def _language_build(config: Path, lang: str, site: Path, env: dict[str, str], output: IO[str] | None
                    ) -> subprocess.Popen[str]:
    """Start `mkdocs build` of one language into `site`, generation off."""
    # Never `mkdocs build --quiet`: it stops strict mode from counting warnings (mkdocs#4126),
    # so a broken link would pass. Quiet here means: MkDocs' output shown only if it fails.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
               "--site-dir", str(site)]
    return subprocess.Popen(command, env=language_build_env(env, lang), cwd=config.parent, stdout=output,
                            stderr=output, text=True)


#: glibc's tunable: blocks at least this large are mapped, and unmapped when freed (see language_build_env).
MALLOC_THRESHOLD_ENV, MALLOC_THRESHOLD = "MALLOC_MMAP_THRESHOLD_", 1 << 17


def language_build_env(env: dict[str, str], lang: str) -> dict[str, str]:
    """The environment of one language's MkDocs build: generation off, the language named. glibc serves a
    large block (a theme page's section, megabytes at national scale) from the heap once a first one was
    freed, and keeps the heap when it is freed: a MkDocs process then held 10 MB more for the rest of its
    build. A fixed threshold gives each block back when it is freed (a threshold of the user's own wins).
    The preview keeps glibc's default: there, it slowed the generator running in the same process."""
    return {MALLOC_THRESHOLD_ENV: str(MALLOC_THRESHOLD), **env, SKIP_GENERATE_ENV: "1",
            **({BUILD_LANGUAGE_ENV: lang} if lang else {})}


def build_languages(config: Path, settings: SiteConfig, staging: Path, env: dict[str, str], quiet: bool) -> int:
    """One MkDocs build per language, in parallel; the other languages' folders are then moved
    into the default language's build, `staging`. Return the first failing exit status, or 0."""
    languages = settings.languages or {"": ""}
    sites = {lang: staging if not folder else staging.with_name(f"{staging.name}-{lang}")
             for lang, folder in languages.items()}
    outputs = {lang: tempfile.TemporaryFile("w+", encoding="utf-8") if quiet else None for lang in languages}
    try:
        running = {lang: _language_build(config, lang, sites[lang], env, outputs[lang]) for lang in languages}
        codes = {lang: process.wait() for lang, process in running.items()}
        failed = next((code for code in codes.values() if code != 0), 0)
        if failed:
            for lang, output in outputs.items():
                if output is not None and codes[lang] != 0:
                    output.seek(0)
                    print(output.read(), file=sys.stderr)
            return failed
        for lang, folder in languages.items():
            if folder:
                (sites[lang] / folder).rename(staging / folder)
        return 0
    finally:
        for output in outputs.values():
            if output is not None:
                output.close()
        for site in sites.values():
            if site != staging:
                shutil.rmtree(site, ignore_errors=True)


def build_site(data_dir: Path, site_dir: Path, config: Path, quiet: bool = False) -> int:
    """Validate and build into a staging folder, then swap it in. The data's problems are printed
    as `portal check` prints them, and nothing of the site changes."""
    started = time.perf_counter()
    staging = site_dir.with_name(site_dir.name + ".new")
    settings = read_site_config(config)
    for leftover in [staging] + [staging.with_name(f"{staging.name}-{lang}") for lang in settings.languages]:
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
    env = mkdocs_env(data_dir)
    try:
        address = site_address(settings.site_url, env)
    except SiteAddressError as error:
        print(f"{error}\n构建失败，网站未更新 / build failed, the site was not changed", file=sys.stderr)
        return 1
    if env.get(SKIP_GENERATE_ENV) != "1" and generate_pages(data_dir, settings.docs_dir, address or "") != 0:
        print("网站未更新 / the site was not changed", file=sys.stderr)
        return 1
    if not jieba_dictionary.is_kept():  # once per machine: its making costs what jieba's dict costs
        prepared = Children()
        prepared.start("portal-jieba-words", jieba_dictionary.prepare)
        prepared.results()
    code = build_languages(config, settings, staging, env, quiet)
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print("构建失败，网站未更新 / build failed, the site was not changed", file=sys.stderr)
        return code
    if settings.languages:  # otherwise the one MkDocs build did this itself
        place_static(settings.docs_dir, staging)
        sitemap.write(staging, address, settings.languages, sitemap.lastmod_of(env["SOURCE_DATE_EPOCH"]))
        if address is None and not quiet:
            print(sitemap.NO_ADDRESS, file=sys.stderr)
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
