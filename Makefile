# The two set-up commands on a fresh machine are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint bench soak fuzz clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip setuptools wheel

$(VENV)/.stamp-run: pyproject.toml | $(PY)
	$(PIP) install -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(PY)
	$(PIP) install -e '.[test,dev]'
	touch $@ $(VENV)/.stamp-run

## Start the desktop app (creates a demo vault on first run).
run: $(VENV)/.stamp-run
	$(PY) -m survivorapp.ui.app.preflight
	$(PY) -m survivorapp

## Run the whole test suite headless.
test: $(VENV)/.stamp-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

lint: $(VENV)/.stamp-test
	$(VENV)/bin/ruff check survivorapp tests benchmarks
	$(VENV)/bin/ruff format --check survivorapp tests benchmarks
	$(VENV)/bin/mypy survivorapp

bench: $(VENV)/.stamp-test
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.run

## At least 1,000 kill -9s of a child process mid-write; reports lost commits (must be 0).
soak: $(VENV)/.stamp-test
	$(PY) -m benchmarks.soak

## The parser fuzz tests (tests/fuzz/) with many examples and no deadline.
fuzz: $(VENV)/.stamp-test
	HYPOTHESIS_PROFILE=fuzz QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/fuzz

clean-venv:
	rm -rf $(VENV)
