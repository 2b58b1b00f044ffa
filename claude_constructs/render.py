"""Rendering many instances fast: cdk8s synthesis sharded over worker processes.

Every call into cdk8s crosses into a Node.js process, and one App's synthesis grows faster than
linearly with its charts. So instances are split over worker processes (each with its own Node.js,
``jobs`` at a time, at most ``MAX_PER_WORKER`` instances each), and each worker synthesizes them in
Apps of ``CHUNK`` charts. Workers run Python with
``-O``: the jsii bindings then skip their run-time type checks (the configuration is already
validated, and the tests run the same code with the checks on). Output is identical to one App's.
"""

from __future__ import annotations

import math
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .gitops import GitOpsConfig
from .config import InstanceConfig

CHUNK = 25  # measured: 25 charts per App synthesize about 10% faster than 100, 400 much slower
MIN_PER_JOB = 40  # below this a worker process costs more (its start) than it saves
MAX_PER_WORKER = 1000  # measured: 500 bounds memory at 2,000 (800 MB) but costs a second start per lane


class SynthesisError(RuntimeError):
    """A worker process failed; its last error line is the message."""


@dataclass(frozen=True, slots=True)
class Task:
    configs: tuple[InstanceConfig, ...]
    folder: str
    gitops: GitOpsConfig | None = None
    argocd_configs: tuple[InstanceConfig, ...] = ()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def render(
    configs: Sequence[InstanceConfig],
    folder: Path,
    gitops: GitOpsConfig | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Synthesize every instance (and the ArgoCD chart) into ``folder``."""
    configs = list(configs)
    jobs = max(1, min(jobs or default_jobs(), len(configs) // MIN_PER_JOB or 1))
    # At most MAX_PER_WORKER instances per worker process: Node.js keeps every object it was handed
    # until its process ends, so a fresh worker bounds the memory whatever the size of the fleet.
    count = max(jobs, math.ceil(len(configs) / MAX_PER_WORKER))
    shards = [tuple(configs[index::count]) for index in range(count)]
    tasks = [Task(shard, str(folder)) for shard in shards]
    if gitops is not None:
        tasks[0] = Task(shards[0], str(folder), gitops, tuple(configs))
    if count == 1 and len(configs) < MIN_PER_JOB:
        run_task(tasks[0], progress and (lambda done: progress(done, len(configs))))
        return
    _run_workers(tasks, jobs, len(configs), progress)


def run_task(task: Task, progress: Callable[[int], None] | None = None) -> None:
    from .synth import build_app

    done = 0
    for start in range(0, len(task.configs), CHUNK):
        chunk = task.configs[start:start + CHUNK]
        build_app(chunk, task.folder).synth()
        done += len(chunk)
        if progress:
            progress(done)
    if task.gitops is not None:
        build_app([], task.folder, task.gitops, argocd_configs=task.argocd_configs).synth()


def _run_workers(tasks: list[Task], jobs: int, total: int, progress: Callable[[int, int], None] | None) -> None:
    """Run each task in a worker process of its own, at most ``jobs`` at a time."""
    pending = queue.Queue()
    for index, task in enumerate(tasks):
        pending.put((index, task))
    done = [0] * len(tasks)
    errors: list[str] = []
    lock = threading.Lock()

    def lane() -> None:
        while not errors:
            try:
                index, task = pending.get_nowait()
            except queue.Empty:
                return
            with tempfile.TemporaryFile() as stderr:  # a file: a chatty worker can never block on it
                worker = subprocess.Popen(
                    [sys.executable, "-O", "-m", "claude_constructs.render"],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                )
                worker.stdin.write(pickle.dumps(task))
                worker.stdin.close()
                for line in worker.stdout:  # one line per finished chunk: the worker's count so far
                    with lock:
                        done[index] = int(line)
                        if progress:
                            progress(sum(done), total)
                if worker.wait() != 0:
                    stderr.seek(0)
                    lines = stderr.read().decode(errors="replace").strip().splitlines()
                    with lock:
                        errors.append(lines[-1] if lines else f"exit code {worker.returncode}")

    lanes = [threading.Thread(target=lane, daemon=True) for _ in range(min(jobs, len(tasks)))]
    for thread in lanes:
        thread.start()
    for thread in lanes:
        thread.join()
    if errors:
        raise SynthesisError(f"a synthesis worker failed: {errors[0]}")


def _worker_main() -> None:
    task = pickle.loads(sys.stdin.buffer.read())

    def report(done: int) -> None:
        print(done, flush=True)

    run_task(task, report)


if __name__ == "__main__":
    _worker_main()
