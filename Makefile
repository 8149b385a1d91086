# Every target builds its own .venv, so a fresh clone needs only python3, make and apt-get.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: run test lint format bench bench-validate bench-propose soak browser axe clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(BENCH_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

# make run PORT=8051 serves on another port.
PORT ?= 8050
run: $(STAMP)
	$(BIN)/figures-dashboard precompress
	$(BIN)/figures-dashboard serve --port $(PORT)

# Debian's chromium and its driver run the browser tests; no test tool may download a browser.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

# axe-core, the browser tests' accessibility checker: from npm, exactly as package-lock.json pins it
# (npm ci), installed only when missing. npm comes from apt-get like the browser.
axe:
	@if [ ! -d node_modules/axe-core ]; then \
		command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }; \
		npm ci --no-audit --no-fund; \
	fi

# mypy reads its files and settings from pyproject.toml's [tool.mypy].
lint: $(STAMP)
	$(BIN)/ruff check dashboard tests benchmarks tools
	$(BIN)/ruff format --check dashboard tests benchmarks tools
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format dashboard tests benchmarks tools
	$(BIN)/ruff check --fix dashboard tests benchmarks tools

test: $(STAMP) browser axe lint
	$(BIN)/figures-dashboard validate
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest

# Both benchmarks run and print; the target fails if either misses a target.
bench: $(STAMP) $(BENCH_STAMP) browser
	$(BIN)/figures-dashboard precompress
	status=0; $(BIN)/python benchmarks/run.py || status=1; \
	$(BIN)/python benchmarks/validate_scale.py || status=1; exit $$status

# propose on each source held out in turn, against the curated rows (recall, precision, readings)
bench-propose: $(STAMP)
	$(BIN)/python benchmarks/propose_eval.py

# validate over a 100,000-row table made at run time (target: under 10 s)
bench-validate: $(STAMP)
	$(BIN)/python benchmarks/validate_scale.py

soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis node_modules
