"""From instance files to manifests: discovery, loading, and an all-or-nothing write of dist/."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import difflib
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Collection, Mapping, Sequence

import yaml

from claude_constructs.config.yaml_files import load_manifests
from claude_constructs.config.loader import ConfigError, InstanceConfig, Problem, load_instance_file, one_line, read_settings_bytes
from claude_constructs.config.platform import DEFAULT_PLATFORM, Platform
from claude_constructs.synthesis import INSTANCE_SUFFIXES, SHARD_INDEX
from claude_constructs.synthesis.app import MANIFEST_SUFFIX, by_namespace
from claude_constructs.synthesis.render import SynthesisError, render
from claude_constructs.config.gitops import ARGOCD_CHART_ID, GitOpsConfig, load_gitops_file, tenant_chart_id
from claude_constructs.synthesis.output_folder import refusal
from claude_constructs.synthesis.cache import (
    SynthCache, argocd_key, config_key, decode_config, encode_config, instance_key, tenant_key,
)
from claude_constructs.synthesis.upgrade import check_upgrade, orphaned_data



def find_instance_files(paths: Sequence[str | Path]) -> list[Path]:
    """Instance files named by ``paths`` (files, or folders searched recursively), sorted.

    In a folder, an instance file is a plain file: a symbolic link to one is refused (it would make a
    file of another place count as the folder's user's), and so is a linked folder (it is not
    followed, and its files would be left out without a word) or a FIFO or device named like one."""
    found: set[Path] = set()
    refused: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for entry in path.rglob("*"):
                if entry.is_symlink() and (entry.suffix in INSTANCE_SUFFIXES or entry.is_dir()):
                    refused.append(Problem("", f"{entry} is a symbolic link: instance files and user folders are plain "
                                                "files and folders of the repository; put the file itself here"))
                elif entry.suffix in INSTANCE_SUFFIXES and entry.is_file():
                    found.add(entry)
                elif entry.suffix in INSTANCE_SUFFIXES and not entry.is_dir():
                    refused.append(Problem("", f"{entry} is not a regular file: remove it or rename it"))
        elif path.is_symlink():
            refused.append(Problem("", f"{path} is a symbolic link: name the instance file itself"))
        elif path.is_file():
            found.add(path)
        elif path.exists():
            refused.append(Problem("", f"{path} is not a regular file: name an instance file or a folder of them"))
        else:
            raise ConfigError([Problem("", "no such file or folder")], source=str(path))
    if refused:
        raise ConfigError(refused)
    return sorted(found)


def fleet_root(folder: Path) -> Path:
    """The instances folder that ``folder`` stands for: the outermost folder named ``instances`` that
    holds it or is it, else itself. So a user folder or one below it given on its own
    (``instances/alice/sub``) stays that user's, and a user named ``instances`` is a user."""
    absolute = Path(os.path.abspath(folder))
    named = [parent for parent in (absolute, *absolute.parents) if parent.name == "instances"]
    return named[-1] if named else absolute


def owner_folder(file: Path, roots: Sequence[Path]) -> str | None:
    """The user folder a file lies in (``instances/{userid}/...``), or None at a root's top level.

    A fleet repository gives each user a folder (review rules such as CODEOWNERS protect it), so an
    instance file in ``instances/bob/`` can only be bob's: it may not claim another user's namespace,
    credentials or sign-in. The place is where the file is found, not where a link leads; of the
    ``roots`` (absolute, see ``fleet_root``) the outermost that holds the file counts."""
    absolute = Path(os.path.abspath(file))
    for root in sorted(roots, key=lambda r: len(r.parts)):
        try:
            parts = absolute.relative_to(root).parts
        except ValueError:
            continue
        return parts[0] if len(parts) > 1 else None
    return None


