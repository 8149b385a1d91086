# Every target builds its own .venv, so a fresh clone needs only python3, make and apt-get.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: run test test-fast lint format bench bench-validate bench-propose bench-scale soak browser axe nginx deploy-local clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the lock files, every package pinned with its hashes (made by `make lock`),
# so a fresh machine gets exactly the versions the tests passed with; the project itself last.
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

$(BENCH_STAMP): pyproject.toml requirements-bench.lock | $(STAMP)
	$(BIN)/pip install --quiet --require-hashes -r requirements-bench.lock
	touch $(BENCH_STAMP)

# After changing pyproject.toml's dependencies: re-resolve both locks (uv, from PyPI), keeping the
# versions already pinned where they still satisfy it; commit the two files.
lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --no-header \
		--python-version 3.11.7 --python-platform x86_64-unknown-linux-gnu -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --generate-hashes --no-header \
		--python-version 3.11.7 --python-platform x86_64-unknown-linux-gnu -o requirements-bench.lock

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

# Debian's nginx: the reverse proxy of `make deploy-local` and of its test (tests/server/test_proxy.py).
# Installed only when missing; it runs from a config in a run folder, never as the system's service.
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	fi

# Two replicas of serve behind nginx (docs/deploy.md); make deploy-local PROXY_PORT=8070 for another
# port (the replicas take the next two). Ctrl-C stops all three.
PROXY_PORT ?= 8060
deploy-local: $(STAMP) nginx
	$(BIN)/figures-dashboard precompress
	$(BIN)/python tools/deploy_local.py --port $(PROXY_PORT)

# axe-core (the browser tests' accessibility checker) and eslint (the page's scripts' linter): from
# npm, exactly as package-lock.json pins them (npm ci), installed only when missing. npm comes from
# apt-get like the browser.
axe:
	@if [ ! -d node_modules/axe-core ] || [ ! -d node_modules/eslint ]; then \
		command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }; \
		npm ci --no-audit --no-fund; \
	fi

# mypy reads its files and settings from pyproject.toml's [tool.mypy]; eslint its from
# eslint.config.mjs (the page's own scripts in dashboard/web/assets/).
lint: $(STAMP) axe
	$(BIN)/ruff check dashboard tests benchmarks tools
	$(BIN)/ruff format --check dashboard tests benchmarks tools
	$(BIN)/mypy
	node_modules/.bin/eslint dashboard/web/assets dashboard/server/static

format: $(STAMP)
	$(BIN)/ruff format dashboard tests benchmarks tools
	$(BIN)/ruff check --fix dashboard tests benchmarks tools

# Everything but the browser tests (a minute): for the edit-test loop; make test runs all.
test-fast: $(STAMP) nginx lint
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest -m "not browser"

test: $(STAMP) browser axe nginx lint
	$(BIN)/figures-dashboard validate
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest

# Both benchmarks run and print; the target fails if either misses a target.
bench: $(STAMP) $(BENCH_STAMP) browser
	$(BIN)/figures-dashboard precompress
	status=0; $(BIN)/python benchmarks/run.py || status=1; \
	$(BIN)/python benchmarks/validate_scale.py || status=1; exit $$status

# propose scored four ways, each printed apart: the texts its rules were written against (each
# source held out in turn, and unseen.txt), the unopened half of a public corpus (MeasEval), two
# texts written blind to its rules, and its speed over 250 KB to 1 MB. Every script runs even when one misses a target.
bench-propose: $(STAMP)
	status=0; $(BIN)/python benchmarks/propose_eval.py || status=1; \
	$(BIN)/python benchmarks/public_eval.py --half both || status=1; \
	$(BIN)/python benchmarks/blind_eval.py || status=1; \
	$(BIN)/python benchmarks/propose_speed.py || status=1; exit $$status

# validate over a 100,000-row table made at run time (target: under 10 s)
bench-validate: $(STAMP)
	$(BIN)/python benchmarks/validate_scale.py

# What users meet as the corpus grows: the real data beside seeded corpora of 20, 200 and 1,000
# documents (about 11 minutes; SCALE_ARGS=--huge adds 5,000), side by side with the targets;
# prints a table and writes benchmarks/results/scale.json. Exits 0 whether targets are met or not.
bench-scale: $(STAMP) browser
	$(BIN)/figures-dashboard precompress
	$(BIN)/python benchmarks/scale.py $(SCALE_ARGS)

soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis node_modules
