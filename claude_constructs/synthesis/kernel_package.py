"""What ``claude-instance synth`` runs inside cdk8s's Node.js process: a jsii package of its own
(``kernel/``, its one file of metadata ``kernel/.jsii``), loaded into jsii's kernel next to cdk8s.

- The manifest writer (``kernel/manifest_writer.js``) writes the bytes cdk8s's own writer writes,
  in a fifth of the time. cdk8s writes each manifest with the ``yaml`` library, about nine tenths
  of a synthesis (measured: 8.3 s of 9.4 s for 1,000 instances in plain Node.js). The writer writes
  the block structure itself and each scalar as the library renders it at that place (the library
  renders it once, in a small document, and the text is remembered). ``install_yaml_writer`` makes
  it cdk8s's ``Yaml.stringify``, through which ``App.synth`` writes.
- Object batches (``kernel/object_batch.js``): while an App is built, every object created (the
  App, charts, constructs, and ``kube.new_object``'s generated objects) is queued with a pending
  reference, where each would otherwise be a call into Node.js of its own (about 22 per
  instance). ``synth_in_one_call`` makes them, synthesizes the App and lets Node.js forget them, in
  one call; ``deferred_objects`` makes them in one call and gives each Python object its reference.

Only the CLI's synthesis jobs use them: ``cdk8s synth`` and a library user's app keep cdk8s as it
is, and ``tests/test_kernel_package.py`` holds the two to the same bytes.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import re
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import jsii
from jsii._kernel.types import ObjRef
from jsii._reference_map import _refs as _REFERENCES, register_reference

PACKAGE = Path(__file__).with_name("kernel")
FILES = ("package.json", ".jsii", "index.js", "manifest_writer.js", "object_batch.js")
NAME = "claude-constructs-kernel"
_REFERENCE = re.compile(r'"\$jsii\.byref": "([^"\\]+)"')
_LOADED = False
_WRITER = False


def load_package() -> None:
    """Load the package into this process's jsii kernel (once), after cdk8s, which it requires."""
    global _LOADED
    if _LOADED:
        return
    import cdk8s  # noqa: F401  (loads cdk8s into the kernel)
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


PENDING = f"{NAME}.pending@"  # what a queued object is referred to by until it is made (see object_batch.js)
_serial = itertools.count()


class _Queue:
    """The objects to make: each as the JSON text of [pending reference, fqn, arguments] (and the
    static method that makes it, for a value such as a quantity), and the reference its Python object
    holds meanwhile."""

    def __init__(self, default: Callable[[Any], Any]) -> None:
        self.texts: list[str] = []
        self.refs: list[ObjRef] = []
        self.values: dict[tuple, Any] = {}
        self.default = default  # json.dumps's for what args hold besides JSON values (kube.batch_default)

    def write(self, args: list) -> str:
        return json.dumps(args, default=self.default)

    def defer(self, obj, fqn: str, args: list) -> None:
        """Queue ``obj`` (a jsii class's Python object that has no reference yet), made of ``args``
        (kube.new_object)."""
        obj.__jsii_ref__ = self.add(fqn, self.write(args))
        register_reference(obj)

    def value(self, cls, method: str, args: list):
        """What ``cls.method(*args)`` returns (kube.quantity): queued once until the queue is taken, so
        that a batch refers to no object made before it and may go to any kernel."""
        key = (cls.__jsii_type__, method, *((type(arg), arg) for arg in args))  # 1 and True are two values
        found = self.values.get(key)
        if found is None:
            found = cls.__new__(cls)
            found.__jsii_ref__ = self.add(key[0], json.dumps(args), method)
            register_reference(found)
            self.values[key] = found
        return found

    def add(self, fqn: str, args: str, method: str | None = None) -> ObjRef:
        reference = ObjRef(ref=f"{PENDING}{next(_serial)}")
        maker = "" if method is None else f",{json.dumps(method)}"
        self.texts.append(f"[{json.dumps(reference.ref)},{json.dumps(fqn)},{args}{maker}]")
        self.refs.append(reference)
        return reference

    def take(self) -> tuple[str, dict, list[ObjRef]]:
        """The queue as one text, the objects it refers to that exist (as a ``$jsii.map`` the kernel
        resolves) and the pending references; the queue is empty after."""
        text = f"[{','.join(self.texts)}]"
        refs = self.refs
        self.texts, self.refs, self.values = [], [], {}
        # Inside a JSON string a quote is always escaped, so this finds the references alone.
        found = sorted({ref for ref in _REFERENCE.findall(text) if not ref.startswith(PENDING)})
        return text, {"$jsii.map": {ref: {"$jsii.byref": ref} for ref in found}}, refs

    def send(self) -> None:
        """Make what is queued; each Python object then holds its object's own reference."""
        if not self.refs:
            return
        text, references, pending = self.take()
        made = _static("ObjectBatch", "create", [references, text])
        for reference, real in zip(pending, made, strict=True):
            _settle(reference, real.ref)

    def forget(self) -> None:
        """Drop what is queued (building failed): its Python objects keep references to nothing."""
        _, _, pending = self.take()
        _forget(pending)


