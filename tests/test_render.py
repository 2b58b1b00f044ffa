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