def load_instances(files: Sequence[Path], platform: Platform | None = None, roots: Sequence[Path] = (),
                   cache: SynthCache | None = None, validated: Callable[[int, int], None] | None = None) -> list[InstanceConfig]:
    """Load every file; one ``ConfigError`` lists the problems of all files, and clashes between them:
    a name, a host name or a database used twice, or a role one instance creates used by another.
    A file in a user folder of one of ``roots`` must name that user as its ``userid``. With a
    ``cache``, a file validated before (the same bytes, fleet settings and toolchain) is not again.
    ``validated(fresh, files)`` is told of each file validated anew: how many so far, of how many."""
    configs: list[InstanceConfig] = []
    errors: list[str] = []
    reported: set[int] = set()  # errors that are a file's own ConfigError, shown as it shows itself
    origin: dict[str, Path] = {}
    hosts: dict[str, Path] = {}
    databases: dict[tuple[str, str, str], Path] = {}
    roles: dict[tuple[str, str, str], tuple[Path, bool]] = {}  # role -> (file, created by that instance)
    folders = {file.parent for file in files}  # a fleet's files lie in few folders
    roots = sorted({fleet_root(Path(root)) for root in roots} | {fleet_root(folder) for folder in folders})
    fresh = 0
    for file in files:
        try:
            config, cached = _load_cached(file, platform, cache) if cache is not None else (
                load_instance_file(file, platform=platform), False)
        except ConfigError as error:
            reported.add(len(errors))
            errors.append(str(error))
            continue
        if not cached and validated is not None:
            fresh += 1
            validated(fresh, len(files))
        folder = owner_folder(file, roots)
        if folder is not None and folder != config.userid:
            errors.append(f"{file}: 'userid' is {config.userid!r}, but the file is in the folder of user {folder!r}: an "
                          f"instance file lives in its owner's folder; move it into the folder {config.userid!r}, or "
                          f"set 'userid: {folder}'")
            continue
        if config.notes:
            config = replace(config, notes=tuple(one_line(f"{file}: {note}") for note in config.notes))
        if config.name in origin:
            errors.append(
                f"{file}: 'instanceName' {config.name!r} is already used by {origin[config.name]}: instance names "
                "are unique across the repository (they name the output file and the host name)"
            )
            continue
        if config.ingress.enabled and config.ingress.hostname in hosts:
            errors.append(f"{file} and {hosts[config.ingress.hostname]} both make the host name {config.ingress.hostname!r} "
                          "(from 'ingress.hostname', or 'instanceName' under the base domain): host names are unique; "
                          "change 'ingress.hostname' in the file that set it")
            continue
        db = config.database
        if db.enabled:
            database = (db.namespace, db.cluster, db.database_name)
            role = (db.namespace, db.cluster, db.owner)
            if database in databases:
                errors.append(f"{file} and {databases[database]} both use the database {db.database_name!r} (from "
                              "'database.name', or the instance's name): each instance has its own database; change "
                              "'database.name' in the file that set it")
                continue
            if role in roles and (roles[role][1] or db.creates_owner_role):
                errors.append(f"{file} and {roles[role][0]} both use the PostgreSQL role {db.owner!r}, which one of them "
                              "creates for itself: remove 'database.owner' from the file that set it")
                continue
            databases[database] = file
            roles.setdefault(role, (file, db.creates_owner_role))
        origin[config.name] = file
        if config.ingress.enabled:
            hosts[config.ingress.hostname] = file
        configs.append(config)
    if errors:
        raise ConfigError([Problem("", message, shown=index in reported) for index, message in enumerate(errors)])
    return sorted(configs, key=lambda c: c.name)


def _load_cached(file: Path, platform: Platform | None, cache: SynthCache) -> tuple[InstanceConfig, bool]:
    """The file's configuration, and whether it came from the cache."""
    data = read_settings_bytes(file)
    key = config_key(data, platform or DEFAULT_PLATFORM)
    stored = cache.get(key)
    config = decode_config(stored) if stored is not None else None
    cached = config is not None
    if config is None:
        config = load_instance_file(file, platform=platform, data=data)
        stored = encode_config(config)
        cache.put(key, stored)
    cache.remember_encoding(config, stored)
    return config, cached


@dataclass(frozen=True, slots=True)
class Synthesis:
    """What a synthesis wrote: the manifest files, how many charts came from the cache, and the
    SHA-256 of each manifest's bytes as written (by file name)."""

    files: list[Path]
    reused: int = 0
    manifests: Mapping[str, str] = field(default_factory=dict)


