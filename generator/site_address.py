"""The site's public address, from one place: `site_url` in mkdocs.yml, which the environment
variable PORTAL_SITE_URL overrides (a fork publishing elsewhere, the Pages workflow).

Absolute links need it: the canonical link, og:url, og:image, sitemap.xml and robots.txt. A
build without an address leaves those out rather than guessing one; an example domain
(RFC 2606) is refused, so no page ever names a host that is not the site's.
"""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

ENV = "PORTAL_SITE_URL"
#: Names reserved for examples and tests (RFC 2606, RFC 6761): never a real site's host.
RESERVED = ("example", "example.com", "example.net", "example.org", "test", "invalid", "localhost.invalid")


class SiteAddressError(ValueError):
    """The configured address cannot be a site's public address."""


def _reserved(host: str) -> bool:
    return any(host == name or host.endswith("." + name) for name in RESERVED)


def site_address(configured: str | None, environ: Mapping[str, str]) -> str | None:
    """The site's absolute address ending in '/', or None when neither place gives one."""
    from_env = (environ.get(ENV) or "").strip()
    raw = from_env or (configured or "").strip()
    if not raw:
        return None
    where = f"{ENV}={raw}" if from_env else f"mkdocs.yml site_url: {raw}"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SiteAddressError(f"网站地址须为 http(s):// 开头的完整地址 / the site address must be an absolute "
                               f"http(s) URL: {where}")
    if parts.query or parts.fragment:
        raise SiteAddressError(f"网站地址不能带 ? 或 # / the site address cannot have a query or fragment: {where}")
    if _reserved(parts.hostname.lower()):
        raise SiteAddressError(f"网站地址是示例域名，规范链接会指向别人的网站 / the site address is an example "
                               f"domain, canonical links would point at a site that is not ours: {where}; "
                               f"设置真实地址或留空 / set the real address, or leave it empty")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
