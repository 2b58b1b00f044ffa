"""One Node.js process for cdk8s instead of two: jsii's kernel spoken to directly.

jsii's Python runtime starts ``bin/jsii-runtime.js``, which only starts a second Node.js process
(``lib/program.js``, the kernel), relays every request and answer between its pipes and the
kernel's file descriptor 3, and wraps the kernel's console output as JSON lines. Each call into
cdk8s thus wakes three processes, and a synthesis worker costs two Node.js start-ups. Here the
kernel is started itself, with descriptor 3 one end of a socket pair whose other end jsii writes
and reads; its console output goes straight to this process's stdout and stderr. The requests and
answers are the same bytes.

Measured on a 2-core machine: a call that does nothing takes a third to a half less time, and a
worker starts one Node.js process fewer (about 0.2 s less at each start). It relies on two internals of the pinned jsii version (the
``_NodeProcess.start`` method and the embedded file ``lib/program.js``); when either is missing,
jsii starts as it always does, and the output is the same either way.
"""

from __future__ import annotations

import atexit
import importlib.util
import io
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

_INSTALLED = False
KERNEL_FD = 3  # where lib/program.js reads requests and writes answers
# The packages the constructs need, in the order their Python modules load them.
PRELOADED = ("constructs", "cdk8s", "cdk8s_plus_28")
_EARLY: dict = {}  # the kernel prestart_kernel started: its process, its socket, the loads it was sent


def use_direct_kernel() -> None:
    """Start jsii's kernel directly from now on (only when jsii has not started yet in this process)."""
    global _INSTALLED
    if _INSTALLED:
        return
    try:
        from jsii._kernel.providers import process as jsii_process
    except ImportError:  # pragma: no cover - a jsii without the process provider: leave it alone
        return
    node_process = getattr(jsii_process, "_NodeProcess", None)
    if node_process is None or not hasattr(node_process, "_jsii_runtime") or not hasattr(node_process, "handshake"):
        return  # pragma: no cover - another jsii layout: jsii starts as usual
    stock_start = node_process.start

    def start(self) -> None:
        if _EARLY:
            return _adopt_kernel(self)
        program = os.path.join(os.path.dirname(os.path.dirname(self._jsii_runtime())), "lib", "program.js")
        if not os.path.isfile(program):  # pragma: no cover - another jsii layout
            return stock_start(self)
        _start_kernel(self, program)

    node_process.start = start
    _INSTALLED = True


def node_executable() -> str:
    """The Node.js that runs cdk8s (``node`` on the PATH, or ``JSII_NODE``), or a ``SynthesisError``."""
    from claude_constructs.synthesis.render import SynthesisError

    name = os.environ.get("JSII_NODE", "node")
    found = shutil.which(name)
    if found is None:
        raise SynthesisError(f"Node.js ({name!r}) was not found on the PATH: cdk8s runs in Node.js; install "
                             "Node.js 20 or later (see the README), or set JSII_NODE to its path")
    return found


def prestart_kernel() -> None:
    """Start the kernel now, before Python imports jsii, and send it the loads of ``PRELOADED``: Node.js
    reads those packages (a third of a second) while Python imports its modules and validates. The
    kernel is jsii's once jsii starts (``use_direct_kernel`` must be in place by then); their modules'
    own loads of the same packages are then answered at once. Nothing is started when the pinned
    jsii's layout is not the one known here."""
    if _EARLY or _jsii_started():  # jsii runs its kernel already: nothing to start
        return
    embedded = _module_folder("jsii")
    loads = [_assembly_load(name) for name in PRELOADED]
    if embedded is None or None in loads or not (embedded / "_embedded" / "jsii" / "lib__program.js").is_file():
        return  # pragma: no cover - another layout: jsii starts its kernel itself
    if shutil.which(os.environ.get("JSII_NODE", "node")) is None:
        return  # the synthesis reports it, in its words
    folder = tempfile.TemporaryDirectory(prefix="claude-constructs-kernel-")
    for name in ("program.js", "runtime-index-worker.js"):
        (Path(folder.name) / name).write_bytes((embedded / "_embedded" / "jsii" / f"lib__{name}").read_bytes())
    process = _spawn(str(Path(folder.name) / "program.js"))
    try:
        process.stdin.write(b"".join(json.dumps(request).encode() + b"\n" for request in loads))
        process.stdin.flush()
    except OSError:
        pass  # Node.js is gone already: adopting it says so
    _EARLY.update(process=process, folder=folder, loads=len(loads))


