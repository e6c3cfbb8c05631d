# Accord's everyday commands. Only Python 3.11+ is needed: everything installs with pip into .venv.
# `make help` lists the targets.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Two workers fit the 2-core machines CI runs on; `make test WORKERS=0` runs in one process.
WORKERS ?= 2
PYTEST_WORKERS := $(if $(filter 0,$(WORKERS)),,-n $(WORKERS))
# More pytest arguments, e.g. `make test PYTEST_ARGS="accord/demo -x"`.
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv install demo test test-browser lint fmt bench schema clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(BIN)/python ## create the virtual environment in .venv

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Accord needs Python 3.11 or newer (set PYTHON=python3.12, say)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(VENV)/.installed ## install Accord and its development tools into .venv

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

demo: install ## migrate a SQLite database, load demo data, print the logins, serve http://127.0.0.1:8000
	$(BIN)/accord demo --port $(PORT)

test: install ## run the test suite (without the browser tests) on SQLite, or on DATABASE_URL
	$(BIN)/pytest -m "not browser" $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-browser: install ## run the browser tests (needs Chromium at /usr/bin/chromium)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: install ## ruff, formatting, mypy and the import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy accord
	$(BIN)/lint-imports

fmt: install ## format the code and apply ruff's safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install ## run the benchmarks in bench/ (pages.py needs PostgreSQL on 127.0.0.1:5432)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit $$?; done

schema: install ## write the OpenAPI schema to docs/openapi.json
	@mkdir -p docs
	$(BIN)/python manage.py export_openapi_schema --api accord.config.api.api --indent 2 --sorted --output docs/openapi.json
	@echo "wrote docs/openapi.json"

clean: ## remove the virtual environment and caches (keeps the database)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis staticfiles
