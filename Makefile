# Two commands on a fresh clone (Python 3.11+ on PATH):
#   make run    set up .venv, build the demo project, open the application on it
#   make test   set up .venv, run lint, types, import contracts and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO := demo/demo.icproj

.PHONY: setup run demo test lint typecheck contracts test-headless test-gui test-all wheel-check bench fuzz clean

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,dev]"
	touch $(STAMP)

setup: $(STAMP)

$(DEMO): | $(STAMP)
	$(BIN)/interactioncoder demo $(DEMO)

demo: $(DEMO)

run: $(STAMP) $(DEMO)
	$(BIN)/interactioncoder $(DEMO)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# Every non-UI test once, with PySide6 made unimportable (ci/noqt shadows it); the
# storage tests on SQLite and on a private PostgreSQL.
test-headless: $(STAMP)
	bash scripts/with-postgres.sh bash scripts/pytest-stage.sh headless

# Only what the headless stage cannot run: the GUI tests (tests/ui, "ui" marks), offscreen;
# the sound through a private PulseAudio with a null sink (tests/ui/test_sound_heard.py).
test-gui: $(STAMP)
	bash scripts/with-pulseaudio.sh bash scripts/pytest-stage.sh gui

test-all: test-headless test-gui

# The built wheel, installed (not editable) in a fresh virtualenv: --version, demo,
# reliability and an offscreen start of the installed program (a few minutes).
wheel-check: $(STAMP)
	PYTHON=$(PYTHON) bash scripts/check-wheel.sh

test: lint typecheck contracts test-headless test-gui wheel-check

# Property and fuzz tests with fresh random examples (the test stages draw a fixed set).
fuzz: $(STAMP)
	bash scripts/fuzz.sh

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
