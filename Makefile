# The README's commands. Each works on a fresh Debian/Ubuntu machine with Python >= 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two levels, one stamp each: the runtime (what `make demo` needs) and the development tools
# (pytest, ruff, mypy, ...: `make test`, `make lint`, `make bench`). dev implies runtime, so either
# order works from a clean clone.
RUNTIME_STAMP := $(VENV)/.runtime-stamp
DEV_STAMP     := $(VENV)/.dev-stamp
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: demo test lint bench venv install system-tools clean

$(RUNTIME_STAMP): pyproject.toml
	@sh scripts/bootstrap-venv.sh "$(PYTHON)" "$(VENV)"
	$(PIP) -e .
	@touch $(RUNTIME_STAMP)

$(DEV_STAMP): $(RUNTIME_STAMP) pyproject.toml
	$(PIP) -e '.[dev]'
	@touch $(DEV_STAMP)

venv: $(DEV_STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/secassess demo --out reports

# secassess for the user, outside this folder: pipx when present, else pip --user
install:
	@sh scripts/install-user.sh "$(PYTHON)"

system-tools:
	@sh scripts/ensure-system-tools.sh

test: $(DEV_STAMP) system-tools
	$(BIN)/python -m pytest -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache reports/demo-workspace
