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
# Extras the demo installs beside the product: the PostgreSQL driver when DATABASE_URL points at PostgreSQL,
# otherwise none (`make demo EXTRAS=postgres` asks for it).
EXTRAS ?= $(if $(filter postgres%,$(DATABASE_URL)),postgres,)
# The tool that writes requirements/*.txt runs from a throwaway virtual environment, never from .venv.
UV_VERSION ?= 0.13.9
# `make lock UPGRADE=1` moves every pin to the newest release allowed by pyproject.toml.
UPGRADE ?=

.DEFAULT_GOAL := help
.PHONY: help venv install demo test test-browser lint fmt bench schema lock clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(BIN)/python ## create the virtual environment in .venv

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Accord needs Python 3.11 or newer (set PYTHON=python3.12, say)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per set of extras, so that each set is installed once and again only when the dependencies change.
PRODUCT_STAMP := $(VENV)/.installed-product$(if $(EXTRAS),-$(EXTRAS))
DEV_STAMP := $(VENV)/.installed-dev

install: $(DEV_STAMP) ## install Accord and its development tools into .venv

# The versions come from the lock files, so that a fresh machine gets the ones CI tested.
$(PRODUCT_STAMP): pyproject.toml requirements/base.txt $(BIN)/python
	$(BIN)/pip install --quiet -e ".$(if $(EXTRAS),[$(EXTRAS)])" -c requirements/base.txt
	@touch $@

$(DEV_STAMP): pyproject.toml requirements/dev.txt $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]" -c requirements/dev.txt
	@touch $@

demo: $(PRODUCT_STAMP) ## migrate a SQLite database, load demo data, print the logins, serve http://127.0.0.1:8000
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

# requirements/dev.txt pins the product and its development tools; requirements/base.txt, the product (and
# PostgreSQL driver) alone, takes its versions from dev.txt so that the two never disagree. Existing pins are kept.
lock: ## regenerate requirements/*.txt from pyproject.toml (UPGRADE=1 moves to the newest releases)
	@tool=$$(mktemp -d) && trap 'rm -rf "$$tool"' EXIT && \
	$(PYTHON) -m venv "$$tool" && "$$tool/bin/pip" install --quiet uv==$(UV_VERSION) && \
	"$$tool/bin/uv" pip compile --quiet $(if $(UPGRADE),--upgrade) pyproject.toml --extra dev --universal \
		--annotation-style line -o requirements/dev.txt && \
	"$$tool/bin/uv" pip compile --quiet pyproject.toml --extra postgres --universal -c requirements/dev.txt \
		--annotation-style line -o requirements/base.txt
	@echo "wrote requirements/dev.txt and requirements/base.txt"

clean: ## remove the virtual environment and caches (keeps the database)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis staticfiles
