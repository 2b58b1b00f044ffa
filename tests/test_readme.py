"""The README: its configuration reference is generated from the code and current, and its examples run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from claude_constructs.config.reference import END, START, describe, leaf_paths, reference_table

from .conftest import ROOT


def test_every_setting_is_described():
    assert [path for path, _ in leaf_paths() if not describe(path)] == []


def test_readme_reference_is_current():
    readme = (ROOT / "README.md").read_text()
    assert START + reference_table() + END in readme, "run `.venv/bin/python -m claude_constructs.config.reference`"


def test_readme_quick_start_commands_exist():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "make setup" in readme and "make test" in readme
    assert "\nsetup:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def _python_examples(section: str) -> list[str]:
    readme = (ROOT / "README.md").read_text()
    body = readme.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", body, flags=re.S)


@pytest.mark.parametrize("index", [0, 1])
def test_the_readme_examples_of_the_constructs_run_and_synthesize(index, tmp_path):
    """Each example, as a user would paste it, in a folder of its own: it runs and writes manifests."""
    examples = _python_examples("Using the constructs in your own cdk8s app")
    assert len(examples) == 2
    # Without the silencer this test process set for itself: the example's own import order must do it.
    env = {k: v for k, v in os.environ.items() if not k.startswith("JSII_SILENCE_WARNING")}
    result = subprocess.run([sys.executable, "-c", examples[index]], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "an example prints warnings (jsii's Node.js banner: import claude_constructs first)"
    manifests = sorted((tmp_path / "dist").glob("*.k8s.yaml"))
    kinds = [doc["kind"] for path in manifests for doc in yaml.safe_load_all(path.read_text()) if doc]
    assert kinds.count("NetworkPolicy") >= 2 and "PersistentVolumeClaim" in kinds
    if index == 0:
        assert kinds == ["NetworkPolicy", "NetworkPolicy", "PersistentVolumeClaim", "DatabaseRole", "Database"]
