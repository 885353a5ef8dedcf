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
from collections.abc import Iterator
from html import unescape

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


#: A start tag, read as HTML's tokenizer (and Python's html.parser) reads it: quoted values may hold ">".
_START_TAG = re.compile(r"""
  <([a-zA-Z][^\t\n\r\f />\x00]*)            # tag name
  ((?:[\s/]*                                # attributes
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*
      (?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?
      (?:\s|/(?!>))*
    )*
  )?)\s*/?>?""", re.VERBOSE)
_ATTRIBUTE = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
#: Attributes that might run script: a name starting with "on", or a value with ":" or an entity.
_SUSPECT = re.compile(r"""(?:^|[\s/"'])on|[:&]""", re.I)
_SCRIPT_END = re.compile(r"</script[\s/>]", re.I)
_SCRIPT_START = re.compile(r"<script\b", re.I)
#: What could make a page run script other than a <script> element, looked for in the page
#: lowercased: an on* attribute, the word "javascript:" (a URL parser drops tabs and newlines
#: inside it), or a character reference to one of its characters (how "javascript:" is
#: smuggled past a plain search). A page with none of them (nearly every page) needs only its
#: <script> elements read; any other page has every start tag read as a browser would.
_HANDLER = re.compile(r"on[a-z]+\s*=")
_JAVASCRIPT = re.compile(r"j[\t\n\r]*a[\t\n\r]*v[\t\n\r]*a[\t\n\r]*s[\t\n\r]*c[\t\n\r]*r[\t\n\r]*i[\t\n\r]*p"
                         r"[\t\n\r]*t[\t\n\r]*:")
_CHARS = sorted({9, 10, 13, ord(":")} | {ord(c) for c in "javascriptJAVASCRIPT"})
_REFERENCE = re.compile("&#(?:0*(?:{})(?![0-9])|x0*(?:{})(?![0-9a-f]))|&(?:colon|tab|newline);".format(
    "|".join(str(c) for c in _CHARS), "|".join(f"{c:x}" for c in _CHARS)))
#: A page longer than this is lowercased part by part (see _parts): a theme page at national scale
#: is megabytes, and its lowered copy would be as large.
PART = 1 << 16


def _parts(html: str) -> Iterator[str]:
    """The page cut before a "<" every PART characters or so. None of the patterns above can match a
    "<", nor does lowercasing make one, so no match spans two parts; and every part but the first
    starts with "<", so the character before an on* match is in its own part."""
    start = 0
    while start < len(html):
        end = html.find("<", start + PART)
        end = len(html) if end < 0 else end
        yield html[start:end]
        start = end


def _risky(html: str) -> bool:
    return any(_risky_part(part) for part in _parts(html))  # a page up to PART long is one part


def _risky_part(html: str) -> bool:
    lowered = html.lower()
    if _JAVASCRIPT.search(lowered) or _REFERENCE.search(lowered):
        return True
    return any(m.start() > 0 and lowered[m.start() - 1] in " \t\n\r\f/\"'" for m in _HANDLER.finditer(lowered))


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """Names (lower case) and values (entities read, quotes removed) of a start tag's attributes."""
    found = []
    for match in _ATTRIBUTE.finditer(" " + text):
        value = match.group(3)
        if value is not None and value[:1] == value[-1:] and value[:1] in ("'", '"') and len(value) > 1:
            value = value[1:-1]
        found.append((match.group(1).lower(), unescape(value) if value is not None else None))
    return found


def _is_javascript_url(value: str) -> bool:
    """As a browser reads a URL: tabs and newlines dropped, leading controls and spaces stripped."""
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21))))
    return cleaned.lower().startswith("javascript:")


def _check_tag(html: str, match: re.Match[str], found: list[str]) -> int:
    """Note what this start tag (and, for <script>, its body) would run; return where the next tag may start."""
    tag, text = match.group(1).lower(), match.group(2)
    position = match.end()
    attributes = _attributes(text) if tag == "script" or _SUSPECT.search(text) else []
    for name, value in attributes:
        if name.startswith("on"):
            found.append(f"<{tag} {name}=…>")
        elif name in _URL_ATTRIBUTES and value and _is_javascript_url(value):
            found.append(f"<{tag} {name}={value[:40]!r}>")
    if tag == "script":
        end = _SCRIPT_END.search(html, position)
        body = html[position:end.start() if end else len(html)]
        values = dict(attributes)
        if (values.get("type") or "").strip().lower() in _SCRIPT_TYPES and "src" not in values and body.strip():
            found.append(f"<script>{body.strip()[:60]}</script>")
        position = end.end() if end else len(html)
    return position


def inline_scripts(html: str) -> list[str]:
    """What in this page would run as inline script (empty for a safe page).

    Regular expressions, not html.parser (which took a fifth of a national build): a page with
    nothing risky outside its <script> elements has only those read; any other page has every
    start tag read as the browser's tokenizer would.
    """
    found: list[str] = []
    if _risky(html):
        position = 0
        while (match := _START_TAG.search(html, position)) is not None:
            position = _check_tag(html, match, found)
    else:
        for start in _SCRIPT_START.finditer(html):
            if (match := _START_TAG.match(html, start.start())) is not None:
                _check_tag(html, match, found)
    return found


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


def refuse_inline_script(html: str) -> None:
    """Raise UnsafePage if this page, or this fragment of a page's content (read from where text
    begins, as the browser reads it there), holds inline script."""
    found = inline_scripts(html)
    if found:
        raise UnsafePage("页面含内联脚本 / the page holds inline script: " + "; ".join(found[:5]))


def finish_page(html: str) -> str:
    """Refuse a page with inline script; otherwise add the CSP and fix Material's markup."""
    refuse_inline_script(html)
    return with_csp(without_checkbox_autocomplete(html))
