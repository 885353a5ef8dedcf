"""`portal publish s3://BUCKET/PREFIX`: put the built site on any S3-compatible object store
(Aliyun OSS, Tencent COS, MinIO, AWS S3), which a CDN then serves at any scale.

Incremental and safe for readers:
- a file is uploaded only when its MD5 differs from the stored ETag (single-part uploads,
  whose ETag is the MD5), so a rebuild that changed three pages uploads three pages;
- every object gets a Content-Type (with `charset=utf-8` for text) and a Cache-Control:
  content-hashed assets are immutable for a year, everything else is revalidated (`no-cache`);
- the order is assets and data files first, then pages, then deletions: a page never goes
  live before the files it refers to, and nothing the old pages need is deleted until every
  new page is up. A failed run stops before deleting anything, so the previous site keeps
  serving, and the next run uploads only what is still missing.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

#: Content types by file suffix; text types carry their charset (the site is UTF-8 throughout).
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".zip": "application/zip",
    ".gz": "application/gzip",
    ".pdf": "application/pdf",
}
#: Atom feeds are XML files whose name says so (downloads/feed-zh.xml).
FEED = re.compile(r"(^|/)(feed|atom)[^/]*\.xml$")
#: A name carrying a content hash (Material's `bundle.a5f9d56c.min.js`): its content never changes.
HASHED = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?[a-z0-9]+(\.map)?$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
#: What goes up last among uploads: the pages and the files that point readers at pages.
PAGE_SUFFIXES = (".html",)
PAGE_NAMES = ("sitemap.xml", "sitemap.xml.gz", "robots.txt")


def content_type(key: str) -> str:
    if FEED.search(key):
        return "application/atom+xml; charset=utf-8"
    return CONTENT_TYPES.get(Path(key).suffix.lower(), "application/octet-stream")


def cache_control(key: str) -> str:
    return IMMUTABLE if HASHED.search(key) else REVALIDATE


def is_page(key: str) -> bool:
    return key.endswith(PAGE_SUFFIXES) or key.rsplit("/", 1)[-1] in PAGE_NAMES


@dataclass(frozen=True)
class Target:
    """Where the site goes: a bucket and a key prefix ('' or ending in '/')."""

    bucket: str
    prefix: str

    @classmethod
    def parse(cls, url: str) -> Target:
        match = re.fullmatch(r"s3://([a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])(?:/(.*))?", url)
        if not match:
            raise ValueError(f"不是 s3://存储桶/前缀 形式的地址 / not an s3://BUCKET/PREFIX address: {url!r}")
        prefix = (match.group(2) or "").strip("/")
        if any(part in ("", ".", "..") for part in prefix.split("/")) and prefix:
            raise ValueError(f"前缀不能含空段、. 或 .. / the prefix must not hold empty, . or .. parts: {url!r}")
        return cls(match.group(1), f"{prefix}/" if prefix else "")


@dataclass(frozen=True)
class LocalFile:
    key: str
    path: Path
    md5: str


@dataclass
class Plan:
    """What one run changes, in the order it changes it."""

    assets: list[LocalFile] = field(default_factory=list)
    pages: list[LocalFile] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def uploads(self) -> list[LocalFile]:
        return self.assets + self.pages

    def lines(self) -> Iterator[str]:
        for item in self.assets:
            yield f"upload  {item.key}  ({content_type(item.key)}; {cache_control(item.key)})"
        for item in self.pages:
            yield f"upload  {item.key}  ({content_type(item.key)}; {cache_control(item.key)})"
        for key in self.deletions:
            yield f"delete  {key}"

    def summary(self) -> str:
        return (f"上传 {len(self.uploads)} 个文件（{len(self.assets)} 个资源、{len(self.pages)} 个页面），"
                f"删除 {len(self.deletions)} 个，未变 {self.unchanged} 个 / "
                f"{len(self.uploads)} to upload ({len(self.assets)} assets, {len(self.pages)} pages), "
                f"{len(self.deletions)} to delete, {self.unchanged} unchanged")


def file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def local_files(site: Path, prefix: str) -> dict[str, LocalFile]:
    """Every file of the built site by its object key; symbolic links are refused (they could
    publish a file from outside the site)."""
    files: dict[str, LocalFile] = {}
    for path in sorted(site.rglob("*")):
        if path.is_symlink():
            raise ValueError(f"网站目录中有符号链接，拒绝上传 / the site holds a symbolic link, not uploading: {path}")
        if path.is_file():
            key = prefix + path.relative_to(site).as_posix()
            files[key] = LocalFile(key, path, file_md5(path))
    return files


def make_plan(local: dict[str, LocalFile], remote: dict[str, str]) -> Plan:
    """Compare the site with the store's listing (key → ETag without quotes)."""
    plan = Plan()
    for key, item in local.items():
        if remote.get(key) == item.md5:
            plan.unchanged += 1
        elif is_page(key):
            plan.pages.append(item)
        else:
            plan.assets.append(item)
    plan.deletions = sorted(key for key in remote if key not in local)
    return plan


