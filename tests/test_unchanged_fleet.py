"""An unchanged fleet: ``claude-instance synth`` with nothing changed since it wrote the output says
what it said then, reading neither the schema nor jsii; any change to what it reads, or to the
manifests in the output folder, is synthesized as always."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from claude_constructs import cli
from claude_constructs.synthesis import synth as synth_module

INSTANCE = "instanceName: {name}\nuserid: {user}\ninstanceDescription: {description}\n"
LEGACY = "initContainer:\n  repository:\n    url: https://github.com/example/code.git\n"  # read with a note


@pytest.fixture
def fleet(tmp_path, monkeypatch):
    """Three instances in their users' folders and a gitops.yaml, in the current folder."""
    monkeypatch.chdir(tmp_path)
    for index in range(3):
        user = f"u{index}"
        (tmp_path / "instances" / user).mkdir(parents=True)
        text = INSTANCE.format(name=f"i{index}", user=user, description="first")
        (tmp_path / "instances" / user / f"i{index}.yaml").write_text(text + (LEGACY if index == 0 else ""))
    (tmp_path / "gitops.yaml").write_text("repoURL: https://github.com/example/fleet.git\ntenancy: true\n")
    return tmp_path


@pytest.fixture
def synthesized(monkeypatch):
    """Counts the synthesis runs (the unchanged fleet's path runs none)."""
    runs = []
    real = synth_module.synthesize

    def counting(*args, **kwargs):
        runs.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(synth_module, "synthesize", counting)
    return runs


def _synth(*options: str) -> int:
    return cli.main(["synth", "--cache-dir", "cache", *options])


def _manifests(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.k8s.yaml"))}


def _uncached(fleet) -> dict[str, bytes]:
    """What a synthesis without any cache writes for the fleet as it is now."""
    shutil.rmtree(fleet / "fresh", ignore_errors=True)
    assert cli.main(["synth", "--no-cache", "-o", "fresh"]) == 0
    return _manifests(fleet / "fresh")


RUN = """
import sys
from claude_constructs.cli import main
code = main(sys.argv[1:])
print(sorted(name for name in ("pydantic", "jsii", "cdk8s") if name in sys.modules), code)
"""


def test_an_unchanged_fleet_is_told_as_before_without_the_schema_or_jsii(fleet):
    runs = [subprocess.run([sys.executable, "-c", RUN, "synth", "--cache-dir", "cache"], capture_output=True, text=True,
                           cwd=fleet) for _ in range(3)]
    assert [run.returncode for run in runs] == [0, 0, 0], runs[0].stderr
    assert runs[0].stdout.splitlines()[-1] == "['cdk8s', 'jsii', 'pydantic'] 0"
    for run in runs[1:]:
        assert run.stdout.splitlines()[-1] == "[] 0"
        assert run.stdout.splitlines()[0] == "synthesized 3 instance(s) into dist/ (7 file(s); 7 chart(s) taken from the cache)"
        assert run.stderr == runs[0].stderr  # the note on the legacy key, as the synthesis said it
    assert "note: " in runs[0].stderr and "initContainer" in runs[0].stderr


def _edit_instance(fleet):
    path = fleet / "instances" / "u1" / "i1.yaml"
    path.write_text(path.read_text().replace("first", "second"))


def _add_instance(fleet):
    (fleet / "instances" / "u1" / "i9.yaml").write_text(INSTANCE.format(name="i9", user="u1", description="new"))


def _remove_instance(fleet):
    (fleet / "instances" / "u2" / "i2.yaml").unlink()


def _rename_instance_file(fleet):
    (fleet / "instances" / "u1" / "i1.yaml").rename(fleet / "instances" / "u1" / "renamed.yaml")


def _edit_gitops(fleet):
    (fleet / "gitops.yaml").write_text("repoURL: https://github.com/example/other.git\ntenancy: true\n")


def _edit_manifest(fleet):
    path = fleet / "dist" / "i1.k8s.yaml"
    path.write_bytes(path.read_bytes().replace(b"first", b"edited by hand"))


def _remove_manifest(fleet):
    (fleet / "dist" / "i1.k8s.yaml").unlink()


CHANGES = [_edit_instance, _add_instance, _remove_instance, _rename_instance_file, _edit_gitops, _edit_manifest,
           _remove_manifest]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__.strip("_") for change in CHANGES])
def test_a_change_to_what_synth_reads_or_wrote_is_synthesized(fleet, synthesized, change):
    assert _synth() == 0 and _synth() == 0
    assert len(synthesized) == 1  # the second run: unchanged
    change(fleet)
    options = ["--allow-orphaned-data"] if change is _remove_instance else []  # its volume stays in the cluster
    assert _synth(*options) == 0
    assert len(synthesized) == 2
    expected = _uncached(fleet)
    assert _manifests(fleet / "dist") == expected
    assert _synth(*options) == 0 and len(synthesized) == 3  # the third: unchanged again (the one after the uncached run)


def test_another_option_is_another_synthesis(fleet, synthesized):
    assert _synth() == 0 and _synth("--allow-orphaned-data") == 0
    assert _synth("--shard", "1/2", "-o", "shard") == 0 and _synth("-o", "elsewhere") == 0
    assert len(synthesized) == 4
    assert _synth("--shard", "1/2", "-o", "shard") == 0 and _synth("-o", "elsewhere") == 0 and _synth() == 0
    assert len(synthesized) == 4


