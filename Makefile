# Everything runs from a local virtualenv that is (re)built when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: help demo test unit lint run bench simulate clean
SEED ?= 1
DAYS ?= 250

help:  ## this list
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z]+):.*## /  make \1\t/' | sed 's/\$$\$$/\$$/g' | expand -t 16

$(BIN)/concerto: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/concerto  ## offline demo: the real app, a scripted mission, a local Slack stand-in
	$(BIN)/concerto demo

test: $(BIN)/concerto  ## every level: unit, scenarios, processes (PostgreSQL when TEST_DATABASE_URL is set); coverage
	$(BIN)/python -m pytest -q --cov --cov-report=
	@$(BIN)/coverage report --format=total | xargs printf 'coverage (lines and branches, the test process): %s%%\n'

unit: $(BIN)/concerto  ## the fast loop: pure tables and properties, no sandbox, no database
	$(BIN)/python -m pytest -q tests/unit

lint: $(BIN)/concerto  ## ruff (checks and format), the import contracts and mypy (all in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

run: $(BIN)/concerto  ## Socket Mode when SLACK_APP_TOKEN is set, else HTTP on $$PORT
	$(BIN)/concerto db upgrade
	$(BIN)/concerto run

simulate: $(BIN)/concerto  ## a season of the mission through the real app: SEED=… DAYS=… (a broken invariant exits 1)
	$(BIN)/python -m testing.season --seed $(SEED) --days $(DAYS)

bench: $(BIN)/concerto  ## figures, not tests (PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache concerto.db* concerto.inbox.db*
