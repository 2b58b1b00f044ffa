"""One Node.js process for cdk8s instead of two: jsii's kernel spoken to directly.

jsii's Python runtime starts ``bin/jsii-runtime.js``, which only starts a second Node.js process
(``lib/program.js``, the kernel), relays every request and answer between its pipes and the
kernel's file descriptor 3, and wraps the kernel's console output as JSON lines. Each call into
cdk8s thus wakes three processes, and every kernel costs two Node.js start-ups. Here the
kernel is started itself, with descriptor 3 one end of a socket pair whose other end jsii writes
and reads; its console output goes straight to this process's stdout and stderr. The requests and
answers are the same bytes.

Measured on a 2-core machine: a call that does nothing takes a third to a half less time, and a
kernel starts one Node.js process fewer (about 0.2 s less at each start). The synthesis kernels
(``kernel_pool``) are started the same way (``spawn_kernel``), and a process that only builds their
batches never starts its own (``start_kernel_on_first_call``). It relies on internals of the
pinned jsii version (the ``_NodeProcess`` methods ``start``, ``send`` and ``stop``, the memoized
``_process`` of its provider, and the embedded file ``lib/program.js``); when they are missing,
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
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Sequence

_INSTALLED = False
_LAZY = False  # start_kernel_on_first_call
KERNEL_FD = 3  # where lib/program.js reads requests and writes answers
# The packages the constructs need, in the order their Python modules load them.
PRELOADED = ("constructs", "cdk8s", "cdk8s_plus_28")
_EARLY: dict = {}  # the kernel prestart_kernel started: its process and the number of loads it was sent
LOADS: list[dict] = []  # every package this process's jsii loaded (or was asked to, when lazy), in order
_PROGRAM: dict = {}  # _program's copy of jsii's kernel, and the folder that holds it


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
    stock_start, stock_send, stock_stop = node_process.start, node_process.send, node_process.stop

    def start(self) -> None:
        if _LAZY:
            self._claude_constructs_loads = []  # started at the first request other than a load
            return
        _really_start(self)

    def _really_start(self) -> None:
        if _EARLY:
            return _adopt_kernel(self)
        program = os.path.join(os.path.dirname(os.path.dirname(self._jsii_runtime())), "lib", "program.js")
        if not os.path.isfile(program):  # pragma: no cover - another jsii layout
            return stock_start(self)
        _start_kernel(self, program)

    def realize(self) -> None:
        """Start the kernel a lazy start left unstarted, and send it the loads it was spared."""
        from jsii._kernel.types import LoadResponse

        _really_start(self)
        for request in vars(self).pop("_claude_constructs_loads"):
            stock_send(self, request, LoadResponse)

    def send(self, request, response_type):
        from jsii._kernel.types import LoadRequest, LoadResponse

        if isinstance(request, LoadRequest):
            LOADS.append({"api": "load", "name": request.name, "version": request.version, "tarball": request.tarball})
        if "_claude_constructs_loads" in vars(self):
            if isinstance(request, LoadRequest):
                self._claude_constructs_loads.append(request)
                return LoadResponse(assembly=request.name, types=0)
            realize(self)
        return stock_send(self, request, response_type)

    def getattr_(self, name: str):
        if name == "_process" and "_claude_constructs_loads" in vars(self):  # kube writes to it directly
            realize(self)
            return self._process
        raise AttributeError(name)

    def stop(self) -> None:
        if "_claude_constructs_loads" not in vars(self):  # a kernel never started has nothing to stop
            stock_stop(self)

    node_process.start, node_process.send, node_process.stop = start, send, stop
    node_process.__getattr__ = getattr_
    _INSTALLED = True


def start_kernel_on_first_call() -> None:
    """From now on jsii's kernel in this process starts at its first request other than a load: the
    loads the Python modules send on import are kept, and sent then. A process that only builds
    batches for the synthesis kernels (``kernel_pool``) so never starts one. Only for a jsii that
    has not started its kernel yet, and with ``use_direct_kernel`` in place."""
    global _LAZY
    use_direct_kernel()
    _LAZY = _INSTALLED and not _jsii_started()


def kernel_started() -> bool:
    """Whether this process's jsii runs its kernel (not one a lazy start left unstarted)."""
    return _jsii_started()


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
    loads = preload_requests()
    program = _program()
    if program is None or loads is None:
        return  # pragma: no cover - another layout: jsii starts its kernel itself
    if shutil.which(os.environ.get("JSII_NODE", "node")) is None:
        return  # the synthesis reports it, in its words
    process = _spawn(program)
    try:
        process.stdin.write(b"".join(json.dumps(request).encode() + b"\n" for request in loads))
        process.stdin.flush()
    except OSError:
        pass  # Node.js is gone already: adopting it says so
    _EARLY.update(process=process, loads=len(loads))
    atexit.register(stop_prestarted_kernel)  # before the folder of program.js is removed


