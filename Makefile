# Quick start: `make grade` grades the bundled samples, `make test` runs the test suite.
# Both bootstrap .venv/ on first use. PYTHON=python3.10 make test runs under another Python.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: grade test venv clean bench

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,report]'
	touch $(STAMP)

grade: $(STAMP)
	$(BIN)/autograder samples

test: $(STAMP)
	$(BIN)/python -m pytest

# Our grader side by side with Otter-Grader (installs Otter into build/bench/otter-venv once).
bench: $(STAMP)
	$(BIN)/python benchmarks/compare_otter.py

clean:
	rm -rf $(VENV) build *.egg-info
