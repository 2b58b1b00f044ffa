"""Rendering with synthesis kernels gives exactly the files one in-process App gives."""

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


def _count_started_kernels(monkeypatch) -> list:
    """The synthesis kernels started from now on (those warm_kernels started before are not among them)."""
    from claude_constructs.synthesis import kernel_pool

    started = []
    real_kernel = kernel_pool.SynthesisKernel

    class CountingKernel(real_kernel):
        def __init__(self, instances):
            super().__init__(instances)
            started.append(self)

    monkeypatch.setattr(kernel_pool, "SynthesisKernel", CountingKernel)
    return started


def _fake_node(tmp_path, monkeypatch, script: str) -> None:
    """Node.js for the synthesis kernels (and the check that one is installed) is ``script``."""
    node = tmp_path / "node"
    node.write_text(f"#!/bin/sh\n{script}\n")
    node.chmod(0o755)
    monkeypatch.setenv("JSII_NODE", str(node))


def test_kernels_write_the_same_files_as_one_process(tmp_path):
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


BUILT_HERE = """
import json, sys
from claude_constructs import load_instance
from claude_constructs.synthesis import kernel_pool, node_channel
from claude_constructs.synthesis.render import render
configs = [load_instance({"instanceName": f"k{i:02d}", "userid": f"u{i % 3}"}) for i in range(45)]
spawned = []
real = node_channel.spawn_kernel
node_channel.spawn_kernel = lambda *args: spawned.append(real(*args)) or spawned[-1]
render(configs, sys.argv[1], jobs=2)
print(json.dumps({"own kernel": node_channel.kernel_started(), "jsii": "jsii" in sys.modules,
                  "kernels": len(spawned), "alive": [p.poll() is None for p in spawned]}))
"""


def test_the_kernels_need_no_kernel_in_this_process(tmp_path):
    """This process builds the Apps with jsii's bindings, but its own jsii never starts Node.js: the
    bindings' loads are kept and sent to the synthesis kernels, which are stopped when done."""
    import json
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", BUILT_HERE, str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"own kernel": False, "jsii": True, "kernels": 1, "alive": [False]}
    assert len(_files(tmp_path / "out")) == 45


LOADED_BEFORE = """
import sys
import imports.io.argoproj  # loaded by jsii as shipped, before the library's own start of its kernel
from claude_constructs import load_instance
from claude_constructs.config.gitops import load_gitops
from claude_constructs.synthesis.render import render
configs = [load_instance({"instanceName": f"a{i:02d}", "userid": "u1"}) for i in range(45)]
render(configs, sys.argv[1], load_gitops({"repoURL": "https://github.com/example/repo.git"}), jobs=1)
"""


