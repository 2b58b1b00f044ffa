# Two commands: `make setup` (install everything, build the real-cluster binaries, synthesize the
# default instance into dist/) and `make test` (the whole test suite, real control plane included).
# `make test-unit` runs the tests that need no cluster, `make test-cluster` only those that do.
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PYTHON ?= python3
export CDK8S_CHECK_UPGRADE := false

.PHONY: setup install binaries synth test test-unit test-cluster imports check-imports

setup: install binaries synth

install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[test]'
	# Bytecode for `claude-instance`, plain and for `python -O` (what it becomes for a fleet of 40
	# instances or more), which reads files of its own: written here once, as a
	# PYTHONDONTWRITEBYTECODE environment would otherwise compile the bindings (and the library) at
	# every start.
	for level in "" -O; do $(BIN)/python $$level -m compileall -q -j0 $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))') claude_constructs imports > /dev/null; done
	npm ci --no-fund --no-audit --loglevel=error
	# checkov pins libraries that clash with the test tools, so it gets a virtualenv of its own.
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/pip install --quiet --constraint constraints-checkov.txt checkov
	# Redis and git from Debian for the ArgoCD real-cluster test; only when one is missing (needs root).
	command -v redis-server > /dev/null && command -v git > /dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server git; }

# etcd, kube-apiserver, kube-controller-manager and kubectl from the pinned Go modules in tests/real
# (Go 1.26 on the PATH); cached by their pins, so a second run takes a second.
binaries:
	$(BIN)/python -m tests.real.controlplane

# The CLI, not `cdk8s synth`: all or nothing, with the upgrade and orphaned-data checks, and about
# a second faster (the cdk8s CLI's own start). `cdk8s synth` (main.py) writes the same bytes.
synth:
	$(BIN)/claude-instance synth

test:
	$(BIN)/pytest

test-unit:
	$(BIN)/pytest -m "not cluster"

test-cluster:
	$(BIN)/pytest -m cluster

imports:
	scripts/import-crds.sh

# Regenerates imports/ and fails when the committed copy differs.
check-imports: imports
	git diff --exit-code --stat -- imports
	test -z "$$(git status --porcelain -- imports)"
