"""The YAML writer of ``claude-instance synth``: the bytes cdk8s writes, in a fifth of the time.

cdk8s writes each manifest with the ``yaml`` library, and that is about nine tenths of a synthesis
(measured: 8.3 s of 9.4 s for 1,000 instances in plain Node.js). ``yaml_writer/index.js`` writes the
same bytes: the block structure directly, and each scalar as the library renders it at that place
(the library itself renders it once, in a small document, and the text is remembered). It is a
jsii package of its own (``yaml_writer/.jsii`` declares its one class), loaded into the kernel next
to cdk8s, and its ``ManifestWriter.install()`` makes ``Yaml.stringify``, through which ``App.synth``
writes, this writer. Only the CLI's synthesis installs it: ``cdk8s synth`` and a library user's app
keep cdk8s's own writer, and ``tests/test_yaml_writer.py`` holds the two to the same bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).with_name("yaml_writer")
FILES = ("package.json", ".jsii", "index.js")
_INSTALLED = False


def install_yaml_writer() -> None:
    """Load the writer into this process's jsii kernel (cdk8s already loaded) and install it."""
    global _INSTALLED
    if _INSTALLED:
        return
    from jsii._kernel.types import StaticInvokeRequest
    from jsii._runtime import kernel

    assembly = json.loads((PACKAGE / ".jsii").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="claude-constructs-") as folder:
        tarball = Path(folder) / "package.tgz"
        tarball.write_bytes(package_tarball())
        kernel.load(assembly["name"], assembly["version"], str(tarball))
    answer = kernel.provider.sinvoke(StaticInvokeRequest(fqn=f"{assembly['name']}.ManifestWriter", method="install", args=[]))
    if answer.result is not True:
        raise RuntimeError("the manifest writer did not install itself in cdk8s")
    _INSTALLED = True


def package_tarball() -> bytes:
    """The package as npm packs it (files under ``package/``), the same bytes every time: jsii's
    package cache keys on them."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name in FILES:
            data = (PACKAGE / name).read_bytes()
            entry = tarfile.TarInfo(f"package/{name}")
            entry.size, entry.mode, entry.mtime = len(data), 0o644, 0
            archive.addfile(entry, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), mtime=0)
