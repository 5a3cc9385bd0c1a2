# 法润交通 — every command sets up what it needs on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
export PYTHONPATH := $(CURDIR)/scripts
export NO_MKDOCS_2_WARNING := 1
# Messages then give make's words (PARTIAL=1, not --partial).
export FARUN_VIA_MAKE := 1
FARUN := $(PY) -m farun

# Staff values are data, never shell or make text: each keeps exactly what was typed (make would
# otherwise expand $(...) in it) and reaches the commands as an environment variable ("$$TITLE"),
# so backticks, $(...) and quotes in a title or file name are just characters.
DATA_VARS := FILE SLUG TITLE SPEAKER DATE OUT PARTIAL AUTHOR REVIEWER
$(foreach v,$(DATA_VARS),$(eval override $(v) := $$(value $(v))))
export $(DATA_VARS)

.PHONY: build test test-fast serve check new-lecture new-case new-notice import schemas generate clean bench offline publish update

$(STAMP): requirements.txt
	@echo "正在安装固定版本的依赖（第一次需要几分钟）……"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

# Staff-facing targets are silent (@): staff read the commands' Chinese lines only.
build: $(STAMP)
	@$(FARUN) check
	@$(FARUN) build

check: $(STAMP)
	@$(FARUN) check

# Preview: the first build is full, then a save renders only the pages it affects (scripts/farun/hook_preview.py).
serve: $(STAMP)
	@$(FARUN) serve

new-lecture new-case new-notice: $(STAMP)
	@$(FARUN) new $(subst new-,,$@) $${SLUG:+"$$SLUG"} $${TITLE:+--title "$$TITLE"} $${SPEAKER:+--speaker "$$SPEAKER"} $${DATE:+--date "$$DATE"}

import: $(STAMP)
	@test -n "$$FILE" || { echo "用法：make import FILE=台账.xlsx（或 .csv；加 PARTIAL=1 只导入没有问题的行）"; exit 2; }
	@$(FARUN) import "$$FILE" $${PARTIAL:+--partial}

schemas: $(STAMP)
	@$(FARUN) schemas

# Check, show the change, record 撰写人/审核人 and send docs/ to the server's repository (dulwich, no git needed).
publish: $(STAMP)
	@$(FARUN) publish $${AUTHOR:+--author "$$AUTHOR"} $${REVIEWER:+--reviewer "$$REVIEWER"}

update: $(STAMP)
	@$(FARUN) update

generate: $(STAMP)
	$(FARUN) generate --out "$${OUT:-build/generated}"

# FARUN_VIA_MAKE is for staff-facing targets: the tests run python -m farun as well as make, and each sets it as it needs.
# Lint and format (ruff.toml), types (mypy.ini) and every test; a lint, format or type finding fails the target but does not
# stop the tests from running. `.venv/bin/python -m ruff format scripts tests` rewrites the code in ruff's format.
# The lanes are in tests/lanes.py: each test is marked engine, browser or slow by what it uses.
LINT := $(PY) -m ruff check --quiet scripts tests && $(PY) -m ruff format --check --quiet scripts tests
TYPES := $(PY) -m mypy --no-error-summary
test: $(STAMP)
	bash tests/setup.sh
	lint=0; $(LINT) || lint=1; $(TYPES) || lint=1; env -u FARUN_VIA_MAKE $(PY) -m pytest -q && exit $$lint

# For every edit: lint, types and the tests that need no engine build, browser or nginx (starting one anyway fails the test),
# one test process per core (pytest-xdist; a file's tests stay in one process).
test-fast: $(STAMP)
	lint=0; $(LINT) || lint=1; $(TYPES) || lint=1; env -u FARUN_VIA_MAKE FARUN_FAST_LANE=1 $(PY) -m pytest -q -n auto --dist loadfile -m "not engine and not browser and not slow" && exit $$lint

# Project vs plain Material on a synthetic corpus (N = 100, 1000; BENCH_5000=1 adds 5000, plain built once: ~36 min;
# BENCH_10000=1 adds 10000, a province's corpus, plain built once: over an hour); writes BENCHMARK.md.
bench: $(STAMP)
	bash tests/setup.sh
	env -u FARUN_VIA_MAKE $(PY) -m farun.bench --n 100 --n 1000 $(if $(BENCH_5000),--n 5000) $(if $(BENCH_10000),--n 10000) \
	  $(if $(BENCH_5000)$(BENCH_10000),--plain-once) --write BENCHMARK.md

# Offline bundle (opens from disk, search included): build/offline-site zipped to dist/farun-offline.zip.
OFFLINE_DIR ?= build/offline-site
OFFLINE_ZIP ?= dist/farun-offline.zip
offline: $(STAMP)
	test -f node_modules/iframe-worker/shim/index.js || npm ci --no-audit --no-fund --loglevel=error
	$(FARUN) check
	OFFLINE=true $(FARUN) build --site-dir $(OFFLINE_DIR)
	$(PY) -m farun.publish.bundle $(OFFLINE_DIR) $(OFFLINE_ZIP)

clean:
	rm -rf site .site-tmp-* .site-old-* .cache build/offline-site build/.site-tmp-* dist
