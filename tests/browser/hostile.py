"""Hostile text for the XSS tests: payloads, a data folder that carries them, and a site
rendered from data whose text was altered after validation.

The validator rejects such text by design (`unsafe-text`), so a hostile data folder never
reaches the renderer. To test the renderer's own escaping, the second fixture validates the
real data, then writes a payload into every text field of the validated Dataset, renders
every page and file with the generator, and builds them with MkDocs through the portal's
own hooks, less the one that would regenerate the pages from the untouched YAML.
"""
from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .support import ROOT, isolated_project

#: Each marked so that a dialog or an element created from it says which one got through.
PAYLOADS = [
    '<script>alert("xss-script")</script>',
    '<img src=x onerror=alert("xss-img")>',
    '"><svg onload=alert("xss-attr")>',
    "'><iframe srcdoc=\"<script>alert('xss-srcdoc')</script>\">",
    '</script><script>alert("xss-json")</script>',
    '<a href="javascript:alert(\'xss-href\')">xss-link</a>',
    '[xss-md-link](javascript:alert("xss-md"))',
    '**xss-md-bold** <b onmouseover=alert("xss-b")>xss-b</b>',
    '{{ 7*7 }} {% raw %}xss-jinja',
    '&lt;script&gt;alert("xss-entity")&lt;/script&gt;',
]
#: Text that is not bilingual but shown on pages.
PLAIN_TEXT_KEYS = {"quote", "number"}
#: Hostile source documents: a script line and a paragraph of Markdown with HTML in it.
DOCUMENT_LINES = ['<script>alert("xss-doc")</script>', "# xss heading\n\n<div onclick=alert(1)>xss-div</div>"]

#: Run in each page of the hostile site: markup that a payload would have created.
LIVE_MARKUP = """() => {
  const live = [...document.querySelectorAll(
      "script:not([src]):not([type='application/json']), [onerror], [onload], [onclick], [onmouseover], "
      + "iframe, img[src='x'], a[href^='javascript'], [srcdoc]")];
  const made = [...document.querySelectorAll('body *')].filter(e =>
      /^(xss-md-bold|xss-b|xss-link|xss-md-link|xss heading|xss-div)$/.test(e.textContent.trim()));
  return [...live, ...made].map(e => e.outerHTML.slice(0, 160));
}"""


def hostile_text(original: str, payload: str) -> str:
    return f"{payload} {original}"


def taint(node: Any, payloads: Iterator[str], seen: set[int]) -> None:
    """Prefix a payload to every bilingual text and every shown plain text, in place."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, list):
        for item in node:
            taint(item, payloads, seen)
        return
    if not isinstance(node, dict):
        return
    if {"zh", "en"} <= set(node) and all(isinstance(node[k], str) for k in ("zh", "en")):
        for lang in ("zh", "en"):
            node[lang] = hostile_text(node[lang], next(payloads))
    for key, value in node.items():
        if key in PLAIN_TEXT_KEYS and isinstance(value, str):
            node[key] = hostile_text(value, next(payloads))
        else:
            taint(value, payloads, seen)


def hostile_dataset(data_copy: Path) -> Any:
    """The real data, validated, then every text altered; its documents gain hostile lines."""
    from generator.validate import validate_dataset

    data = validate_dataset(data_copy)
    assert data.problems == [], "the real data must validate before it is altered"
    payloads = itertools.cycle(PAYLOADS)
    seen: set[int] = set()
    for tree in (data.cities, data.sources, data.changelog):
        taint(tree, payloads, seen)
    for name in list(data.documents):
        document = data_copy / "documents" / name
        document.write_text(document.read_text(encoding="utf-8") + "\n" + "\n".join(DOCUMENT_LINES) + "\n",
                            encoding="utf-8")
        assert data.documents.add(name) is None  # read again, with its hostile lines
    return data


HOOKS = '''"""The portal's MkDocs hooks without on_pre_build: the test wrote the pages itself."""
from generator.mkdocs_adapter import hooks as _portal

globals().update({name: getattr(_portal, name) for name in dir(_portal)
                  if name.startswith("on_") and name != "on_pre_build"})
'''


def build_rendered(data: Any, project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Render every page and file of `data` with the generator into a copy of content/,
    then run `mkdocs build --strict` on it with the portal's hooks (but no regeneration)."""
    from generator.build import mkdocs_env
    from generator.generate import render_files
    from generator.write import write_tree

    config = isolated_project(project, data.root)
    (project / "hooks.py").write_text(HOOKS, encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(str(ROOT / "generator" / "mkdocs_adapter" / "hooks.py"),
                                   str(project / "hooks.py")), encoding="utf-8")
    assert str(project / "hooks.py") in config.read_text(encoding="utf-8")
    write_tree(project / "content", render_files(data, project / "content"))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file",
                           str(config), "--site-dir", str(site)], env=mkdocs_env(data.root), cwd=project,
                          capture_output=True, text=True, timeout=300)


def copy_data(target: Path) -> Path:
    shutil.copytree(ROOT / "data", target)
    return target
