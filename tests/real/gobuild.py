"""Builds a binary from a pinned Go wrapper module once, and reuses it while the pins are unchanged.

Each component has its own wrapper module beside this file (`tests/real/<component>/go.mod` and
`go.sum`): the pins are the module's requirements. A binary is stored under a key made of those two
files, the package, the build flags and the Go version, so a changed pin builds anew and an unchanged
one is found at once. Go's own module and build caches make a rebuild after a key change incremental.

The cache root is `$CLAUDE_CONSTRUCTS_BIN_CACHE`, else `$XDG_CACHE_HOME/claude-constructs/bin`, else
`~/.cache/claude-constructs/bin`. A failed build raises `BuildError` with the tail of Go's output; it is
never a skip.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


class BuildError(RuntimeError):
    pass


def cache_root() -> Path:
    if os.environ.get("CLAUDE_CONSTRUCTS_BIN_CACHE"):
        return Path(os.environ["CLAUDE_CONSTRUCTS_BIN_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "claude-constructs" / "bin"


def go_version() -> str:
    go = shutil.which("go")
    if go is None:
        raise BuildError("go is not on the PATH: the real-component tests build their binaries with Go 1.26+")
    return subprocess.run([go, "version"], check=True, capture_output=True, text=True).stdout.strip()


def go_binary(component: str, package: str, name: str, *, ldflags: str = "", tags: str = "", timeout: float = 3600) -> Path:
    """The path of `name` built from `package` in the wrapper module `tests/real/<component>`."""
    module = HERE / component
    digest = hashlib.sha256()
    for part in (
        (module / "go.mod").read_bytes(),
        (module / "go.sum").read_bytes() if (module / "go.sum").exists() else b"",
        *(p.read_bytes() for p in sorted(module.glob("*.go"))),
        package.encode(), ldflags.encode(), tags.encode(), go_version().encode(),
    ):
        digest.update(hashlib.sha256(part).digest())
    target = cache_root() / f"{name}-{digest.hexdigest()[:16]}" / name
    if target.exists():
        return target
    target.parent.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target.parent.parent))
    command = ["go", "build", "-trimpath", "-o", str(staging / name)]
    if ldflags:
        command += ["-ldflags", ldflags]
    if tags:
        command += ["-tags", tags]
    command.append(package)
    env = {**os.environ, "CGO_ENABLED": "0", "GOFLAGS": "-mod=readonly -buildvcs=false", "GOTOOLCHAIN": "local"}
    try:
        result = subprocess.run(command, cwd=module, env=env, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
            raise BuildError(f"building {name} from {package} in {module} failed:\n{tail}")
        try:
            staging.rename(target.parent)
        except OSError:
            if not target.exists():  # another process won the race: its binary is the same build
                raise
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)
