"""Synthesis kernels: Node.js processes with cdk8s loaded, each making and synthesizing whole Apps
that this process builds.

This process builds a job's App with its objects queued (``kernel_package.queue_app``): one batch,
a JSON text that refers to no object made before it, so any kernel can make it. A kernel is jsii's
own (``lib/program.js``, spoken to over descriptor 3 with jsii's requests, as
``node_channel`` speaks to it): it loads constructs, cdk8s, cdk8s-plus-28 and this package, installs
the manifest writer, then answers one ``ObjectBatch.synth`` after another; the packages this
process loaded since (the CRD bindings, imported as constructs need them) are sent before the next
batch. The kernels need no Python process of their own, and this process builds the next App while
they write.

Before, each kernel had a Python worker process of its own (the jsii bindings, the configurations
pickled to it): 63-65 MB each at the peak of a cold 1,000-instance synthesis, measured from /proc.
"""

from __future__ import annotations

import collections
import json
import queue
import tempfile
import threading
from typing import Callable

from claude_constructs.synthesis import kernel_package, node_channel

DEPTH = 2  # batches sent to a kernel ahead of its answers: it never waits for the next one to be built
# V8's heap, sized for one job at a time. jsii gives its kernel a limit of 4 GB, from which V8 lets
# the old generation grow to about 40 MB of garbage between collections (each job promotes about
# 3 MB); a limit of 512 MB keeps it near the live data. The ArgoCD chart of 10,000 instances, the
# largest job measured, ran within 256 MB; the limit grows by 0.05 MB an instance beyond about
# 9,000. A young generation of 8 MB semi-spaces, not 16. Measured on 1,000 instances (single runs):
# the two kernels' peak went from about 320 MB to 225 MB, at the same speed (1.01 times, five
# pairs, measured with the worker processes of before); 4 MB semi-spaces saved 8 MB more.
SEMI_SPACE_MB = 8


def heap_limit_mb(instances: int) -> int:
    """The old generation's limit for a kernel whose largest chart holds ``instances`` instances."""
    return max(512, 64 + instances // 20)


class KernelError(RuntimeError):
    """A kernel failed, or gave no answer in time; the message says which job and why."""


_ANSWERS: queue.Queue = queue.Queue()  # (kernel, line) from every kernel's reader; line None: its end


class SynthesisKernel:
    """One Node.js process running jsii's kernel, sent batches; its answers go to ``_ANSWERS``."""

    def __init__(self, instances: int) -> None:
        self.heap_mb = heap_limit_mb(instances)
        self.output = tempfile.TemporaryFile()  # a file: a chatty kernel can never block on it
        flags = [f"--max-old-space-size={self.heap_mb}", f"--max-semi-space-size={SEMI_SPACE_MB}"]
        try:
            process = node_channel.spawn_kernel(self.output, flags)
        except OSError as error:
            self.output.close()
            raise KernelError(f"Node.js could not be started: {error}") from None
        if process is None:  # pragma: no cover - another jsii layout
            self.output.close()
            raise KernelError("this jsii's kernel cannot be started on its own")
        self.process = process
        self.hello = False
        self.jobs = 0  # batches sent and not answered yet
        self.loaded: set[str] = set()  # the packages it was sent to load
        self.error: KernelError | None = None  # a failure while no pool had it (a warm kernel)
        self.waiting: collections.deque[tuple[str, Callable[[], None] | None]] = collections.deque()
        # Written by a thread of its own, in order: a kernel that stops reading cannot block this
        # process past the timeout.
        self.outbox: queue.Queue[bytes | None] = queue.Queue()
        _LIVE.add(self)
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._send, daemon=True).start()
        ready = (node_channel.preload_requests() or []) + kernel_package.kernel_requests()
        self.loaded.update(request["name"] for request in ready if request["api"] == "load")
        self._write(ready, [("loading cdk8s", None)] * len(ready))

    @property
    def in_flight(self) -> int:
        return len(self.waiting)

    def send(self, label: str, batch: kernel_package.Batch, done: Callable[[], None]) -> None:
        """Send ``batch``, after the loads of the packages this process loaded since the last one (the
        CRD packages, imported as the constructs need them)."""
        loads = [load for load in node_channel.loaded_packages() if load["name"] not in self.loaded]
        self.loaded.update(load["name"] for load in loads)
        self.jobs += 1
        self._write(loads + [batch.request()], [(f"loading {load['name']}", None) for load in loads]
                    + [(f"synthesizing {label}", done)])

    def _write(self, requests: list[dict], purposes: list) -> None:
        self.waiting.extend(purposes)
        self.outbox.put(b"".join(json.dumps(request).encode() + b"\n" for request in requests))

    def _send(self) -> None:
        while (data := self.outbox.get()) is not None:
            try:
                self.process.stdin.write(data)
                self.process.stdin.flush()
            except (OSError, ValueError):  # the kernel is gone: its answers end, and the pool says so
                return

    def _read(self) -> None:
        try:
            for line in self.process.stdout:
                _ANSWERS.put((self, line))
        except (OSError, ValueError):
            pass
        _ANSWERS.put((self, None))

    def take(self, line: bytes | None) -> None:
        """One line from the kernel: its hello, or the answer to the oldest request waiting."""
        if line is None:
            raise KernelError(f"{self._doing()}: Node.js stopped ({self._last_output()})")
        answer = json.loads(line)
        if not self.hello:
            if "hello" not in answer:
                raise KernelError(f"Node.js did not start the cdk8s kernel: {line[:200]!r}")
            self.hello = True
            return
        if not self.waiting:
            raise KernelError(f"the cdk8s kernel answered what it was not asked: {line[:200]!r}")
        purpose, done = self.waiting.popleft()
        if "error" in answer:
            message = " ".join(str(answer["error"]).split())[:500]
            raise KernelError(f"{purpose}: {message}")
        if done is not None:
            self.jobs -= 1
            done()

    def _doing(self) -> str:
        return self.waiting[0][0] if self.waiting else "waiting"

    def _last_output(self) -> str:
        self.output.seek(0)
        lines = self.output.read().decode(errors="replace").strip().splitlines()
        return lines[-1] if lines else f"exit code {self.process.poll()}"

    def stop(self) -> None:
        """Stop it at once: what its answered jobs wrote is written."""
        _LIVE.discard(self)
        self.outbox.put(None)
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.output):
            try:
                stream.close()
            except OSError:
                pass