def synthesize(
    configs: Sequence[InstanceConfig],
    outdir: str | Path,
    gitops: GitOpsConfig | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: SynthCache | None = None,
    inputs: Sequence[str | Path] = (),
    allow_orphaned_data: bool = False,
) -> Synthesis:
    """Write one manifest per chart to ``outdir``, replacing only the tool's own manifests there and
    only once all succeeded. ``inputs`` (instance files and folders, gitops.yaml) may not lie in it.
    With a ``cache``, charts whose inputs were synthesized before are taken from it."""
    previous = check_output_folder(Path(outdir), inputs)
    outdir = Path(outdir).resolve()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}-", dir=outdir.parent))
    try:
        kept: dict[str, bytes] = {}  # the cache's manifests that the output already holds, byte for byte
        reused = _render_cached(configs, staging, gitops, jobs=jobs, progress=progress, cache=cache,
                                previous=previous, kept=kept)
        # After rendering, so that a manifest written again byte for byte need not be parsed at all.
        staged = {**kept, **{path.name: path.read_bytes() for path in staging.glob(f"*{MANIFEST_SUFFIX}")}}
        check_unique_objects(staged)
        check_orphans(previous, configs, allow_orphaned_data, outdir, staged=staged)
        _check_upgrades(staging, outdir, previous, staged)
        _replace_dir(staging, outdir, kept=kept)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(staged.items())}
    return Synthesis(sorted(outdir.glob(f"*{MANIFEST_SUFFIX}")), reused, digests)


