"""Sharded rendering in worker processes gives exactly the files one in-process App gives."""

from __future__ import annotations

import os

from claude_constructs import load_instance
from claude_constructs.config.gitops import load_gitops
from claude_constructs.synthesis.render import FleetJob, Job, plan_jobs, render, run_job

# A manifest of an earlier synthesis (it carries the tool's label), which a failed run must keep.
KEPT = b"kind: ConfigMap\nmetadata:\n  labels:\n    app.kubernetes.io/managed-by: claude-constructs\n"


def _configs(count):
    mixes = [{"golang": True}, {"typescript": False, "golang": False}, {"ansible": True}]
    return [load_instance({"instanceName": f"r{index:03d}", "userid": f"u{index % 7}", "features": mixes[index % 3]})
            for index in range(count)]


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _count_started_workers(monkeypatch) -> list:
    """The workers started from now on (those warm_workers started before are not among them)."""
    from claude_constructs.synthesis import render as render_module

    started = []
    real_worker = render_module._Worker

    class CountingWorker(real_worker):
        def __init__(self):
            super().__init__()
            started.append(self)

    monkeypatch.setattr(render_module, "_Worker", CountingWorker)
    return started


def test_workers_write_the_same_files_as_one_process(tmp_path):
    configs = _configs(90)
    gitops = load_gitops({"repoURL": "https://github.com/example/repo.git"})
    app_of_all = tmp_path / "one"
    from claude_constructs.synthesis.app import build_app

    build_app(configs, app_of_all, gitops).synth()  # one App of every chart
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
        (folder / f"i{index}.yaml").write_text(f"instanceName: w{index}\nuserid: alice\n")
    # A worker that crashes: an interpreter that reads its task and fails.
    crashing = tmp_path / "python"
    crashing.write_text("#!/bin/sh\nhead -c 1 > /dev/null\necho 'jsii.errors.JSIIError: worker exploded' >&2\nexit 3\n")
    crashing.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(crashing))
    code = cli(["synth", str(folder), "-o", str(tmp_path / "dist"), "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.startswith("error: a synthesis worker failed: jsii.errors.JSIIError: worker exploded")
    assert not (tmp_path / "dist").exists()


def test_a_worker_that_stops_without_finishing_is_an_error(tmp_path, monkeypatch):
    import sys

    import pytest

    from claude_constructs.synthesis.render import SynthesisError

    quitting = tmp_path / "python"
    quitting.write_text("#!/bin/sh\nexit 0\n")  # exits cleanly, having done nothing
    quitting.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(quitting))
    with pytest.raises(SynthesisError, match="stopped before finishing"):
        render(_configs(45), tmp_path / "out", jobs=2)


def test_warm_workers_are_taken_first_and_stopped_when_done(tmp_path, monkeypatch):
    from claude_constructs.synthesis import render as render_module

    configs = _configs(90)
    run_job(Job(tuple(configs)), tmp_path / "one")
    render_module.warm_workers(2)
    warm = list(render_module._WARM)
    started = _count_started_workers(monkeypatch)
    render(configs, tmp_path / "warm", jobs=2)
    assert started == [] and render_module._WARM == []  # both lanes took a warm worker
    assert all(worker.process.poll() is not None for worker in warm) and not render_module._LIVE
    assert _files(tmp_path / "warm") == _files(tmp_path / "one")


def test_warm_workers_start_once_enough_files_are_new_and_stop_when_not_taken(tmp_path, monkeypatch):
    from claude_constructs.synthesis import render as render_module
    from claude_constructs.synthesis.cache import SynthCache
    from claude_constructs.synthesis.synth import load_instances

    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(85):
        (folder / f"w{index:02d}.yaml").write_text(f"instanceName: w{index:02d}\nuserid: u1\n")
    files = sorted(folder.iterdir())
    warmed = []
    monkeypatch.setattr(render_module, "warm_workers", lambda count: warmed.append((count, len(seen))))
    seen = []

    def validated(fresh, total):
        seen.append(fresh)
        render_module.warm_when_worth_it(4)(fresh, total)

    cache = SynthCache(tmp_path / "cache")
    load_instances(files, cache=cache, validated=validated)
    assert warmed == [(2, 40)]  # at the 40th new file, for 85 // 40 workers
    warmed.clear()
    load_instances(files, cache=SynthCache(tmp_path / "cache"), validated=validated)
    assert warmed == []  # all from the cache: no worker is started for nothing
    monkeypatch.undo()
    render_module.warm_workers(1)
    (worker,) = render_module._WARM
    render_module.stop_warm_workers()
    assert worker.process.poll() is not None and not render_module._WARM and not render_module._LIVE


def test_a_synth_that_fails_validation_stops_its_warm_workers(tmp_path, monkeypatch, capsys):
    from claude_constructs.cli import main as cli
    from claude_constructs.synthesis import render as render_module

    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(45):
        (folder / f"v{index:02d}.yaml").write_text(f"instanceName: v{index:02d}\nuserid: u1\n")
    (folder / "z-bad.yaml").write_text("instanceName: z-bad\nuserid: u1\nreplicas: 3\n")
    started = _count_started_workers(monkeypatch)
    assert cli(["synth", str(folder), "-o", str(tmp_path / "dist"), "--no-cache"]) != 0
    assert "replicas" in capsys.readouterr().err
    assert started and all(worker.process.poll() is not None for worker in started)
    assert not render_module._WARM and not render_module._LIVE and not (tmp_path / "dist").exists()


def test_the_fleet_charts_are_jobs_of_their_own_taken_first_and_none_holds_the_whole_fleet():
    from claude_constructs.config.gitops import fleet_entries
    from claude_constructs.synthesis.app import by_namespace

    configs = _configs(60)
    gitops = load_gitops({"repoURL": "https://github.com/example/repo.git", "tenancy": True})
    jobs = plan_jobs(configs, gitops)
    argocd, *rest = jobs
    assert isinstance(argocd, FleetJob) and argocd.entries == fleet_entries(configs) and argocd.tenants == ()
    tenant_jobs = [job for job in rest if isinstance(job, FleetJob)]
    assert rest[:len(tenant_jobs)] == tenant_jobs and all(job.entries is None for job in tenant_jobs)
    namespaces = by_namespace(configs)
    assert [ns for job in tenant_jobs for ns, _ in job.tenants] == sorted(namespaces)
    assert all(members == tuple(namespaces[ns]) for job in tenant_jobs for ns, members in job.tenants)
    assert len(tenant_jobs) > 1  # 60 instances of 7 namespaces: chunks of about 25 instances
    assert [len(job.configs) for job in rest[len(tenant_jobs):]] == [25, 25, 10]
    assert sum(job.instances for job in jobs) == 60


def test_a_worker_that_cannot_start_is_an_error_and_nothing_is_written(tmp_path, monkeypatch):
    import pytest

    from claude_constructs.synthesis import render as render_module
    from claude_constructs.synthesis.render import SynthesisError
    from claude_constructs.synthesis.synth import synthesize

    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "kept.k8s.yaml").write_bytes(KEPT)
    starts = []

    def failing_popen(*args, **kwargs):
        starts.append(args)
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(render_module.subprocess, "Popen", failing_popen)
    with pytest.raises(SynthesisError, match="Too many open files"):
        synthesize(_configs(90), tmp_path / "dist", jobs=2)
    assert starts and _files(tmp_path / "dist") == {"kept.k8s.yaml": KEPT}


