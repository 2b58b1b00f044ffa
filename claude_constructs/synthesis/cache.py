"""SynthCache: manifests synthesized before, found again by everything they were made from.

A fleet repository changes a few instances at a time, yet every synthesis would build every chart
again. The cache keeps each chart's output file under a key: the SHA-256 of the chart's inputs (the
instance configuration; for the ArgoCD chart the GitOps settings and where each instance is applied;
for a tenant chart its namespace and instances) and of the toolchain that made them (this library's
code and generated imports, the cdk8s, cdk8s-plus, constructs and jsii versions, Node.js's major
version, and the ``CDK8S_*`` environment). Same key, same bytes: a hit is exactly what synthesis
would write. Entries are written atomically, carry a
checksum (a damaged entry is a miss), and are dropped after ``MAX_AGE_DAYS`` without use.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: an unchanged fleet (unchanged_fleet) reads no configuration
    from claude_constructs.config.gitops import GitOpsConfig
    from claude_constructs.config.loader import InstanceConfig
    from claude_constructs.config.platform import Platform

FORMAT = "1"
MAX_AGE_DAYS = 14
TOUCH_AFTER_SECONDS = 3600  # an entry's use is recorded (its mtime) at most hourly: a hit writes nothing
# What synthesis and loading depend on besides this library's own code (pydantic, PyYAML and
# docker-image-py decide how a file is read, and so the configurations the config entries hold).
TOOLCHAIN_PACKAGES = ("cdk8s", "cdk8s-plus-28", "constructs", "jsii", "pydantic", "pydantic_core", "PyYAML", "docker-image-py")
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}")  # a key: a SHA-256 (_key), in the folder of its first two digits
_SHARD_NAME = re.compile(r"[0-9a-f]{2}")
_TEMPORARY_NAME = re.compile(r"\.entry-[A-Za-z0-9_]+")  # tempfile.mkstemp(prefix=".entry-") in put
CACHE_DIR_VARIABLE = "CLAUDE_INSTANCE_CACHE_DIR"
NO_CACHE_VARIABLE = "CLAUDE_INSTANCE_NO_CACHE"  # set: the CLI uses no cache unless given --cache-dir


def default_cache_dir() -> Path:
    """``$CLAUDE_INSTANCE_CACHE_DIR``, else ``$XDG_CACHE_HOME/claude-instance``, else
    ``~/.cache/claude-instance``."""
    if os.environ.get(CACHE_DIR_VARIABLE):
        return Path(os.environ[CACHE_DIR_VARIABLE])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claude-instance"


class SynthCache:
    """A folder of synthesized chart outputs, one entry per key."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.unwritable = False
        self._encodings: dict[int, tuple[InstanceConfig, bytes]] = {}  # id -> (configuration, its JSON)
        self.used: set[str] = set()  # the keys read or written (unchanged_fleet keeps them in use)

    def remember_encoding(self, config: InstanceConfig, files: Mapping[str, bytes]) -> None:
        """``config`` is what the configuration entry ``files`` holds (its key need not encode it again)."""
        self._encodings[id(config)] = (config, files[_CONFIG_FILE])

    def encoding(self, config: InstanceConfig) -> bytes | None:
        remembered = self._encodings.get(id(config))
        return remembered[1] if remembered is not None and remembered[0] is config else None

    def get(self, key: str) -> dict[str, bytes] | None:
        """The files stored under ``key`` (file name -> content), or None."""
        self.used.add(key)
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                checksum, _, body = handle.read().partition(b"\n")
                used = os.fstat(handle.fileno()).st_mtime
        except OSError:
            return None
        if hashlib.sha256(body).hexdigest().encode() != checksum:
            return None
        if used < time.time() - TOUCH_AFTER_SECONDS:
            try:
                os.utime(path)  # used: kept for another MAX_AGE_DAYS
            except OSError:
                pass
        # A cache folder is data: anything but what ``put`` writes (JSON of names to UTF-8 texts) is a miss.
        try:
            files = json.loads(body)
            if isinstance(files, dict) and all(isinstance(name, str) and isinstance(text, str) for name, text in files.items()):
                return {name: text.encode("utf-8") for name, text in files.items()}
        except (ValueError, RecursionError):  # not JSON, not UTF-8, a lone surrogate, nested too deep
            pass
        return None

    def put(self, key: str, files: Mapping[str, bytes]) -> None:
        """Store ``files`` under ``key``. A cache that cannot be written (read-only, full) only
        costs speed: the problem is reported once on stderr and synthesis goes on."""
        body = json.dumps({name: data.decode("utf-8") for name, data in sorted(files.items())}).encode("utf-8")
        self.used.add(key)
        path = self._path(key)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".entry-", dir=path.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            os.replace(temporary, path)
        except OSError as error:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            if not self.unwritable:
                self.unwritable = True
                print(f"warning: the synthesis cache {self.folder} cannot be written ({error.strerror or error}); "
                      "synthesis goes on without storing", file=sys.stderr)

    def last_used(self, key: str) -> float | None:
        """When the entry of ``key`` was last used (its mtime, recorded at most hourly), or None."""
        try:
            return self._path(key).stat().st_mtime
        except OSError:
            return None

    def keep(self, keys: Sequence[str]) -> None:
        """Record the use of the entries of ``keys`` (their mtime), as a hit on each would."""
        for key in keys:
            try:
                os.utime(self._path(key))
            except OSError:
                pass

    def prune_if_due(self) -> int:
        """``prune()`` at most once an hour (a marker file's mtime says when it last ran): a
        synthesis that hits everything then reads only its own entries."""
        marker = self.folder / f"v{FORMAT}" / ".pruned"
        try:
            if marker.stat().st_mtime > time.time() - TOUCH_AFTER_SECONDS:
                return 0
        except OSError:
            pass
        removed = self.prune()
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass
        return removed

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> int:
        """Remove the entries not used for ``max_age_days`` (and the temporary files of writes that
        never finished); how many were removed. Only files named as this cache names them: whatever
        else lies in the folder is not the cache's to delete."""
        limit = time.time() - max_age_days * 86400
        removed = 0
        for path in self.folder.glob(f"v{FORMAT}/*/*"):
            if not (_ENTRY_NAME.fullmatch(path.name) and path.name.startswith(path.parent.name)) and not (
                    _TEMPORARY_NAME.fullmatch(path.name) and _SHARD_NAME.fullmatch(path.parent.name)):
                continue
            try:
                status = path.lstat()
                if stat.S_ISREG(status.st_mode) and status.st_mtime < limit:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed

    def _path(self, key: str) -> Path:
        return self.folder / f"v{FORMAT}" / key[:2] / key


