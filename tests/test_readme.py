"""The README's configuration reference is generated from the code and current."""

from __future__ import annotations

from claude_constructs._reference import END, START, describe, leaf_paths, reference_table

from .conftest import ROOT


def test_every_setting_is_described():
    assert [path for path, _ in leaf_paths() if not describe(path)] == []


def test_readme_reference_is_current():
    readme = (ROOT / "README.md").read_text()
    assert START + reference_table() + END in readme, "run `.venv/bin/python -m claude_constructs._reference`"


def test_readme_quick_start_commands_exist():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "make setup" in readme and "make test" in readme
    assert "\nsetup:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()
