"""Shared fixtures: a clean environment for cdk8s, synthesis helpers, and YAML snapshots."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# cdk8s changes its output through CDK8S_* variables: tests run without any of them.
for _name in [name for name in os.environ if name.startswith("CDK8S_")]:
    del os.environ[_name]

# One scratch folder for the session: the outdir of test Apps (cdk8s.Testing.app() leaves a new
# temporary folder behind on every call), and the synthesis cache should a CLI run use one (never the
# user's). CLI runs synthesize everything unless a test passes --cache-dir: a test of synthesis must
# not be answered from the cache.
SCRATCH = tempfile.mkdtemp(prefix="claude-constructs-tests-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
os.environ["CLAUDE_INSTANCE_CACHE_DIR"] = os.path.join(SCRATCH, "cache")
os.environ["CLAUDE_INSTANCE_NO_CACHE"] = "1"

from pathlib import Path  # noqa: E402

import cdk8s  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode  # noqa: E402

from claude_constructs import ClaudeInstanceChart, load_instance, load_instance_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


class YamlSnapshotExtension(SingleFileSnapshotExtension):
    """One plain multi-document YAML file per test: reviewable as manifests."""

    _write_mode = WriteMode.TEXT
    file_extension = "yaml"

    def serialize(self, data, **kwargs) -> str:
        return yaml.safe_dump_all(data, sort_keys=False, allow_unicode=True, width=1000)


@pytest.fixture
def snapshot(snapshot):
    return snapshot.use_extension(YamlSnapshotExtension)


def scratch_app() -> cdk8s.App:
    """An App for tests that synthesize charts in memory."""
    return cdk8s.App(outdir=SCRATCH)


def synth_chart(config) -> list[dict]:
    app = scratch_app()
    chart = ClaudeInstanceChart(app, config.name, config=config)
    return cdk8s.Testing.synth(chart)


def synth_values(values: dict | None = None, platform=None) -> list[dict]:
    return synth_chart(load_instance(values, platform=platform))


def synth_example(name: str) -> list[dict]:
    return synth_chart(load_instance_file(EXAMPLES / name))


def find(objects: list[dict], kind: str, name: str | None = None) -> dict:
    matches = [o for o in objects if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]
    assert len(matches) == 1, f"expected one {kind} {name or ''}, found {len(matches)}"
    return matches[0]


def kinds(objects: list[dict]) -> list[str]:
    return [o["kind"] for o in objects]


def pod_spec(objects: list[dict]) -> dict:
    return find(objects, "Deployment")["spec"]["template"]["spec"]


def containers(objects: list[dict], *, init: bool = True) -> list[dict]:
    spec = pod_spec(objects)
    return spec["containers"] + (spec.get("initContainers", []) if init else [])


def container(objects: list[dict], name: str) -> dict:
    matches = [c for c in containers(objects) if c["name"] == name]
    assert len(matches) == 1, f"no container {name}: {[c['name'] for c in containers(objects)]}"
    return matches[0]


def env_of(c: dict) -> dict:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in c.get("env", [])}


@pytest.fixture(scope="session")
def every_scenario() -> dict[str, list[dict]]:
    """Every named scenario's synthesized objects, by scenario id."""
    from .scenarios import ALL_SCENARIOS, synth_scenario

    return {param.id: synth_scenario(param.values[0]) for param in ALL_SCENARIOS}


# CI runs the property tests reproducibly (the same examples every run); locally they explore.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