def test_the_kernels_load_every_package_this_process_loaded(tmp_path):
    """The ArgoCD chart needs the ArgoCD CRDs' package, loaded here before anything was recorded:
    the kernels are sent it all the same."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", LOADED_BEFORE, str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "argocd.k8s.yaml").is_file() and len(_files(tmp_path)) == 46


def test_a_batch_that_refers_to_this_process_s_objects_is_synthesized_here(tmp_path, monkeypatch):
    """A value made at once (not queued) lives in this process's kernel: its batch is made there,
    with the same output."""
    from claude_constructs.constructs import kube

    configs = _configs(45)
    run_job(Job(tuple(configs)), tmp_path / "one")
    started = _count_started_kernels(monkeypatch)
    monkeypatch.setattr(kube, "quantity", kube._made_quantity)
    render(configs, tmp_path / "here", jobs=2)
    assert len(started) == 1  # started, and given nothing
    assert _files(tmp_path / "here") == _files(tmp_path / "one")


def test_a_kernel_that_fails_is_one_clear_error_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    from claude_constructs.cli import main as cli

    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(45):
        (folder / f"i{index}.yaml").write_text(f"instanceName: w{index}\nuserid: alice\n")
    _fake_node(tmp_path, monkeypatch, "head -c 1 > /dev/null\necho 'Error: kernel exploded' >&2\nexit 3")
    code = cli(["synth", str(folder), "-o", str(tmp_path / "dist"), "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.startswith("error: a synthesis kernel failed: loading cdk8s: Node.js stopped (Error: kernel exploded)")
    assert not (tmp_path / "dist").exists()


def test_a_kernel_that_stops_without_finishing_is_an_error(tmp_path, monkeypatch):
    import pytest

    from claude_constructs.synthesis.render import SynthesisError

    _fake_node(tmp_path, monkeypatch, 'echo \'{"hello":"@jsii/runtime@0.0.0"}\' >&3\nexit 0')  # says hello, does nothing
    with pytest.raises(SynthesisError, match=r"loading cdk8s: Node.js stopped \(exit code 0\)"):
        render(_configs(45), tmp_path / "out", jobs=2)


def test_warm_kernels_are_taken_first_and_stopped_when_done(tmp_path, monkeypatch):
    from claude_constructs.synthesis import kernel_pool

    configs = _configs(90)
    run_job(Job(tuple(configs)), tmp_path / "one")
    kernel_pool.warm_kernels(2, 90)
    warm = list(kernel_pool._WARM)
    started = _count_started_kernels(monkeypatch)
    render(configs, tmp_path / "warm", jobs=2)
    assert started == [] and kernel_pool._WARM == []  # the pool took both warm kernels
    assert all(kernel.process.poll() is not None for kernel in warm) and not kernel_pool._LIVE
    assert _files(tmp_path / "warm") == _files(tmp_path / "one")


def test_a_warm_kernel_too_small_for_the_fleet_is_replaced(tmp_path, monkeypatch):
    from claude_constructs.synthesis import kernel_pool

    monkeypatch.setattr(kernel_pool, "heap_limit_mb", lambda instances: 512 + instances)  # any size matters
    kernel_pool.warm_kernels(1, 10)
    (small,) = kernel_pool._WARM
    started = _count_started_kernels(monkeypatch)
    render(_configs(45), tmp_path / "out", jobs=1)
    # Sized for the largest chart of the synthesis: here a job's 25 instance charts.
    assert small.process.poll() is not None and [kernel.heap_mb for kernel in started] == [512 + 25]
    assert len(_files(tmp_path / "out")) == 45


def test_warm_kernels_start_once_enough_files_are_new_and_stop_when_not_taken(tmp_path, monkeypatch):
    from claude_constructs.synthesis import kernel_pool
    from claude_constructs.synthesis import render as render_module
    from claude_constructs.synthesis.cache import SynthCache
    from claude_constructs.synthesis.synth import load_instances

    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(85):
        (folder / f"w{index:02d}.yaml").write_text(f"instanceName: w{index:02d}\nuserid: u1\n")
    files = sorted(folder.iterdir())
    warmed = []
    monkeypatch.setattr(kernel_pool, "warm_kernels", lambda count, instances: warmed.append((count, instances, len(seen))))
    seen = []

    def validated(fresh, total):
        seen.append(fresh)
        render_module.warm_when_worth_it(4)(fresh, total)

    cache = SynthCache(tmp_path / "cache")
    load_instances(files, cache=cache, validated=validated)
    assert warmed == [(2, 85, 40)]  # at the 40th new file, for 85 // 40 kernels, sized for 85 instances
    warmed.clear()
    load_instances(files, cache=SynthCache(tmp_path / "cache"), validated=validated)
    assert warmed == []  # all from the cache: no kernel is started for nothing
    monkeypatch.undo()
    kernel_pool.warm_kernels(1, 85)
    (kernel,) = kernel_pool._WARM
    render_module.stop_warm_kernels()
    assert kernel.process.poll() is not None and not kernel_pool._WARM and not kernel_pool._LIVE


def test_this_process_s_kernel_starts_at_the_first_new_file_of_a_large_fleet(monkeypatch):
    """One edited file of many is synthesized in this process: its Node.js starts when that file is
    validated, and is stopped when 40 new files make it the synthesis kernels' work. A fleet under 40
    files started it before anything else (prestart)."""
    from claude_constructs.synthesis import kernel_pool, node_channel
    from claude_constructs.synthesis import render as render_module

    events = []
    monkeypatch.setattr(node_channel, "prestart_kernel", lambda: events.append("start"))
    monkeypatch.setattr(node_channel, "stop_prestarted_kernel", lambda: events.append("stop"))
    monkeypatch.setattr(kernel_pool, "warm_kernels", lambda count, instances: events.append(f"{count} kernels"))
    validated = render_module.warm_when_worth_it(None)
    validated(1, 85)
    validated(2, 85)
    assert events == ["start"]
    for fresh in range(3, 42):
        validated(fresh, 85)
    assert events == ["start", "stop", f"{min(render_module.default_jobs(), 2)} kernels"]
    events.clear()
    for fresh in range(1, 39):
        validated(fresh, 39)
    assert events == []


def test_a_synth_that_fails_validation_stops_its_warm_kernels(tmp_path, monkeypatch, capsys):
    from claude_constructs.cli import main as cli
    from claude_constructs.synthesis import kernel_pool

    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(45):
        (folder / f"v{index:02d}.yaml").write_text(f"instanceName: v{index:02d}\nuserid: u1\n")
    (folder / "z-bad.yaml").write_text("instanceName: z-bad\nuserid: u1\nreplicas: 3\n")
    started = _count_started_kernels(monkeypatch)
    assert cli(["synth", str(folder), "-o", str(tmp_path / "dist"), "--no-cache"]) != 0
    assert "replicas" in capsys.readouterr().err
    assert started and all(kernel.process.poll() is not None for kernel in started)
    assert not kernel_pool._WARM and not kernel_pool._LIVE and not (tmp_path / "dist").exists()


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


def test_a_kernel_that_cannot_start_is_an_error_and_nothing_is_written(tmp_path, monkeypatch):
    import pytest

    from claude_constructs.synthesis import node_channel
    from claude_constructs.synthesis.render import SynthesisError
    from claude_constructs.synthesis.synth import synthesize

    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "kept.k8s.yaml").write_bytes(KEPT)
    starts = []

    def failing_popen(*args, **kwargs):
        starts.append(args)
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(node_channel.subprocess, "Popen", failing_popen)
    with pytest.raises(SynthesisError, match="Node.js could not be started: .*Too many open files"):
        synthesize(_configs(90), tmp_path / "dist", jobs=2)
    assert starts and _files(tmp_path / "dist") == {"kept.k8s.yaml": KEPT}


def test_a_job_that_fails_to_build_names_its_charts(tmp_path, monkeypatch):
    import pytest

    from claude_constructs.synthesis import app
    from claude_constructs.synthesis.render import SynthesisError

    def broken(*args, **kwargs):
        raise RuntimeError("resolution failed\n  at line 2")

    monkeypatch.setattr(app, "build_app", broken)
    with pytest.raises(SynthesisError) as raised:
        render(_configs(45), tmp_path / "out", jobs=1)
    assert str(raised.value) == "synthesizing r000, r001, r002...: RuntimeError: resolution failed at line 2"


def test_a_job_a_kernel_refuses_names_its_charts(tmp_path, monkeypatch):
    import pytest

    from claude_constructs.synthesis import kernel_package
    from claude_constructs.synthesis.render import SynthesisError

    real = kernel_package.queue_app

    def lost_app(build):  # a batch whose App is none of its objects
        batch = real(build)
        return kernel_package.Batch(batch.text, batch.references, f"{kernel_package.PENDING}0")

    monkeypatch.setattr(kernel_package, "queue_app", lost_app)
    with pytest.raises(SynthesisError) as raised:
        render(_configs(45), tmp_path / "out", jobs=1)
    assert str(raised.value) == f"a synthesis kernel failed: synthesizing r000, r001, r002...: Error: no App {kernel_package.PENDING}0"


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


def test_a_hung_kernel_is_stopped_and_reported(tmp_path, monkeypatch):
    import time

    import pytest

    from claude_constructs.synthesis import kernel_pool
    from claude_constructs.synthesis import render as render_module
    from claude_constructs.synthesis.render import SynthesisError

    _fake_node(tmp_path, monkeypatch, "exec sleep 60")  # reads nothing, never answers
    monkeypatch.setattr(render_module, "JOB_TIMEOUT", 1)
    started = time.monotonic()
    # Batches larger than a socket's buffer: the hung kernel never reads them.
    configs = [load_instance({"instanceName": f"h{index:02d}", "instanceDescription": "x" * 4000}) for index in range(45)]
    with pytest.raises(SynthesisError, match="no answer within 1 s on one job; the kernels were stopped"):
        render(configs, tmp_path / "out", jobs=2)
    assert time.monotonic() - started < 30 and not kernel_pool._LIVE
