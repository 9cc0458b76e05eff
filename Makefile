# dyad — two commands set everything up: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= dyad.duckdb

.PHONY: demo test lint bench compare eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes, so `make test` always runs the declared dependencies.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dask]'
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	@touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/dyad demo --db $(DB)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# Interleaved rounds, medians and their range: one run on a shared machine is mostly its load.
BENCH_ARGS ?= --repeat 3
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/throughput.py $(BENCH_ARGS)

# This checkout against another (its own .venv), interleaved: make compare BASE=../other-checkout
compare: $(VENV)/.installed-dev
	$(BIN)/python bench/compare.py --base $(BASE) $(COMPARE_ARGS)

eval: $(VENV)/.installed-dev
	$(BIN)/python bench/actors_eval.py
	$(BIN)/python bench/events_eval.py
	$(BIN)/python bench/modern_eval.py
	$(BIN)/python bench/places_cost.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-output $(DB) $(DB).wal
