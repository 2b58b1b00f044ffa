"""dist/ in the repository is exactly what synthesis produces from the committed instance files."""

from __future__ import annotations

from claude_constructs.synthesis.synth import resolve_instances, synthesize

from .conftest import ROOT


def test_committed_dist_is_fresh(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    configs = resolve_instances([])
    synthesize(configs, tmp_path / "dist")
    expected = {p.name: p.read_bytes() for p in (tmp_path / "dist").iterdir()}
    actual = {p.name: p.read_bytes() for p in (ROOT / "dist").iterdir()}
    assert sorted(actual) == sorted(expected), "dist/ has other files than synth produces: run `make synth`"
    stale = [name for name in expected if actual[name] != expected[name]]
    assert not stale, f"dist/ is stale for {stale}: run `make synth` and commit"
