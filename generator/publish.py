"""Last touches on each finished HTML page, independent of MkDocs: a Content-Security-Policy
that lets the page run only scripts served by the site itself, and valid HTML where
mkdocs-material's base template is not (its checkbox toggles carry `autocomplete`).

No inline script is allowed, not even by hash: a hash computed from the finished page would
also approve a script smuggled into it by the data. The theme serves Material's small inline
scripts as files instead (theme/partials/javascripts/), and a page that still holds an
inline script, event handler attribute or `javascript:` URL fails the build.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
          "form-action 'self'")
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
#: Script types a browser runs; others (application/json, ...) are data.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
#: Attributes whose value a browser may follow as a URL (and so run a `javascript:` URL).
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite", "background"}
_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_CHARSET = re.compile(r'<meta charset="utf-8">', re.I)


class UnsafePage(ValueError):
    """A finished page that would run script not served as a file by the site."""


class _ScriptFinder(HTMLParser):
    """Collects what would run as inline script: <script> bodies, on* attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            kind = (values.get("type") or "").strip().lower()
            self._in_script = kind in _SCRIPT_TYPES and values.get("src") is None
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in _URL_ATTRIBUTES and value and _is_javascript_url(value):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}</script>")


def _is_javascript_url(value: str) -> bool:
    """As a browser reads a URL: tabs and newlines dropped, leading controls and spaces stripped."""
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21))))
    return cleaned.lower().startswith("javascript:")


def inline_scripts(html: str) -> list[str]:
    """What in this page would run as inline script (empty for a safe page)."""
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def without_checkbox_autocomplete(html: str) -> str:
    """HTML allows `autocomplete` on text-like inputs only; Material sets it on its hidden
    drawer and search checkboxes (to stop Firefox restoring them: portal.js resets them)."""
    return _CHECKBOX.sub(lambda m: m.group(0).replace(' autocomplete="off"', ""), html)


def with_csp(html: str) -> str:
    """The CSP meta right after <meta charset>, before anything it governs."""
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    if _CHARSET.search(html):
        return _CHARSET.sub(lambda m: m.group(0) + "\n  " + META, html, count=1)
    return html.replace("<head>", "<head>\n  " + META, 1)


def finish_page(html: str) -> str:
    """Refuse a page with inline script; otherwise add the CSP and fix Material's markup."""
    found = inline_scripts(html)
    if found:
        raise UnsafePage("页面含内联脚本 / the page holds inline script: " + "; ".join(found[:5]))
    return with_csp(without_checkbox_autocomplete(html))
