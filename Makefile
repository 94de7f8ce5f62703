# One entry point for people and CI. Every target installs what it needs into .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench lint types install clean messages

# The vendor manifest is a prerequisite too: pinning another version fetches it on the next make.
$(STAMP): pyproject.toml src/quantriet/site/vendor.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(BIN)/python -m quantriet.site.vendor
	touch $(STAMP)

install: $(STAMP)

## make demo: install, create the SQLite database, load the demo province and serve it on :8000
demo: $(STAMP)
	$(BIN)/quantriet demo

## make test: install and run the whole suite (browser tests need /usr/bin/chromium; skipped with a notice otherwise)
## on one pytest-xdist worker per core; worksteal hands each worker half the tests in order and lets an idle one take
## half of what another has left, so the two long parametrised files (tests/access, tests/properties) are shared.
## TEST_WORKERS=0 runs it in this one process; a plain `.venv/bin/python -m pytest <path>` runs serially.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

## make bench: the slow scale runs; figures go to bench/README.md by hand
bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

## make messages: recompile the translation catalogues after editing a .po file
messages: $(STAMP)
	$(BIN)/python -m quantriet.site.i18n_compile

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
