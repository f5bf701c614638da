# clinicwatch: `make demo` (the main job, offline) and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/clinicwatch demo

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python -m benchmarks

model: $(STAMP)
	$(BIN)/clinicwatch train

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info clinicwatch.db clinicwatch.db-wal clinicwatch.db-shm \
		clinicwatch-alerts.atom clinicwatch-archive
