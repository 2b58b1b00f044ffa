"""GitOps settings (the file ``gitops.yaml``): where ArgoCD reads the repository and how it applies it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

from . import _checks as checks
from ._yaml import load_values
from .config import RESERVED_PREFIX, ConfigError, InstanceConfig, Problem

ARGOCD_CHART_ID = "argocd"  # a reserved instance name, so its file never clashes with an instance's


def tenant_chart_id(namespace: str) -> str:
    """The chart (and file) of a tenant: instance names never start with the reserved prefix."""
    return f"{RESERVED_PREFIX}{namespace}"

GITOPS_DEFAULTS = {
    "repoURL": "",
    "targetRevision": "main",
    "path": "dist",
    "argocdNamespace": "argocd",
    "project": "claude-instances",
    "server": "https://kubernetes.default.svc",
    "tenancy": False,
}


@dataclass(frozen=True, kw_only=True, slots=True)
class GitOpsConfig:
    """Where the repository is and how ArgoCD applies it (the file ``gitops.yaml``)."""

    repo_url: str
    target_revision: str = "main"
    path: str = "dist"
    argocd_namespace: str = "argocd"
    project: str = "claude-instances"
    server: str = "https://kubernetes.default.svc"
    tenancy: bool = False


def load_gitops(values: Mapping[str, Any], source: str = "") -> GitOpsConfig:
    problems = []
    if not isinstance(values, Mapping):
        raise ConfigError([Problem("", "must be a mapping with at least 'repoURL'")], source=source)
    for key in values:
        if key not in GITOPS_DEFAULTS:
            problems.append(Problem(str(key), f"is not a known setting: known are {', '.join(GITOPS_DEFAULTS)}"))
    merged = {**GITOPS_DEFAULTS, **{k: v for k, v in values.items() if k in GITOPS_DEFAULTS}}
    for key, value in merged.items():
        if not isinstance(value, type(GITOPS_DEFAULTS[key])):
            kind = "true or false" if key == "tenancy" else "a string"
            problems.append(Problem(key, f"must be {kind}, got {value!r}"))
    if not problems:
        if not merged["repoURL"].startswith(("https://", "ssh://", "git@")):
            problems.append(Problem("repoURL", f"must be the git URL ArgoCD reads this repository from, got {merged['repoURL']!r}"))
        if not merged["server"].startswith("https://"):
            problems.append(Problem("server", f"must be the https:// URL of the destination cluster, got {merged['server']!r}"))
        for key in ("argocdNamespace", "project"):
            if not checks.DNS1123_LABEL.match(merged[key]):
                problems.append(Problem(key, f"must be a DNS-1123 label, got {merged[key]!r}"))
        if merged["path"].startswith("/") or ".." in merged["path"].split("/"):
            problems.append(Problem("path", f"must be a path inside the repository, got {merged['path']!r}"))
    if problems:
        raise ConfigError(problems, source=source)
    return GitOpsConfig(
        repo_url=merged["repoURL"], target_revision=merged["targetRevision"], path=merged["path"].rstrip("/") or ".",
        argocd_namespace=merged["argocdNamespace"], project=merged["project"], server=merged["server"],
        tenancy=merged["tenancy"],
    )


def load_gitops_file(path: str | Path) -> GitOpsConfig:
    path = Path(path)
    try:
        values = load_values(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError([Problem("", f"cannot be read: {error}")], source=str(path)) from None
    return load_gitops(values or {}, source=str(path))


@dataclass(frozen=True, slots=True)
class FleetEntry:
    """All the ArgoCD objects know of an instance: where it is applied, and where it writes."""

    name: str
    userid: str
    namespace: str
    other_namespaces: tuple[str, ...]  # the database's and the dashboard's, when enabled


def fleet_entries(configs: Sequence[InstanceConfig]) -> tuple[FleetEntry, ...]:
    return tuple(
        FleetEntry(
            name=c.name, userid=c.userid, namespace=c.namespace,
            other_namespaces=tuple(
                ([c.database.namespace] if c.database.enabled else [])
                + ([c.metrics.dashboard_namespace] if c.metrics.dashboard else [])
            ),
        )
        for c in configs
    )
