"""What ``claude-instance synth`` runs inside cdk8s's Node.js process: a jsii package of its own
(``kernel/``, its one file of metadata ``kernel/.jsii``), loaded into jsii's kernel next to cdk8s.

- The manifest writer (``kernel/manifest_writer.js``) writes the bytes cdk8s's own writer writes,
  in a fifth of the time. cdk8s writes each manifest with the ``yaml`` library, about nine tenths
  of a synthesis (measured: 8.3 s of 9.4 s for 1,000 instances in plain Node.js). The writer writes
  the block structure itself and each scalar as the library renders it at that place (the library
  renders it once, in a small document, and the text is remembered). ``install_yaml_writer`` makes
  it cdk8s's ``Yaml.stringify``, through which ``App.synth`` writes.
- Object batches (``kernel/object_batch.js``): with ``deferred_objects``, the objects the constructs
  make (``kube.new_object``) are created in one call at the end, where each would otherwise be a
  call into Node.js of its own (about a millisecond each, 13 per instance).

Only the CLI's synthesis jobs use them: ``cdk8s synth`` and a library user's app keep cdk8s as it
is, and ``tests/test_kernel_package.py`` holds the two to the same bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PACKAGE = Path(__file__).with_name("kernel")
FILES = ("package.json", ".jsii", "index.js", "manifest_writer.js", "object_batch.js")
NAME = "claude-constructs-kernel"
_REFERENCE = re.compile(r'"\$jsii\.byref": "([^"\\]+)"')
_LOADED = False
_WRITER = False


def load_package() -> None:
    """Load the package into this process's jsii kernel (once; cdk8s must be loaded already)."""
    global _LOADED
    if _LOADED:
        return
    from jsii._runtime import kernel

    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    with tempfile.TemporaryDirectory(prefix="claude-constructs-") as folder:
        tarball = Path(folder) / "package.tgz"
        tarball.write_bytes(package_tarball())
        kernel.load(NAME, version, str(tarball))
    _LOADED = True


def install_yaml_writer() -> None:
    """Make cdk8s write its manifests with the manifest writer, in this process."""
    global _WRITER
    if not _WRITER:
        if _static("ManifestWriter", "install", []) is not True:
            raise RuntimeError("the manifest writer did not install itself in cdk8s")
        _WRITER = True


class _Queue(list):
    """The queued objects, and the scopes they go into."""

    def __init__(self) -> None:
        super().__init__()
        self.scopes: set[str] = set()

    def append(self, item) -> None:  # (object, fqn, [scope, id, props]) from kube.new_object
        super().append(item)
        self.scopes.add(item[2][0]["$jsii.byref"])

    def send(self) -> None:
        items = list(self)
        self.clear()
        self.scopes.clear()
        create_objects(items)


@contextmanager
def deferred_objects() -> Iterator[None]:
    """Within: the objects ``new_object`` makes are queued, then created in one call at the end
    (when nothing failed). The tree keeps its order: a construct created into a scope with queued
    objects, and any other call into Node.js but a static one, first creates what is queued."""
    from jsii._runtime import kernel

    from claude_constructs.constructs import kube

    queue = _Queue()
    provider = kernel.provider
    stock = {name: getattr(provider, name) for name in ("create", "invoke", "get", "set")}

    def create(request):
        scope = request.args[0] if request.args else None  # an ObjRef, or the object that has one
        if getattr(getattr(scope, "__jsii_ref__", scope), "ref", None) in queue.scopes:
            queue.send()
        return stock["create"](request)

    def observing(name: str):
        def call(request):
            queue.send()
            return stock[name](request)
        return call

    kube.defer_objects(queue)
    provider.create = create
    for name in ("invoke", "get", "set"):
        setattr(provider, name, observing(name))
    try:
        yield
    finally:
        kube.defer_objects(None)
        for name in stock:
            delattr(provider, name)  # the class's own methods again
    queue.send()  # not reached when building failed: nothing half made


def create_objects(queue: list) -> None:
    """Create the queued objects (``kube.new_object``'s (object, fqn, args)) in one call."""
    from jsii._reference_map import register_reference

    if not queue:
        return
    text = json.dumps([[fqn, *args] for _, fqn, args in queue])
    # Inside a JSON string a quote is always escaped, so this finds the references alone.
    references = {"$jsii.map": {ref: {"$jsii.byref": ref} for ref in sorted(set(_REFERENCE.findall(text)))}}
    references = _static("ObjectBatch", "create", [references, text])
    for (obj, _, _), reference in zip(queue, references, strict=True):
        obj.__jsii_ref__ = reference
        register_reference(obj)


def _static(type_name: str, method: str, args: list):
    from jsii._kernel.types import StaticInvokeRequest
    from jsii._runtime import kernel
    from jsii.errors import JSIIError

    load_package()
    try:
        # The provider, not the kernel: the args are already in the form jsii writes.
        return kernel.provider.sinvoke(StaticInvokeRequest(fqn=f"{NAME}.{type_name}", method=method, args=args)).result
    except JSIIError as error:
        raise RuntimeError(str(error).splitlines()[0] if str(error) else type(error).__name__) from None


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
