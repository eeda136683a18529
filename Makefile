# The two commands of the README: `make run` and `make test`. Each installs what it needs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `PORT=8001 make run` serves on another port; the public base URL (did:web hosts, share
# links) follows it unless LEERSPOOR_PUBLIC_BASE_URL is set.
PORT ?= 8000
RUN_ENV := LEERSPOOR_PUBLIC_BASE_URL=$${LEERSPOOR_PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)}

.PHONY: install run test lint bench contracts

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(RUN_ENV) $(BIN)/leerspoor demo
	$(RUN_ENV) $(BIN)/leerspoor serve --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

contracts: install
	$(BIN)/leerspoor contracts write

bench: install
	$(BIN)/python bench/run_all.py