def test_a_failing_job_names_the_charts_it_was_synthesizing(tmp_path, monkeypatch):
    import pytest

    from claude_constructs.synthesis.render import SynthesisError

    configs = _configs(45)
    # A worker that fails inside its first job: the module run with a broken build_app.
    sitecustomize = tmp_path / "sitecustomize.py"
    sitecustomize.write_text(
        "import claude_constructs.synthesis.app as s\n"
        "def broken(*args, **kwargs):\n    raise RuntimeError('resolution failed\\n  at line 2')\n"
        "s.build_app = broken\n"
    )
    monkeypatch.setenv("PYTHONPATH", f"{tmp_path}:{os.environ.get('PYTHONPATH', '')}")
    with pytest.raises(SynthesisError) as raised:
        render(configs, tmp_path / "out", jobs=1)
    assert "synthesizing r000, r001, r002...: RuntimeError: resolution failed at line 2" in str(raised.value)


def test_default_jobs_without_cpu_affinity(monkeypatch):
    from claude_constructs.synthesis import render as render_module

    monkeypatch.delattr(render_module.os, "sched_getaffinity")
    monkeypatch.setattr(render_module.os, "cpu_count", lambda: 3)
    assert render_module.default_jobs() == 3


def test_a_chart_file_missing_after_rendering_is_an_error_and_dist_is_kept(tmp_path, monkeypatch):
    import pytest

    from claude_constructs.synthesis import synth as synth_module
    from claude_constructs.synthesis.render import SynthesisError

    real_render = synth_module.render

    def forgetful_render(configs, folder, gitops=None, **kwargs):
        real_render(configs, folder, gitops, **kwargs)
        (folder / "r001.k8s.yaml").unlink()

    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "kept.k8s.yaml").write_bytes(KEPT)
    monkeypatch.setattr(synth_module, "render", forgetful_render)
    with pytest.raises(SynthesisError, match="r001.k8s.yaml was not written"):
        synth_module.synthesize(_configs(3), tmp_path / "dist")
    assert _files(tmp_path / "dist") == {"kept.k8s.yaml": KEPT}


def test_a_hung_worker_is_stopped_and_reported(tmp_path, monkeypatch):
    import sys
    import time

    import pytest

    from claude_constructs.synthesis import render as render_module
    from claude_constructs.synthesis.render import SynthesisError

    hanging = tmp_path / "python"
    hanging.write_text("#!/bin/sh\nexec sleep 60\n")  # takes its job and never answers
    hanging.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(hanging))
    monkeypatch.setattr(render_module, "JOB_TIMEOUT", 1)
    started = time.monotonic()
    # Jobs larger than a pipe's buffer: the hung worker never reads them.
    configs = [load_instance({"instanceName": f"h{index:02d}", "instanceDescription": "x" * 4000}) for index in range(45)]
    with pytest.raises(SynthesisError, match="no answer within 1 s on one job; the worker was stopped"):
        render(configs, tmp_path / "out", jobs=2)
    assert time.monotonic() - started < 30
