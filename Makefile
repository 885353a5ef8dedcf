# Entry points. A fresh machine needs only `make site` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test check serve bench screenshots mutation clean deps browser-deps

# The virtual environment with the pinned dependencies, rebuilt when a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

deps: $(STAMP)

# Chromium (Debian's package) for browser tests, and the npm tools (axe-core, vnu-jar).
browser-deps: $(STAMP)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null)
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null)
	@test -d node_modules/axe-core && test -d node_modules/vnu-jar || npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

## site: validate data/ and build the bilingual site into site/ (the old site stays if anything fails)
site: $(STAMP)
	$(BIN)/portal check
	$(BIN)/portal build

## check: validate data/ and confirm the committed JSON Schema is current
check: $(STAMP)
	$(BIN)/portal check
	$(BIN)/portal schema --check

## test: the whole suite, browser tests included
test: browser-deps
	$(BIN)/pytest -q -n 2 --dist loadgroup

## serve: live preview at http://127.0.0.1:8000 (saving a YAML file rebuilds and reloads)
serve: $(STAMP)
	$(BIN)/portal serve

## bench: synthetic cities (100, 300, 1000): build time, memory, page weight, each target ✓ or ✗
bench: browser-deps
	$(BIN)/python bench/run.py

## screenshots: home and a city page, both languages, 375 px and 1280 px, into screenshots/
screenshots: browser-deps site
	$(BIN)/python -m tests.browser.screenshots site screenshots

## mutation: mutation testing of derive, validate and render (manual, slow: not part of make test)
mutation: $(STAMP)
	$(BIN)/pip install --quiet mutmut==3.8.1
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

clean:
	rm -rf site site.new site.old build .pytest_cache mutants
