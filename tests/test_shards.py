"""synth --shard K/N and merge: a CI matrix gives the same dist/ as one run."""

from __future__ import annotations

import shutil

import pytest

from claude_constructs.cli import main as cli
from claude_constructs.synthesis import SHARD_INDEX
from claude_constructs.synthesis.synth import shard_of

from .conftest import ROOT


@pytest.fixture
def fleet(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples" / "fleet" / "instances", tmp_path / "instances")
    shutil.copy(ROOT / "examples" / "fleet" / "gitops.yaml", tmp_path / "gitops.yaml")
    for index in range(6):
        (tmp_path / "instances" / "bob" / f"extra{index}.yaml").write_text(
            f"instanceName: extra{index}\nuserid: bob\ntemplate: minimal\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_merged_shards_are_byte_identical_to_one_run(fleet, capsys):
    assert cli(["synth", "-o", "whole", "--jobs", "1"]) == 0
    for k in (1, 2, 3):
        assert cli(["synth", "--shard", f"{k}/3", "-o", f"shard{k}", "--jobs", "1"]) == 0
    shards = [{name: data for name, data in _files(fleet / f"shard{k}").items() if name != SHARD_INDEX} for k in (1, 2, 3)]
    assert all(shards), "every shard got instances (the split is by name)"
    assert not any(name.startswith(("argocd", "tenant-")) for shard in shards for name in shard), "fleet charts come from merge"
    assert sum(len(s) for s in shards) == 9 and not set(shards[0]) & set(shards[1])
    assert cli(["merge", "shard1", "shard2", "shard3", "-o", "merged"]) == 0
    assert _files(fleet / "merged") == _files(fleet / "whole")


def test_the_split_depends_on_the_name_only():
    assert [shard_of(name, 4) for name in ("a", "b", "alice-go")] == [shard_of(name, 4) for name in ("a", "b", "alice-go")]
    assert {shard_of(f"i{n}", 4) for n in range(100)} == {0, 1, 2, 3}


def test_a_missing_or_repeated_shard_is_refused_and_nothing_is_written(fleet, capsys):
    for k in (1, 2):
        assert cli(["synth", "--shard", f"{k}/2", "-o", f"shard{k}", "--jobs", "1"]) == 0
    capsys.readouterr()
    assert cli(["merge", "shard1", "-o", "merged"]) == 1
    assert "are in no shard" in capsys.readouterr().err and not (fleet / "merged").exists()
    assert cli(["merge", "shard1", "shard2", "shard1", "-o", "merged"]) == 1
    assert "is in both" in capsys.readouterr().err and not (fleet / "merged").exists()
    assert cli(["synth", "--shard", "3/2"]) == 1
    assert "'--shard' must be K/N" in capsys.readouterr().err


def test_a_shard_synthesized_from_other_files_is_refused(fleet, capsys):
    for k in (1, 2):
        assert cli(["synth", "--shard", f"{k}/2", "-o", f"shard{k}", "--jobs", "1"]) == 0
    extra = fleet / "instances" / "bob" / "extra0.yaml"
    extra.write_text(extra.read_text() + "storage: {workspace: {size: 20Gi}}\n")  # edited after the shards ran
    stale = next(k for k in (1, 2) if (fleet / f"shard{k}" / "extra0.k8s.yaml").exists())
    capsys.readouterr()
    assert cli(["merge", "shard1", "shard2", "-o", "merged"]) == 1
    err = capsys.readouterr().err
    assert f"shard{stale}/extra0.k8s.yaml was synthesized from another version of the instance 'extra0'" in err, err
    assert "in no shard" not in err and not (fleet / "merged").exists()
    (fleet / f"shard{stale}" / SHARD_INDEX).unlink()
    assert cli(["merge", "shard1", "shard2", "-o", "merged"]) == 1
    assert f"shard{stale} has no record of what it was synthesized from" in capsys.readouterr().err
    # The shard synthesized again from today's files merges.
    assert cli(["synth", "--shard", f"{stale}/2", "-o", f"shard{stale}", "--jobs", "1"]) == 0
    assert cli(["merge", "shard1", "shard2", "-o", "merged"]) == 0


def test_a_shard_whose_index_is_gone_is_synthesized_again_not_taken_as_unchanged(fleet, capsys):
    cache = ["--cache-dir", str(fleet.parent / f"{fleet.name}-cache")]  # the record of unchanged fleets needs one
    assert cli(["synth", "--shard", "1/2", "-o", "shard1", "--jobs", "1", *cache]) == 0
    capsys.readouterr()
    assert cli(["synth", "--shard", "1/2", "-o", "shard1", "--jobs", "1", *cache]) == 0
    assert "taken from the cache" in capsys.readouterr().out, "the record is used while the index is there"
    (fleet / "shard1" / SHARD_INDEX).unlink()
    assert cli(["synth", "--shard", "1/2", "-o", "shard1", "--jobs", "1", *cache]) == 0
    assert (fleet / "shard1" / SHARD_INDEX).is_file()
