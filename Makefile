# The two commands a newcomer needs: `make demo` and `make test`.
# Everything else is for developers. Each target creates the virtualenv it needs.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: help venv demo test test-fast lint typecheck generate check-generated \
        spec-check oidc-provider bench soak emulator clean

help:
	@echo "make demo             run a real job end to end on the local emulator"
	@echo "make test             lint, type-check, contract checks and the whole test suite"
	@echo "make generate         regenerate generated/ from spec/fugaku-webapi.yaml"
	@echo "make check-generated  fail if generated/ does not match the spec"
	@echo "make lint / typecheck ruff / mypy --strict"
	@echo "make bench            performance benchmarks (bench/)"
	@echo "make soak             fault-injection soak against the emulator"
	@echo "make emulator         start Fugaku-in-a-box on 127.0.0.1"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# The test OpenID provider (npm oidc-provider), from the committed lockfile.
oidc-provider: tests/oidc_provider/node_modules/.installed

tests/oidc_provider/node_modules/.installed: tests/oidc_provider/package-lock.json
	cd tests/oidc_provider && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: $(STAMP)
	$(BIN)/python examples/quickstart.py --emulator

test: $(STAMP) oidc-provider lint typecheck check-generated
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -x -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

spec-check: $(STAMP)
	$(BIN)/openapi-spec-validator spec/fugaku-webapi.yaml

generate: $(STAMP) spec-check
	generator/generate.sh generated

check-generated: $(STAMP) spec-check
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	generator/generate.sh "$$tmp" && \
	if diff -r -q -x __pycache__ generated "$$tmp" >/dev/null; then \
	  echo "generated/ matches spec/fugaku-webapi.yaml"; \
	else \
	  diff -r -u -x __pycache__ generated "$$tmp" | head -60; \
	  echo "generated/ is stale: run 'make generate' and commit the result" >&2; exit 1; \
	fi

bench: $(STAMP)
	$(BIN)/python -m bench

soak: $(STAMP)
	$(BIN)/python -m tests.soak

emulator: $(STAMP)
	$(BIN)/fugaku-emulator

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache tests/oidc_provider/node_modules