def _settle(reference: ObjRef, real: str) -> None:
    """The pending ``reference`` becomes ``real``, for its Python object and jsii's map of them."""
    holder = _REFERENCES._refs.pop(reference.ref)
    object.__setattr__(reference, "ref", real)  # jsii's ObjRef is frozen; its holders keep this one
    _REFERENCES._refs[real] = holder


def _forget(pending: list[ObjRef]) -> None:
    for reference in pending:
        _REFERENCES._refs.pop(reference.ref, None)


class _Deferral:
    """While active: every object created goes into ``queue`` (``kube.new_object``'s, and every
    ``create`` that overrides nothing), with a pending reference; any other call into Node.js but
    this package's own makes what is queued first, so it sees the tree as it is built."""

    def __init__(self) -> None:
        from jsii._runtime import kernel

        from claude_constructs.constructs import kube

        self.queue = _Queue(kube.batch_default)
        self.kube = kube
        self.provider = kernel.provider
        if "create" in vars(self.provider):
            raise RuntimeError("objects are deferred already: one deferral at a time")
        stock = {name: getattr(self.provider, name) for name in _OBSERVED + ("create",)}

        def create(request):
            if not request.overrides:
                try:
                    args = self.queue.write(request.args)
                except TypeError:  # something only the kernel can pass (a Python object implementing an interface)
                    pass
                else:
                    return self.queue.add(request.fqn, args)
            self.queue.send()
            return stock["create"](request)

        def observing(name: str):
            def call(request):
                if not getattr(request, "fqn", "").startswith(f"{NAME}."):
                    self.queue.send()
                return stock[name](request)
            return call

        self.patched = {"create": create, **{name: observing(name) for name in _OBSERVED}}
        self.stock_create = jsii.create

        def queued_create(klass, obj, args=None):
            # What jsii's Kernel.create does, then the provider's create above, in one step: the args
            # written as kube.new_object's are (the batch makes the same objects of either form), the
            # overrides looked up once per class. Anything else goes the stock way.
            if not _overrides(klass, obj):
                try:
                    text = self.queue.write(args or [])
                except TypeError:  # a Python object implementing an interface, a date: jsii's own way
                    pass
                else:
                    obj.__jsii_ref__ = self.queue.add(klass.__jsii_type__ or "Object", text)
                    register_reference(obj)
                    return obj.__jsii_ref__
            return self.stock_create(klass, obj, args)

        self.queued_create = queued_create

    def __enter__(self) -> "_Deferral":
        self.kube.defer_objects(self.queue)
        for name, method in self.patched.items():
            setattr(self.provider, name, method)
        jsii.create = self.queued_create  # the generated constructors call jsii.create(cls, self, args)
        return self

    def __exit__(self, *failure) -> None:
        self.kube.defer_objects(None)
        jsii.create = self.stock_create
        for name in self.patched:
            delattr(self.provider, name)  # the class's own methods again
        if failure[0] is not None:
            self.queue.forget()  # nothing half made


