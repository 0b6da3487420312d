# InterviewMaster — two commands on a fresh machine: `make run` and `make test`.
# Needs only Python 3.11, Node/npm and make. Everything else is installed into .venv/ and node_modules/.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
HOST   ?= 127.0.0.1
# Every absolute link (emails) is built from SITE_URL; by default the address `make run` serves on.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL
PYTEST_ARGS ?=
STAMPS := .stamps

.PHONY: setup assets run test worker beat lint migrate demo clean bench contract

$(STAMPS):
	@mkdir -p $(STAMPS)

$(STAMPS)/venv: requirements.txt requirements-dev.txt | $(STAMPS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The code judge runs candidates' code inside bubblewrap with Debian's python3/node, GNU time and prlimit.
# Installed when we can (root with apt-get); otherwise the judge reports "refused" on /ready and says why.
$(STAMPS)/sandbox: | $(STAMPS)
	@if command -v bwrap >/dev/null && [ -x /usr/bin/time ] && command -v prlimit >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq bubblewrap time util-linux procps >/dev/null 2>&1 || \
	   (apt-get update -qq && apt-get install -y -qq bubblewrap time util-linux procps)); \
	else echo "note: install bubblewrap, time and util-linux to run submitted code (sudo apt-get install bubblewrap time)"; fi
	@touch $@

# The resume fixture PDFs draw Polish, Turkish or Czech text in DejaVu Sans, as a real resume embeds its font; without
# it they fall back to Helvetica, which turns those letters into black squares (and moves the pinned figures).
$(STAMPS)/fonts: | $(STAMPS)
	@if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq fonts-dejavu-core >/dev/null 2>&1 || \
	   (apt-get update -qq && apt-get install -y -qq fonts-dejavu-core)); \
	else echo "note: install fonts-dejavu-core for the resume fixture PDFs (sudo apt-get install fonts-dejavu-core)"; fi
	@touch $@

# Front-end bundles: every static/src/*.js entry (ES modules from npm: CodeMirror, Chart.js) is bundled by esbuild
# into static/dist/ (git-ignored); static/src/lib/ holds modules the entries share (bundled into each, not entries).
# It takes well under a second, so it runs on every setup.
assets: $(STAMPS)/npm
	@entries="$$(ls static/src/*.js 2>/dev/null)"; \
	if [ -n "$$entries" ]; then node_modules/.bin/esbuild $$entries --bundle --format=esm --minify --sourcemap \
	  --target=es2020 --outdir=static/dist --log-level=warning; fi

setup: $(STAMPS)/venv $(STAMPS)/npm $(STAMPS)/sandbox $(STAMPS)/fonts assets

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving InterviewMaster on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(VENV)/bin/uvicorn --host $(HOST) --port $(PORT) interviewmaster.asgi:application

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

worker: setup
	$(VENV)/bin/celery -A interviewmaster worker -l info -Q live,default,ai,sandbox -P prefork

beat: setup
	$(VENV)/bin/celery -A interviewmaster beat -l info

# The API contract: schemathesis (all checks, stateful phase) against the running app; fails on any 5xx or schema
# violation. Bounded by CONTRACT_MAX_EXAMPLES / CONTRACT_MAX_TIME.
contract: setup
	scripts/contract.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules $(STAMPS) static/dist staticfiles test-artifacts .coverage
