"""GitOps settings (the file ``gitops.yaml``): where ArgoCD reads the repository and how it applies it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import re
from urllib.parse import urlsplit

from claude_constructs.config import checks
from claude_constructs.config.loader import RESERVED_PREFIX, ConfigError, InstanceConfig, Problem, read_settings_file, sleeps_when_idle
from claude_constructs.config.platform import DEFAULT_PLATFORM, SYSTEM_NAMESPACES, Platform, load_platform

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
    "platform": None,
}
# ArgoCD's own project: every Application may use it, and ArgoCD recreates it; never ours to replace.
ARGOCD_DEFAULT_PROJECT = "default"
# A git ref as `git check-ref-format` allows it (a branch, a tag, HEAD or a commit), in one line.
_REVISION = re.compile(r"(?!.*(\.\.|@\{|//|\.lock(/|$)|/\.))(?![-/.])[^\x00-\x20\x7f~^:?*\[\\]{1,255}(?<![/.])")


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
    platform: Platform = DEFAULT_PLATFORM


def _inline_credentials(value: Any, path: str) -> list[Problem]:
    """Every string of gitops.yaml that holds a credential: it would be copied into dist/ (the
    repository URL into every Application, the sign-in provider's URL into every proxy)."""
    if isinstance(value, Mapping):
        return [p for key, child in value.items() for p in _inline_credentials(child, f"{path}.{key}" if path else str(key))]
    if isinstance(value, list):
        return [p for index, child in enumerate(value) for p in _inline_credentials(child, f"{path}[{index}]")]
    if isinstance(value, str) and checks.looks_like_key_material(value):
        return [Problem(path, "holds inline credentials (a token, a password in a URL, a private key), which would be "
                        "written into dist/ and git: give ArgoCD the repository's credentials as a repository Secret in its "
                        "namespace, and the fleet's other secrets as Secrets referenced by name")]
    return []


def load_gitops(values: Mapping[str, Any], source: str = "") -> GitOpsConfig:
    problems = []
    if not isinstance(values, Mapping):
        raise ConfigError([Problem("", "must be a mapping with at least 'repoURL'")], source=source)
    for key in values:
        if key not in GITOPS_DEFAULTS:
            problems.append(Problem(str(key), f"is not a known setting: {checks.did_you_mean(key, GITOPS_DEFAULTS)}"))
    problems += _inline_credentials(values, "")
    merged = {**GITOPS_DEFAULTS, **{k: v for k, v in values.items() if k in GITOPS_DEFAULTS}}
    for key, value in merged.items():
        if key != "platform" and not isinstance(value, type(GITOPS_DEFAULTS[key])):
            kind = "true or false" if key == "tenancy" else "a string"
            problems.append(Problem(key, f"must be {kind}, got {value!r}"))
    if not problems:
        if not _is_repo_url(merged["repoURL"]):
            problems.append(Problem("repoURL", (
                f"must be the git URL ArgoCD reads this repository from (https://HOST/PATH, ssh://USER@HOST/PATH or "
                f"git@HOST:PATH, one line, no spaces), got {merged['repoURL']!r}")))
        if not _REVISION.fullmatch(merged["targetRevision"]):
            problems.append(Problem("targetRevision", (
                f"must be a branch, tag or commit (a git ref: no spaces, '..', '~', '^', ':', '?', '*', '[' or '\\'), "
                f"got {merged['targetRevision']!r}")))
        if not _is_https_url(merged["server"]):
            problems.append(Problem("server", f"must be the https:// URL of the destination cluster, got {merged['server']!r}"))
        for key in ("argocdNamespace", "project"):
            if not checks.DNS1123_LABEL.match(merged[key]) or len(merged[key]) > 63:
                problems.append(Problem(key, f"must be a DNS-1123 label, got {merged[key]!r}"))
        if merged["project"] == ARGOCD_DEFAULT_PROJECT:
            problems.append(Problem("project", (
                "is 'default', ArgoCD's built-in project, which every Application may use and which must not be "
                "replaced: name a project of the fleet's own, such as 'claude-instances'")))
        if merged["argocdNamespace"] in SYSTEM_NAMESPACES:
            problems.append(Problem("argocdNamespace", f"is {merged['argocdNamespace']!r}, a system namespace: name ArgoCD's namespace"))
        path = merged["path"]
        if not path or path.startswith("/") or ".." in path.split("/") or any(c.isspace() or ord(c) < 32 for c in path):
            problems.append(Problem("path", f"must be a path inside the repository, got {path!r}"))
    platform, platform_problems = load_platform(merged["platform"], argocd_namespace=str(merged["argocdNamespace"]))
    problems += [Problem(path, message) for path, message in platform_problems]
    if problems:
        raise ConfigError(problems, source=source)
    return GitOpsConfig(
        repo_url=merged["repoURL"], target_revision=merged["targetRevision"], path=merged["path"].rstrip("/") or ".",
        argocd_namespace=merged["argocdNamespace"], project=merged["project"], server=merged["server"],
        tenancy=merged["tenancy"], platform=platform,
    )


def _is_https_url(url: str) -> bool:
    try:
        parsed = urlsplit(url)
        parsed.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return False
    return parsed.scheme == "https" and bool(parsed.hostname) and not any(c.isspace() or ord(c) < 32 for c in url)


def _is_repo_url(url: str) -> bool:
    if any(c.isspace() or ord(c) < 32 for c in url):
        return False
    if scp := re.fullmatch(r"([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):([A-Za-z0-9._~/-]+)", url):
        return checks.is_hostname(scp[2].lower()) and not scp[3].startswith(("/", "-"))
    try:
        parsed = urlsplit(url)
        parsed.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return False
    return (parsed.scheme in ("https", "ssh") and bool(parsed.hostname) and parsed.password is None
            and len(parsed.path) > 1 and not parsed.query and not parsed.fragment)


def load_gitops_file(path: str | Path) -> GitOpsConfig:
    path = Path(path)
    return load_gitops(read_settings_file(path) or {}, source=str(path))


@dataclass(frozen=True, slots=True)
class FleetEntry:
    """All the ArgoCD objects know of an instance: where it is applied, and where it writes."""

    name: str
    userid: str
    namespace: str
    other_namespaces: tuple[str, ...]  # the database's and the dashboard's, when enabled
    autoscaled: bool = False  # KEDA owns the Deployment's replicas (sleep)


def fleet_entries(configs: Sequence[InstanceConfig]) -> tuple[FleetEntry, ...]:
    return tuple(
        FleetEntry(
            name=c.name, userid=c.userid, namespace=c.namespace,
            other_namespaces=tuple(
                ([c.database.namespace] if c.database.enabled else [])
                + ([c.metrics.dashboard_namespace] if c.metrics.dashboard else [])
            ),
            autoscaled=sleeps_when_idle(c),
        )
        for c in configs
    )