def _jsii_started() -> bool:
    import sys

    runtime = sys.modules.get("jsii._runtime")
    return runtime is not None and "_process" in vars(runtime.kernel.provider)


def _module_folder(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)  # finds the package without importing it
    return Path(spec.origin).parent if spec is not None and spec.origin else None


def _assembly_load(module: str) -> dict | None:
    """The load request the module's generated ``_jsii/__init__.py`` sends for its package."""
    folder = _module_folder(module)
    if folder is None or not (folder / "_jsii" / "__init__.py").is_file():
        return None
    found = re.search(r'JSIIAssembly\.load\(\s*"([^"]+)",\s*"([^"]+)",\s*__name__\[0:-6\],\s*"([^"]+)"\s*\)',
                      (folder / "_jsii" / "__init__.py").read_text(encoding="utf-8"))
    if found is None:
        return None
    name, version, tarball = found.groups()
    return {"api": "load", "name": name, "version": version, "tarball": str(folder / "_jsii" / tarball)}


def _adopt_kernel(self) -> None:
    """jsii's process becomes the kernel prestart_kernel started, once its loads are answered."""
    from claude_constructs.synthesis.render import SynthesisError

    early = dict(_EARLY)
    _EARLY.clear()
    _adopt(self, early["process"])
    self._claude_constructs_folder = early["folder"]  # kept for as long as the kernel runs
    for _ in range(early["loads"]):
        answer = self._next_message()
        if "ok" not in answer:
            raise SynthesisError(f"Node.js could not load cdk8s: {answer.get('error', answer)}")


def _spawn(program: str) -> subprocess.Popen:
    environ = os.environ.copy()
    environ["JSII_AGENT"] = f"Python/{platform.python_version()}"
    ours, theirs = socket.socketpair()
    node = [node_executable(), "--max-old-space-size=4069", "--preserve-symlinks", program]
    try:
        # The shell puts the socket at descriptor 3 and becomes Node.js (the flags jsii-runtime.js
        # gives the kernel); a preexec_fn would do the same but is unsafe while threads run.
        process = subprocess.Popen(
            ["/bin/sh", "-c", f'exec "$@" {KERNEL_FD}<&{theirs.fileno()} {theirs.fileno()}<&-', "sh", *node],
            stdin=subprocess.DEVNULL, env=environ, pass_fds=(theirs.fileno(),),
        )
    finally:
        theirs.close()
    # What jsii's _NodeProcess uses of its process: stdin and stdout for the messages, stderr to close.
    process.stdin = ours.makefile("wb")
    process.stdout = ours.makefile("rb")
    process.stderr = io.BytesIO()
    ours.close()  # the two file objects keep the socket open
    return process


def _start_kernel(self, program: str) -> None:
    _adopt(self, _spawn(program))


def _adopt(self, process: subprocess.Popen) -> None:
    from claude_constructs.synthesis.render import SynthesisError

    self._process = process
    self.sink_thread = threading.Thread(target=lambda: None)  # no relayed console output to decode
    self.sink_thread.start()
    try:
        self.handshake()
    except (ValueError, AssertionError, OSError) as error:  # no hello: Node.js failed to start (its stderr says why)
        process.kill()
        process.wait()
        process.stdin.close()  # so that jsii, cleaning up, writes nothing to it
        process.stdout.close()
        raise SynthesisError(f"Node.js ({node_executable()}) did not start the cdk8s kernel: "
                             f"{'it exited with code ' + str(process.returncode) if process.returncode else error}") from None
    atexit.register(_stop_quietly, self)


def _stop_quietly(node_process) -> None:
    """jsii's stop, which writes an exit request: to a kernel already gone (Ctrl-C reaches it too), in vain."""
    try:
        node_process.stop()
    except OSError:
        for stream in (node_process._process.stdin, node_process._process.stdout):
            try:
                stream.close()  # closed even when its flush fails: jsii's __del__ then writes nothing
            except OSError:
                pass
