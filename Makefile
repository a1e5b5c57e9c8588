# The two commands that matter on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3

.PHONY: run test install install-test generate validate page-weights bench bench-quick bench-definitions bench-forms bench-lookups bench-profile

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip wheel

install: $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e '.[postgres]'

install-test: $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e '.[test,postgres]'
	bash scripts/install-test-assets

## Install and start the app on its embedded default: SQLite, sandbox registries, demo data.
## `make run PORT=8080` (or HOST=0.0.0.0 to be reached from a phone on the same network).
HOST ?= 127.0.0.1
PORT ?= 5000
run: install
	$(VENV)/bin/mpp serve --host $(HOST) --port $(PORT)

## Install everything (Python and Debian packages) and run the whole test suite, on SQLite then PostgreSQL.
test:
	bash scripts/test

generate: install
	$(VENV)/bin/mpp generate

validate: install
	$(VENV)/bin/mpp validate --strict

## Every portal page's weight (raw, gzip, brotli) against the budgets: HTML < 15 KB, CSS < 10 KB; exit 1 when over.
page-weights: install
	$(VENV)/bin/python benchmarks/page_weights.py

## The hot paths against the bare stack (wrk load, SQLite and PostgreSQL), cold compile vs pyxform, the hostile file.
## BENCH_FLAGS=--quick for a smoke run; MPP_BENCH_SECONDS sets the seconds per figure (default 10).
bench: install
	bash benchmarks/setup
	$(VENV)/bin/python benchmarks/hot_paths.py $(BENCH_FLAGS)

bench-quick:
	$(MAKE) bench BENCH_FLAGS=--quick

## The finer benchmarks, each on its own: definition loading cold/warm, form validation vs WTForms,
## tracking-number look-up p99 with 1,000,000 applications.
bench-definitions: install
	bash benchmarks/setup
	$(VENV)/bin/python benchmarks/run.py definitions

bench-forms: install
	bash benchmarks/setup
	$(VENV)/bin/python benchmarks/run.py forms

bench-lookups: install
	bash benchmarks/setup
	$(VENV)/bin/python benchmarks/run.py store

## Where a submission and a tracking look-up spend their time (cProfile, then py-spy in-process, then py-spy on
## the served app's gunicorn workers under wrk, each hot path): benchmarks/PROFILE.md.
bench-profile: install
	bash benchmarks/setup
	mkdir -p benchmarks/results
	$(VENV)/bin/python benchmarks/profile_paths.py > benchmarks/results/profile.md
	$(VENV)/bin/python benchmarks/profile_paths.py --sample > benchmarks/results/pyspy.md
	for path in submission tracking lacak form; do \
	  $(VENV)/bin/python benchmarks/profile_served.py $$path > benchmarks/results/served-$$path.md; done
	@echo "benchmarks/results/profile.md, pyspy.md, served-*.md"
