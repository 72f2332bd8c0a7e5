# Developer and CI entry points. `make run` and `make test` work on a fresh machine.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
FLASK := FLASK_DEBUG=1 SAFETY_SESSION_COOKIE_SECURE=false $(BIN)/flask --app safety
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help install install-dev translations run test cov lint fmt check db-upgrade db-revision browser-deps messages

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations ## Create .venv and install the app

install-dev: $(VENV)/.installed-dev translations ## Install the app with the dev extras

translations: $(VENV)/.installed ## Compile the sq/sr/en message catalogues
	$(BIN)/pybabel compile --statistics -d safety/translations

messages: $(VENV)/.installed ## Re-extract messages and update the catalogues
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 -o safety/translations/messages.pot --no-location --sort-output .
	for lang in sq sr en; do \
	  $(BIN)/pybabel update -N --no-wrap --ignore-obsolete --init-missing -l $$lang \
	    -i safety/translations/messages.pot -d safety/translations; \
	done

db-upgrade: install ## Apply migrations to the configured database
	FLASK_DEBUG=1 $(BIN)/alembic upgrade head

db-revision: install ## New migration: make db-revision m="add concerns table"
	FLASK_DEBUG=1 $(BIN)/alembic revision --autogenerate -m "$(m)"

run: db-upgrade ## Migrate, seed, load demo data and serve on http://127.0.0.1:5000
	$(FLASK) seed
	$(FLASK) demo-data
	$(FLASK) run --host $(HOST) --port $(PORT)

browser-deps: ## Install Debian's Chromium for the browser tests (when missing and root)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium missing: sudo apt-get install -y chromium"; fi; \
	fi

test: install-dev browser-deps ## Run the whole suite (SAFETY_TEST_DATABASE_URL picks PostgreSQL)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

cov: install-dev browser-deps ## Run the suite with branch coverage
	$(BIN)/python -m pytest --cov --cov-report=term

lint: install-dev ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install-dev ## Format and fix imports
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format .

check: lint test ## Lint, then test