def shard_of(name: str, count: int) -> int:
    """The shard (0 to count - 1) an instance belongs to: by its name alone, so adding or removing
    an instance never moves another one to another shard."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % count


def in_shard(configs: Sequence[InstanceConfig], index: int, count: int) -> list[InstanceConfig]:
    """The instances of shard ``index`` (1 to ``count``)."""
    return [config for config in configs if shard_of(config.name, count) == index - 1]


def write_shard_index(outdir: str | Path, configs: Sequence[InstanceConfig], cache: SynthCache | None = None) -> None:
    """What each manifest of a shard was synthesized from (its chart's key: the instance's whole
    configuration and the toolchain), so that a merge refuses a stale shard."""
    index = {f"{config.name}{MANIFEST_SUFFIX}": instance_key(config, cache) for config in configs}
    path = Path(outdir) / SHARD_INDEX
    temporary = path.with_name(f"{SHARD_INDEX}.{os.getpid()}")
    temporary.write_text(json.dumps(index, indent=0, sort_keys=True) + "\n")
    os.replace(temporary, path)


def _shard_index(folder: Path) -> dict[str, str] | None:
    try:
        index = json.loads((folder / SHARD_INDEX).read_text())
    except (OSError, ValueError):
        return None
    return index if isinstance(index, dict) and all(isinstance(v, str) for v in index.values()) else None


def merge_shards(
    configs: Sequence[InstanceConfig],
    shards: Sequence[str | Path],
    outdir: str | Path,
    gitops: GitOpsConfig | None = None,
    *,
    jobs: int | None = None,
    cache: SynthCache | None = None,
    inputs: Sequence[str | Path] = (),
    allow_orphaned_data: bool = False,
) -> Synthesis:
    """Assemble ``outdir`` from shard outputs (``synth --shard K/N``): every instance's manifest
    exactly once, plus the fleet charts of all ``configs``, with the same checks and the same
    all-or-nothing replacement as ``synthesize``; byte-identical to one unsharded run."""
    previous = check_output_folder(Path(outdir), [*inputs, *shards])
    outdir = Path(outdir).resolve()
    check_orphans(previous, configs, allow_orphaned_data, outdir)
    wanted = {f"{config.name}{MANIFEST_SUFFIX}": config for config in configs}
    found: dict[str, Path] = {}
    stale: set[str] = set()
    problems = []
    for shard in shards:
        folder = Path(shard)
        if not folder.is_dir():
            raise ConfigError([Problem("", f"{shard} is not a folder of shard manifests")])
        index = _shard_index(folder)
        if index is None:
            problems.append(Problem("", f"{folder} has no record of what it was synthesized from ({SHARD_INDEX}): "
                                    "give the output folders of `claude-instance synth --shard K/N`"))
            continue
        for manifest in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")):
            if manifest.name not in wanted:
                problems.append(Problem("", f"{manifest} is the manifest of no instance of this repository: "
                                        "synthesize the shards from the same instance files"))
            elif manifest.name in found:
                problems.append(Problem("", f"{manifest.name} is in both {found[manifest.name].parent} and {folder}: "
                                        "give each shard once, all with the same N"))
            elif not _OWN_LABEL.search(manifest.read_bytes()):
                problems.append(Problem("", f"{manifest} was not written by this tool"))
            elif index.get(manifest.name) != instance_key(wanted[manifest.name], cache):
                stale.add(manifest.name)
                problems.append(Problem("", f"{manifest} was synthesized from another version of the instance "
                                        f"{wanted[manifest.name].name!r} (or of the fleet settings or the tool) than "
                                        "the one here: synthesize every shard again from these files"))
            else:
                found[manifest.name] = manifest
    missing = sorted(set(wanted) - set(found) - stale)
    if missing:
        problems.append(Problem("", f"{len(missing)} instance manifest(s) are in no shard, the first {missing[0]}: "
                                "merge the output of every shard 1/N to N/N"))
    if problems:
        raise ConfigError(problems)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}-", dir=outdir.parent))
    try:
        for name, manifest in found.items():
            shutil.copyfile(manifest, staging / name)
        reused = _render_fleet(configs, staging, gitops, jobs=jobs, cache=cache)
        _check_written(configs, staging, gitops)
        check_unique_objects({path.name: path.read_bytes() for path in staging.glob(f"*{MANIFEST_SUFFIX}")})
        _check_upgrades(staging, outdir, previous)
        _replace_dir(staging, outdir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Synthesis(sorted(outdir.glob(f"*{MANIFEST_SUFFIX}")), reused)


def _render_fleet(configs: Sequence[InstanceConfig], folder: Path, gitops: GitOpsConfig | None, *,
                  jobs: int | None, cache: SynthCache | None) -> int:
    """Only the fleet charts (ArgoCD and tenants) of ``configs`` into ``folder``."""
    if gitops is None:
        return 0
    charts = {ARGOCD_CHART_ID: argocd_key(gitops, configs)}
    if gitops.tenancy:
        keys = {config.name: instance_key(config, cache) for config in configs}
        for namespace, members in by_namespace(configs).items():
            charts[tenant_chart_id(namespace)] = tenant_key(namespace, [keys[c.name] for c in members])
    missing = {chart for chart, key in charts.items() if cache is None or not _restore(cache, key, chart, folder)}
    if missing:
        tenants = [ns for ns in by_namespace(configs) if tenant_chart_id(ns) in missing]
        render([], folder, gitops, fleet=configs, argocd=ARGOCD_CHART_ID in missing, tenants=tenants, jobs=jobs)
        if cache is not None:
            for chart in sorted(missing):
                name = f"{chart}{MANIFEST_SUFFIX}"
                cache.put(charts[chart], {name: (folder / name).read_bytes()})
    return len(charts) - len(missing)


OWN_MARKER = b"app.kubernetes.io/managed-by: claude-constructs"
_OWN_LABEL = re.compile(rb"^[ \t]+" + re.escape(OWN_MARKER) + rb"\r?$", re.M)  # a label line, not a comment
_DATA_DOCUMENT = re.compile(rb"^kind: (?:PersistentVolumeClaim|Database|DatabaseRole)$", re.M)


def _data_documents(path: Path, data: bytes) -> list[dict]:
    """The volume and database objects of a manifest: only those documents are read (a whole
    fleet's manifests would take seconds)."""
    documents = [d for d in re.split(rb"^---$", data, flags=re.M) if _DATA_DOCUMENT.search(d)]
    return read_manifest(path, b"---\n".join(documents)) if documents else []


def check_output_folder(outdir: Path, inputs: Sequence[str | Path] = ()) -> dict[str, bytes]:
    """Refuse an output folder that is not the tool's to write; the manifests it already holds.

    The tool writes and replaces only its own ``*.k8s.yaml`` files (those carrying its
    ``managed-by`` label) directly in the folder; everything else there (a README, ``.gitkeep``,
    sub-folders) is kept. It refuses a file, the file system root, the home folder, a repository's
    root, a folder holding or inside an input, and a ``*.k8s.yaml`` it did not write.
    """
    if Path(outdir).is_symlink() and not Path(outdir).exists():
        raise ConfigError([Problem("--output", f"{outdir} is a symbolic link to {os.readlink(outdir)}, which does not "
                                   "exist: create that folder, or name another output folder")])
    outdir = outdir.resolve()

    def refuse(message: str) -> ConfigError:
        return ConfigError([Problem("--output", f"{outdir} {message}")])

    message = refusal(outdir, inputs)
    if message is not None:
        raise refuse(message)
    previous: dict[str, bytes] = {}
    if not outdir.is_dir():
        return previous
    for manifest in sorted(outdir.glob(f"*{MANIFEST_SUFFIX}")):
        if not manifest.is_file():
            raise refuse(f"holds {manifest.name}, which is not a file: move it away")
        data = manifest.read_bytes()
        if not _OWN_LABEL.search(data):
            raise refuse(f"holds {manifest.name}, which this tool did not write (it lacks the label "
                         "app.kubernetes.io/managed-by: claude-constructs): move it away, or write elsewhere with -o")
        previous[manifest.name] = data
    return previous


def read_manifest(path: Path, data: bytes | None = None) -> list[dict]:
    """The objects of a manifest already in the output, or a ``ConfigError`` naming the file."""
    try:
        return load_manifests((path.read_bytes() if data is None else data).decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError([Problem("--output", (
            f"{path} is not readable YAML{where}, perhaps a merge conflict or a hand edit: restore it "
            "(git checkout -- FILE) or delete it, then run again; synth rewrites it"))]) from None


def check_orphans(previous: dict[str, bytes], configs: Sequence[InstanceConfig], allowed: bool,
                  outdir: Path = Path("dist"), *, staged: Mapping[str, bytes] | None = None) -> None:
    """Refuse, unless ``allowed``, an output that leaves volumes or databases of the previous one
    without an owner: a renamed, moved or removed instance, or a disabled volume. A previous
    manifest that ``staged`` (the new output) holds unchanged keeps all its objects: it is skipped."""
    changed = {name: data for name, data in previous.items() if staged is None or staged.get(name) != data}
    lines = orphaned_data({name: _data_documents(outdir / name, data) for name, data in changed.items()}, configs)
    if lines and not allowed:
        details = "; ".join(lines)
        raise ConfigError([Problem("", (
            f"this would leave data without an owner: {details}. They stay in the cluster, but no instance uses "
            "them any more, and a renamed or moved instance starts with new, empty ones. Keep the instance's name, "
            "user and namespace (and the volume enabled) to keep its data; if you named only some instance files, "
            "name the whole instances/ folder (the output holds every instance); or run again with "
            "--allow-orphaned-data if this is intended (the objects are then yours to delete or reattach)"))])


def _render_cached(
    configs: Sequence[InstanceConfig],
    folder: Path,
    gitops: GitOpsConfig | None,
    *,
    jobs: int | None,
    progress: Callable[[int, int], None] | None = None,
    cache: SynthCache | None,
    previous: Mapping[str, bytes] | None = None,
    kept: dict[str, bytes] | None = None,
) -> int:
    """Render into ``folder`` what the cache does not hold, and the rest from it; the number of
    charts taken from the cache. A cached manifest identical to the one of ``previous`` (the output
    folder's) is not written again: it goes into ``kept``."""
    if cache is None:
        render(configs, folder, gitops, jobs=jobs, progress=progress)
        _check_written(configs, folder, gitops)
        return 0
    previous = previous or {}
    kept = {} if kept is None else kept

    def restore(key: str, chart: str) -> bool:
        return _restore(cache, key, chart, folder, previous, kept)

    keys = {config.name: instance_key(config, cache) for config in configs}
    missing = [config for config in configs if not restore(keys[config.name], config.name)]
    fleet_keys: dict[str, str] = {}  # chart id -> key
    if gitops is not None:
        fleet_keys[ARGOCD_CHART_ID] = argocd_key(gitops, configs)
        if gitops.tenancy:
            for namespace, members in by_namespace(configs).items():
                fleet_keys[tenant_chart_id(namespace)] = tenant_key(namespace, [keys[c.name] for c in members])
    fleet_missing = {chart for chart, key in fleet_keys.items() if not restore(key, chart)}
    hits = len(configs) - len(missing) + len(fleet_keys) - len(fleet_missing)

    def shifted(done: int, total: int) -> None:
        progress(len(configs) - len(missing) + done, len(configs))

    tenants = [ns for ns in by_namespace(configs) if tenant_chart_id(ns) in fleet_missing]
    render(missing, folder, gitops if fleet_missing else None, fleet=configs, argocd=ARGOCD_CHART_ID in fleet_missing,
           tenants=tenants, jobs=jobs, progress=progress and shifted)
    _check_written(configs, folder, gitops, kept)
    for chart, key in [(c.name, keys[c.name]) for c in missing] + [(c, fleet_keys[c]) for c in sorted(fleet_missing)]:
        name = f"{chart}{MANIFEST_SUFFIX}"
        cache.put(key, {name: (folder / name).read_bytes()})
    cache.prune_if_due()
    return hits


# The head of every object as the manifest writer writes it: apiVersion, kind, then metadata, whose
# own keys (annotations, labels, name, namespace, in that order) are indented two spaces and whose
# values' lines more. Documents are separated by "\n---\n", which no indented line can be.
_OBJECT_HEAD = re.compile(rb"apiVersion: (.+)\nkind: (.+)\nmetadata:\n(?: .*\n)*?  name: (.+)(?:\n  namespace: (.+))?(?:\n|\Z)")


# etcd keeps an object of at most 1.5 MiB (its request limit, --max-request-bytes); an object of
# more than 1 MiB of YAML is refused here, before the cluster refuses it at sync.
MAX_OBJECT_BYTES = 1024 * 1024


def _identities(data: bytes, sizes: dict | None = None):
    """(apiVersion, kind, namespace, name) of every object of a manifest (with ``sizes``: each
    object's bytes, by identity)."""
    for document in data.split(b"\n---\n"):
        head = _OBJECT_HEAD.match(document)
        if head is not None:
            identities = [(head[1], head[2], (head[4] or b"").strip(b"\"'"), head[3].strip(b"\"'"))]
        else:  # another layout: read it (never seen)
            identities = [(str(obj.get("apiVersion")).encode(), str(obj.get("kind")).encode(),
                           str((obj.get("metadata") or {}).get("namespace") or "").encode(),
                           str((obj.get("metadata") or {}).get("name")).encode())
                          for obj in load_manifests(document.decode("utf-8"))]
        if sizes is not None:
            sizes.update((identity, len(document)) for identity in identities)
        yield from identities


def check_unique_objects(manifests: Mapping[str, bytes]) -> None:
    """No two manifests write the same object (kind, namespace, name): ArgoCD would apply whichever
    came last, so an instance named like another's derived object (``x-snapshots`` beside ``x``'s
    snapshot ServiceAccount) or like a tenant's Role could take over its rights. About 0.07 s for
    the 37 MB of 1,000 instances."""
    owners: dict[tuple[bytes, bytes, bytes, bytes], str] = {}
    problems = []
    for file, data in sorted(manifests.items()):
        sizes: dict = {}
        seen_here: set = set()
        for identity in _identities(data, sizes if len(data) > MAX_OBJECT_BYTES else None):
            first = owners.setdefault(identity, file)
            if first != file or identity in seen_here:  # another chart, or twice in one (the ArgoCD chart's Applications)
                kind, namespace, name = (part.decode("utf-8", "replace") for part in identity[1:])
                where = f"{namespace}/{name}" if namespace else name
                both = f"{first} and {file} both write" if first != file else f"{file} writes twice"
                problems.append(Problem("", f"{both} the {kind} {where}: rename the instance whose 'instanceName' makes "
                                        "that name (an object name is unique in its namespace)"))
            seen_here.add(identity)
        for (_, kind, namespace, name), size in sizes.items():
            if size > MAX_OBJECT_BYTES:
                problems.append(Problem("", f"{file} writes the {kind.decode()} {namespace.decode()}/{name.decode()} in "
                                        f"{size:,} bytes, more than the 1 MiB a cluster takes for one object: make "
                                        "its settings shorter (the system prompt, env, the lists)"))
    if problems:
        raise ConfigError(problems[:20])


def _check_written(configs: Sequence[InstanceConfig], folder: Path, gitops: GitOpsConfig | None,
                   kept: Collection[str] = ()) -> None:
    """Every chart's file is there: a gap would make ArgoCD prune an instance."""
    charts = [config.name for config in configs]
    if gitops is not None:
        charts.append(ARGOCD_CHART_ID)
        if gitops.tenancy:
            charts += [tenant_chart_id(namespace) for namespace in by_namespace(configs)]
    missing = [chart for chart in charts
               if f"{chart}{MANIFEST_SUFFIX}" not in kept and not (folder / f"{chart}{MANIFEST_SUFFIX}").is_file()]
    if missing:
        raise SynthesisError(f"{missing[0]}{MANIFEST_SUFFIX} was not written")


def _restore(cache: SynthCache, key: str, chart: str, folder: Path,
             previous: Mapping[str, bytes] | None = None, kept: dict[str, bytes] | None = None) -> bool:
    """Write ``chart``'s file from the cache into ``folder`` (or, when ``previous`` holds the same
    bytes, note it in ``kept``); False when the cache does not hold it."""
    name = f"{chart}{MANIFEST_SUFFIX}"
    files = cache.get(key)
    if files is None or set(files) != {name}:  # an entry for another file is never written here
        return False
    if kept is not None and previous is not None and previous.get(name) == files[name]:
        kept[name] = files[name]
    else:
        (folder / name).write_bytes(files[name])
    return True


@dataclass(frozen=True, slots=True)
class Change:
    sign: str  # "+" added, "~" changed, "-" removed
    file: str
    key: str  # "Kind namespace/name"
    before: dict | None
    after: dict | None

    def unified_diff(self) -> str:
        """The change as a unified diff of the object's YAML."""
        def lines(document: dict | None) -> list[str]:
            return yaml.safe_dump(document, sort_keys=True, allow_unicode=True).splitlines(keepends=True) if document else []

        return "".join(difflib.unified_diff(lines(self.before), lines(self.after), f"a/{self.file}", f"b/{self.file}"))


def plan(
    configs: Sequence[InstanceConfig],
    outdir: str | Path,
    gitops: GitOpsConfig | None = None,
    *,
    jobs: int | None = None,
    cache: SynthCache | None = None,
) -> list[Change]:
    """What a synth would change in ``outdir``: every object added, changed or removed, sorted by
    file and object. Nothing is written to ``outdir``."""
    outdir = Path(outdir).resolve()
    with tempfile.TemporaryDirectory(prefix="claude-plan-") as staging:
        staging = Path(staging)
        _render_cached(configs, staging, gitops, jobs=jobs, cache=cache)
        new = _manifests(staging)
    old = _manifests(outdir) if outdir.is_dir() else {}
    changes = []
    for file in sorted(set(old) | set(new)):
        if old.get(file) == new.get(file):
            continue  # the same bytes: nothing to read
        before, after = _objects(old.get(file), outdir / file), _objects(new.get(file), staging / file)
        for key in sorted(set(before) | set(after)):
            old_object, new_object = before.get(key), after.get(key)
            if old_object != new_object:
                sign = "+" if old_object is None else "-" if new_object is None else "~"
                changes.append(Change(sign, file, key, old_object, new_object))
    return changes


def _manifests(folder: Path) -> dict[str, bytes]:
    return {manifest.name: manifest.read_bytes() for manifest in folder.glob(f"*{MANIFEST_SUFFIX}")}


def _objects(data: bytes | None, path: Path) -> dict[str, dict]:
    documents = read_manifest(path, data) if data is not None else []
    return {
        f"{d.get('kind')} {d.get('metadata', {}).get('namespace', '')}/{d.get('metadata', {}).get('name')}": d
        for d in documents
    }


def _check_upgrades(staging: Path, outdir: Path, previous: Mapping[str, bytes], staged: Mapping[str, bytes] | None = None) -> None:
    """Refuse, before anything is replaced, changes the cluster would reject or that lose data
    (``previous``: the manifests in ``outdir``, by file name; ``staged``: those of ``staging``)."""
    problems = []
    for manifest in sorted(staging.glob(f"*{MANIFEST_SUFFIX}")):
        data = staged[manifest.name] if staged is not None else manifest.read_bytes()
        if manifest.name not in previous or previous[manifest.name] == data:
            continue  # new, or unchanged
        previous_path = outdir / manifest.name
        read_manifest(previous_path)  # a broken file is one clear error naming it
        try:
            check_upgrade(previous_path, load_manifests(manifest.read_text(encoding="utf-8")))
        except ConfigError as error:
            problems.append(Problem("", f"instance {manifest.name.removesuffix(MANIFEST_SUFFIX)!r}: {error}"))
    if problems:
        raise ConfigError(problems)


def _replace_dir(source: Path, target: Path, kept: Collection[str] = ()) -> None:
    """Move the manifests of ``source`` into ``target`` and remove the tool's stale ones there, as
    one step: signals wait until it is done, and a failure puts the previous files back. Those in
    ``kept`` are part of the new output too, and already in ``target`` with the same bytes."""
    target.mkdir(exist_ok=True)
    moved = {path.name for path in source.glob(f"*{MANIFEST_SUFFIX}")}
    new = moved | set(kept)
    old = {path.name for path in target.glob(f"*{MANIFEST_SUFFIX}")}
    touched = (old & moved) | (old - new)  # the previous files replaced or removed
    backup = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    try:
        for name in touched:
            os.link(target / name, backup / name)
        with _signals_deferred():
            try:
                for name in sorted(moved):
                    os.replace(source / name, target / name)
                for name in sorted(old - new):
                    (target / name).unlink()
            except BaseException:
                for name in moved - old:
                    (target / name).unlink(missing_ok=True)
                for name in touched:
                    os.replace(backup / name, target / name)
                raise
    finally:
        shutil.rmtree(backup, ignore_errors=True)


@contextlib.contextmanager
def _signals_deferred():
    """Ctrl-C and SIGTERM wait for the block to finish (in the main thread; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda number, frame: received.append(number)) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if received:  # the block ran to its end: the interrupt is honoured, saying so
            raise KeyboardInterrupt("the new output was written completely")


def resolve_instances(
    paths: Sequence[str | Path], default_folder: str | Path = "instances", platform: Platform | None = None,
    cache: SynthCache | None = None, validated: Callable[[int, int], None] | None = None,
) -> list[InstanceConfig]:
    """The instances to synthesize: from ``paths`` (default: the ``instances/`` folder). No instance
    files is an empty fleet: nothing is ever made up (no demo instance with a public host name)."""
    if not paths:
        folder = Path(default_folder)
        return load_instances(find_instance_files([folder]), platform, [folder], cache, validated) if folder.is_dir() else []
    roots = [Path(p) for p in paths if Path(p).is_dir()]
    if not roots and Path(default_folder).is_dir():
        roots = [Path(default_folder)]  # single files of the repository's instances/ folder too
    return load_instances(find_instance_files(paths), platform, roots, cache, validated)


def resolve_gitops(path: str | Path | None, default_file: str | Path = "gitops.yaml") -> GitOpsConfig | None:
    """The GitOps settings: from ``path``, else from ``gitops.yaml`` when it exists, else none
    (no ArgoCD objects are generated, and the fleet's settings are the library's defaults)."""
    if path is not None:
        return load_gitops_file(path)
    return load_gitops_file(default_file) if Path(default_file).is_file() else None


def resolve(paths: Sequence[str | Path], gitops_path: str | Path | None = None, *, cache: SynthCache | None = None,
            validated: Callable[[int, int], None] | None = None) -> tuple[list[InstanceConfig], GitOpsConfig | None]:
    """The GitOps settings, then the instances validated against the fleet's settings they hold
    (``validated``: see ``load_instances``)."""
    gitops = resolve_gitops(gitops_path)
    return resolve_instances(paths, platform=gitops.platform if gitops else None, cache=cache, validated=validated), gitops
