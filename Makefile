# Two commands: `make setup` (install everything, synthesize the default instance into dist/)
# and `make test` (the whole test suite).
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PYTHON ?= python3
export CDK8S_CHECK_UPGRADE := false

.PHONY: setup install synth test imports check-imports

setup: install synth

install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[test]'
	# Synthesis workers run `python -O`, which reads its own bytecode files; written here once, as a
	# PYTHONDONTWRITEBYTECODE environment would otherwise compile the bindings at every worker start.
	$(BIN)/python -O -m compileall -q -j0 $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))') claude_constructs imports > /dev/null
	npm ci --no-fund --no-audit --loglevel=error
	# checkov pins libraries that clash with the test tools, so it gets a virtualenv of its own.
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/pip install --quiet --constraint constraints-checkov.txt checkov

synth:
	PATH="$(BIN):$$PATH" npx --no-install cdk8s synth

test:
	$(BIN)/pytest

imports:
	scripts/import-crds.sh

# Regenerates imports/ and fails when the committed copy differs.
check-imports: imports
	git diff --exit-code --stat -- imports
	test -z "$$(git status --porcelain -- imports)"
