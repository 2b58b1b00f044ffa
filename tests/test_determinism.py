"""Determinism: the same instance files give byte-identical output, whatever the run, the order of
the files, the time zone, the locale, the hash seed or cdk8s's environment; and a failed synth
leaves the previous output untouched."""

from __future__ import annotations

import os
import subprocess
import sys

from claude_constructs.synthesis import synth as synth_module
from claude_constructs.cli import main as cli

from .conftest import ROOT

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml") if p.stem in ("everything", "minimal", "with-database"))


def run_synth(out, files, **env) -> dict[str, bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("CDK8S_")}
    result = subprocess.run(
        [sys.executable, "-m", "claude_constructs.cli", "synth", *files, "-o", str(out)],
        env={**base, **env}, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_output_is_identical_across_processes_orders_and_environments(tmp_path):
    reference = run_synth(tmp_path / "a", EXAMPLES, PYTHONHASHSEED="1")
    assert len(reference) == 3
    variants = [
        (list(reversed(EXAMPLES)), {"PYTHONHASHSEED": "2", "TZ": "Asia/Tokyo", "LANG": "C", "LC_ALL": "C"}),
        (EXAMPLES, {"PYTHONHASHSEED": "3", "TZ": "America/Montreal", "LANG": "fr_CA.UTF-8", "CDK8S_OUTDIR": str(tmp_path / "elsewhere")}),
    ]
    for index, (files, env) in enumerate(variants):
        assert run_synth(tmp_path / f"v{index}", files, **env) == reference, env


def test_a_failure_during_synthesis_leaves_the_previous_output_untouched(tmp_path, monkeypatch, capsys):
    out = tmp_path / "dist"
    assert cli(["synth", EXAMPLES[0], "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken_replace(source, target, **options):
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(synth_module, "_replace_dir", broken_replace)
    assert cli(["synth", *EXAMPLES, "-o", str(out)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["dist"], "the staging folder was not cleaned up"


def test_values_yaml_1_1_gives_a_meaning_to_are_read_back_as_text(tmp_path):
    """cdk8s writes a description of "=" unquoted; reading the manifests back (upgrade check, diff)
    must see the text, not YAML 1.1's `value` tag."""
    from claude_constructs.config.yaml_files import load_manifests

    instance = tmp_path / "i.yaml"
    instance.write_text('instanceName: eq\nuserid: alice\ninstanceDescription: "="\n')
    out = tmp_path / "dist"
    assert cli(["synth", str(instance), "-o", str(out)]) == 0
    assert cli(["synth", str(instance), "-o", str(out)]) == 0  # the second run reads the first back
    documents = load_manifests((out / "eq.k8s.yaml").read_text())
    assert documents[0]["metadata"]["annotations"]["claude-constructs/description"] == "="