def test_a_manifest_another_tool_wrote_is_still_refused(fleet, synthesized, capsys):
    assert _synth() == 0 and _synth() == 0
    (fleet / "dist" / "foreign.k8s.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
    assert _synth() != 0
    assert "foreign.k8s.yaml, which this tool did not write" in capsys.readouterr().err
    assert len(synthesized) == 2


def test_without_the_cache_every_run_synthesizes(fleet, synthesized):
    for _ in range(2):
        assert cli.main(["synth", "--no-cache"]) == 0
    assert len(synthesized) == 2
    assert not (fleet / "cache").exists()


def test_a_file_edited_while_synth_runs_is_not_recorded(fleet, monkeypatch):
    """The inputs are read again after synthesis: a file that changed after they were first read (and
    before synthesis read it) does not make its output the record of the inputs first read."""
    path = fleet / "instances" / "u1" / "i1.yaml"
    original = path.read_text()
    real = synth_module.resolve

    def editing(*args, **kwargs):
        path.write_text(original.replace("first", "edited meanwhile"))
        return real(*args, **kwargs)

    monkeypatch.setattr(synth_module, "resolve", editing)
    assert _synth() == 0
    assert b"edited meanwhile" in (fleet / "dist" / "i1.k8s.yaml").read_bytes()
    monkeypatch.setattr(synth_module, "resolve", real)
    path.write_text(original)
    assert _synth() == 0
    assert _manifests(fleet / "dist") == _uncached(fleet)


def test_a_damaged_record_is_a_miss(fleet, synthesized):
    assert _synth() == 0
    records = [entry for entry in (fleet / "cache").rglob("*") if entry.is_file() and b"manifests" in entry.read_bytes()]
    assert len(records) == 1
    records[0].write_bytes(records[0].read_bytes().replace(b"instances", b"instancez"))
    assert _synth() == 0 and len(synthesized) == 2


def test_an_empty_fleet_is_told_as_before(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "instances").mkdir()
    assert _synth() == 0 and _synth() == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first == second == "synthesized 0 instance(s) into dist/ (0 file(s))"


def test_what_is_recorded_is_what_synthesis_wrote(fleet, monkeypatch):
    """A manifest changed after synthesis wrote it (another synth, a checkout) is not recorded as
    the output of these inputs: the next run synthesizes it again."""
    real = synth_module.synthesize

    def meddling(*args, **kwargs):
        result = real(*args, **kwargs)
        _edit_manifest(fleet)
        return result

    monkeypatch.setattr(synth_module, "synthesize", meddling)
    assert _synth() == 0
    monkeypatch.setattr(synth_module, "synthesize", real)
    assert b"edited by hand" in (fleet / "dist" / "i1.k8s.yaml").read_bytes()
    assert _synth() == 0
    assert _manifests(fleet / "dist") == _uncached(fleet)


def test_an_input_that_now_leads_into_the_output_is_refused(fleet, synthesized, capsys):
    """No gitops.yaml when recorded; now a gitops.yaml that leads into dist/ (a dangling link reads as
    no file, as before): synth refuses the folder, as it would without the record."""
    (fleet / "gitops.yaml").unlink()
    assert _synth() == 0 and _synth() == 0 and len(synthesized) == 1
    (fleet / "gitops.yaml").symlink_to(fleet / "dist" / "gitops.yaml")
    capsys.readouterr()
    assert _synth() == 1
    assert "holds or lies inside the input gitops.yaml" in capsys.readouterr().err


def test_an_unchanged_fleet_keeps_the_entries_its_synthesis_used(fleet):
    assert _synth() == 0
    entries = [path for path in (fleet / "cache").rglob("*") if path.is_file() and not path.name.startswith(".")]
    assert len(entries) == 3 + 7 + 1  # the configurations, the charts, the record
    long_ago = time.time() - 10 * 86400
    for path in entries:
        os.utime(path, (long_ago, long_ago))
    assert _synth() == 0
    assert all(path.stat().st_mtime > time.time() - 60 for path in entries)


def test_a_problem_before_anything_is_imported_is_left_to_the_synthesis(fleet, synthesized, monkeypatch):
    from claude_constructs.synthesis import unchanged_fleet

    assert _synth() == 0

    def unreadable(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "dist")

    monkeypatch.setattr(unchanged_fleet, "unchanged", unreadable)
    assert _synth() == 0 and len(synthesized) == 2


BROKEN = {
    "instances as text": lambda entry: {**entry, "instances": str(entry["instances"])},
    "negative instances": lambda entry: {**entry, "instances": -1},
    "notes as text": lambda entry: {**entry, "notes": "a note"},
    "a digest as a number": lambda entry: {**entry, "manifests": {**entry["manifests"], "i0.k8s.yaml": 1}},
    "entries missing": lambda entry: {key: value for key, value in entry.items() if key != "entries"},
    "a list": lambda entry: [entry],
}


@pytest.mark.parametrize("broken", list(BROKEN), ids=list(BROKEN))
def test_a_record_of_another_shape_is_a_miss(fleet, synthesized, capsys, broken):
    """The cache folder is data: a record that is not one as synth writes them (its checksum right,
    one field not) is a miss, never a crash or a message made of it."""
    import json

    from claude_constructs.synthesis.cache import SynthCache
    from claude_constructs.synthesis.unchanged_fleet import _ENTRY

    assert _synth() == 0
    cache = SynthCache(fleet / "cache")
    (record,) = [path for path in (fleet / "cache").rglob("*") if path.is_file() and b"manifests" in path.read_bytes()]
    entry = json.loads(cache.get(record.name)[_ENTRY])
    cache.put(record.name, {_ENTRY: json.dumps(BROKEN[broken](entry)).encode()})
    capsys.readouterr()
    assert _synth() == 0 and len(synthesized) == 2
    assert "a note" not in capsys.readouterr().err
