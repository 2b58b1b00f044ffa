"""Sharded rendering in worker processes gives exactly the files one in-process App gives."""

from __future__ import annotations

from claude_constructs import load_instance
from claude_constructs.gitops import load_gitops
from claude_constructs.render import render, run_task, Task


def _configs(count):
    mixes = [{"golang": True}, {"typescript": False, "golang": False}, {"ansible": True}]
    return [load_instance({"instanceName": f"r{index:03d}", "userid": f"u{index % 7}", "features": mixes[index % 3]})
            for index in range(count)]


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_workers_write_the_same_files_as_one_process(tmp_path):
    configs = _configs(90)
    gitops = load_gitops({"repoURL": "https://github.com/example/repo.git"})
    run_task(Task(tuple(configs), str(tmp_path / "one"), gitops, tuple(configs)))
    progress = []
    render(configs, tmp_path / "sharded", gitops, jobs=2, progress=lambda done, total: progress.append((done, total)))
    assert _files(tmp_path / "sharded") == _files(tmp_path / "one")
    assert len(_files(tmp_path / "one")) == 91
    assert progress[-1] == (90, 90) and [d for d, _ in progress] == sorted(d for d, _ in progress)


def test_a_failing_worker_is_one_clear_error_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    import sys

    from claude_constructs.cli import main as cli

    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(45):
        (folder / f"i{index}.yaml").write_text(f"instanceName: w{index}\n")
    # A worker that crashes: an interpreter that reads its task and fails.
    crashing = tmp_path / "python"
    crashing.write_text("#!/bin/sh\ncat > /dev/null\necho 'jsii.errors.JSIIError: worker exploded' >&2\nexit 3\n")
    crashing.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(crashing))
    code = cli(["synth", str(folder), "-o", str(tmp_path / "dist"), "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.startswith("error: a synthesis worker failed: jsii.errors.JSIIError: worker exploded")
    assert not (tmp_path / "dist").exists()


def test_large_fleets_are_split_over_fresh_workers_with_the_same_output(tmp_path, monkeypatch):
    from claude_constructs import render as render_module

    configs = _configs(90)
    run_task(Task(tuple(configs), str(tmp_path / "one")))
    monkeypatch.setattr(render_module, "MAX_PER_WORKER", 20)  # 5 worker processes, 2 at a time
    launched = []
    real_popen = render_module.subprocess.Popen

    def counting_popen(*args, **kwargs):
        launched.append(args)
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(render_module.subprocess, "Popen", counting_popen)
    render(configs, tmp_path / "recycled", jobs=2)
    assert len(launched) == 5
    assert _files(tmp_path / "recycled") == _files(tmp_path / "one")
