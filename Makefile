# Everything runs from a local virtualenv that is (re)built when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test unit lint run bench clean

$(BIN)/concerto: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/concerto  ## offline demo: the real app, a scripted mission, a local Slack stand-in
	$(BIN)/concerto demo

test: $(BIN)/concerto  ## every level: unit, scenarios, processes (PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/python -m pytest -q

unit: $(BIN)/concerto  ## the fast loop: pure tables and properties, no sandbox, no database
	$(BIN)/python -m pytest -q tests/unit

lint: $(BIN)/concerto  ## ruff, then the import contracts in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

run: $(BIN)/concerto  ## Socket Mode when SLACK_APP_TOKEN is set, else HTTP on $$PORT
	$(BIN)/concerto db upgrade
	$(BIN)/concerto run

bench: $(BIN)/concerto  ## figures, not tests (PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache concerto.db* concerto.inbox.db*
