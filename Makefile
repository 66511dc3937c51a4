# Two commands for chairs and hosts: `make run` and `make test` (`make bench` is for developers).
# Both build .venv from nothing but python3 (>= 3.11) and install from the lock files:
# requirements/run.txt (the bot) and requirements/dev.txt (the bot plus the test and check
# tools), with every file's hash, so each machine and the Docker image get the same packages.
# A new or changed dependency: edit pyproject.toml, run `make lock`, commit all three files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_LOCK := requirements/run.txt
DEV_LOCK := requirements/dev.txt
# Reinstall when a lock file changes.
RUN_STAMP := $(VENV)/.run-$(shell cksum $(RUN_LOCK) | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.dev-$(shell cksum $(DEV_LOCK) | cut -d' ' -f1)
# The project itself is not installed: `python -m bot` and pytest run from this folder.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes

.PHONY: run test bench check lint lock lock-upgrade install clean chromium image

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "Kon geen virtualenv maken: installeer python3-venv (apt-get install python3-venv)."; exit 1; }

$(RUN_STAMP): $(BIN)/python $(RUN_LOCK)
	$(PIP_INSTALL) -r $(RUN_LOCK)
	rm -f $(VENV)/.run-*
	touch $@

# The dev lock goes in with uv, itself taken from that lock by pip (its entry only, hash
# checked): uv installs the same hash-checked files in parallel. Compiled to bytecode at
# install, as pip does: otherwise every test process and bot process started by the tests
# compiles the libraries again (where PYTHONDONTWRITEBYTECODE is set, at every start).
$(DEV_STAMP): $(BIN)/python $(DEV_LOCK)
	awk '/^[^ #]/ { entry = /^uv==/ } entry' $(DEV_LOCK) > $(VENV)/uv-requirement.txt
	$(PIP_INSTALL) --no-deps -r $(VENV)/uv-requirement.txt
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --require-hashes -r $(DEV_LOCK)
	rm -f $(VENV)/.dev-* $(VENV)/.run-* $(VENV)/uv-requirement.txt
	touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)

# With TELEGRAM_BOT_TOKEN (environment or .env) the bot goes live; without it the rehearsal
# room opens in the browser. `python -m bot` alone never falls back to the room.
run: $(RUN_STAMP)
	$(BIN)/python -m bot auto

# The browser tests drive Debian's Chromium through Playwright (which downloads no browser).
# Installed here when missing, as root (CI) or with password-less sudo; elsewhere those tests
# are skipped with a note.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	  else echo "Chromium ontbreekt (apt-get install chromium): de browsertests worden overgeslagen."; exit 0; fi; \
	  echo "Chromium installeren voor de browsertests (apt-get install chromium)..."; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium </dev/null >/dev/null; }

# Four workers on two cores: the suite is independent per test (own database, own fake
# Telegram), and a test still spends part of its time waiting (on PostgreSQL, on a bot
# process starting, on the stand-in's quiet period, on Chromium). Measured back to back on
# a 2-core machine with the PostgreSQL variants, once a bot's start had become cheap: three
# workers left 24 core-seconds idle (133 to 141 s), four 7 (127 to 135 s); an earlier suite
# that spent more CPU per test was a little faster with three. Work stealing: a worker that
# is done takes tests queued for another, so a slow journey at the end of one queue does not
# hold up the run.
#
# The project's own modules are compiled first: where PYTHONDONTWRITEBYTECODE is set (as on
# the CI machine) every test process and each of the thirty bot processes the tests start
# compiled them again.
test: check chromium
	$(BIN)/python -m compileall -q bot storage prompts rehearsal telegram_stand_in
	$(BIN)/python -m pytest -q -n 4 --dist worksteal

# The checks that keep the layout standing (README, developer section):
# - import-linter: the layering contracts in pyproject.toml ([tool.importlinter]);
# - ruff: lint and formatting;
# - mypy, not pyright: it is a plain PyPI wheel that installs from the lock with its hash
#   (pyright's PyPI package fetches Node.js and the npm package at its first run, outside the
#   lock), and pydantic ships a mypy plugin that types the settings and deck models;
# - no string literal in bot/core is text a member reads (scripts/no_member_text_in_core.py);
# - the lock files still match pyproject.toml.
check: $(DEV_STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/no_member_text_in_core.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@$(BIN)/uv lock --check --quiet \
		|| { echo "uv.lock does not match pyproject.toml: run make lock and commit the result."; exit 1; }
	@$(call export_lock,run,-) | cmp -s - $(RUN_LOCK) && $(call export_lock,dev,-) | cmp -s - $(DEV_LOCK) \
		|| { echo "requirements/*.txt do not match uv.lock: run make lock and commit the result."; exit 1; }

lint: check

# Benchmarks (issue 10), never part of `make test`: 11–13 minutes on 2 cores; writes
# bench/results.md. BENCH_ARGS=--quick for a smoke run, --full for the issue's sizes,
# --profile for a py-spy profile of the bot during ingest (py-spy is a profiler binary, not
# a dependency of the bot, so it is installed here and not in the lock files).
bench: $(DEV_STAMP)
	@$(BIN)/py-spy --version >/dev/null 2>&1 || $(BIN)/python -m pip install --quiet --disable-pip-version-check 'py-spy>=0.4,<0.5'
	$(BIN)/python -m bench $(BENCH_ARGS)

# requirements/<run|dev>.txt from uv.lock; $(1) is the name, $(2) the output file or -.
export_lock = { echo "\# Generated by make lock from uv.lock (pyproject.toml): do not edit."; \
	$(BIN)/uv export --frozen --no-header --no-emit-project --quiet \
	$(if $(filter run,$(1)),--no-dev --extra postgres,--all-extras); } $(if $(filter -,$(2)),,> $(2))

# Resolve pyproject.toml into uv.lock (keeping every pinned version that still fits) and
# export the two hash-checked requirement files; uv itself comes from the dev lock.
lock: $(DEV_STAMP)
	$(BIN)/uv lock $(UV_LOCK_FLAGS)
	$(call export_lock,run,$(RUN_LOCK))
	$(call export_lock,dev,$(DEV_LOCK))

# The same, but every package moves to its newest version that pyproject.toml allows.
lock-upgrade:
	$(MAKE) lock UV_LOCK_FLAGS=--upgrade

# The Docker image, labelled (OCI) with the version, the commit and where the source lives
# (without any credentials the remote URL may carry).
VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' bot/__init__.py)
image:
	docker build -t aandeslag:$(VERSION) -t aandeslag:latest \
		--build-arg VERSION=$(VERSION) \
		--build-arg REVISION=$$(git rev-parse HEAD 2>/dev/null) \
		--build-arg SOURCE=$$(git remote get-url origin 2>/dev/null | sed 's#//[^@/]*@#//#') .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
