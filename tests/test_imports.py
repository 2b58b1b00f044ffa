"""imports/ is generated from crds/: regenerating it leaves no difference."""

from __future__ import annotations

import subprocess

from .conftest import ROOT


def _tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_regenerating_imports_from_the_vendored_crds_changes_nothing(tmp_path):
    out = tmp_path / "imports"
    result = subprocess.run(
        [str(ROOT / "scripts" / "import-crds.sh"), str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    committed = {k: v for k, v in _tree(ROOT / "imports").items() if "__pycache__" not in k}
    regenerated = _tree(out)
    assert sorted(regenerated) == sorted(committed)
    changed = [name for name in regenerated if regenerated[name] != committed[name]]
    assert not changed, f"imports/ differs from a fresh `make imports`: {changed}"


def test_every_vendored_crd_has_provenance():
    readme = (ROOT / "crds" / "README.md").read_text()
    for crd in (ROOT / "crds").rglob("*.yaml"):
        assert str(crd.relative_to(ROOT / "crds")) in readme, crd