def stop_prestarted_kernel() -> None:
    """Stop the kernel ``prestart_kernel`` started when jsii has not taken it (nothing to synthesize,
    or a validation error): at once, and before this process removes the folder Node.js reads
    ``program.js`` from (which a Node.js still starting reported on the console)."""
    process = _EARLY.pop("process", None)
    _EARLY.clear()
    if process is None:
        return
    process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        try:
            stream.close()
        except OSError:
            pass


def spawn_kernel(output: IO[bytes], flags: Sequence[str] = ()) -> subprocess.Popen | None:
    """A kernel of jsii's in a Node.js process of its own (not this process's jsii's), given Node.js
    ``flags`` after jsii's, in a session of its own (Ctrl-C reaches this process only, which stops
    it), its console output and errors written to ``output``; its ``stdin`` and ``stdout`` carry
    requests and answers, after its hello. None when the pinned jsii's layout is not the one known
    here."""
    program = _program()
    return None if program is None else _spawn(program, output, flags)


def loaded_packages() -> list[dict]:
    """The load requests of every jsii package this process's bindings loaded: those sent since
    ``use_direct_kernel`` (or kept by a lazy start), in order, then any other an imported module
    holds (loaded before; the CRD bindings, which need only cdk8s and constructs)."""
    import importlib.resources

    found = {load["name"]: load for load in LOADS}
    for module in list(sys.modules.values()):
        assembly = getattr(module, "__jsii_assembly__", None)
        if assembly is not None and getattr(assembly, "name", None) not in found:
            tarball = importlib.resources.files(f"{assembly.module}._jsii").joinpath(assembly.filename)
            found[assembly.name] = {"api": "load", "name": assembly.name, "version": assembly.version,
                                    "tarball": str(tarball)}
    return list(found.values())


def preload_requests() -> list[dict] | None:
    """The load requests of ``PRELOADED``, as their Python modules send them on import."""
    loads = [_assembly_load(name) for name in PRELOADED]
    return None if None in loads else loads


def _program() -> str | None:
    """jsii's kernel (``lib/program.js``) with the file it starts a worker thread from, copied once
    to a folder kept while this process runs (jsii embeds them under other names)."""
    if "program" not in _PROGRAM:
        embedded = _module_folder("jsii")
        if embedded is None or not (embedded / "_embedded" / "jsii" / "lib__program.js").is_file():
            _PROGRAM["program"] = None  # pragma: no cover - another layout
        else:
            folder = tempfile.TemporaryDirectory(prefix="claude-constructs-kernel-")
            for name in ("program.js", "runtime-index-worker.js"):
                (Path(folder.name) / name).write_bytes((embedded / "_embedded" / "jsii" / f"lib__{name}").read_bytes())
            _PROGRAM.update(program=str(Path(folder.name) / "program.js"), folder=folder)
    return _PROGRAM["program"]


def _jsii_started() -> bool:
    """Whether jsii in this process has started its kernel (a lazy start's unstarted one is not)."""
    runtime = sys.modules.get("jsii._runtime")
    if runtime is None:
        return False
    # The provider's _process is a memoized property: what it made is kept in its getter's closure.
    getter = getattr(getattr(type(runtime.kernel.provider), "_process", None), "fget", None)
    for cell in getattr(getter, "__closure__", None) or ():
        made = cell.cell_contents
        if isinstance(made, list):
            return bool(made) and "_process" in vars(made[0])
    return False  # pragma: no cover - another jsii layout


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
    for _ in range(early["loads"]):
        answer = self._next_message()
        if "ok" not in answer:
            raise SynthesisError(f"Node.js could not load cdk8s: {answer.get('error', answer)}")


_BECOME_NODE = f"import os, sys; os.dup2(int(sys.argv[1]), {KERNEL_FD}); os.execv(sys.argv[2], sys.argv[2:])"


def _spawn(program: str, output: IO[bytes] | None = None, flags: Sequence[str] = ()) -> subprocess.Popen:
    environ = os.environ.copy()
    environ["JSII_AGENT"] = f"Python/{platform.python_version()}"
    ours, theirs = socket.socketpair()
    node = [node_executable(), "--max-old-space-size=4069", *flags, "--preserve-symlinks", program]
    try:
        # A Python without site or environment puts the socket at descriptor 3 and becomes Node.js
        # (with the flags jsii-runtime.js gives the kernel). A preexec_fn would do the same but is
        # unsafe while threads run, and a shell's redirection takes descriptors up to 9 only.
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _BECOME_NODE, str(theirs.fileno()), *node],
            stdin=subprocess.DEVNULL, env=environ, pass_fds=(theirs.fileno(),),
            stdout=output, stderr=output, start_new_session=output is not None,
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
