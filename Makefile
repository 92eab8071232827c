# Two commands for a fresh machine: `make demo` (set up, then `invoicing serve --demo`) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test bench audit clean

$(BIN)/.installed: pyproject.toml requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/invoicing serve --demo

test: setup
	$(BIN)/python -m pytest

audit: setup  # needs PyPI's per-version JSON or OSV (not reachable from the build machine)
	$(BIN)/python -m pip_audit --requirement requirements.txt --no-deps --disable-pip --strict

bench: setup
	$(BIN)/python bench/validate.py

clean:
	rm -rf $(VENV) var test-output
