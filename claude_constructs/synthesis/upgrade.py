"""Upgrade safety: a new synthesis of an instance may not change what the API server keeps
immutable, nor shrink a volume. Checked against the instance's previous manifest before anything
is written; a refused change is a ``ConfigError`` that says why and how to proceed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from claude_constructs.config.checks import parse_quantity
from claude_constructs.config.yaml_files import load_manifests
from claude_constructs.config.loader import ConfigError, Problem

_CLAIM_PATHS = {"workspace": "storage.workspace", "home": "storage.home"}


def _key(resource: dict) -> tuple[str, str, str]:
    meta = resource.get("metadata", {})
    return resource.get("kind", ""), meta.get("namespace", ""), meta.get("name", "")


def _claim_path(name: str) -> str:
    suffix = name.rsplit("-", 1)[-1]
    return _CLAIM_PATHS.get(suffix, "storage")


def _size(claim: dict) -> Decimal | None:
    text = claim.get("spec", {}).get("resources", {}).get("requests", {}).get("storage")
    return parse_quantity(str(text)) if text is not None else None


def upgrade_problems(previous: list[dict], current: list[dict]) -> list[Problem]:
    """Changes from ``previous`` to ``current`` (manifests of one instance) a cluster would refuse
    or that would lose data."""
    before = {_key(r): r for r in previous}
    problems = []
    for resource in current:
        old = before.get(_key(resource))
        if old is None:
            continue
        kind, _, name = _key(resource)
        if kind == "Deployment" and old["spec"].get("selector") != resource["spec"].get("selector"):
            problems.append(
                Problem("instanceName", f"would change the selector of Deployment {name}, which is immutable: "
                        "delete the Deployment first or keep the previous library version")
            )
        elif kind == "PersistentVolumeClaim":
            path = _claim_path(name)
            old_spec, new_spec = old["spec"], resource["spec"]
            if old_spec.get("storageClassName") != new_spec.get("storageClassName"):
                problems.append(Problem(f"{path}.storageClass", (
                    f"changes from {old_spec.get('storageClassName', '')!r} to {new_spec.get('storageClassName', '')!r}, "
                    f"but the storage class of PVC {name} cannot change: keep it, or migrate the data to a new instance")))
            if old_spec.get("accessModes") != new_spec.get("accessModes"):
                problems.append(Problem(f"{path}.accessMode", (
                    f"changes from {old_spec.get('accessModes')} to {new_spec.get('accessModes')}, but the access "
                    f"modes of PVC {name} cannot change: keep them, or migrate the data to a new instance")))
            if old_spec.get("dataSource") != new_spec.get("dataSource"):
                problems.append(Problem(f"{path}.fromSnapshot", (
                    f"changes the snapshot PVC {name} was created from, which only applies when a claim is created: "
                    "restore into a new instance (another instanceName), or delete the claim first")))
            old_size, new_size = _size(old), _size(resource)
            if old_size is not None and new_size is not None and new_size < old_size:
                old_text = old_spec["resources"]["requests"]["storage"]
                problems.append(Problem(f"{path}.size", (
                    f"shrinks PVC {name} from {old_text} to {new_spec['resources']['requests']['storage']}: "
                    f"volumes can only grow; keep '{old_text}' or more")))
        elif kind in ("Database", "DatabaseRole"):
            # CNPG's CRDs make both immutable (CEL rules the real API server enforces). A DatabaseRole
            # exists only for a per-instance owner, named after the database: 'database.name' again.
            for field in ("name", "cluster"):
                if old["spec"].get(field) != resource["spec"].get(field):
                    problems.append(Problem(f"database.{field}", (
                        f"changes the {field} of {kind} {name}, which CNPG cannot change: keep "
                        f"{old['spec'].get(field)!r} or create a new database")))
    return problems


def check_upgrade(previous_manifest: Path, current: list[dict]) -> None:
    """Raise ``ConfigError`` when ``current`` cannot replace the manifest at ``previous_manifest``."""
    if not previous_manifest.exists():
        return
    previous = load_manifests(previous_manifest.read_text(encoding="utf-8"))
    problems = upgrade_problems(previous, current)
    if problems:
        raise ConfigError(problems, source=str(previous_manifest))


# The kinds that hold an instance's data: when one leaves the output, its data stays in the cluster
# (ArgoCD neither prunes nor deletes them, see the README's removal table), owned by nothing.
DATA_KINDS = ("PersistentVolumeClaim", "Database", "DatabaseRole")


def data_objects(config) -> set[tuple[str, str, str]]:
    """(kind, namespace, name) of every object holding ``config``'s data, as the constructs name them."""
    from claude_constructs.config.names import object_name

    found = set()
    for volume in ("workspace", "home"):
        if getattr(config.storage, volume).enabled:
            found.add(("PersistentVolumeClaim", config.namespace, object_name(config.name, volume)))
    db = config.database
    if db.enabled:
        found.add(("Database", db.namespace, db.object_name))
        if db.creates_owner_role:
            found.add(("DatabaseRole", db.namespace, f"{db.object_name}-owner"))
    return found


def orphaned_data(previous: dict[str, list[dict]], configs) -> list[str]:
    """What would lose its owner: data objects in ``previous`` (manifests by file name) that the new
    output no longer has, one line per file."""
    if not any(documents for documents in previous.values()):
        return []
    kept = set().union(*(data_objects(config) for config in configs)) if configs else set()
    lines = []
    for file, documents in sorted(previous.items()):
        lost = sorted(key for key in (_key(d) for d in documents) if key[0] in DATA_KINDS and key not in kept)
        if lost:
            names = ", ".join(f"{kind} {namespace}/{name}" for kind, namespace, name in lost)
            lines.append(f"{file}: {names}")
    return lines
