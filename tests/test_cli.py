"""The claude-instance command line and the cdk8s app (main.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from claude_constructs import derive_instance_name, load_instance_file
from claude_constructs.cli import main as cli

from .conftest import ROOT


def test_no_instance_files_is_an_empty_fleet_never_the_demo_instance(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli(["synth"]) == 0
    assert list((tmp_path / "dist").iterdir()) == []
    assert "synthesized 0 instance(s)" in capsys.readouterr().out
    (tmp_path / "instances").mkdir()
    (tmp_path / "gitops.yaml").write_text("repoURL: https://github.com/example/fleet.git\ntenancy: true\n")
    assert cli(["synth"]) == 0
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == ["argocd.k8s.yaml"]
    applications = [d for d in yaml.safe_load_all((tmp_path / "dist" / "argocd.k8s.yaml").read_text()) if d["kind"] == "Application"]
    assert len(applications) == 1 and applications[0]["spec"]["source"]["directory"]["include"] == "argocd.k8s.yaml", \
        "only the root app: no instance"


def test_synth_a_folder_writes_one_file_per_instance(tmp_path):
    out = tmp_path / "out"
    assert cli(["synth", str(ROOT / "examples" / "minimal.yaml"), str(ROOT / "examples" / "with-database.yaml"), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["e5f6g7h8.k8s.yaml", "i9j0k1l2.k8s.yaml"]


def test_instances_folder_is_the_default_source(tmp_path, monkeypatch):
    (tmp_path / "instances" / "user456").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "minimal.yaml", tmp_path / "instances" / "user456" / "e5f6g7h8.yaml")
    monkeypatch.chdir(tmp_path)
    assert cli(["synth"]) == 0
    assert [p.name for p in (tmp_path / "dist").iterdir()] == ["e5f6g7h8.k8s.yaml"]


def test_bad_input_writes_nothing_and_keeps_the_previous_output(tmp_path, capsys):
    out = tmp_path / "dist"
    assert cli(["synth", str(ROOT / "examples" / "minimal.yaml"), "-o", str(out)]) == 0
    before = (out / "e5f6g7h8.k8s.yaml").read_bytes()
    bad = tmp_path / "bad.yaml"
    bad.write_text("instanceName: Bad_Name\nfeatures: {golang: maybe}\n")
    assert cli(["synth", str(ROOT / "examples" / "minimal.yaml"), str(bad), "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert "'instanceName'" in error and "'features.golang'" in error and str(bad) in error
    assert "Traceback" not in error
    assert [p.name for p in out.iterdir()] == ["e5f6g7h8.k8s.yaml"]
    assert (out / "e5f6g7h8.k8s.yaml").read_bytes() == before


def test_invalid_yaml_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("instanceName: [unclosed\n")
    assert cli(["validate", str(bad)]) == 1
    assert "is not valid YAML" in capsys.readouterr().err


def test_two_files_with_one_name_are_refused(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / "user456" / folder).mkdir(parents=True)
        shutil.copy(ROOT / "examples" / "minimal.yaml", tmp_path / "user456" / folder / "i.yaml")
    assert cli(["validate", str(tmp_path)]) == 1
    assert "already used by" in capsys.readouterr().err


def test_synth_is_byte_identical_whatever_the_file_order(tmp_path):
    files = [str(p) for p in sorted((ROOT / "examples").glob("[mw]*.yaml"))]
    assert cli(["synth", *files, "-o", str(tmp_path / "a")]) == 0
    assert cli(["synth", *reversed(files), "-o", str(tmp_path / "b")]) == 0
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_new_writes_an_instance_file_with_a_fixed_name(tmp_path):
    instances = tmp_path / "instances"
    description = "Backend API: Go + Postgres"
    assert cli(["new", "--description", description, "--user", "user123", "--feature", "golang",
                "--feature", "postgres", "--instances", str(instances)]) == 0
    name = derive_instance_name(description)
    path = instances / "user123" / f"{name}.yaml"
    config = load_instance_file(path)
    assert config.name == name and config.description == description
    assert config.features.golang and config.features.postgres and not config.features.typescript
    assert config.database.enabled
    # The same description again is a clash, not a silent overwrite.
    assert cli(["new", "--description", description, "--user", "user123", "--instances", str(instances)]) == 1
    # Editing the description keeps the name.
    values = yaml.safe_load(path.read_text())
    values["instanceDescription"] = "Something else entirely"
    path.write_text(yaml.safe_dump(values))
    assert load_instance_file(path).name == name


def test_new_refuses_an_invalid_user(tmp_path, capsys):
    assert cli(["new", "--description", "x", "--user", "Not Valid", "--instances", str(tmp_path)]) == 1
    assert "'userid'" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def _run(command: list[str], cwd) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CDK8S_", "JSII_"))}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_console_script_prints_no_node_banner_and_no_traceback(tmp_path):
    result = _run([sys.executable, "-m", "claude_constructs.cli", "synth", "-o", str(tmp_path / "d")], ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    bad = tmp_path / "bad.yaml"
    bad.write_text("instanceName: abc\nreplicaCount: 3\n")
    result = _run([sys.executable, "-m", "claude_constructs.cli", "synth", str(bad), "-o", str(tmp_path / "e")], ROOT)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "'replicaCount'" in result.stderr
    assert "Traceback" not in result.stderr


def test_cdk8s_synth_runs_main_py(tmp_path):
    assert (ROOT / "node_modules" / ".bin" / "cdk8s").exists(), "run `make setup`: npm ci installs the cdk8s CLI"
    work = tmp_path / "app"
    work.mkdir()
    for name in ("cdk8s.yaml", "main.py"):
        shutil.copy(ROOT / name, work / name)
    shutil.copytree(ROOT / "instances", work / "instances")
    env_path = f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"
    result = subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "cdk8s"), "synth"], cwd=work, capture_output=True, text=True, timeout=300,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("CDK8S_")}, "PATH": env_path,
             "CDK8S_CHECK_UPGRADE": "false", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert (work / "dist" / "a1b2c3d4.k8s.yaml").read_bytes() == (ROOT / "dist" / "a1b2c3d4.k8s.yaml").read_bytes()


def test_list_shows_every_instance(tmp_path, capsys):
    folder = tmp_path / "instances"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "minimal.yaml", folder / "a.yaml")
    values = yaml.safe_load((ROOT / "examples" / "with-database.yaml").read_text())
    values["suspended"] = True
    values["expires"] = "2027-01-31"
    values["instanceDescription"] = "API development with database\nand a second line that is long enough to be cut"
    (folder / "b.yaml").write_text(yaml.safe_dump(values))
    assert cli(["list", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["USER", "NAME", "DESCRIPTION", "FEATURES", "HOSTNAME", "STATE", "EXPIRES"]
    assert lines[1].split()[:2] == ["user456", "e5f6g7h8"] and lines[1].split()[-2:] == ["running", "-"]
    assert "e5f6g7h8.dev.robotinfra.com" in lines[1]
    assert lines[2].startswith("user789") and "postgres,database" in lines[2] and lines[2].split()[-2:] == ["suspended", "2027-01-31"]
    assert "…" in lines[2] and "\n" not in lines[2]


def test_diff_names_what_a_synth_would_add_change_and_remove(tmp_path, capsys):
    out = tmp_path / "dist"
    minimal, database = str(ROOT / "examples" / "minimal.yaml"), str(ROOT / "examples" / "with-database.yaml")
    assert cli(["synth", minimal, "-o", str(out)]) == 0
    capsys.readouterr()
    assert cli(["diff", minimal, "-o", str(out), "--exit-code"]) == 0
    assert capsys.readouterr().out == ""
    changed = tmp_path / "minimal.yaml"
    values = yaml.safe_load((ROOT / "examples" / "minimal.yaml").read_text())
    values["configMap"] = {"systemPrompt": "new prompt"}
    changed.write_text(yaml.safe_dump(values))
    assert cli(["diff", str(changed), database, "-o", str(out), "--exit-code"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "~ e5f6g7h8.k8s.yaml: ConfigMap claude-user456/e5f6g7h8-config" in lines
    assert "~ e5f6g7h8.k8s.yaml: Deployment claude-user456/e5f6g7h8" in lines  # the checksum rolls the pod
    assert "+ i9j0k1l2.k8s.yaml: Database database/i9j0k1l2-db" in lines
    assert not any(line.startswith("-") for line in lines)
    assert cli(["diff", str(changed), "-o", str(out), "--show"]) == 0
    shown = capsys.readouterr().out
    assert "-  system-prompt.txt: 'You are Claude Code" in shown or "-  system-prompt.txt: |" in shown
    assert "+  system-prompt.txt: new prompt" in shown
    assert cli(["diff", database, "-o", str(out)]) == 0
    assert "- e5f6g7h8.k8s.yaml: Deployment claude-user456/e5f6g7h8" in capsys.readouterr().out.splitlines()
    assert [p.name for p in out.iterdir()] == ["e5f6g7h8.k8s.yaml"], "diff wrote to the output"


def test_progress_is_silent_when_not_on_a_terminal(tmp_path, capsys):
    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(60):
        (folder / f"i{index}.yaml").write_text(yaml.safe_dump({"instanceName": f"i{index}", "userid": "alice", "features": {"golang": False}}))
    assert cli(["synth", str(folder), "-o", str(tmp_path / "dist"), "--jobs", "2"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("synthesized 60 instance(s)")


def test_validate_checks_the_gitops_settings_too(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gitops.yaml").write_text("repoURL: not-a-url\n")
    assert cli(["validate"]) == 1
    assert "'repoURL' must be the git URL" in capsys.readouterr().err
    (tmp_path / "gitops.yaml").write_text("repoURL: https://github.com/example/r.git\n")
    assert cli(["validate"]) == 0
    assert "valid and gitops.yaml" in capsys.readouterr().out


def test_progress_shows_on_a_terminal(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(50):
        (folder / f"i{index}.yaml").write_text(yaml.safe_dump({"instanceName": f"p{index}", "userid": "alice", "template": "minimal"}))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert cli(["synth", str(folder), "-o", str(tmp_path / "dist"), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "\rsynthesizing: 25/50 instances" in err and "\rsynthesizing: 50/50 instances" in err


def test_new_reads_existing_files_as_validation_does(tmp_path, capsys):
    folder = tmp_path / "instances"
    (folder / "alice").mkdir(parents=True)
    (folder / "alice" / "abc.yaml").write_text("instanceName: abc\t\nuserid: alice\n")  # a tab after the value
    assert cli(["validate", str(folder)]) == 0
    assert cli(["new", "--description", "again", "--user", "bob", "--name", "abc", "--instances", str(folder)]) == 1
    assert "'abc' already exists" in capsys.readouterr().err


def test_a_fleet_worth_synthesis_kernels_runs_as_python_O(tmp_path, monkeypatch):
    """``claude-instance`` becomes ``python -O`` (the bindings then skip their run-time type checks
    while the CLI builds the Apps) for 40 instance files or more, and stays as it is below that."""
    import sys

    from claude_constructs import cli

    replaced = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: replaced.append(argv))
    monkeypatch.setattr(sys, "argv", ["claude-instance", "synth", str(tmp_path)])
    for index in range(39):
        (tmp_path / f"i{index:02d}.yaml").write_text(f"instanceName: i{index:02d}\nuserid: u1\n")
    cli._optimized_when_worth_it([str(tmp_path)])
    assert replaced == []
    (tmp_path / "i39.yml").write_text("instanceName: i39\nuserid: u1\n")
    cli._optimized_when_worth_it([str(tmp_path)])
    assert replaced == [[sys.executable, "-O", "-m", "claude_constructs.cli", "synth", str(tmp_path)]]


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
@pytest.mark.parametrize("command", ["synth", "merge"])
def test_a_number_of_jobs_below_one_is_refused(tmp_path, capsys, command, jobs):
    with pytest.raises(SystemExit) as exit_:
        cli([command, f"--jobs={jobs}", "-o", str(tmp_path / "out")] + ([str(tmp_path)] if command == "merge" else []))
    assert exit_.value.code == 2
    assert f"argument --jobs/-j: must be a number of Node.js processes, 1 or more, got '{jobs}'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
