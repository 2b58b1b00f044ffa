"""Rendering many instances fast: Apps built in this process, written by synthesis kernels.

One App's synthesis grows faster than linearly with its charts, so the work is cut into jobs (Apps
of ``CHUNK`` instance charts; the ArgoCD chart; the tenant charts of about ``CHUNK`` instances).
This process builds each job's App with its objects queued (one batch, ``kernel_package``), and
``jobs`` synthesis kernels (Node.js processes with cdk8s loaded, ``kernel_pool``) make and write
them, each sent the next batch while it writes the one before: the cores stay busy until the end.
Fewer than ``MIN_PER_JOB`` instance charts are synthesized in this process's own kernel. Output is
identical to one App's.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence, TypeVar

if TYPE_CHECKING:  # not imported here: the CLI imports this module before the configuration's (see prestart)
    from claude_constructs.config.gitops import FleetEntry, GitOpsConfig
    from claude_constructs.config.loader import InstanceConfig

CHUNK = 25  # measured: 25 charts per App synthesize about 10% faster than 100, 400 much slower
MIN_PER_JOB = 40  # below this a synthesis kernel costs more (its start) than it saves
JOB_TIMEOUT = 600  # seconds without an answer from any synthesis kernel before they are stopped
FLEET_SHARE = 16  # measured: the ArgoCD chart of N instances costs about as much as N / 16 instance charts
TENANTS_PER_INSTANCE = 4  # and four tenant charts about as much as one instance chart

T = TypeVar("T")


class SynthesisError(RuntimeError):
    """Synthesis failed: what failed, for which charts, and why."""


@dataclass(frozen=True, slots=True)
class Job:
    """One App: the instance charts of ``configs``."""

    configs: tuple[InstanceConfig, ...]

    @property
    def instances(self) -> int:
        return len(self.configs)

    @property
    def weight(self) -> int:
        """The cost, in instance charts."""
        return len(self.configs)

    @property
    def label(self) -> str:
        return ", ".join(c.name for c in self.configs[:3]) + ("..." if len(self.configs) > 3 else "")


@dataclass(frozen=True, slots=True)
class FleetJob:
    """One App of fleet charts: the ArgoCD chart of ``entries`` (none when None), and the tenant
    charts of ``tenants`` (each namespace with its instances). It carries only what these charts
    read: no job holds the whole fleet's configurations."""

    gitops: GitOpsConfig
    entries: tuple[FleetEntry, ...] | None = None
    tenants: tuple[tuple[str, tuple[InstanceConfig, ...]], ...] = ()

    instances = 0

    @property
    def weight(self) -> int:
        return len(self.entries or ()) // FLEET_SHARE + len(self.tenants) // TENANTS_PER_INSTANCE

    @property
    def label(self) -> str:
        return "the ArgoCD chart" if self.entries is not None else "the tenant charts"


def default_jobs() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 8))


def plan_jobs(
    configs: Sequence[InstanceConfig],
    gitops: GitOpsConfig | None = None,
    fleet: Sequence[InstanceConfig] | None = None,
    *,
    argocd: bool = True,
    tenants: Sequence[str] | None = None,
) -> list[Job | FleetJob]:
    """The fleet charts first (the ArgoCD chart, which takes a while, then the tenant charts in
    chunks of about ``CHUNK`` instances), then the instance charts in chunks."""
    from claude_constructs.config.gitops import fleet_entries
    from claude_constructs.synthesis.app import by_namespace

    jobs: list[Job | FleetJob] = []
    if gitops is not None:
        fleet = tuple(configs if fleet is None else fleet)
        members = by_namespace(fleet)
        if not gitops.tenancy:
            tenants = []  # no tenant charts without tenancy, as build_app
        elif tenants is None:
            tenants = sorted(members)
        if argocd:
            jobs.append(FleetJob(gitops, fleet_entries(fleet)))
        chunk: list[tuple[str, tuple[InstanceConfig, ...]]] = []
        for index, namespace in enumerate(tenants):
            chunk.append((namespace, tuple(members.get(namespace, ()))))
            if sum(len(instances) for _, instances in chunk) >= CHUNK or index == len(tenants) - 1:
                jobs.append(FleetJob(gitops, None, tuple(chunk)))
                chunk = []
    return jobs + [Job(tuple(configs[start:start + CHUNK])) for start in range(0, len(configs), CHUNK)]