def instance_key(config: InstanceConfig, cache: SynthCache | None = None) -> str:
    """An instance chart reads its whole validated configuration: the key is the digest of the
    configuration's JSON encoding, which is complete and deterministic (every field, in order;
    ``encode_config``). A configuration that came from ``cache`` is not encoded again: its entry's
    bytes are the encoding (measured: encoding, or a repr, costs about half the time of an unchanged
    1,000-instance synthesis)."""
    data = cache.encoding(config) if cache is not None else None
    if data is None:
        data = encode_config(config)[_CONFIG_FILE]
    return _key("instance", hashlib.sha256(data).hexdigest())


def argocd_key(gitops: GitOpsConfig, configs: Sequence[InstanceConfig]) -> str:
    """The ArgoCD chart reads the GitOps settings and the fleet entries of the instances only."""
    from claude_constructs.config.gitops import fleet_entries

    return _key("argocd", repr(gitops), repr(fleet_entries(configs)))


def tenant_key(namespace: str, member_keys: Sequence[str]) -> str:
    """A tenant chart reads its namespace and its instances (by their keys)."""
    return _key("tenant", namespace, *member_keys)


def config_key(data: bytes, platform: Platform) -> str:
    """A validated configuration depends on its file's bytes, the fleet's settings and the toolchain."""
    return _key("config", hashlib.sha256(data).hexdigest(), repr(platform))


