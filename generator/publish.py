"""Last touches on each finished HTML page, independent of MkDocs: a Content-Security-Policy
that allows only the site's own scripts (inline theme scripts by their hash)."""
from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)


def csp_for(html: str) -> str:
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
                     for m in _INLINE_SCRIPT.finditer(html)})
    script_src = " ".join(["'self'", *hashes])
    return ("default-src 'self'; script-src " + script_src + "; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")


def finish_page(html: str) -> str:
    """Insert the CSP meta as the first element of <head>, so it governs every script."""
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp_for(html)}">'
    return html.replace("<head>", "<head>\n    " + meta, 1)