def render(
    configs: Sequence[InstanceConfig],
    folder: Path,
    gitops: GitOpsConfig | None = None,
    *,
    fleet: Sequence[InstanceConfig] | None = None,
    argocd: bool = True,
    tenants: Sequence[str] | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Synthesize the instance charts of ``configs`` into ``folder`` and, when ``gitops`` is given,
    the fleet charts of ``fleet`` (default: ``configs``): the ArgoCD chart unless ``argocd`` is
    false, and the tenant charts (all of them with tenancy, or those of ``tenants``)."""
    from claude_constructs.synthesis.node_channel import node_executable

    configs = list(configs)
    work = plan_jobs(configs, gitops, fleet, argocd=argocd, tenants=tenants)
    if work:
        node_executable()  # one clear error before anything starts
    total, weight = len(configs), sum(job.weight for job in work)
    done = [0]

    def finished(instances: int) -> None:
        done[0] += instances
        if progress:
            progress(done[0], total)

    if weight < MIN_PER_JOB:
        for job in work:
            _in_this_process(job, lambda: run_job(job, folder))
            finished(job.instances)
        return
    _run_kernels(work, folder, max(1, min(jobs or default_jobs(), weight // MIN_PER_JOB)), finished)


def run_job(job: Job | FleetJob, folder: str | Path) -> None:
    """Build the job's App and synthesize it in one call into this process's Node.js, with the
    faster manifest writer (the same bytes either way: see kernel_package)."""
    from claude_constructs.synthesis.node_channel import use_direct_kernel

    use_direct_kernel()  # before anything imports cdk8s, which starts Node.js
    from claude_constructs.synthesis.kernel_package import install_yaml_writer, synth_in_one_call

    install_yaml_writer()
    synth_in_one_call(lambda: _build(job, folder))


def _build(job: Job | FleetJob, folder: str | Path):
    from claude_constructs.synthesis.app import build_app, build_fleet_app

    if isinstance(job, FleetJob):
        return build_fleet_app(folder, job.gitops, job.entries, job.tenants)
    return build_app(job.configs, folder)


def _in_this_process(job: Job | FleetJob, step: Callable[[], T]) -> T:
    """``step()`` of ``job``: a failure is one ``SynthesisError`` that names the job's charts (a
    configuration error stays one)."""
    from claude_constructs.config.loader import ConfigError

    try:
        return step()
    except (ConfigError, SynthesisError, KeyboardInterrupt):
        raise
    except Exception as error:
        message = " ".join(str(error).split())[:500]
        raise SynthesisError(f"synthesizing {job.label}: {type(error).__name__}: {message}") from None


def warm_when_worth_it(jobs: int | None, shards: int = 1) -> Callable[[int, int], None]:
    """For ``synth.load_instances``, which tells it of each file validated anew (not taken from the
    cache, so likely to be rendered), so that Node.js loads cdk8s while the rest is validated: at the
    first of a fleet too large for ``prestart``, this process's own kernel (an edited instance is
    synthesized here); once enough of them for one kernel's jobs were validated, as many synthesis
    kernels as the files will need (of one shard's share, with ``shards``) instead."""
    def validated(fresh: int, files: int) -> None:
        if fresh == 1 and files >= MIN_PER_JOB:
            from claude_constructs.synthesis.node_channel import prestart_kernel

            prestart_kernel()
        if fresh == MIN_PER_JOB * shards:
            from claude_constructs.synthesis import kernel_pool
            from claude_constructs.synthesis.node_channel import stop_prestarted_kernel

            stop_prestarted_kernel()  # the kernels write the jobs
            try:  # the ArgoCD chart holds every file's instance
                kernel_pool.warm_kernels(max(1, min(jobs or default_jobs(), files // shards // MIN_PER_JOB)), files)
            except kernel_pool.KernelError:
                pass  # started again when rendering, which reports the failure
    return validated


def stop_warm_kernels() -> None:
    """Stop the kernels ``warm_when_worth_it`` and ``prestart`` started and no synthesis took."""
    kernel_pool = sys.modules.get("claude_constructs.synthesis.kernel_pool")
    if kernel_pool is not None:  # not imported: none was started (and importing it would import jsii)
        kernel_pool.stop_warm_kernels()
    node_channel = sys.modules.get("claude_constructs.synthesis.node_channel")
    if node_channel is not None:
        node_channel.stop_prestarted_kernel()


def prestart(paths: Sequence[str | Path], default_folder: str | Path = "instances") -> None:
    """Before anything is imported or validated: for fewer instance files than a kernel is worth
    (synthesized in this process), start this process's kernel now, so that Node.js loads cdk8s
    while Python imports and validates (a third of a second of a one-instance synthesis)."""
    from claude_constructs.synthesis.node_channel import prestart_kernel

    if 0 < instance_files(paths, default_folder) < MIN_PER_JOB:
        prestart_kernel()


def instance_files(paths: Sequence[str | Path], default_folder: str | Path = "instances") -> int:
    """How many instance files ``paths`` name, up to ``MIN_PER_JOB`` (counted before anything heavy
    is imported: file names only)."""
    from claude_constructs.synthesis import INSTANCE_SUFFIXES

    count = 0
    for raw in paths or [default_folder]:
        path = Path(raw)
        if path.is_file():
            count += 1
        elif path.is_dir():
            for _, _, names in os.walk(path):
                count += sum(1 for name in names if name.endswith(INSTANCE_SUFFIXES))
                if count >= MIN_PER_JOB:
                    return MIN_PER_JOB
    return min(count, MIN_PER_JOB)


def _largest(work: Sequence[Job | FleetJob]) -> int:
    """The instances of the largest chart a job makes: the ArgoCD chart's, or a job's instance charts."""
    return max([len(job.entries) for job in work if isinstance(job, FleetJob) and job.entries is not None]
               + [job.instances for job in work])


def _run_kernels(work: list[Job | FleetJob], folder: Path, count: int, finished: Callable[[int], None]) -> None:
    """Build each job's App here and have ``count`` synthesis kernels make and write them (see
    kernel_pool). A batch that refers to objects of this process's kernel (none usually do) is
    synthesized there."""
    from claude_constructs.synthesis import kernel_pool
    from claude_constructs.synthesis.node_channel import start_kernel_on_first_call

    start_kernel_on_first_call()  # this process builds; its own kernel starts only if a batch needs it
    from claude_constructs.synthesis.kernel_package import install_yaml_writer, queue_app, synth_batch

    # Building an App leaves cycles behind (about 1,700 objects an instance chart job), and the CLI
    # runs without the collector (cli.run). It collects them here, over the objects made from now on
    # only: those before (the bindings, the configurations) are frozen out of its generations.
    collecting = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        with kernel_pool.KernelPool(count, JOB_TIMEOUT, _largest(work)) as pool:
            for job in work:
                batch = _in_this_process(job, lambda: queue_app(lambda: _build(job, folder)))
                if batch.independent:
                    pool.submit(job.label, batch, lambda instances=job.instances: finished(instances))
                else:
                    _in_this_process(job, lambda: (install_yaml_writer(), synth_batch(batch)))
                    finished(job.instances)
            pool.finish()
    except kernel_pool.KernelError as error:
        raise SynthesisError(f"a synthesis kernel failed: {error}") from None
    finally:
        gc.unfreeze()
        if not collecting:
            gc.disable()


