# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Two workers (the machines have two cores); a module stays on one worker.
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: browser-deps install demo test test-sqlite test-postgres lint format lock bench clean system-deps

$(INSTALLED): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

## demo: set up and run the five-cluster network on 127.0.0.1:8001-8005
demo: install
	$(BIN)/python -m sites.demo_network

## test: lint, then the whole suite on SQLite and on PostgreSQL
test: system-deps install browser-deps lint test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	$(BIN)/python tests/support/with_postgres.py $(BIN)/pytest -m "not instances" $(PYTEST_ARGS)

## browser-deps: axe-core for the accessibility checks (npm, pinned by package-lock.json)
browser-deps: tests/browser/node_modules/axe-core/axe.min.js

tests/browser/node_modules/axe-core/axe.min.js: tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: the benchmarks (not part of make test); writes bench/results/
bench: system-deps install
	$(BIN)/python -m pip install -q -c requirements.lock -e ".[test,bench]"
	$(BIN)/python -m bench

## system-deps: Debian packages the tests use (installed only when missing and root)
system-deps:
	@sh tests/support/system_deps.sh

## lock: refresh requirements.lock from the current virtualenv
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

clean:
	rm -rf var $(VENV)
