# Two entry points: `make demo` runs the MNIST tutorial experiment and opens
# JupyterLab on it; `make test` runs every check. Both create `.venv` first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
# `jlpm` (Yarn) runs with --immutable when CI is set, so the lock file must
# already match package.json.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# package.json scripts call `jlpm` and `jupyter-builder`, which the venv provides.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: demo test install-test install-demo lint test-python test-js check-extension benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install-test: $(BIN)/python
	$(PIP) install --quiet --editable ".[test]"

install-demo: $(BIN)/python
	$(PIP) install --quiet --editable ".[demo]"

lint: install-test
	$(BIN)/ruff check jupyterlab_experiments tests benchmarks examples scripts ui-tests
	$(BIN)/jlpm run lint:check

test-js: install-test
	$(BIN)/jlpm run test

check-extension: install-test
	$(BIN)/jupyter server extension list 2>&1 | grep -q "jupyterlab_experiments.*OK"
	$(BIN)/jupyter labextension list 2>&1 | grep -q "jupyterlab-experiments.*OK"
	$(BIN)/python scripts/check_auth.py

test-python: install-test
	$(BIN)/python -m pytest

test: lint test-js check-extension test-python

# JupyterLab's port for `make demo`; a busy port gives way to a free one.
PORT ?= 8888

demo: install-demo
	$(BIN)/python examples/mnist/run_demo.py
	$(BIN)/python scripts/start_demo_lab.py --port $(PORT)

benchmark: install-test
	$(BIN)/python benchmarks/bench_store.py --sizes 10000 100000

clean:
	rm -rf $(VENV) node_modules lib jupyterlab_experiments/labextension
