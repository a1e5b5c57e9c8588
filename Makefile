# The two commands that matter on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3

.PHONY: run test install install-test generate validate bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip wheel

install: $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e '.[postgres]'

install-test: $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e '.[test,postgres]'

## Install and start the app on its embedded default: SQLite, sandbox registries, demo data.
run: install
	$(VENV)/bin/mpp serve

## Install everything (Python and Debian packages) and run the whole test suite, on SQLite then PostgreSQL.
test:
	bash scripts/test

generate: install
	$(VENV)/bin/mpp generate

validate: install
	$(VENV)/bin/mpp validate --strict

bench: install
	$(VENV)/bin/pip install -q -e '.[bench]'
	$(VENV)/bin/python benchmarks/run.py