_CONFIG_FILE = "config.json"


@functools.cache
def _config_types() -> tuple[dict[str, type], dict[str, tuple[str, ...]]]:
    """The configuration's dataclasses by name, and their fields."""
    from claude_constructs.config import loader

    types = {cls.__name__: cls for cls in vars(loader).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)}
    return types, {name: tuple(field.name for field in dataclasses.fields(cls)) for name, cls in types.items()}


def encode_config(config: InstanceConfig) -> dict[str, bytes]:
    """A configuration as plain JSON (never pickle: a cache shared between runners is data, not code).

    A dataclass is ``{"@": its name, "f": [its fields' values]}``, a mapping ``{"m": [[key, value]...]}``
    and a tuple a list, so every JSON object is one of the two wrappers, whatever keys a file holds."""
    fields = _config_types()[1]

    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value):
            return {"@": type(value).__name__, "f": [plain(getattr(value, name)) for name in fields[type(value).__name__]]}
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        if isinstance(value, Mapping):
            return {"m": [[key, plain(item)] for key, item in value.items()]}
        if value is None or isinstance(value, (str, int, bool)):
            return value
        raise TypeError(f"a configuration holds a {type(value).__name__}, which the cache cannot store")
    return {_CONFIG_FILE: json.dumps(plain(config), separators=(",", ":")).encode("utf-8")}


def _tuple(items: list) -> tuple:
    return tuple(_tuple(item) if isinstance(item, list) else item for item in items)


_SET = object.__setattr__


def decode_config(files: Mapping[str, bytes]) -> InstanceConfig | None:
    """The configuration ``encode_config`` stored, or None when the entry is not one (a miss)."""
    from claude_constructs.config.loader import InstanceConfig

    types, names = _config_types()

    def instance(wrapper: dict) -> Any:
        if "m" in wrapper:
            return dict(wrapper["m"])
        name = wrapper["@"]
        cls, fields, values = types[name], names[name], wrapper["f"]
        if len(values) != len(fields):
            raise ValueError(f"{name} has {len(fields)} fields")
        # What the frozen dataclasses' __init__ does, without the keyword arguments (a third faster;
        # none of them has a __post_init__, which tests/test_synth_cache.py checks).
        config = object.__new__(cls)
        for field, value in zip(fields, values):
            _SET(config, field, _tuple(value) if value.__class__ is list else value)
        return config

    try:
        config = json.loads(files[_CONFIG_FILE], object_hook=instance)
    except (KeyError, TypeError, ValueError, RecursionError):
        return None
    return config if isinstance(config, InstanceConfig) else None


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join((FORMAT, toolchain_fingerprint()) + parts).encode("utf-8")).hexdigest()


def fingerprinted_files() -> list[tuple[Path, Path]]:
    """(root, file) of every source file of the library and of its generated imports."""
    import imports

    import claude_constructs

    roots = sorted({Path(claude_constructs.__file__).parent.resolve()} | {Path(path).resolve() for path in imports.__path__})
    return [(root, path) for root in roots
            for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)]


@functools.cache
def toolchain_fingerprint() -> str:
    """Everything besides its inputs that decides what synthesis writes."""
    digest = hashlib.sha256()
    from claude_constructs import _node

    for root, path in fingerprinted_files():
        digest.update(f"{path.relative_to(root)}\0".encode())
        digest.update(path.read_bytes())
    for package in TOOLCHAIN_PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}\0".encode())
    digest.update(f"node {_node.node_major()}\0python {sys.version_info[:2]}\0".encode())
    for name, value in sorted(os.environ.items()):
        if name.startswith("CDK8S_") and name != "CDK8S_OUTDIR":
            digest.update(f"{name}={value}\0".encode())
    return digest.hexdigest()
