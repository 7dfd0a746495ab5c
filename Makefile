# samverka's everyday commands. `make run` and `make test` are all a newcomer needs;
# both build the virtualenv from requirements.lock on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The install stamp: rebuilt only when the lock or the project metadata changes,
# so `make run` is quick the second time.
STAMP := $(VENV)/.samverka-installed
HOST ?= 127.0.0.1
PORT ?= 8000
# `make test PYTEST_ARGS="samverka/areas -x"` narrows the run; -n auto runs on every core.
PYTEST_ARGS ?=
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help install system-packages run serve-prod test lint format typecheck migrations-check check bench lock clean audit

help:
	@echo "make run               install (first time), migrate, load the demo, serve on http://$(HOST):$(PORT)/"
	@echo "make serve-prod        as a server runs it: DEBUG=0, migrate, collectstatic, gunicorn + a samverka worker (docs/deployment.md)"
	@echo "make test              the whole test suite (SQLite; set DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint              ruff check + ruff format --check"
	@echo "make format            ruff format + ruff check --fix"
	@echo "make typecheck         mypy"
	@echo "make migrations-check  fail when a model change has no migration"
	@echo "make check             lint, typecheck, migrations-check and test"
	@echo "make bench             run the benchmarks in bench/ (not tests; see bench/README.md)"
	@echo "make audit             pip-audit of requirements.lock (known vulnerabilities)"
	@echo "make lock              regenerate requirements.lock from pyproject.toml (uv)"
	@echo "make clean             remove the virtualenv and caches (keeps data/)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "samverka needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# Catches a dependency added to pyproject.toml without `make lock`.
	$(BIN)/python -m pip check --disable-pip-version-check
	@touch $@

install: $(STAMP)

# Programs the tests use as independent readers (chromium, pdftotext, ogr2ogr, calcurse).
system-packages:
	@bash scripts/system-packages.sh

run: $(STAMP)
	$(BIN)/samverka migrate --noinput
	$(BIN)/samverka collectstatic --noinput --verbosity 0
	$(BIN)/samverka bootstrap_demo
	$(BIN)/samverka runserver $(HOST):$(PORT)

# Production, locally (docs/deployment.md): DEBUG off, hashed and compressed static files served
# by WhiteNoise, gunicorn with config/gunicorn.conf.py and a `samverka worker` beside it for the
# background tasks (SAMVERKA_TASKS_IN_PROCESS=0, as on a server); PostgreSQL when DATABASE_URL is
# set. The keys come from the environment, else (on a developer's machine only) from the data
# folder. Ctrl-C or TERM stops both: each gets one TERM (the worker finishes its task, gunicorn
# its requests); if either stops on its own, the other is stopped too.
LOCAL_KEY = $(BIN)/python -c 'import os, sys; from pathlib import Path; from config.env import local_secret_key; print(local_secret_key(Path(os.environ.get("SAMVERKA_DATA_DIR", "data")) / sys.argv[1]))'
# Starts a program in a session of its own, so that Ctrl-C reaches it only through the trap below
# (a second signal would make the worker abandon its task).
DETACHED = $(BIN)/python -c 'import os, sys; os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])'
serve-prod: $(STAMP)
	@set -e; export DEBUG=0; \
	export SECRET_KEY="$${SECRET_KEY:-$$($(LOCAL_KEY) .)}"; \
	export SAMVERKA_SSPF_KEY="$${SAMVERKA_SSPF_KEY:-$$($(LOCAL_KEY) sspf)}"; \
	export GUNICORN_BIND="$${GUNICORN_BIND:-$(HOST):$(PORT)}"; \
	export SAMVERKA_CACHE="$${SAMVERKA_CACHE:-database}"; \
	export SAMVERKA_FILE_STORAGE="$${SAMVERKA_FILE_STORAGE:-database}"; \
	export SAMVERKA_TASKS_IN_PROCESS=0; \
	echo "database: $${DATABASE_URL:-SQLite in the data folder}"; \
	$(BIN)/samverka migrate --noinput; \
	$(BIN)/samverka createcachetable; \
	if [ "$$SAMVERKA_FILE_STORAGE" = database ]; then $(BIN)/samverka move_files_to_database; fi; \
	$(BIN)/samverka collectstatic --noinput --verbosity 0; \
	$(DETACHED) $(BIN)/samverka worker </dev/null & worker=$$!; \
	$(DETACHED) $(BIN)/gunicorn -c config/gunicorn.conf.py </dev/null & web=$$!; \
	echo "worker: pid $$worker, web: pid $$web (Ctrl-C stops both)"; \
	stop() { trap '' INT TERM; kill -TERM $$web $$worker 2>/dev/null || true; \
	wait $$web || true; wait $$worker || true; }; \
	trap 'stop; exit 0' INT TERM; \
	while kill -0 $$web 2>/dev/null && kill -0 $$worker 2>/dev/null; do sleep 1; done; \
	echo "serve-prod: the worker or gunicorn stopped; stopping the other" >&2; \
	stop; exit 1

test: $(STAMP) system-packages
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy samverka config tests conftest.py

migrations-check: $(STAMP)
	$(BIN)/samverka makemigrations --check --dry-run

check: lint typecheck migrations-check test

# Known vulnerabilities in the pinned dependencies (pip-audit against PyPI's advisories).
audit: $(STAMP)
	$(BIN)/python scripts/audit_dependencies.py

# Benchmarks are not tests: each prints its figure beside its bound and baseline.
bench: $(STAMP)
	@rc=0; found=; for script in bench/bench_*.py; do \
		[ -e "$$script" ] || continue; found=1; \
		echo "== $$script"; $(BIN)/python "$$script" || rc=1; \
	done; [ -n "$$found" ] || echo "no benchmarks in bench/ yet"; exit $$rc

# uv resolves for the platform CI and developers run on, whatever machine runs `make lock`.
# It keeps the pins already in the lock; `make lock LOCK_ARGS=--upgrade` moves them all.
LOCK_ARGS ?=
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev --generate-hashes \
		--python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
		--output-file requirements.lock $(LOCK_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
