# make run: set up and serve the demo on SQLite.   make test: set up and run the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 5000
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/matchmaker_test
PYTEST_ARGS ?= -q -n 2

.PHONY: install translations run demo test test-sqlite test-postgres test-migrations lint bench learned-model

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

translations: install
	$(PY) scripts/i18n.py compile

demo: translations
	MATCHMAKER_ENV=development $(VENV)/bin/matchmaker demo

run: demo
	MATCHMAKER_ENV=development $(VENV)/bin/matchmaker serve --port $(PORT)

test: translations lint test-sqlite test-postgres test-migrations

test-sqlite: translations
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: translations
	scripts/ensure-postgres.sh
	TEST_DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS)

test-migrations: install
	scripts/check-migrations.sh $(PY) $(PG_URL)

LINTED := matchmaker matching events tests scripts benchmarks wsgi.py setup.py

lint: install
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy matching events

# The learned classes shipped with the engine, from retc-dev (../shared beside the repository).
RETC ?= ../shared/data/retc-dev
learned-model: install
	$(VENV)/bin/matchmaker learn --suppliers $(RETC)/suppliers.csv --needs $(RETC)/needs.csv \
	  --labels $(RETC)/qrels.csv --out matching/data/learned_retc.npz
