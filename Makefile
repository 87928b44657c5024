# One command for every gate CI runs (.ci/run), after `make venv` once.
.PHONY: venv check lint format types architecture test

PY := .venv/bin

venv:
	python3 -m venv .venv && $(PY)/pip install -q -e '.[test]'

check: lint types architecture test

lint:
	$(PY)/ruff check .
	$(PY)/ruff format --check .

format:
	$(PY)/ruff check --fix .
	$(PY)/ruff format .

types:
	$(PY)/mypy --strict modlint

architecture:
	$(PY)/modlint .

test:
	$(PY)/python -m pytest -q -n 2
