"""The `portal` command: check the data, export the schema, build and preview the site."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import problems as report
from .content import check_translations
from .schema import export
from .validate import validate_dataset

FORMATS = {"text": report.format_text, "github": report.format_github, "json": report.format_json}


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every data file and report all problems, sorted, in both languages."""
    started = time.perf_counter()
    if not (Path(args.data) / "cities").is_dir():
        print(f"找不到数据目录 {args.data}/cities / no data folder at {args.data}/cities", file=sys.stderr)
        return 2
    data = validate_dataset(Path(args.data))
    content = Path(args.data).resolve().parent / "content"
    if content.is_dir():
        data.problems = sorted(data.problems + check_translations(content))
    out = FORMATS[args.format](data.problems)
    if out:
        print(out)
    if args.format == "text":
        files = len(data.files) + (1 if data.changelog else 0)
        print(report.summary_line(data.problems, files) + f"  ({time.perf_counter() - started:.2f} s)",
              file=sys.stderr)
    return 1 if data.problems else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas that editors use; with --check, fail if they are stale."""
    folder = Path(args.data) / export.SCHEMA_DIR
    stale = []
    for name in export.FILES:
        path, text = folder / name, export.render(name)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(str(path))
        if not args.check:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("过期的 JSON Schema，请运行 portal schema / stale JSON Schema, run `portal schema`: "
              + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description="食品安全示范城市数据门户 / food-safety city portal")
    parser.add_argument("--data", default="data", help="数据目录 / data folder (default: data)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="校验数据 / validate the data")
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.set_defaults(run=cmd_check)
    schema = sub.add_parser("schema", help="导出 JSON Schema / export the JSON Schema")
    schema.add_argument("--check", action="store_true", help="只检查是否过期 / only check it is current")
    schema.set_defaults(run=cmd_schema)
    from . import commands

    commands.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
