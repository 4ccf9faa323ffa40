# Two commands from a fresh clone: `make reports` builds everything, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: reports build test notebooks bench lint kernel lab lock clean

LOCK := requirements.lock
# Two workers: the suite waits on kernels, browsers and subprocesses much of the time. Each file's tests run on one
# worker (a notebook's cells share one nbval kernel: --dist loadgroup splits them). `PYTEST_WORKERS=` runs serially.
PYTEST_WORKERS ?= -n 2 --dist loadfile
UV_VERSION := 0.13.9

# Exact versions from the lock file: with uv when it is on PATH (or can be installed into the venv), else pip.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	@if command -v uv >/dev/null 2>&1 || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)" >/dev/null 2>&1; then \
	  uv=$$(command -v uv || echo $(BIN)/uv); echo "installing $(LOCK) with $$uv"; \
	  $$uv pip install --quiet --python $(BIN)/python -r $(LOCK) && \
	  $$uv pip install --quiet --python $(BIN)/python --no-deps -e .; \
	else \
	  echo "installing $(LOCK) with pip"; \
	  $(BIN)/python -m pip install --quiet -r $(LOCK) && $(BIN)/python -m pip install --quiet --no-deps -e .; \
	fi
	touch $(STAMP)

lock:  ## re-resolve requirements.lock from pyproject.toml (then pin environment.yml to the same versions)
	$$(command -v uv || echo $(BIN)/uv) pip compile pyproject.toml --extra dev --universal --python-version 3.11 --quiet -o $(LOCK)

build: $(STAMP)  ## the database only: data/processed/livelihood.duckdb (+ Parquet copies)
	$(BIN)/analytics build

reports: build  ## database, then the rendered reports (once the notebooks exist), then the data release and page
	@if [ -d notebooks ] && ls notebooks/*.ipynb >/dev/null 2>&1; then $(BIN)/analytics reports; \
	else echo "no notebooks yet: built the database only"; fi
	$(BIN)/analytics release

test: $(STAMP)  ## the whole test suite (lint included), on two pytest-xdist workers
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest $(PYTEST_WORKERS)

notebooks: build kernel  ## re-run the notebooks in place so their stored outputs (checked by nbval) are current
	cd notebooks && for nb in *.ipynb; do ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace $$nb; done

kernel: $(STAMP)  ## register the project's kernel for this user, so any JupyterLab (conda, system) finds it
	$(BIN)/python -m ipykernel install --user --name livelihood-analytics --display-name "livelihood-analytics"

lab: kernel build  ## JupyterLab on the notebooks, with the project's kernel registered and the database built
	$(BIN)/jupyter lab notebooks/ $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

bench: $(STAMP)  ## build and render benchmarks; prints a table and the speedup over the naive loop
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf data/processed/*.duckdb data/processed/parquet reports/*.html  # releases (reports/data/release/) are kept