_OVERRIDES: dict[tuple[type, type], bool] = {}


def _overrides(klass: type, obj: Any) -> bool:
    """Whether ``obj`` (of a Python subclass of ``klass``) overrides a jsii method or property: jsii's
    own search, which depends on the two classes alone."""
    key = (klass, type(obj))
    found = _OVERRIDES.get(key)
    if found is None:
        from jsii._kernel import _get_overides

        found = _OVERRIDES[key] = bool(_get_overides(klass, obj))
    return found


_OBSERVED = ("get", "set", "invoke", "sget", "sset", "sinvoke", "delete", "begin", "end")


@contextmanager
def deferred_objects() -> Iterator[None]:
    """Within: the objects created are queued, then made in one call at the end (when nothing
    failed), each Python object then holding its own reference. The tree keeps its order: any call
    into Node.js that may read it first makes what is queued."""
    with _Deferral() as deferral:
        yield
    deferral.queue.send()


@dataclass(frozen=True, slots=True)
class Batch:
    """An App and all its objects, to make and synthesize in one call (``ObjectBatch.synth``)."""

    text: str  # the objects, as object_batch.js reads them
    references: dict  # the objects made before it that it refers to, as a $jsii.map
    app: str  # the App's reference

    @property
    def independent(self) -> bool:
        """Whether it refers to no object made before it: any kernel with the packages loaded can
        make it, not only this process's (the usual case: see ``_Queue.value``)."""
        return not self.references["$jsii.map"]

    def request(self) -> dict:
        """The request jsii would send for it."""
        return {"api": "sinvoke", "fqn": f"{NAME}.ObjectBatch", "method": "synth",
                "args": [self.references, self.text, self.app]}


def queue_app(build: Callable[[], Any]) -> Batch:
    """``build()`` an App with its objects queued, and nothing made: the batch that makes them and
    synthesizes the App. jsii's map of Python objects forgets them at once; the Python objects are
    of no use after."""
    with _Deferral() as deferral:
        app = build()
    text, references, pending = deferral.queue.take()
    _forget(pending)
    target = app.__jsii_ref__.ref
    if not target.startswith(PENDING):
        references["$jsii.map"][target] = {"$jsii.byref": target}
    return Batch(text, references, target)


def synth_in_one_call(build: Callable[[], Any]) -> None:
    """``build()`` an App with its objects queued, then make them, synthesize the App and let Node.js
    forget them, in one call into this process's kernel: it keeps none of the App's objects."""
    synth_batch(queue_app(build))


def synth_batch(batch: Batch) -> None:
    """Make and synthesize ``batch`` in this process's kernel."""
    _static("ObjectBatch", "synth", [batch.references, batch.text, batch.app])


def kernel_requests() -> list[dict]:
    """What makes a kernel that has loaded cdk8s ready for batches: the load of this package (its
    tarball written once, kept while this process runs) and the manifest writer's install."""
    if "tarball" not in _TARBALL:
        folder = tempfile.TemporaryDirectory(prefix="claude-constructs-package-")
        tarball = Path(folder.name) / "package.tgz"
        tarball.write_bytes(package_tarball())
        _TARBALL.update(tarball=str(tarball), folder=folder)
    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    return [{"api": "load", "name": NAME, "version": version, "tarball": _TARBALL["tarball"]},
            {"api": "sinvoke", "fqn": f"{NAME}.ManifestWriter", "method": "install", "args": []}]


_TARBALL: dict = {}


def _static(type_name: str, method: str, args: list):
    from jsii._kernel.types import StaticInvokeRequest
    from jsii._runtime import kernel
    from jsii.errors import JSIIError

    load_package()
    try:
        # The provider's own method (not one a deferral put in its place), and the args already in
        # the form jsii writes.
        return type(kernel.provider).sinvoke(kernel.provider, StaticInvokeRequest(fqn=f"{NAME}.{type_name}", method=method, args=args)).result
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
