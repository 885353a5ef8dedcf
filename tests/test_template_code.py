"""The preview keeps the theme's compiled templates between rebuilds (MkDocs makes a new Jinja
environment for each language of each rebuild), and compiles a template again once it is edited."""
from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from generator.reuse import TemplateCode


def test_a_new_environment_compiles_nothing_until_a_template_is_edited(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "base.html").write_text("<main>{% block body %}{% endblock %}</main>", encoding="utf-8")
    (tmp_path / "page.html").write_text('{% extends "base.html" %}{% block body %}一 {{ x }}{% endblock %}',
                                        encoding="utf-8")
    compiled: list[str] = []
    compile_template = Environment.compile

    def counting(self: Environment, source: object, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(str(name))
        return compile_template(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Environment, "compile", counting)
    code = TemplateCode()

    def render() -> str:
        env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=code)  # a new one per build, as MkDocs
        return env.get_template("page.html").render(x=1)

    assert render() == "<main>一 1</main>" and sorted(compiled) == ["base.html", "page.html"]
    compiled.clear()
    assert render() == "<main>一 1</main>" and compiled == []
    (tmp_path / "page.html").write_text('{% extends "base.html" %}{% block body %}二 {{ x }}{% endblock %}',
                                        encoding="utf-8")
    assert render() == "<main>二 1</main>" and compiled == ["page.html"]


@pytest.mark.parametrize("serving", [True, False])
def test_only_the_preview_gives_mkdocs_environment_the_kept_templates(serving: bool, monkeypatch) -> None:
    from generator.mkdocs_adapter import hooks
    from generator.reuse import PreviewCache

    state = {"command": "serve", "problems": [], "cache": PreviewCache()} if serving else \
        {"command": "build", "problems": []}
    monkeypatch.setattr(hooks, "STATE", state)
    env = hooks.on_env(Environment(), None, None)
    assert (env.bytecode_cache is state["cache"].theme_templates) if serving else env.bytecode_cache is None


def test_the_preview_looks_for_saved_files_every_fifth_of_a_second(tmp_path: Path) -> None:
    """MkDocs polls every 0.5 s; the folders the preview watches (the data, the hand-written pages) are
    polled at POLL_SECONDS."""
    from types import SimpleNamespace

    from watchdog.observers.polling import PollingObserver

    from generator.mkdocs_adapter import hooks

    (tmp_path / "content").mkdir()
    (tmp_path / "data").mkdir()
    watched: list[str] = []
    observer = PollingObserver(timeout=0.5)
    server = SimpleNamespace(observer=observer, builder=lambda: None, unwatch=lambda path: None,
                             watch=lambda path: (watched.append(path), observer.schedule(object(), path)))
    hooks.on_serve(server, SimpleNamespace(docs_dir=str(tmp_path / "content")), server.builder)
    server.watch(str(tmp_path / "data"))  # what MkDocs does next with mkdocs.yml's `watch:`
    assert hooks.POLL_SECONDS <= 0.25
    emitters = list(observer.emitters)
    assert emitters and all(emitter.timeout == hooks.POLL_SECONDS for emitter in emitters)