class Store(Protocol):
    """The three calls publishing needs; boto3's S3 client provides them (see `S3Store`)."""

    def listing(self, bucket: str, prefix: str) -> dict[str, str]: ...

    def put(self, bucket: str, item: LocalFile) -> None: ...

    def delete(self, bucket: str, keys: list[str]) -> None: ...


class S3Store:
    """An S3-compatible store through boto3; credentials come from the usual environment
    variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or profile."""

    def __init__(self, endpoint: str | None, region: str | None = None, addressing: str = "auto") -> None:
        import boto3
        from botocore.config import Config

        config = Config(s3={"addressing_style": addressing}, retries={"max_attempts": 5, "mode": "standard"},
                        # several S3-compatible stores reject the newer default checksums of boto3 >= 1.36
                        request_checksum_calculation="when_required", response_checksum_validation="when_required")
        self.client: Any = boto3.client("s3", endpoint_url=endpoint, region_name=region, config=config)

    def listing(self, bucket: str, prefix: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                found[obj["Key"]] = obj["ETag"].strip('"')
        return found

    def put(self, bucket: str, item: LocalFile) -> None:
        with item.path.open("rb") as body:
            self.client.put_object(Bucket=bucket, Key=item.key, Body=body, ContentType=content_type(item.key),
                                   CacheControl=cache_control(item.key))

    def delete(self, bucket: str, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):  # the API's limit per request
            chunk = [{"Key": key} for key in keys[start:start + 1000]]
            result = self.client.delete_objects(Bucket=bucket, Delete={"Objects": chunk, "Quiet": True})
            if result.get("Errors"):
                raise RuntimeError(f"删除失败 / deleting failed: {result['Errors'][:3]}")


def publish(site: Path, target: Target, store: Store, *, dry_run: bool = False,
            say: Callable[[str], None] = print) -> Plan:
    """Upload what changed (assets, then pages), then delete what the site no longer has."""
    plan = make_plan(local_files(site, target.prefix), store.listing(target.bucket, target.prefix))
    if dry_run:
        for line in plan.lines():
            say(line)
        say(plan.summary())
        return plan
    for item in _announced(plan.uploads, say):
        store.put(target.bucket, item)
    if plan.deletions:
        store.delete(target.bucket, plan.deletions)
    say(plan.summary())
    return plan


def _announced(items: Iterable[LocalFile], say: Callable[[str], None]) -> Iterator[LocalFile]:
    for item in items:
        say(f"upload  {item.key}")
        yield item


def cmd_publish(args: argparse.Namespace) -> int:
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"找不到已构建的网站 {site}/index.html，请先运行 make site / no built site at {site}, run `make site` first",
              file=sys.stderr)
        return 2
    try:
        target = Target.parse(args.target)
        store = S3Store(args.endpoint or os.environ.get("PORTAL_S3_ENDPOINT"), args.region, args.addressing)
        publish(site, target, store, dry_run=args.dry_run)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - any failure of the store: say it, keep the old site serving
        print(f"发布中断，未删除任何文件，原网站仍在提供服务；重新运行会继续上传 / publishing stopped, nothing was deleted, "
              f"the previous site keeps serving; run again to continue: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("publish", help="发布到 S3 兼容存储 / publish to an S3-compatible store",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", help="s3://BUCKET/PREFIX")
    parser.add_argument("--endpoint", help="存储服务地址 / the store's endpoint URL (or PORTAL_S3_ENDPOINT), "
                                           "e.g. https://oss-cn-beijing.aliyuncs.com")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    parser.add_argument("--addressing", choices=("auto", "virtual", "path"), default="auto",
                        help="Aliyun OSS needs virtual; MinIO path")
    parser.add_argument("--site", default="site", help="已构建的网站 / the built site (default: site)")
    parser.add_argument("--dry-run", action="store_true", help="只列出将做的改动 / only list what would change")
    parser.set_defaults(run=cmd_publish)
