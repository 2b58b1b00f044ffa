"""Expiry in git: `claude-instance expire` edits files, synthesis never reads the date."""

from __future__ import annotations

import datetime

import pytest

from claude_constructs import load_instance
from claude_constructs.cli import main as cli
from claude_constructs.config.loader import ConfigError
from claude_constructs.commands.expiry import suspended_text

from .conftest import synth_values

RUNNING = """# Alice's Go backend. Keep this comment.
instanceName: alice-go
userid: alice
expires: "2026-11-30"   # the end of the project
features:
  golang: true
"""


@pytest.fixture
def instances(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "instances" / "alice"
    folder.mkdir(parents=True)
    (folder / "alice-go.yaml").write_text(RUNNING)
    (folder / "later.yaml").write_text("instanceName: later\nuserid: alice\nexpires: '2027-06-01'\n")
    (folder / "forever.yaml").write_text("instanceName: forever\nuserid: alice\n")
    (folder / "stopped.yaml").write_text("instanceName: stopped\nuserid: alice\nsuspended: false  # on\nexpires: '2026-10-01'\n")
    return folder


def test_expired_instances_are_suspended_in_their_files_and_the_rest_is_kept(instances, capsys):
    assert cli(["expire", "--today", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "suspended: instances/alice/alice-go.yaml (instance alice-go, expired 2026-11-30)" in out
    assert "suspended: instances/alice/stopped.yaml" in out
    assert (instances / "alice-go.yaml").read_text() == RUNNING + "suspended: true  # expired on 2026-11-30 (claude-instance expire)\n"
    assert (instances / "stopped.yaml").read_text() == "instanceName: stopped\nuserid: alice\nsuspended: true  # on\nexpires: '2026-10-01'\n"
    assert "suspended" not in (instances / "later.yaml").read_text()
    assert cli(["expire", "--today", "2026-12-01"]) == 0  # a second run changes nothing
    assert "no instance has expired" in capsys.readouterr().out


def test_after_the_grace_period_the_file_is_removed(instances, capsys):
    assert cli(["expire", "--today", "2026-12-01", "--remove-after", "30"]) == 0
    captured = capsys.readouterr()
    assert "removed: instances/alice/stopped.yaml" in captured.out and "--allow-orphaned-data" in captured.err
    assert not (instances / "stopped.yaml").exists() and (instances / "alice-go.yaml").exists()


def test_dry_run_changes_nothing(instances, capsys):
    before = {p.name: p.read_text() for p in instances.iterdir()}
    assert cli(["expire", "--today", "2026-12-01", "--dry-run"]) == 0
    assert "would be suspended: instances/alice/alice-go.yaml" in capsys.readouterr().out
    assert {p.name: p.read_text() for p in instances.iterdir()} == before


def test_a_bad_date_is_one_clear_error(instances, capsys):
    assert cli(["expire", "--today", "tomorrow"]) == 1
    assert "'--today' must be a date" in capsys.readouterr().err
    with pytest.raises(ConfigError) as error:
        load_instance({"expires": "2026-02-30"})
    assert error.value.paths == ("expires",)


def test_synthesis_never_depends_on_the_date():
    assert synth_values({"expires": "2020-01-01"}) == synth_values({"expires": "2999-01-01"}) == synth_values({})


def test_validate_warns_of_instances_expiring_within_a_week(instances, capsys):
    soon = (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=3)).isoformat()
    (instances / "later.yaml").write_text(f"instanceName: later\nuserid: alice\nexpires: '{soon}'\n")
    (instances / "alice-go.yaml").unlink()
    (instances / "stopped.yaml").unlink()
    assert cli(["validate"]) == 0
    assert f"warning: instance 'later' of alice expires on {soon} (in 3 day(s))" in capsys.readouterr().err


def test_a_flow_style_file_is_refused_rather_than_rewritten(tmp_path, capsys):
    instance = tmp_path / "flow.yaml"
    instance.write_text("{instanceName: flow, userid: alice, expires: '2026-01-01'}\n")
    assert cli(["expire", str(instance), "--today", "2026-12-01"]) == 1
    assert "set 'suspended: true' by hand" in capsys.readouterr().err
    assert instance.read_text() == "{instanceName: flow, userid: alice, expires: '2026-01-01'}\n"


@pytest.mark.parametrize("dry_run", [False, True])
def test_one_file_that_cannot_be_edited_stops_every_edit(instances, capsys, dry_run):
    (instances / "flow.yaml").write_text("{instanceName: flow, userid: alice, expires: '2026-01-01'}\n")
    before = {path.name: path.read_text() for path in instances.iterdir()}
    assert cli(["expire", "--today", "2026-12-01"] + (["--dry-run"] if dry_run else [])) == 1
    out, err = capsys.readouterr()
    assert "flow.yaml: 'suspended' cannot be set" in err and "suspended:" not in out
    assert {path.name: path.read_text() for path in instances.iterdir()} == before, "alice-go.yaml was left as it was"


def test_suspended_text_keeps_windows_line_ends():
    assert suspended_text("a: 1\r\nsuspended: false\r\n", "x") == "a: 1\r\nsuspended: true\r\n"
