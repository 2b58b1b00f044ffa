"""Rendering many instances fast: cdk8s synthesis spread over worker processes.

Every call into cdk8s crosses into a Node.js process, and one App's synthesis grows faster than
linearly with its charts. So the work is cut into jobs (Apps of ``CHUNK`` instance charts; the
ArgoCD chart; the tenant charts of about ``CHUNK`` instances), and ``jobs`` worker processes, each with its own
Node.js, take the next job as soon as they finish one: the cores stay busy until the end. Workers
run Python with ``-O``: the jsii bindings then skip their run-time type checks (the configuration
is already validated, and the tests run the same code with the checks on). Output is identical to
one App's.
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:  # not imported here: the CLI imports this module before the configuration's (see prestart)
    from claude_constructs.config.gitops import FleetEntry, GitOpsConfig
    from claude_constructs.config.loader import InstanceConfig

CHUNK = 25  # measured: 25 charts per App synthesize about 10% faster than 100, 400 much slower
MIN_PER_JOB = 40  # below this a worker process costs more (its start) than it saves
JOB_TIMEOUT = 600  # seconds a worker may take over one job (its start included) before it is stopped
FLEET_SHARE = 16  # measured: the ArgoCD chart of N instances costs about as much as N / 16 instance charts
TENANTS_PER_INSTANCE = 4  # and four tenant charts about as much as one instance chart

_FRAME = struct.Struct(">I")


class SynthesisError(RuntimeError):
    """A worker process failed; its last error line is the message."""


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
        node_executable()  # one clear error before any worker starts
    total, done, weight = len(configs), 0, sum(job.weight for job in work)
    if weight < MIN_PER_JOB:
        for job in work:
            run_job(job, folder)
            done += job.instances
            if progress:
                progress(done, total)
        return
    _run_workers(work, folder, max(1, min(jobs or default_jobs(), weight // MIN_PER_JOB)), total, progress)


def run_job(job: Job | FleetJob, folder: str | Path) -> None:
    """Build the job's App and synthesize it in one call into Node.js, with the faster manifest
    writer (the same bytes either way: see kernel_package)."""
    from claude_constructs.synthesis.node_channel import use_direct_kernel

    use_direct_kernel()  # before anything imports cdk8s, which starts Node.js
    from claude_constructs.synthesis.app import build_app, build_fleet_app
    from claude_constructs.synthesis.kernel_package import install_yaml_writer, synth_in_one_call

    install_yaml_writer()
    if isinstance(job, FleetJob):
        synth_in_one_call(lambda: build_fleet_app(folder, job.gitops, job.entries, job.tenants))
    else:
        synth_in_one_call(lambda: build_app(job.configs, folder))


_LIVE: set["_Worker"] = set()
_WARM: list["_Worker"] = []  # started ahead of the jobs (warm_workers), for render to take first
_WARM_LOCK = threading.Lock()


def warm_workers(count: int) -> None:
    """Start ``count`` workers now: they start Node.js and load cdk8s while the caller goes on
    (validating the instance files), and ``render`` takes them first. ``stop_warm_workers`` stops
    those it did not take."""
    with _WARM_LOCK:
        while len(_WARM) < count:
            _WARM.append(_Worker())


def stop_warm_workers() -> None:
    with _WARM_LOCK:
        while _WARM:
            _WARM.pop().stop()


def warm_when_worth_it(jobs: int | None, shards: int = 1) -> Callable[[int, int], None]:
    """For ``synth.load_instances``, which tells it of each file validated anew (not taken from the
    cache, so likely to be rendered): once enough of them for one worker's jobs were validated, warm
    as many workers as the files will need (of one shard's share, with ``shards``)."""
    def validated(fresh: int, files: int) -> None:
        if fresh == MIN_PER_JOB * shards:
            warm_workers(max(1, min(jobs or default_jobs(), files // shards // MIN_PER_JOB)))
    return validated


def prestart(paths: Sequence[str | Path], default_folder: str | Path = "instances") -> None:
    """Before anything is imported or validated: for fewer instance files than a worker is worth
    (synthesized in this process), start this process's kernel now, so that Node.js loads cdk8s
    while Python imports and validates (a third of a second of a one-instance synthesis)."""
    from claude_constructs.synthesis import INSTANCE_SUFFIXES
    from claude_constructs.synthesis.node_channel import prestart_kernel

    count = 0
    for raw in paths or [default_folder]:
        path = Path(raw)
        if path.is_file():
            count += 1
        elif path.is_dir():
            for _, _, names in os.walk(path):
                count += sum(1 for name in names if name.endswith(INSTANCE_SUFFIXES))
                if count >= MIN_PER_JOB:
                    return
    if count and count < MIN_PER_JOB:
        prestart_kernel()


class _Worker:
    """A worker process that synthesizes the jobs it is sent, one at a time."""

    def __init__(self) -> None:
        self.stderr = tempfile.TemporaryFile()  # a file: a chatty worker can never block on it
        self.process = subprocess.Popen(
            [sys.executable, "-O", "-m", "claude_constructs.synthesis.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            start_new_session=True,  # Ctrl-C reaches this process only, which stops the workers itself
        )
        _LIVE.add(self)
        self.timed_out = False

    def run(self, job: Job | FleetJob, folder: Path) -> bool:
        """Send ``job``; True once the worker reports it done."""
        data = pickle.dumps((job, str(folder)))
        # Sent from a thread: a worker that stops reading cannot block this one past the timeout.
        sender = threading.Thread(target=self._send, args=(_FRAME.pack(len(data)) + data,), daemon=True)
        sender.start()
        if not select.select([self.process.stdout], [], [], JOB_TIMEOUT)[0]:
            self.timed_out = True  # a hung worker must not hang the whole synthesis
            self.process.kill()
            sender.join()
            return False
        sender.join()
        return self.process.stdout.readline() == b"done\n"

    def _send(self, frame: bytes) -> None:
        try:
            self.process.stdin.write(frame)
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):  # the worker is gone: its stdout ends, run() says so
            pass

    def close(self) -> str | None:
        """Let the worker end; its last error line when it failed."""
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        code = self.process.wait()
        self._forget()
        self.stderr.seek(0)
        lines = self.stderr.read().decode(errors="replace").strip().splitlines()
        self.stderr.close()
        if self.timed_out:
            return f"no answer within {JOB_TIMEOUT} s on one job; the worker was stopped"
        if code == 0:
            return None
        return lines[-1] if lines else f"exit code {code}"

    def stop(self) -> None:
        """Stop a worker whose jobs are all done (what it wrote is written) or that has none: at
        once, where ending itself takes Python and Node.js a few tenths of a second."""
        self.process.kill()
        self.process.wait()
        self._forget()
        self.stderr.close()

    def _forget(self) -> None:
        _LIVE.discard(self)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


def _run_workers(work: list[Job | FleetJob], folder: Path, jobs: int, total: int, progress: Callable[[int, int], None] | None) -> None:
    pending: queue.Queue[Job | FleetJob] = queue.Queue()
    for job in work:
        pending.put(job)
    done = [0, 0]  # instance charts, jobs
    errors: list[str] = []
    lock = threading.Lock()

    def start() -> _Worker:
        with _WARM_LOCK:
            return _WARM.pop() if _WARM else _Worker()

    def lane() -> None:
        worker = None
        try:
            while not errors:
                try:
                    job = pending.get_nowait()
                except queue.Empty:
                    return
                worker = worker or start()
                if not worker.run(job, folder):
                    failure, worker = worker.close(), None
                    errors.append(failure or "a worker stopped before finishing its job")
                    return
                with lock:
                    done[0] += job.instances
                    done[1] += 1
                    if progress:
                        progress(done[0], total)
        except BaseException as error:  # a worker that cannot start, or anything else: never a silent gap
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            if worker is not None:
                worker.stop()

    lanes = [threading.Thread(target=lane, daemon=True) for _ in range(min(jobs, len(work)))]
    for thread in lanes:
        thread.start()
    try:
        for thread in lanes:
            thread.join()
    except BaseException:  # interrupted: no worker outlives the synthesis
        errors.append("interrupted")
        for worker in list(_LIVE):
            worker.process.kill()
        for thread in lanes:
            thread.join()
        raise
    if errors or done[1] != len(work):
        raise SynthesisError(f"a synthesis worker failed: {errors[0] if errors else 'jobs were left undone'}")


def _read_jobs(stream: IO[bytes]):
    while header := stream.read(_FRAME.size):
        (size,) = _FRAME.unpack(header)
        yield pickle.loads(stream.read(size))


def worker_main() -> None:
    """The loop of a worker process (``synthesis/worker.py``): a job in, its files written, a line
    "done" out."""
    # Only "done" lines go to the parent: anything else written to stdout goes to stderr.
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    _get_ready()
    for job, folder in _read_jobs(sys.stdin.buffer):
        try:
            run_job(job, folder)
        except Exception as error:
            # One line for the parent (it reports the last line of stderr): what failed, and why.
            if isinstance(job, FleetJob):
                charts = "the ArgoCD chart" if job.entries is not None else "the tenant charts"
            else:
                charts = ", ".join(c.name for c in job.configs[:3]) + ("..." if len(job.configs) > 3 else "")
            message = " ".join(str(error).split())[:500]
            print(f"synthesizing {charts}: {type(error).__name__}: {message}", file=sys.stderr)
            sys.exit(1)
        replies.write("done\n")
        replies.flush()


def _get_ready() -> None:
    """What every job needs, done before the first arrives: Node.js started, cdk8s and the
    constructs loaded, the manifest writer installed."""
    from claude_constructs.synthesis.node_channel import use_direct_kernel

    use_direct_kernel()
    from claude_constructs.synthesis import app  # noqa: F401
    from claude_constructs.synthesis.kernel_package import install_yaml_writer

    install_yaml_writer()

