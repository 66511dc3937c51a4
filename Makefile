# Two commands for chairs and hosts: `make run` and `make test`.
# Both build .venv from nothing but python3 (>= 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall when pyproject.toml changes.
HASH := $(shell cksum pyproject.toml | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.run-$(HASH)
DEV_STAMP := $(VENV)/.dev-$(HASH)

.PHONY: run test lint install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "Kon geen virtualenv maken: installeer python3-venv (apt-get install python3-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[postgres]'
	rm -f $(VENV)/.run-*
	touch $@

$(DEV_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[postgres,dev]'
	rm -f $(VENV)/.dev-* $(VENV)/.run-*
	touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/python -m bot

# Two workers: the suite is independent per test (own database, own fake Telegram).
test: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -n 2

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check bot storage prompts tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
