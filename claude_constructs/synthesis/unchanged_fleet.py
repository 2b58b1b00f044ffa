"""An unchanged fleet: nothing to synthesize, found before anything else is imported.

A fleet repository's CI synthesizes on every push, and most pushes change no instance. After each
synthesis the cache keeps one more entry: under the digest of everything that synthesis read (each
instance file's path, real path and bytes, the GitOps file's, the command's options, the output
folder, the toolchain), what it wrote (each manifest's SHA-256) and printed (its notes). When
``claude-instance synth`` finds that entry and the output folder holds exactly those manifests, byte
for byte, there is nothing to do: the same inputs and toolchain make the same output (the cache's
premise, ``cache``), and the checks of the synthesis that wrote it (validation, the orphaned-data
and upgrade checks) passed on the same inputs against the same output. It says so as that run
would have said it, without loading the configuration's schema, jsii or Node.js (measured on
1,000 instances: 0.25-0.31 s, where reading every configuration and chart from the cache took
0.93-1.19 s), and keeps the entries that synthesis used in use. Anything else (an edited, added or
moved file, a manifest edited or removed by hand, another library version) is a miss, and
synthesis runs as always.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from claude_constructs.synthesis import INSTANCE_SUFFIXES, MANIFEST_SUFFIX
from claude_constructs.synthesis.cache import TOUCH_AFTER_SECONDS, SynthCache, _key
from claude_constructs.synthesis.output_folder import refusal

_ENTRY = "fleet.json"


@dataclass(frozen=True, slots=True)
class Written:
    """What a synthesis wrote and printed."""

    instances: int
    manifests: dict[str, str]  # file name -> SHA-256 of its bytes
    notes: tuple[str, ...]


class FleetInputs:
    """What a synthesis of ``paths`` with ``gitops`` into ``output`` reads: ``key``, the digest of it
    all, is None when a path is missing (synthesis reports it). ``options``: the command's others
    that change what it writes or refuses (``--shard``, ``--allow-orphaned-data``)."""

    def __init__(self, paths: Sequence[str], gitops: str | None, output: str, options: Sequence[str],
                 default_folder: str = "instances", default_gitops: str = "gitops.yaml") -> None:
        self.paths, self.gitops, self.default_folder, self.default_gitops = list(paths), gitops, default_folder, default_gitops
        self.files = self._files()
        self.stamp = self._stamp()
        self.key: str | None = None
        if self.files is None or self.stamp is None:
            return
        named = self.paths or [default_folder]  # and where each leads (the owner-folder rule reads the roots' real paths)
        parts = [os.getcwd(), str(Path.home()), json.dumps(self.paths), json.dumps([os.path.realpath(p) for p in named]),
                 json.dumps(gitops), str(Path(output).resolve()), json.dumps(list(options)), str(Path(default_folder).is_dir())]
        for file in self.files:
            try:
                data = file.read_bytes()
            except OSError:
                return
            parts.append(f"{file}\0{os.path.realpath(file)}\0{hashlib.sha256(data).hexdigest()}")
        self.key = _key("fleet", *parts)

    def _files(self) -> list[Path] | None:
        """The instance files (found as synth finds them) and the GitOps file, when there is one."""
        files: set[Path] = set()
        for raw in self.paths or [self.default_folder]:
            path = Path(raw)
            if path.is_dir():
                for entry in path.rglob("*"):
                    if entry.is_symlink() and (entry.suffix in INSTANCE_SUFFIXES or entry.is_dir()):
                        return None  # refused by synth (find_instance_files), which says so
                    if entry.suffix in INSTANCE_SUFFIXES and not entry.is_dir():
                        if not entry.is_file():
                            return None
                        files.add(entry)
            elif path.is_symlink():
                return None  # refused by synth
            elif path.is_file():
                files.add(path)
            elif self.paths:
                return None
        settings = Path(self.gitops if self.gitops is not None else self.default_gitops)
        if self.gitops is not None and not settings.is_file():
            return None
        return sorted(files) + ([settings] if settings.is_file() else [])

    def _stamp(self) -> tuple | None:
        stamps = []
        try:
            for file in self.files or ():
                status = file.stat()
                stamps.append((str(file), status.st_mtime_ns, status.st_size, status.st_ino))
        except OSError:
            return None
        return tuple(stamps)

    def unchanged_since(self) -> bool:
        """Whether the same files are there, none of them written since (their size, modification
        time and inode): what a synthesis read is what ``key`` digests."""
        return self.key is not None and self._files() == self.files and self._stamp() == self.stamp


def unchanged(cache: SynthCache, key: str, output: str, inputs: Sequence[str] = ()) -> Written | None:
    """What the synthesis recorded under ``key`` wrote and printed, when ``output`` still holds exactly
    its manifests (no other, none missing, the same bytes) and is not a folder synth refuses (for
    ``inputs`` too); else None. A hit keeps the entries that synthesis used in use, as its own
    hits did (at most hourly, as ``SynthCache.get``)."""
    used = cache.last_used(key)
    if used is None:
        return None
    stored = cache.get(key)
    if stored is None or set(stored) != {_ENTRY}:
        return None
    written, entries = _read(stored[_ENTRY])
    if written is None:
        return None
    folder = Path(output).resolve()
    if not folder.is_dir() or refusal(folder, inputs) is not None:
        return None
    present = {path.name: path for path in folder.glob(f"*{MANIFEST_SUFFIX}")}
    if set(present) != set(written.manifests):
        return None
    for name, path in present.items():
        try:
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != written.manifests[name]:
                return None
        except OSError:
            return None
    if used < time.time() - TOUCH_AFTER_SECONDS:
        cache.keep(entries)
    return written


def _read(data: bytes) -> tuple[Written | None, list[str]]:
    """A record as ``record`` wrote it, or None: a cache folder is data, so anything else (another
    shape, other types) is a miss."""
    try:
        entry = json.loads(data)
    except (ValueError, RecursionError):
        return None, []
    if not isinstance(entry, dict):
        return None, []
    instances, manifests, notes, entries = (entry.get(name) for name in ("instances", "manifests", "notes", "entries"))
    if (type(instances) is not int or instances < 0 or not isinstance(manifests, dict) or not isinstance(notes, list)
            or not isinstance(entries, list)
            or not all(isinstance(name, str) and isinstance(digest, str) for name, digest in manifests.items())
            or not all(isinstance(item, str) for item in notes + entries)):
        return None, []
    return Written(instances, manifests, tuple(notes)), entries


def record(cache: SynthCache, key: str, manifests: Mapping[str, str], instances: int, notes: Sequence[str]) -> None:
    """Keep, under ``key``, what a synthesis that succeeded wrote (``manifests``: the SHA-256 of each
    file's bytes as it wrote them, by name) and printed, and the cache entries it used."""
    entry = {"instances": instances, "manifests": dict(manifests), "notes": list(notes),
             "entries": sorted(cache.used - {key})}
    cache.put(key, {_ENTRY: json.dumps(entry, sort_keys=True).encode("utf-8")})
