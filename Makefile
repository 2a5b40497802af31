# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   - set up, index the bundled corpus, show what was found, draft and critique an example
#   make test   - set up and run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/assistant: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/assistant

setup: $(BIN)/assistant

demo: setup
	$(BIN)/assistant ingest corpus/
	$(BIN)/assistant corpus list
	$(BIN)/assistant draft report --facts examples/profiles/community.yaml --out out/report.docx
	$(BIN)/assistant draft report --facts examples/profiles/community.yaml --out out/report.md
	@echo "--- critique of out/report.md (exit 1 means errors were found: the offline draft has 【待补充】 slots to fill)"
	-$(BIN)/assistant critique out/report.md --no-llm

# make test: the quick suite (about two minutes on 2 cores), on every core, with the ten slowest named;
# make test-slow: the tests marked slow (the whole offline eval against its bounds, the fault scenarios, the
# pattern timings); CI runs both (.ci/run).
test: setup
	$(BIN)/ruff check src tests
	$(BIN)/pytest -m "not slow" -n auto --durations=10

test-slow: setup
	$(BIN)/pytest -m slow -n auto --durations=10

# For a machine without a network: every wheel the tool needs (its own, with the prompts, and its
# dependencies') in wheelhouse/, built on a connected machine with the same OS, CPU and Python version.
wheelhouse: setup
	$(BIN)/pip wheel -q -w wheelhouse .

.PHONY: setup demo test test-slow wheelhouse