_LIVE: set[SynthesisKernel] = set()
_WARM: list[SynthesisKernel] = []  # started ahead of the jobs (warm_kernels), for a pool to take first
_WARM_LOCK = threading.Lock()


def warm_kernels(count: int, instances: int) -> None:
    """Start ``count`` kernels for charts of up to ``instances`` instances now: they load cdk8s while
    this process goes on (validating the instance files), and the next pool takes them first.
    ``stop_warm_kernels`` stops those not taken."""
    with _WARM_LOCK:
        while len(_WARM) < count:
            _WARM.append(SynthesisKernel(instances))


def stop_warm_kernels() -> None:
    with _WARM_LOCK:
        while _WARM:
            _WARM.pop().stop()


def stop_all() -> None:
    """Stop every kernel this process started (an interrupted synthesis)."""
    stop_warm_kernels()
    for kernel in list(_LIVE):
        kernel.stop()


class KernelPool:
    """``count`` kernels for charts of up to ``instances`` instances, warm ones first, each sent up to
    ``DEPTH`` batches ahead. Any failure stops them all: the first is the error."""

    def __init__(self, count: int, timeout: float, instances: int) -> None:
        self.timeout = timeout
        self.kernels: list[SynthesisKernel] = []
        try:
            while len(self.kernels) < count:
                with _WARM_LOCK:
                    warm = _WARM.pop() if _WARM else None
                if warm is not None and warm.heap_mb < heap_limit_mb(instances):
                    warm.stop()  # started for a smaller fleet than this synthesis holds
                    continue
                self.kernels.append(warm or SynthesisKernel(instances))
                if self.kernels[-1].error is not None:
                    raise self.kernels[-1].error
        except BaseException:
            self.stop()
            raise

    def __enter__(self) -> "KernelPool":
        return self

    def __exit__(self, *failure) -> None:
        self.stop()

    def submit(self, label: str, batch: kernel_package.Batch, done: Callable[[], None]) -> None:
        """Send ``batch`` to the kernel with the fewest waiting, once one has room; ``done()`` when it
        is written."""
        while True:
            kernel = min(self.kernels, key=lambda k: k.jobs)
            if kernel.jobs < DEPTH:
                break
            self._next_answer()
        kernel.send(label, batch, done)

    def finish(self) -> None:
        """Wait for every answer."""
        while any(kernel.in_flight for kernel in self.kernels):
            self._next_answer()

    def _next_answer(self) -> None:
        while True:
            try:
                kernel, line = _ANSWERS.get(timeout=self.timeout)
            except queue.Empty:
                raise KernelError(f"no answer within {self.timeout:g} s on one job; the kernels were stopped") from None
            if kernel in self.kernels:
                kernel.take(line)
                return
            if kernel in _LIVE:  # a warm kernel no pool has taken yet: its failure waits for the pool that takes it
                try:
                    kernel.take(line)
                except KernelError as error:
                    kernel.error = error

    def stop(self) -> None:
        for kernel in self.kernels:
            kernel.stop()
