"""`portal publish s3://…` against a real S3 API server (moto's server mode on 127.0.0.1):
what goes up, with which headers, in which order, and what an interrupted run leaves behind."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import deploy

moto_server = pytest.importorskip("moto.server")

BUCKET = "portal-site"
PAGES = {
    "index.html": "<html>home</html>",
    "en/index.html": "<html>home en</html>",
    "cities/xining/index.html": "<html>西宁</html>",
    "sitemap.xml": "<urlset/>",
}
ASSETS = {
    "assets/javascripts/bundle.a5f9d56c.min.js": "console.log(1)",
    "assets/stylesheets/portal.css": "body{}",
    "assets/images/favicon.svg": "<svg/>",
    "downloads/figures.csv": "\ufeffcity,value\nxining,1\n",
    "downloads/datapackage.json": "{}",
    "downloads/feed-zh.xml": "<feed/>",
}


def write_site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def store(endpoint: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> deploy.S3Store:
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    store = deploy.S3Store(endpoint, "us-east-1", "path")
    bucket = f"{BUCKET}-{request.node.name.replace('_', '-')[:30].lower()}"
    store.client.create_bucket(Bucket=bucket)
    store.bucket = bucket  # type: ignore[attr-defined]
    return store


def quiet(_: str) -> None:
    return None


class Recording:
    """A store that records the order of calls and can fail after a number of uploads."""

    def __init__(self, inner: deploy.S3Store, fail_after: int | None = None) -> None:
        self.inner, self.fail_after, self.calls = inner, fail_after, []  # type: ignore[var-annotated]

    def listing(self, bucket: str, prefix: str) -> dict[str, str]:
        return self.inner.listing(bucket, prefix)

    def put(self, bucket: str, item: deploy.LocalFile) -> None:
        if self.fail_after is not None and sum(call[0] == "put" for call in self.calls) >= self.fail_after:
            raise ConnectionError("connection reset by peer")
        self.calls.append(("put", item.key))
        self.inner.put(bucket, item)

    def delete(self, bucket: str, keys: list[str]) -> None:
        self.calls.extend(("delete", key) for key in keys)
        self.inner.delete(bucket, keys)


def test_headers_follow_the_file_kind() -> None:
    assert deploy.content_type("cities/xining/index.html") == "text/html; charset=utf-8"
    assert deploy.content_type("downloads/figures.csv") == "text/csv; charset=utf-8"
    assert deploy.content_type("downloads/datapackage.json") == "application/json; charset=utf-8"
    assert deploy.content_type("downloads/feed-en.xml") == "application/atom+xml; charset=utf-8"
    assert deploy.content_type("sitemap.xml") == "application/xml; charset=utf-8"
    assert deploy.content_type("downloads/all.zip") == "application/zip"
    assert deploy.cache_control("assets/javascripts/bundle.a5f9d56c.min.js") == "public, max-age=31536000, immutable"
    assert deploy.cache_control("assets/stylesheets/main.57a0d79d.min.css.map") == "public, max-age=31536000, immutable"
    for unhashed in ("assets/javascripts/portal.js", "assets/vendor/plotly-basic.min.js", "index.html",
                     "downloads/figures.csv", "downloads/datapackage.json"):
        assert deploy.cache_control(unhashed) == "no-cache", unhashed


@pytest.mark.parametrize(("url", "bucket", "prefix"), [
    ("s3://portal-site", "portal-site", ""),
    ("s3://portal-site/", "portal-site", ""),
    ("s3://portal-site/food-safety", "portal-site", "food-safety/"),
    ("s3://portal-site/a/b/", "portal-site", "a/b/"),
])
def test_target_parses(url: str, bucket: str, prefix: str) -> None:
    assert deploy.Target.parse(url) == deploy.Target(bucket, prefix)


@pytest.mark.parametrize("url", ["portal-site/x", "s3://", "s3://UPPER/x", "s3://b/../x", "http://b/x", "s3://bb/a//c"])
def test_target_refuses_what_is_not_a_bucket_and_prefix(url: str) -> None:
    with pytest.raises(ValueError, match="s3://"):
        deploy.Target.parse(url)


def test_first_run_uploads_with_headers_assets_before_pages(store: deploy.S3Store, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES | ASSETS)
    recording = Recording(store)
    plan = deploy.publish(site, deploy.Target(store.bucket, "web/"), recording, say=quiet)  # type: ignore[attr-defined]

    assert len(plan.uploads) == len(PAGES) + len(ASSETS) and plan.deletions == []
    order = [key for _, key in recording.calls]
    first_page = min(order.index(f"web/{name}") for name in PAGES)
    assert all(order.index(f"web/{name}") < first_page for name in ASSETS), order
    head = store.client.head_object(Bucket=store.bucket, Key="web/cities/xining/index.html")  # type: ignore[attr-defined]
    assert head["ContentType"] == "text/html; charset=utf-8" and head["CacheControl"] == "no-cache"
    head = store.client.head_object(Bucket=store.bucket,  # type: ignore[attr-defined]
                                    Key="web/assets/javascripts/bundle.a5f9d56c.min.js")
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    head = store.client.head_object(Bucket=store.bucket, Key="web/downloads/figures.csv")  # type: ignore[attr-defined]
    assert head["ContentType"] == "text/csv; charset=utf-8"
    body = store.client.get_object(Bucket=store.bucket, Key="web/cities/xining/index.html")["Body"].read()  # type: ignore[attr-defined]
    assert body.decode("utf-8") == PAGES["cities/xining/index.html"]


def test_second_run_uploads_nothing_then_only_the_change(store: deploy.S3Store, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES | ASSETS)
    target = deploy.Target(store.bucket, "")  # type: ignore[attr-defined]
    deploy.publish(site, target, store, say=quiet)

    again = Recording(store)
    plan = deploy.publish(site, target, again, say=quiet)
    assert again.calls == [] and plan.unchanged == len(PAGES) + len(ASSETS)

    (site / "cities/xining/index.html").write_text("<html>西宁 2</html>", encoding="utf-8")
    (site / "downloads/feed-zh.xml").unlink()
    changed = Recording(store)
    deploy.publish(site, target, changed, say=quiet)
    assert changed.calls == [("put", "cities/xining/index.html"), ("delete", "downloads/feed-zh.xml")]
    keys = store.listing(store.bucket, "")  # type: ignore[attr-defined]
    assert "downloads/feed-zh.xml" not in keys and len(keys) == len(PAGES) + len(ASSETS) - 1


def test_objects_outside_the_prefix_are_left_alone(store: deploy.S3Store, tmp_path: Path) -> None:
    store.client.put_object(Bucket=store.bucket, Key="other/keep.html", Body=b"x")  # type: ignore[attr-defined]
    site = write_site(tmp_path / "site", PAGES)
    deploy.publish(site, deploy.Target(store.bucket, "web/"), store, say=quiet)  # type: ignore[attr-defined]
    assert "other/keep.html" in store.listing(store.bucket, "")  # type: ignore[attr-defined]


def test_interrupted_run_keeps_the_old_site_and_the_next_run_finishes(store: deploy.S3Store, tmp_path: Path) -> None:
    old = write_site(tmp_path / "old", PAGES | ASSETS | {"assets/javascripts/bundle.0ld0ld00.min.js": "old()"})
    target = deploy.Target(store.bucket, "")  # type: ignore[attr-defined]
    deploy.publish(old, target, store, say=quiet)
    new_pages = {name: text + "<!-- new -->" for name, text in PAGES.items()}
    new_assets = ASSETS | {"assets/javascripts/bundle.4e4e4e4e.min.js": "new()"}
    new = write_site(tmp_path / "new", new_pages | new_assets)

    failing = Recording(store, fail_after=2)  # the new bundle and one page
    with pytest.raises(ConnectionError):
        deploy.publish(new, target, failing, say=quiet)
    assert failing.calls[0] == ("put", "assets/javascripts/bundle.4e4e4e4e.min.js")
    assert all(kind == "put" for kind, _ in failing.calls), "nothing is deleted by a failed run"
    keys = store.listing(store.bucket, "")  # type: ignore[attr-defined]
    assert "assets/javascripts/bundle.0ld0ld00.min.js" in keys, "the old pages' assets still serve"

    finishing = Recording(store)
    deploy.publish(new, target, finishing, say=quiet)
    puts = [key for kind, key in finishing.calls if kind == "put"]
    assert sorted(puts) == sorted(set(new_pages) - {failing.calls[1][1]})
    assert ("delete", "assets/javascripts/bundle.0ld0ld00.min.js") == finishing.calls[-1]


def test_command_dry_run_lists_and_changes_nothing(store: deploy.S3Store, endpoint: str, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES | ASSETS)
    command = [sys.executable, "-m", "generator.cli", "publish", f"s3://{store.bucket}/web",  # type: ignore[attr-defined]
               "--endpoint", endpoint, "--addressing", "path", "--site", str(site), "--dry-run"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "upload  web/cities/xining/index.html  (text/html; charset=utf-8; no-cache)" in result.stdout
    assert f"{len(PAGES) + len(ASSETS)} to upload" in result.stdout
    assert store.listing(store.bucket, "") == {}  # type: ignore[attr-defined]

    result = subprocess.run(command[:-1], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert len(store.listing(store.bucket, "web/")) == len(PAGES) + len(ASSETS)  # type: ignore[attr-defined]


def test_command_says_why_when_the_store_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "site", PAGES)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    command = [sys.executable, "-m", "generator.cli", "publish", "s3://no-such-bucket", "--endpoint",
               "http://127.0.0.1:9", "--region", "us-east-1", "--site", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False,
                            env={**__import__("os").environ, "AWS_MAX_ATTEMPTS": "1"})
    assert result.returncode == 1
    assert "previous site keeps serving" in result.stderr and "原网站仍在提供服务" in result.stderr


def test_command_refuses_a_missing_site(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "publish", "s3://b-b/x", "--site",
                             str(tmp_path / "nothing")], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and "make site" in result.stderr


def test_symbolic_links_are_not_published(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ValueError, match="symbolic link"):
        deploy.local_files(site, "")
