"""Instance configuration: an instance file (the Helm chart's values shape) in, an immutable
``InstanceConfig`` out. Everything is validated here, before any construct exists.

Every problem becomes a ``ConfigError`` (a ``ValueError``) naming the config path, the bad value
and the fix. ``load_instance`` raises one error that lists every problem found in the file.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import annotated_types
import yaml
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from claude_constructs.config import checks
from claude_constructs.config.settings import FREE_MAPPINGS, KEY_ALIASES, OVERLAID_MAPPINGS, InstanceFile, Noun, Rule, Settings, Why, copy_tree, settings_of
from claude_constructs.config.egress_profile import BUILTIN_HOSTS, egress_hosts
from claude_constructs.config.platform import DEFAULT_PLATFORM, Platform, is_identity
from claude_constructs.config.yaml_files import MAX_FILE_BYTES, load_values
from claude_constructs.config.ports import PortRegistry
from claude_constructs.config.templates import TEMPLATES, deep_merge

__all__ = [
    "ConfigError",
    "Problem",
    "InstanceConfig",
    "ImageRef",
    "Resources",
    "SecretKeyRef",
    "Features",
    "VolumeClaimConfig",
    "StorageConfig",
    "SshConfig",
    "GitConfig",
    "GitCloneConfig",
    "DatabaseConfig",
    "IngressConfig",
    "ServiceConfig",
    "PolicyRule",
    "RbacConfig",
    "PeerSelector",
    "OtlpConfig",
    "NetworkPolicyConfig",
    "McpServerConfig",
    "ToolConfig",
    "derive_instance_name",
    "load_instance",
    "load_instance_file",
    "instance_problems",
]

MAIN_CONTAINER = "claude-web"
# Claude Code's credentials (its authentication docs), by instance-file key.
ANTHROPIC_CREDENTIALS = {"apiKey": "ANTHROPIC_API_KEY", "oauthToken": "CLAUDE_CODE_OAUTH_TOKEN"}
MAIN_HTTP_PORT = 8080
MAIN_MCP_PORT = 8081
AUTH_PROXY_CONTAINER = "auth-proxy"
AUTH_PROXY_PORT_NAME = "auth"
AUTH_ALLOWED_KEY = "allowed-identities"
RESERVED_ENV = frozenset(
    {
        "HOME",
        "EDITOR",
        "CLAUDE_INSTANCE_NAME",
        "CLAUDE_INSTANCE_DESCRIPTION",
        "CLAUDE_USERID",
        "CLAUDE_NAMESPACE",
        "CLAUDE_SYSTEM_PROMPT_FILE",
        "CLAUDE_CONFIG_DIR",
        *ANTHROPIC_CREDENTIALS.values(),
        "CLAUDE_CODE_ENABLE_TELEMETRY",
        "OTEL_METRICS_EXPORTER",
        "OTEL_EXPORTER_PROMETHEUS_HOST",
        "OTEL_EXPORTER_PROMETHEUS_PORT",
        "GITHUB_TOKEN",
        "DATABASE_URL",
    }
)
DATABASE_PREFIX = "claude_"
# PostgreSQL's superuser and CNPG's replication and application roles.
PG_RESERVED_ROLES = frozenset({"postgres", "streaming_replica", "app"})
RESERVED_NAMES = frozenset({"argocd"})
RESERVED_PREFIX = "tenant-"
# The agent's own rules may only read: a write verb on pods, workloads, ConfigMaps or Cilium's
# policies would let it start pods that mount any Secret, rewrite its own allow-list or widen its
# own egress. Writes are granted by the platform, not by an instance file.
_RBAC_READ_VERBS = frozenset({"get", "list", "watch"})
_RBAC_FORBIDDEN_RESOURCES = frozenset(
    {"*", "secrets", "roles", "rolebindings", "clusterroles", "clusterrolebindings", "networkpolicies", "pods/exec",
     "pods/attach", "pods/portforward", "pods/proxy", "services/proxy", "nodes/proxy", "serviceaccounts/token",
     "ciliumnetworkpolicies", "ciliumclusterwidenetworkpolicies"}
)
DEFAULT_RBAC_RULES: tuple[dict, ...] = (
    {
        "apiGroups": [""],
        "resources": ["pods", "pods/log", "services", "endpoints", "configmaps", "persistentvolumeclaims", "events"],
        "verbs": ["get", "list", "watch"],
    },
    {"apiGroups": ["apps"], "resources": ["deployments", "replicasets", "statefulsets"], "verbs": ["get", "list", "watch"]},
    {"apiGroups": ["batch"], "resources": ["jobs", "cronjobs"], "verbs": ["get", "list", "watch"]},
)


class ConfigError(ValueError):
    """One or more problems in an instance file; ``problems`` lists each with its config path."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        head = f"{one_line(source)}: " if source else ""
        if len(problems) == 1:
            message = f"{head}{problems[0]}"
        else:
            lines = "\n".join(f"  - {p}" for p in problems)
            message = f"{head}{len(problems)} problems:\n{lines}"
        super().__init__(message)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(p.path for p in self.problems)


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    message: str
    shown: bool = False  # the message is already as shown (another ConfigError's text, lines and all)

    def __str__(self) -> str:
        message = self.message if self.shown else one_line(self.message)
        return f"'{one_line(self.path)}' {message}" if self.path else message


# Control characters (C0, DEL, C1) and line or paragraph separators, as a file may hold them in a key
# or a value a message repeats: shown escaped, so a message is one line that cannot move the cursor,
# recolour the terminal or fake another line of output.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with its control characters and line separators escaped: one line for a terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# --------------------------------------------------------------------------------------------
# The typed configuration
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ImageRef:
    repository: str
    tag: str
    digest: str = ""
    pull_policy: str = "IfNotPresent"

    @property
    def ref(self) -> str:
        """``repository@digest`` when a digest is pinned, else ``repository:tag``."""
        return f"{self.repository}@{self.digest}" if self.digest else f"{self.repository}:{self.tag}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Resources:
    """Requests and limits with Kubernetes resource names (``cpu``, ``memory``, ``ephemeral-storage``)."""

    requests: Mapping[str, str]
    limits: Mapping[str, str]


@dataclass(frozen=True, kw_only=True, slots=True)
class SecretKeyRef:
    secret_name: str
    key: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Features:
    golang: bool
    typescript: bool
    postgres: bool
    graphql: bool
    ansible: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class VolumeClaimConfig:
    enabled: bool
    size: str
    storage_class: str
    access_mode: str
    from_snapshot: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class StorageConfig:
    workspace: VolumeClaimConfig
    home: VolumeClaimConfig
    tmp_size: str
    cache_size: str
    npm_cache_size: str
    claude_lock_size: str
    home_root_size: str


@dataclass(frozen=True, kw_only=True, slots=True)
class SshConfig:
    enabled: bool
    private_key: SecretKeyRef
    known_hosts_github: bool
    known_hosts_custom: tuple[str, ...]
    image: ImageRef


@dataclass(frozen=True, kw_only=True, slots=True)
class GitConfig:
    enabled: bool
    user_name: str
    user_email: str
    default_branch: str
    secret_name: str

    @property
    def generated(self) -> bool:
        """True when the .gitconfig is generated into the instance ConfigMap (no Secret given)."""
        return self.enabled and not self.secret_name

    def render(self) -> str:
        def quote(value: str) -> str:
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

        return (
            f"[user]\n\tname = {quote(self.user_name)}\n\temail = {quote(self.user_email)}\n"
            f"[init]\n\tdefaultBranch = {quote(self.default_branch)}\n"
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class GitCloneConfig:
    repository: str
    branch: str
    image: ImageRef

    @property
    def enabled(self) -> bool:
        return bool(self.repository)


@dataclass(frozen=True, kw_only=True, slots=True)
class DatabaseConfig:
    enabled: bool
    namespace: str
    cluster: str
    object_name: str
    database_name: str
    owner: str
    creates_owner_role: bool
    reclaim_policy: str
    connection_secret: str

    @property
    def owner_password_secret(self) -> str:
        return f"{self.object_name}-owner"


@dataclass(frozen=True, kw_only=True, slots=True)
class IngressConfig:
    enabled: bool
    class_name: str
    hostname: str
    tls_secret_name: str
    annotations: Mapping[str, str]


@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceConfig:
    port: int
    mcp_port: int


@dataclass(frozen=True, kw_only=True, slots=True)
class AccessConfig:
    """Who may reach the instance. ``mode`` ``oauth2-proxy``: an oauth2-proxy sidecar in front of the
    agent lets through only ``allowed`` (the owner, collaborators and the fleet's admins, as the
    provider's ``claim`` names them); ``gateway``: an authenticating gateway in front does it."""

    mode: str
    issuer_url: str
    client_id: str
    secret_name: str
    claim: str
    allowed: tuple[str, ...]
    image: ImageRef
    port: int
    resources: Resources

    @property
    def proxy(self) -> bool:
        return self.mode == "oauth2-proxy"


@dataclass(frozen=True, kw_only=True, slots=True)
class SleepConfig:
    """Scale to zero after ``idle_seconds`` without activity, wake on the next request (KEDA)."""

    enabled: bool
    idle_seconds: int
    timezone: str = ""
    start: str = ""  # cron: awake from then on (working hours)
    end: str = ""
    interceptor: PeerSelector | None = None
    interceptor_service: str = ""
    interceptor_port: int = 0
    scaler_address: str = ""
    prometheus_url: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class PolicyRule:
    api_groups: tuple[str, ...]
    resources: tuple[str, ...]
    verbs: tuple[str, ...]
    resource_names: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class RbacConfig:
    create: bool
    create_service_account: bool
    service_account_name: str
    rules: tuple[PolicyRule, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class PeerSelector:
    namespace: str
    pod_labels: Mapping[str, str]


@dataclass(frozen=True, kw_only=True, slots=True)
class OtlpConfig:
    enabled: bool
    peer: PeerSelector
    port: int


@dataclass(frozen=True, kw_only=True, slots=True)
class NetworkPolicyConfig:
    enabled: bool
    allow_dns: bool
    allowed_egress_hosts: tuple[str, ...]
    cilium: bool
    internet_ports: tuple[int, ...]
    dns: PeerSelector
    ingress_controller: PeerSelector
    otlp: OtlpConfig
    api_server_cidrs: tuple[str, ...]
    api_server_port: int


@dataclass(frozen=True, kw_only=True, slots=True)
class BackupConfig:
    snapshot_class: str
    snapshots: tuple[str, ...]
    schedule: str
    keep: int
    image: ImageRef


@dataclass(frozen=True, kw_only=True, slots=True)
class MetricsConfig:
    enabled: bool
    port: int
    path: str
    prometheus: PeerSelector
    dashboard: bool
    dashboard_namespace: str


@dataclass(frozen=True, kw_only=True, slots=True)
class McpServerConfig:
    """An MCP server: an in-pod sidecar (``mode: sidecar``) or a shared service reached by URL."""

    key: str
    container_name: str
    enabled: bool
    mode: str
    image: ImageRef
    ports: tuple[tuple[str, int], ...]
    url: str
    resources: Resources

    @property
    def sidecar(self) -> bool:
        return self.enabled and self.mode == "sidecar"

    @property
    def shared(self) -> bool:
        return self.enabled and self.mode == "shared"


@dataclass(frozen=True, kw_only=True, slots=True)
class ToolConfig:
    image: ImageRef
    resources: Resources
    port: int = 0


@dataclass(frozen=True, kw_only=True, slots=True)
class InstanceConfig:
    """One Claude Code instance, resolved and validated. Build it with ``load_instance``."""

    name: str
    description: str
    userid: str
    namespace: str
    base_domain: str
    suspended: bool
    features: Features
    image: ImageRef
    storage: StorageConfig
    github_token: SecretKeyRef
    anthropic: Mapping[str, SecretKeyRef]  # environment variable -> Secret
    env: Mapping[str, str]
    secret_env: Mapping[str, SecretKeyRef]
    ssh: SshConfig
    git_config: GitConfig
    git_clone: GitCloneConfig
    kubeconfig: SecretKeyRef | None
    resources: Resources
    service: ServiceConfig
    access: AccessConfig
    ingress: IngressConfig
    database: DatabaseConfig
    system_prompt: str
    disruption_budget: bool
    vertical_pod_autoscaler: bool
    metrics: MetricsConfig
    backup: BackupConfig
    rbac: RbacConfig
    network_policy: NetworkPolicyConfig
    mcp_servers: tuple[McpServerConfig, ...]
    golang: ToolConfig
    typescript: ToolConfig
    postgres: ToolConfig
    hasura: ToolConfig
    hasura_admin_secret: SecretKeyRef
    ansible: ToolConfig
    isolation: str = ""  # the RuntimeClass of the pod ("": the cluster's default runtime)
    sleep: SleepConfig = SleepConfig(enabled=False, idle_seconds=0)
    expires: str = ""  # an ISO date, read by `claude-instance expire` and `list`; never by synthesis
    notes: tuple[str, ...] = ()  # settings read from an older chart's keys, to be rewritten

    @property
    def has_database(self) -> bool:
        """True when the pod gets a database connection (a CNPG Database or an existing Secret)."""
        return bool(self.database.connection_secret)


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def derive_instance_name(description: str) -> str:
    """The name of a *new* instance: sha256 of its description, first 12 hex characters.

    Only used when an instance is created; a name once written is never re-derived.
    """
    return hashlib.sha256(description.encode("utf-8")).hexdigest()[:12]


def read_settings_bytes(path: Path) -> bytes:
    """The bytes of a settings file, or a ``ConfigError`` naming it: unreadable, or larger than
    ``MAX_FILE_BYTES`` (only that much more is ever read)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ConfigError([Problem("", f"cannot be read: {error.strerror or error}")], source=str(path)) from None
    if len(data) > MAX_FILE_BYTES:
        raise ConfigError([Problem("", f"is larger than {MAX_FILE_BYTES // 1024} KiB, the limit for a settings file: "
                                   "shorten it (a long system prompt belongs in 'configMap.systemPrompt', at most 512 KiB)")],
                          source=str(path))
    return data


def read_settings_file(path: Path, data: bytes | None = None):
    """The values of a settings file (an instance file, gitops.yaml; or its ``data`` already read),
    or a ``ConfigError`` naming it: unreadable, larger than ``MAX_FILE_BYTES``, not UTF-8, or not
    strict YAML (see ``load_values``)."""
    if data is None:
        data = read_settings_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError([Problem("", f"is not UTF-8 text (byte {error.start}): save it as UTF-8")], source=str(path)) from None
    try:
        return load_values(text)
    except yaml.YAMLError as error:
        raise ConfigError([Problem("", f"is not valid YAML: {' '.join(line.strip() for line in str(error).splitlines())}")], source=str(path)) from None
    except RecursionError:  # pragma: no cover - load_values bounds the depth first
        raise ConfigError([Problem("", "nests too deeply")], source=str(path)) from None


def load_instance_file(path: str | Path, *, platform: Platform | None = None, data: bytes | None = None) -> InstanceConfig:
    """Load and validate one instance file (or its ``data``, read before); raises ``ConfigError`` naming the file."""
    path = Path(path)
    data = read_settings_file(path, data)
    if data is None:
        data = {}
    try:
        return load_instance(data, require_name=True, platform=platform)
    except ConfigError as error:
        raise ConfigError(list(error.problems), source=str(path)) from None


def load_instance(
    values: Mapping[str, Any] | None = None, *, require_name: bool = False, platform: Platform | None = None
) -> InstanceConfig:
    """Validate instance values (a mapping in the chart's values shape) into an ``InstanceConfig``.

    With no values, the seed's defaults. ``require_name`` makes the identity (``instanceName`` and
    ``userid``) mandatory, as it is in instance files: a missing name is never derived silently from
    an edited description, nor an owner taken from the example defaults. ``platform`` is the fleet's
    settings (what an instance may point at); the library's defaults when not given.
    """
    problems: list[Problem] = []
    config = _build(values if values is not None else {}, problems, require_name, platform or DEFAULT_PLATFORM)
    if problems:
        raise ConfigError(problems)
    assert config is not None
    return config


def instance_problems(
    values: Mapping[str, Any], *, require_name: bool = True, platform: Platform | None = None
) -> list[Problem]:
    """Every problem in ``values`` (empty when valid), for reporting all errors at once."""
    problems: list[Problem] = []
    _build(values, problems, require_name, platform or DEFAULT_PLATFORM)
    return problems


def _build(values: Any, problems: list[Problem], require_name: bool, platform: Platform) -> InstanceConfig | None:
    if not isinstance(values, Mapping):
        problems.append(Problem("", f"must be a mapping of settings, got {_kind(values)}: start the file with 'instanceName: ...'"))
        return None
    _check_strings(values, "", problems)
    if "kubeconfigs" in values:
        problems.append(
            Problem(
                "kubeconfigs",
                "holds inline kubeconfig material, which is refused (it would be committed to git): "
                "create a Secret with the kubeconfig and set 'kubeconfig.secretName' (and 'kubeconfig.secretKey')",
            )
        )
        values = {k: v for k, v in values.items() if k != "kubeconfigs"}
    if require_name and "instanceName" not in values:
        description = values.get("instanceDescription")
        hint = f" (for this description: '{derive_instance_name(description)}')" if isinstance(description, str) else ""
        problems.append(
            Problem(
                "instanceName",
                f"is missing: add 'instanceName: <name>'{hint}; a name is fixed once written and never "
                "re-derived from the description ('claude-instance new' writes it for you)",
            )
        )
    if require_name and "userid" not in values:
        problems.append(Problem("userid", "is missing: add 'userid: <the owner's user id>' (for example their GitHub login); "
                                "an instance's owner is never taken from the defaults"))
    values, notes = _migrate(values, problems)
    values = _apply_template(values, problems)
    merged = _merge(_platform_defaults(platform), values, problems)
    _check_fleet_owned(values, merged, platform, problems)
    config = _resolve(merged, problems, platform)
    return replace(config, notes=tuple(notes) + config.notes) if config is not None and notes else config


def _migrate(values: Mapping[str, Any], problems: list[Problem]) -> tuple[Mapping[str, Any], list[str]]:
    """Keys of earlier chart versions, read as today's settings with a note saying where they moved.

    The chart's first version cloned a repository with ``initContainer`` (``enabled``, ``image``,
    ``repository.url``, ``repository.branch``): today's ``gitClone``."""
    if "initContainer" not in values:
        return values, []
    old = values["initContainer"]
    values = {key: value for key, value in values.items() if key != "initContainer"}
    if not isinstance(old, Mapping):
        problems.append(Problem("initContainer", f"must be a mapping (the first chart version's git clone), got {_kind(old)}"))
        return values, []
    if "gitClone" in values:
        problems.append(Problem("initContainer", "is the first chart version's git clone, and 'gitClone' is set too: keep 'gitClone' only"))
        return values, []
    unknown = sorted(set(old) - {"enabled", "image", "repository"})
    for key in unknown:
        problems.append(Problem(f"initContainer.{key}", "is not a setting of the first chart version's git clone (enabled, image, repository)"))
    clone: dict[str, Any] = {}
    repository = old.get("repository") or {}
    if not isinstance(repository, Mapping) or set(repository) - {"url", "branch"}:
        problems.append(Problem("initContainer.repository", "must be a mapping with url and branch"))
        repository = {}
    if old.get("enabled", True) is True and repository.get("url"):
        clone["repository"] = repository["url"]
        if "branch" in repository:
            clone["branch"] = repository["branch"]
    image = old.get("image")
    if isinstance(image, str) and image:
        name, _, tag = image.rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "")
        clone["image"] = {"repository": name, **({"tag": tag} if tag else {})}
    elif isinstance(image, Mapping):
        clone["image"] = dict(image)
    values["gitClone"] = clone
    return values, ["'initContainer' (the first chart version's git clone) was read as 'gitClone': "
                    f"rewrite it as gitClone: {clone}"]


_PLATFORM_DEFAULTS: dict[str, dict] = {}


def _platform_defaults(platform: Platform) -> dict:
    key = repr(platform)
    if key not in _PLATFORM_DEFAULTS:
        _PLATFORM_DEFAULTS[key] = platform.defaults()
    return _PLATFORM_DEFAULTS[key]


def _given(values: Any, path: str) -> bool:
    for key in path.split("."):
        if not isinstance(values, Mapping) or key not in values:
            return False
        values = values[key]
    return True


def _as_written(value: Any) -> str:
    """A value in a message as the YAML file spells it (``true``, not Python's ``True``)."""
    return {True: "true", False: "false", None: "null"}[value] if value is None or isinstance(value, bool) else repr(value)


def _check_fleet_owned(values: Mapping[str, Any], merged: dict, platform: Platform, problems: list[Problem]) -> None:
    """An instance file may repeat the fleet's settings, never change them (see ``platform``)."""
    for path, fleet_value in platform.owned_values().items():
        *parents, last = path.split(".")
        node = merged
        for key in parents:
            node = node[key]
        if node[last] != fleet_value and _given(values, path):
            problems.append(Problem(path, (
                f"is {_as_written(node[last])}, but this is the fleet's setting ({_as_written(fleet_value)}), which an instance file cannot "
                "change (it guards other tenants and the platform): remove it from the file; a platform engineer "
                "sets it for every instance in gitops.yaml under 'platform'")))
            node[last] = fleet_value


def _apply_template(values: Mapping[str, Any], problems: list[Problem]) -> Mapping[str, Any]:
    """The instance's values over its template's (``template: NAME``)."""
    name = values.get("template")
    if name in (None, ""):
        return values
    if not isinstance(name, str) or name not in TEMPLATES:
        problems.append(Problem("template", f"is {name!r}, which is not a template: {checks.did_you_mean(name, TEMPLATES, 'templates')}"))
        return values
    return deep_merge(TEMPLATES[name][1], values)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value!r}"
    if isinstance(value, str):
        return f"string {value[:80]!r}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _overlay(default: Any, given: Any, path: str, problems: list[Problem]) -> Any:
    """The user's values over the defaults of the place they are at, as plain data (checked next).

    A key left out, or a mapping given as null, takes its default; the free mappings of
    ``OVERLAID_MAPPINGS`` add their entries to the defaults, the other free mappings replace them."""
    if path in FREE_MAPPINGS:
        if given is None:
            return copy_tree(default)
        if isinstance(given, Mapping) and path in OVERLAID_MAPPINGS:
            return {**default, **given}
        return dict(given) if isinstance(given, Mapping) else given
    if not isinstance(default, Mapping):
        return given
    if given is None:
        return copy_tree(default)
    if not isinstance(given, Mapping):
        return given
    result = {}
    for raw_key, value in given.items():
        key = KEY_ALIASES.get(raw_key, raw_key) if isinstance(raw_key, str) else raw_key
        if not isinstance(key, str):
            problems.append(Problem(_join(path, str(key)), f"is not a known setting: {checks.did_you_mean(key, default)}"))
        elif key in default:
            result[key] = _overlay(default[key], value, _join(path, key), problems)
        else:
            result[key] = value  # refused by the model, with the known keys
    for key in default.keys() - result.keys():
        result[key] = copy_tree(default[key])
    return result


def _merge(default: dict, given: Mapping[str, Any], problems: list[Problem]) -> dict:
    """Defaults overlaid with the user's values, checked against the settings' declarations.

    A value the model refuses is reported and replaced by its default (an unknown key is dropped),
    so that the later checks still run and every problem of a file is reported at once."""
    merged = _overlay(default, given, "", problems)
    for _ in range(3):
        try:
            return InstanceFile.model_validate(merged).model_dump()
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                problems.append(_problem(detail, default))
                _restore_default(merged, default, detail["loc"])
    raise AssertionError("the defaults do not validate")  # pragma: no cover


def _path(loc: tuple) -> str:
    path = ""
    for index, part in enumerate(loc):
        is_key = loc[index + 1:index + 2] == ("[key]",)
        if part != "[key]":
            path = f"{path}[{part}]" if isinstance(part, int) and not is_key else _join(path, str(part))
    return path


def _problem(detail: Mapping[str, Any], default: dict) -> Problem:
    """One of pydantic's errors, said as a Problem: the path, the value and what to write instead."""
    loc = tuple(part for part in detail["loc"] if part != "[key]")
    kind, given, path = detail["type"], detail["input"], _path(detail["loc"])
    if kind == "extra_forbidden":
        parent = _default_at(default, loc[:-1])
        return Problem(path, f"is not a known setting: {checks.did_you_mean(loc[-1], parent if isinstance(parent, Mapping) else {})}")
    if detail["loc"][-1:] == ("[key]",):
        return Problem(path, f"is not a valid key here ({_kind(given)}): keys are text, quote it in the file")
    if kind == "missing":
        return Problem(path, f"is missing: add '{loc[-1]}: ...'")
    if given is None:
        at = _default_at(default, loc)
        return Problem(path, f"is null: give a value or remove the key to use the default {at!r}" if at is not None
                       else "is null: give a value or remove the key")
    if kind == "literal_error":
        allowed = detail["ctx"]["expected"]
        why = _why(loc)
        return Problem(path, f"must be {allowed}, got {given!r}" + (f": {why}" if why else ""))
    if kind in ("greater_than_equal", "less_than_equal"):
        return Problem(path, _out_of_bounds(loc, given))
    if kind in ("too_long", "string_too_long"):
        shown = f" ({given!r})" if len(given) <= 80 else ""
        return Problem(path, f"is {len(given)} characters long{shown}: at most {detail['ctx']['max_length']} are allowed here")
    if kind == "string_pattern_mismatch":
        rule = next((str(m) for m in _metadata(loc) if isinstance(m, Rule)), "")
        return Problem(path, f"must be {rule}, got {given!r}" if rule else f"is {given!r}: {detail['msg']}")
    if kind in ("model_type", "model_attributes_type"):
        keys = _model_keys(detail.get("ctx", {}).get("class_name", ""))
        return Problem(path, f"must be a mapping, got {_kind(given)}" + (f": give {keys}" if keys else ""))
    expected = {
        "bool_type": "must be true or false", "int_type": "must be a whole number",
        "string_type": "must be a string", "dict_type": "must be a mapping", "model_type": "must be a mapping",
        "model_attributes_type": "must be a mapping", "list_type": "must be a list",
    }.get(kind)
    if expected is None:
        return Problem(path, f"is {_kind(given)}: {detail['msg']}")
    return Problem(path, f"{expected}, got {_kind(given)}" + (": quote it in the file" if kind == "string_type" else ""))


def _model_keys(class_name: str) -> str:
    def models(cls: type) -> list[type]:
        return [cls] + [m for sub in cls.__subclasses__() for m in models(sub)]
    model = next((m for m in models(Settings) if m.__name__ == class_name), None)
    if model is None:
        return ""
    keys = [f"'{key}'" for key in settings_of(model)]
    return ", ".join(keys[:-1]) + f" and {keys[-1]}" if len(keys) > 1 else "".join(keys)


def _metadata(loc: tuple) -> list:
    """What the declaration at ``loc`` carries besides its type: bounds (Ge, Le), Why and Noun."""
    model: Any = InstanceFile
    info = None
    for key in loc:
        fields = settings_of(model) if isinstance(model, type) else {}
        if key not in fields:
            if isinstance(key, int) and info is not None and typing.get_origin(info.annotation) is list:
                item = typing.get_args(info.annotation)[0]  # a list's item: Annotated[int, Field(...), ...]
                found = []
                for part in getattr(item, "__metadata__", ()):
                    found += part.metadata if isinstance(part, FieldInfo) else [part]
                return found
            return []
        model, info = fields[key]
    return list(info.metadata) if info is not None else []


def _why(loc: tuple) -> str:
    return next((str(m) for m in _metadata(loc) if isinstance(m, Why)), "")


def _out_of_bounds(loc: tuple, given: Any) -> str:
    metadata = _metadata(loc)
    low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), None)
    noun = next((f"{m} " for m in metadata if isinstance(m, Noun)), "")
    bounds = f"from {low} to {high}" if low is not None and high is not None else (
        f"at least {low}" if low is not None else f"at most {high}")
    why = _why(loc) if low is not None and isinstance(given, (int, float)) and given < low else ""
    return f"must be {noun}{bounds}, got {given!r}" + (f": {why}" if why else "")


def _default_at(default: Any, loc: tuple) -> Any:
    for key in loc:
        if isinstance(default, Mapping) and key in default:
            default = default[key]
        else:
            return None
    return default


def _restore_default(merged: dict, default: dict, loc: tuple) -> None:
    """Back to the default at ``loc``'s place, or, where the defaults have no such place, that key dropped."""
    node: Any = merged
    for key in loc:
        if not isinstance(node, Mapping) or key not in node:
            return
        if not isinstance(default, Mapping) or key not in default:
            del node[key]
            return
        if not isinstance(node[key], Mapping) or not isinstance(default[key], Mapping) or default[key] == {}:
            node[key] = copy_tree(default[key])
            return
        node, default = node[key], default[key]


def _check_strings(value: Any, path: str, problems: list[Problem]) -> None:
    """Every string of the file: no credentials, and only characters YAML can carry."""
    if isinstance(value, Mapping):
        for key, child in value.items():
            _check_strings(child, _join(path, str(key)), problems)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _check_strings(child, f"{path}[{index}]", problems)
    elif isinstance(value, str) and (bad := checks.unprintable_character(value)):
        problems.append(
            Problem(path, f"contains the character U+{ord(bad):04X}, which a manifest cannot carry (a control character or line separator): remove it")
        )
    elif isinstance(value, str) and (why := checks.unreadable_text(value)):
        problems.append(Problem(path, f"{why} (YAML readers would not read this text back as written in the manifest)"))
    elif isinstance(value, str) and checks.looks_like_key_material(value):
        problems.append(
            Problem(
                path,
                "holds inline credentials (a private key, a token, a password in a URL or a kubeconfig), which are refused because "
                "instance files and dist/ go to git: put them in a Secret and reference it by name and key",
            )
        )


# --------------------------------------------------------------------------------------------
# Resolution: semantic checks on the merged values, then the typed config
# --------------------------------------------------------------------------------------------


class _Checker:
    def __init__(self, problems: list[Problem], platform: Platform | None = None) -> None:
        self.problems = problems
        self.pull_policy = "IfNotPresent"  # image.pullPolicy, for every image of the instance
        self.notes: list[str] = []  # what the loader tells of the file without refusing it
        # The fleet's own Secrets in every tenant namespace, which no instance may hand its pod.
        self.auth_secret = platform.auth_secret if platform else ""
        self.wildcard_tls_secret = platform.wildcard_tls_secret if platform else ""

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def quantity(self, path: str, value: str, *, memory: bool) -> Decimal | None:
        """The quantity's amount, or None (and a problem) when it is not a valid size."""
        amount = checks.parse_quantity(value)
        if amount is None:
            self.fail(path, f"is not a Kubernetes quantity: {value!r} (examples: '512Mi', '10Gi', '250m', '1')")
        elif amount <= 0:
            self.fail(path, f"must be greater than zero, got {value!r}")
        elif memory and value.endswith("m"):
            self.fail(path, f"is {value!r}, which means milli-bytes: did you mean '{value[:-1]}Mi'?")
        elif memory and amount < 2**20:
            self.fail(path, f"is {value!r}, which is {amount} bytes: did you mean '{value}Mi' or '{value}Gi'?")
        else:
            return amount
        return None

    def secret_name(self, path: str, value: str, *, ingress_tls: bool = False) -> str:
        """A Secret the instance names; one of the fleet's is refused (the ingress controller, not the
        pod, reads a TLS Secret, so an Ingress may name the fleet's wildcard certificate)."""
        if value and (len(value) > 253 or not checks.DNS1123_SUBDOMAIN.match(value)):
            self.fail(path, f"must be the name of a Secret (a DNS-1123 subdomain), got {value!r}")
        elif value and value == self.auth_secret:
            self.fail(path, f"is {value!r}, the sign-in proxy's Secret (the fleet's OIDC client secret and cookie "
                      "secret), which an instance cannot use: name a Secret of the instance's own")
        elif value and value == self.wildcard_tls_secret and not ingress_tls:
            self.fail(path, f"is {value!r}, the fleet's wildcard certificate and its private key, which an instance's "
                      "pod cannot read: name a Secret of the instance's own")
        return value

    def secret_key(self, path: str, value: str) -> str:
        if not checks.SECRET_KEY.match(value) or len(value) > 253:
            self.fail(path, f"must be a key of a Secret (letters, digits, '-', '_', '.'), got {value!r}")
        return value

    def image(self, path: str, repository: str, tag: str, digest: str, pull_policy: str | None = None,
              repository_key: str = "repository") -> ImageRef:
        pull_policy = pull_policy or self.pull_policy
        problem = checks.image_problem(repository, tag, digest)
        if problem is not None:
            field, reason = problem
            key = repository_key if field == "repository" else field
            value = {"repository": repository, "tag": tag, "digest": digest}[field]
            examples = {"repository": "'ghcr.io/org/image'", "tag": "'1.2.3'", "digest": "'sha256:' and 64 hex digits"}
            self.fail(_join(path, key), f"is {value!r}, which is not a valid image {field}: {reason}; for example {examples[field]}")
        return ImageRef(repository=repository, tag=tag, digest=digest, pull_policy=pull_policy)

    def resources(self, path: str, values: Mapping[str, Mapping[str, str]]) -> Resources:
        amounts: dict[str, dict[str, Decimal | None]] = {}
        for kind in ("requests", "limits"):
            amounts[kind] = {}
            for name, quantity in values[kind].items():
                amounts[kind][name] = self.quantity(f"{path}.{kind}.{name}", quantity, memory=name != "cpu")
        for name, limit in amounts["limits"].items():
            request = amounts["requests"][name]
            if request is not None and limit is not None and request > limit:
                self.fail(
                    f"{path}.requests.{name}",
                    f"is {values['requests'][name]!r}, more than its limit {values['limits'][name]!r}: "
                    f"raise '{path}.limits.{name}' or lower the request",
                )
        to_k8s = {"cpu": "cpu", "memory": "memory", "ephemeralStorage": "ephemeral-storage"}
        return Resources(
            requests={to_k8s[k]: v for k, v in values["requests"].items()},
            limits={to_k8s[k]: v for k, v in values["limits"].items()},
        )

    def peer(self, path: str, values: Mapping[str, Any]) -> PeerSelector:
        labels = self.labels(f"{path}.podLabels", values["podLabels"])
        return PeerSelector(namespace=values["namespace"], pod_labels=labels)

    def labels(self, path: str, values: Mapping[Any, Any]) -> dict[str, str]:
        result = {}
        for key, value in values.items():
            if not isinstance(key, str) or not checks.is_label_key(key):
                self.fail(f"{path}.{key}", "is not a valid label key")
                continue
            if not isinstance(value, str) or not checks.is_label_value(value):
                self.fail(f"{path}.{key}", f"must be a label value (at most 63 letters, digits, '-', '_', '.'), got {value!r}")
                continue
            result[key] = value
        return dict(sorted(result.items()))

    def strings(self, path: str, values: list[Any]) -> tuple[str, ...]:
        for index, item in enumerate(values):
            if not isinstance(item, str):
                self.fail(f"{path}[{index}]", f"must be a string, got {_kind(item)}")
        return tuple(str(item) for item in values)


def _resolve(v: dict[str, Any], problems: list[Problem], platform: Platform) -> InstanceConfig | None:
    c = _Checker(problems, platform)

    name = v["instanceName"]
    if name in RESERVED_NAMES or name.startswith(RESERVED_PREFIX):
        c.fail("instanceName", f"is {name!r}, which is reserved for the files of the ArgoCD objects and tenants "
               f"('{', '.join(sorted(RESERVED_NAMES))}' and names starting with '{RESERVED_PREFIX}'): choose another name")
    description = v["instanceDescription"]
    if not description.strip():
        c.fail("instanceDescription", "is empty: describe what this instance is for, e.g. 'Backend API development'")
    userid = v["userid"]
    # Derived values are checked only when given: a bad name or user id is reported once, at its source.
    namespace = v["namespace"] or f"claude-{userid}"
    if not any(p.path in ("userid", "namespace") for p in problems) and (why := platform.namespace_problem(namespace, userid)):
        c.fail("namespace", f"is {namespace!r}: {why}") if v["namespace"] else c.fail(
            "userid", f"is {userid!r}, which makes the namespace {namespace!r}: {why}")
    base_domain = v["baseDomain"]
    if not checks.is_hostname(base_domain):
        c.fail("baseDomain", f"must be a DNS domain such as 'dev.example.com', got {base_domain!r}")
    elif base_domain not in platform.domains:
        c.fail("baseDomain", f"is {base_domain!r}, which is not a domain of this fleet ({', '.join(platform.domains)}): "
               "remove it, or add it to 'platform.hostDomains' in gitops.yaml")
    if v["replicaCount"] != 1:
        c.fail(
            "replicaCount",
            f"must be 1, got {v['replicaCount']}: an instance has one writer on its ReadWriteOnce workspace "
            "(create another instance for more capacity)",
        )

    f = v["features"]
    features = Features(**{k: f[k] for k in ("golang", "typescript", "postgres", "graphql", "ansible")})

    i = v["image"]
    image = c.image("image", i["repository"], i["tag"], i["digest"], i["pullPolicy"])
    c.pull_policy = i["pullPolicy"]

    storage = _storage(c, v["storage"])
    github_token = SecretKeyRef(
        secret_name=c.secret_name("githubToken.secretName", v["githubToken"]["secretName"]),
        key=c.secret_key("githubToken.secretKey", v["githubToken"]["secretKey"]),
    )
    env = _env(c, v["env"])
    anthropic = {}
    for key, variable in ANTHROPIC_CREDENTIALS.items():
        ref = v["anthropic"][key]
        if ref["secretName"]:
            anthropic[variable] = SecretKeyRef(
                secret_name=c.secret_name(f"anthropic.{key}.secretName", ref["secretName"]),
                key=c.secret_key(f"anthropic.{key}.secretKey", ref["secretKey"]),
            )
    if len(anthropic) > 1:
        c.fail("anthropic.oauthToken", "is set together with 'anthropic.apiKey': Claude Code uses the API key first; "
               "give one of them")
    secret_env = _secret_env(c, v["secretEnv"], env)

    s = v["ssh"]
    known_hosts = c.strings("ssh.knownHosts.custom", s["knownHosts"]["custom"])
    for index, line in enumerate(known_hosts):
        if "\n" in line or len(line.split()) < 3:
            c.fail(f"ssh.knownHosts.custom[{index}]", f"must be one known_hosts line 'host key-type key', got {line[:60]!r}")
    ssh = SshConfig(
        enabled=s["enabled"],
        private_key=SecretKeyRef(
            secret_name=c.secret_name("ssh.privateKey.secretName", s["privateKey"]["secretName"]),
            key=c.secret_key("ssh.privateKey.secretKey", s["privateKey"]["secretKey"]),
        ),
        known_hosts_github=s["knownHosts"]["github"],
        known_hosts_custom=known_hosts,
        image=c.image("ssh.image", **s["image"]),
    )
    if ssh.enabled and not ssh.private_key.secret_name:
        c.fail("ssh.privateKey.secretName", "is empty while 'ssh.enabled' is true: name the Secret that holds the key, or set 'ssh.enabled: false'")

    g = v["gitConfig"]
    for key in ("userName", "userEmail", "defaultBranch"):
        if "\n" in g[key] or not g[key].strip():
            c.fail(f"gitConfig.{key}", f"must be one non-empty line, got {g[key]!r}")
    git_config = GitConfig(
        enabled=g["enabled"], user_name=g["userName"], user_email=g["userEmail"], default_branch=g["defaultBranch"],
        secret_name=c.secret_name("gitConfig.secretName", g["secretName"]),
    )

    gc = v["gitClone"]
    if gc["repository"] and not re.fullmatch(r"(https://|git@|ssh://)[^\s'\"`$\\;|&<>]+", gc["repository"]):
        c.fail("gitClone.repository", f"must be an https:// or SSH git URL without spaces or shell characters, got {gc['repository']!r}")
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", gc["branch"]) or gc["branch"].startswith("-"):
        c.fail("gitClone.branch", f"must be a branch name, got {gc['branch']!r}")
    git_clone = GitCloneConfig(repository=gc["repository"], branch=gc["branch"], image=c.image("gitClone.image", **gc["image"]))

    k = v["kubeconfig"]
    kubeconfig = None
    if k["secretName"]:
        kubeconfig = SecretKeyRef(
            secret_name=c.secret_name("kubeconfig.secretName", k["secretName"]),
            key=c.secret_key("kubeconfig.secretKey", k["secretKey"]),
        )

    resources = c.resources("resources", v["resources"])

    sv = v["service"]
    if sv["port"] == sv["mcpPort"]:
        c.fail("service.mcpPort", f"is {sv['mcpPort']}, the same as 'service.port': give the MCP port another number")
    service = ServiceConfig(port=sv["port"], mcp_port=sv["mcpPort"])

    ing = v["ingress"]
    hostname = ing["hostname"] or f"{name}.{base_domain}"
    if ing["hostname"] and not checks.is_hostname(hostname):
        c.fail("ingress.hostname", f"must be a DNS host name (not an IP address), got {hostname!r}")
    elif hostname in platform.hosts_reserved:
        c.fail("ingress.hostname" if ing["hostname"] else "instanceName",
               f"makes the host name {hostname!r}, which is the fleet's own (its sign-in provider, or "
               f"'platform.access.reservedHosts'): choose another " + ("host name" if ing["hostname"] else "instance name"))
    elif ing["hostname"] and not any(hostname.endswith(f".{domain}") for domain in platform.domains):
        c.fail("ingress.hostname", f"is {hostname!r}, which is not under a domain of this fleet "
               f"({', '.join(platform.domains)}): use a name such as '{name}.{platform.base_domain}', or add the domain "
               "to 'platform.hostDomains' in gitops.yaml")
    elif len(hostname) > 253:
        c.fail("baseDomain", f"makes the host name {hostname!r} longer than 253 characters: use a shorter domain")
    if ing["className"] and not checks.DNS1123_SUBDOMAIN.match(ing["className"]):
        c.fail("ingress.className", f"must be an IngressClass name, got {ing['className']!r}")
    annotations = {}
    for key, value in ing["annotations"].items():
        if not isinstance(key, str) or not checks.is_label_key(key):
            c.fail(f"ingress.annotations.{key}", "is not a valid annotation key")
        elif not isinstance(value, str):
            c.fail(f"ingress.annotations.{key}", f"must be a string, got {_kind(value)}: quote it in the file")
        elif key not in INGRESS_ANNOTATIONS and key not in platform.ingress_annotations:
            c.fail(f"ingress.annotations.{key}", (
                "is not an annotation an instance may set: ingress-controller annotations can add host names, "
                "routes or configuration snippets for the whole controller; allowed are "
                f"{', '.join(sorted(INGRESS_ANNOTATIONS | set(platform.ingress_annotations)))} (a platform engineer "
                "adds more in gitops.yaml, 'platform.ingressAnnotations')"))
        elif key in INGRESS_ANNOTATIONS and not re.fullmatch(r"[A-Za-z0-9._:/@+-]{0,253}", value):
            # ingress-nginx turns annotation values into its configuration: ';', braces, quotes and
            # line ends could add directives (the reason for its annotation-value-word-blocklist).
            c.fail(f"ingress.annotations.{key}", f"must be one word of letters, digits and '._:/@+-' (a name, a "
                   f"number, a size, true or false), got {value!r}")
        elif re.search(r"[;{}'\"\\\s]", value.replace(" ", "").replace(",", "")) or len(value) > 4096:
            # One the fleet allows (a list of ranges, say): still no directive.
            c.fail(f"ingress.annotations.{key}", f"may not hold ';', braces, quotes, backslashes or line ends, got {value!r}")
        else:
            annotations[key] = value
    tls_secret = c.secret_name("ingress.tlsSecretName", ing["tlsSecretName"], ingress_tls=True)
    covered = hostname.split(".", 1)[-1] == platform.base_domain
    if not tls_secret and platform.wildcard_tls_secret and covered:
        # The fleet's certificate for *.{baseDomain} (one label deep, as a wildcard covers): no
        # certificate is issued for this host, so its name never reaches Certificate Transparency.
        tls_secret = platform.wildcard_tls_secret
    if platform.wildcard_tls_secret and (tls_secret or f"{name}-tls") == platform.wildcard_tls_secret:
        if not covered:  # cert-manager would issue this host's certificate into the fleet's Secret
            c.fail("ingress.tlsSecretName" if tls_secret else "instanceName", (
                f"makes the TLS Secret {platform.wildcard_tls_secret!r}, the fleet's wildcard certificate, for the host "
                f"{hostname!r}, which it does not cover (one label under {platform.base_domain!r}): name another Secret"
                + ("" if tls_secret else " in 'ingress.tlsSecretName', or rename the instance")))
        # The fleet's certificate is never one cert-manager issues for an instance.
        annotations = {key: value for key, value in annotations.items() if not key.startswith("cert-manager.io/")}
    ingress = IngressConfig(
        enabled=ing["enabled"], class_name=ing["className"], hostname=hostname,
        tls_secret_name=tls_secret or f"{name}-tls",
        annotations=dict(sorted(annotations.items())),
    )

    access = _access(c, v["access"], userid, platform, ingress)
    database = _database(c, v["database"], name, features, platform)

    prompt = v["configMap"]["systemPrompt"]
    if len(prompt.encode("utf-8")) > 512 * 1024:
        c.fail("configMap.systemPrompt", "is larger than 512 KiB: a ConfigMap holds at most 1 MiB; shorten it")

    sa = v["serviceAccount"]
    sa_name = sa["name"] or name
    rb = v["rbac"]
    if rb["create"] and not sa["create"] and not sa["name"]:
        c.fail("serviceAccount.create", "is false while 'rbac.create' is true: the Role would be bound to no account; set 'serviceAccount.create: true' or 'serviceAccount.name'")
    if sa["automountToken"]:
        c.fail(
            "serviceAccount.automountToken",
            "is true: the legacy token automount is not used; with 'rbac.create: true' the pod gets a projected, "
            "expiring token instead. Remove the key or set it to false",
        )
    rbac = RbacConfig(
        create=rb["create"], create_service_account=sa["create"], service_account_name=sa_name,
        rules=_rbac_rules(c, rb["rules"]) if rb["create"] else (),
    )

    enabled = {key for key in ("golang", "typescript", "ansible") if v["features"][key]}
    enabled |= {key for key in ("context7", "dockerhubMcp") if v["mcpServers"][key]["enabled"] and v["mcpServers"][key]["mode"] == "sidecar"}
    network_policy = _network_policy(c, v["networkPolicy"], env, platform, enabled)
    mcp_servers = _mcp_servers(c, v["mcpServers"])

    def tool(key: str, values: Mapping[str, Any], port: bool = False) -> ToolConfig:
        return ToolConfig(
            image=c.image(key, values["image"], values["tag"], values["digest"], repository_key="image"),
            resources=c.resources(f"{key}.resources", values["resources"]),
            port=values["port"] if port else 0,
        )

    h = v["graphql"]["hasura"]
    hasura_secret = SecretKeyRef(
        secret_name=c.secret_name("graphql.hasura.adminSecret.secretName", h["adminSecret"]["secretName"]) or f"{name}-hasura",
        key=c.secret_key("graphql.hasura.adminSecret.secretKey", h["adminSecret"]["secretKey"]),
    )
    sleep = _sleep(c, v["sleep"], platform)
    expires = v["expires"]
    if expires and not _is_date(expires):
        c.fail("expires", f"must be a date written YYYY-MM-DD, such as '2027-01-31', got {expires!r}")
    isolation = v["isolation"]
    runtime_class = ISOLATION_RUNTIME_CLASSES.get(isolation, isolation)
    if runtime_class and (len(runtime_class) > 253 or not checks.DNS1123_SUBDOMAIN.match(runtime_class)):
        c.fail("isolation", f"must be standard, gvisor, kata or the name of a RuntimeClass, got {isolation!r}")
    elif platform.isolation != "standard" and isolation != platform.isolation:
        c.fail("isolation", f"is {isolation!r}, but this fleet runs every instance with {platform.isolation!r}: remove it")
    config = InstanceConfig(
        name=name, description=description, userid=userid, namespace=namespace, base_domain=base_domain,
        suspended=v["suspended"], features=features, image=image, storage=storage, github_token=github_token,
        anthropic=anthropic, env=env, secret_env=secret_env,
        ssh=ssh, git_config=git_config, git_clone=git_clone, kubeconfig=kubeconfig, resources=resources,
        service=service, access=access, ingress=ingress, database=database, system_prompt=prompt,
        disruption_budget=v["disruptionBudget"]["enabled"], vertical_pod_autoscaler=v["verticalPodAutoscaler"]["enabled"],
        metrics=_metrics(c, v["metrics"], namespace, platform),
        backup=_backup(c, v["backup"], storage),
        rbac=rbac,
        network_policy=network_policy, mcp_servers=mcp_servers,
        golang=tool("golang", v["golang"], port=True),
        typescript=tool("typescript", v["typescript"], port=True),
        postgres=tool("postgres", v["postgres"]),
        hasura=tool("graphql.hasura", h, port=True),
        hasura_admin_secret=hasura_secret,
        ansible=tool("ansible", v["ansible"]),
        isolation=runtime_class,
        expires=expires,
        sleep=sleep,
        notes=tuple(c.notes),
    )
    _check_combinations(c, config)
    if not problems:
        _check_ports(c, config)
    return config


_DURATION = re.compile(r"(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?")


def _sleep(c: _Checker, s: Mapping[str, Any], platform: Platform) -> SleepConfig:
    match = _DURATION.fullmatch(s["idleAfter"])
    seconds = sum(int(n or 0) * unit for n, unit in zip(match.groups(), (3600, 60, 1))) if match and s["idleAfter"] else 0
    if s["enabled"] and not 300 <= seconds <= 7 * 24 * 3600:
        c.fail("sleep.idleAfter", f"must be a duration from 5m to 168h such as '30m' or '1h30m', got {s['idleAfter']!r}")
    hours = s["workingHours"]
    if bool(hours["start"]) != bool(hours["end"]) or (hours["timezone"] and not hours["start"]):
        c.fail("sleep.workingHours", "needs both 'start' and 'end' (cron schedules such as '0 8 * * 1-5' and '0 19 * * 1-5')")
    for key in ("start", "end"):
        if hours[key] and (why := checks.cron_problem(hours[key])):
            c.fail(f"sleep.workingHours.{key}", f"must be a cron schedule such as '0 8 * * 1-5', got {hours[key]!r}: it {why}")
    if hours["start"] and hours["timezone"] not in checks.time_zones():
        c.fail("sleep.workingHours.timezone", f"must be an IANA time zone such as 'Europe/Paris', got {hours['timezone']!r}")
    return SleepConfig(
        enabled=s["enabled"], idle_seconds=seconds, timezone=hours["timezone"], start=hours["start"], end=hours["end"],
        interceptor=PeerSelector(namespace=platform.interceptor.namespace, pod_labels=dict(platform.interceptor.pod_labels)),
        interceptor_service=platform.interceptor_service, interceptor_port=platform.interceptor_port,
        scaler_address=platform.scaler_address, prometheus_url=platform.prometheus_url,
    )


def sleeps_when_idle(config: InstanceConfig) -> bool:
    """True when KEDA scales the instance (never while suspended: nothing may wake it then)."""
    return config.sleep.enabled and not config.suspended


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


# Ingress annotations an instance file may set: timeouts, body size, redirects and the certificate
# issuer. Anything else (server-alias, *-snippet, auth-*, canary...) could reach beyond the instance.
# The schedules Kubernetes' CronJob takes besides five fields (its documentation's "Schedule syntax").
CRON_MACROS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")

INGRESS_ANNOTATIONS = frozenset({
    "cert-manager.io/cluster-issuer", "cert-manager.io/issuer",
    "nginx.ingress.kubernetes.io/ssl-redirect", "nginx.ingress.kubernetes.io/force-ssl-redirect",
    "nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout",
    "nginx.ingress.kubernetes.io/proxy-connect-timeout", "nginx.ingress.kubernetes.io/proxy-body-size",
})

LOCAL_SUFFIXES = (".local", ".internal", ".localhost", ".svc", ".cluster.local", ".home.arpa", ".lan")

# isolation -> the RuntimeClass the pod asks for (the names gVisor's and Kata's installers create).
ISOLATION_RUNTIME_CLASSES = {"standard": "", "gvisor": "gvisor", "kata": "kata"}


def _access(c: _Checker, a: Mapping[str, Any], userid: str, platform: Platform, ingress: IngressConfig) -> AccessConfig:
    if a["mode"] == "gateway" and not platform.allow_gateway:
        c.fail("access.mode", "is 'gateway', but this fleet has no authenticating gateway in front of its ingress "
               "('platform.access.allowGateway' in gitops.yaml): remove it, the sign-in proxy then guards the instance")
    collaborators = c.strings("access.collaborators", a["collaborators"])
    for index, identity in enumerate(collaborators):
        if not is_identity(identity):
            c.fail(f"access.collaborators[{index}]", f"must be a user name or e-mail address (one line, no spaces), got {identity!r}")
    owner = a["owner"] or platform.identity(userid)
    if a["owner"] and not is_identity(a["owner"]):
        c.fail("access.owner", f"must be a user name or e-mail address (one line, no spaces), got {a['owner']!r}")
    allowed = tuple(dict.fromkeys([owner, *collaborators, *platform.admins]))
    return AccessConfig(
        mode=a["mode"], issuer_url=platform.issuer, client_id=platform.client_id, secret_name=platform.auth_secret,
        claim=platform.identity_claim, allowed=allowed, image=c.image("access.image", **a["image"]),
        port=a["port"], resources=c.resources("access.resources", a["resources"]),
    )


def _storage(c: _Checker, s: Mapping[str, Any]) -> StorageConfig:
    def claim(key: str) -> VolumeClaimConfig:
        values = s[key]
        c.quantity(f"storage.{key}.size", values["size"], memory=True)
        if values["storageClass"] and not checks.DNS1123_SUBDOMAIN.match(values["storageClass"]):
            c.fail(f"storage.{key}.storageClass", f"must be a StorageClass name, got {values['storageClass']!r}")
        snapshot = values.get("fromSnapshot", "")
        if snapshot and (len(snapshot) > 253 or not checks.DNS1123_SUBDOMAIN.match(snapshot)):
            c.fail(f"storage.{key}.fromSnapshot", f"must be the name of a VolumeSnapshot, got {snapshot!r}")
        if snapshot and not values["enabled"]:
            c.fail(f"storage.{key}.fromSnapshot", f"needs 'storage.{key}.enabled: true': only a claim can be restored from a snapshot")
        return VolumeClaimConfig(
            enabled=values["enabled"], size=values["size"], storage_class=values["storageClass"],
            access_mode=values["accessMode"], from_snapshot=snapshot,
        )

    sizes = {}
    for key in ("tmp", "cache", "npmCache", "claudeLock", "homeRoot"):
        c.quantity(f"storage.{key}.size", s[key]["size"], memory=True)
        sizes[key] = s[key]["size"]
    return StorageConfig(
        workspace=claim("workspace"), home=claim("home"), tmp_size=sizes["tmp"], cache_size=sizes["cache"],
        npm_cache_size=sizes["npmCache"], claude_lock_size=sizes["claudeLock"], home_root_size=sizes["homeRoot"],
    )


def _env(c: _Checker, env: Mapping[Any, Any]) -> dict[str, str]:
    result = {}
    for key, value in env.items():
        path = f"env.{key}"
        if not isinstance(key, str) or not checks.ENV_NAME.match(key):
            c.fail(path, "is not a valid environment variable name")
            continue
        if key in ANTHROPIC_CREDENTIALS.values():
            setting = next(k for k, name in ANTHROPIC_CREDENTIALS.items() if name == key)
            c.fail(path, f"is a Claude Code credential, which is never written in a file: create a Secret and set "
                   f"'anthropic.{setting}: {{secretName: NAME, secretKey: KEY}}'")
            continue
        if key in RESERVED_ENV:
            c.fail(path, f"is set by the library itself and cannot be overridden (reserved: {', '.join(sorted(RESERVED_ENV))})")
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            c.fail(path, f"must be a string, got {_kind(value)}: quote it in the file")
            continue
        value = str(value)
        if value and checks.looks_like_secret_env_name(key):
            c.fail(
                path,
                "looks like a credential written in plain text, which is refused (instance files go to git): "
                f"use 'secretEnv.{key}: {{secretName: NAME, secretKey: KEY}}' to read it from a Secret",
            )
            continue
        result[key] = value
    return dict(sorted(result.items()))


def _secret_env(c: _Checker, values: Mapping[Any, Any], env: Mapping[str, str]) -> dict[str, SecretKeyRef]:
    result = {}
    for key, ref in values.items():
        path = f"secretEnv.{key}"
        if key in ANTHROPIC_CREDENTIALS.values():
            setting = next(k for k, name in ANTHROPIC_CREDENTIALS.items() if name == key)
            c.fail(path, f"is a Claude Code credential: set it as 'anthropic.{setting}' (same secretName and secretKey)")
            continue
        if not isinstance(key, str) or not checks.ENV_NAME.match(key) or key in RESERVED_ENV or key in env:
            c.fail(path, "must be a new environment variable name (not reserved and not also in 'env')")
            continue
        if not isinstance(ref, Mapping) or set(ref) != {"secretName", "secretKey"}:
            c.fail(path, "must be a mapping with exactly 'secretName' and 'secretKey'")
            continue
        if not all(isinstance(ref[k], str) for k in ref):
            c.fail(path, "must have string 'secretName' and 'secretKey'")
            continue
        result[key] = SecretKeyRef(
            secret_name=c.secret_name(f"{path}.secretName", ref["secretName"]) or "-",
            key=c.secret_key(f"{path}.secretKey", ref["secretKey"]),
        )
        if not ref["secretName"]:
            c.fail(f"{path}.secretName", "is empty: name the Secret that holds the value")
    return dict(sorted(result.items()))


def _database(c: _Checker, d: Mapping[str, Any], name: str, features: Features, platform: Platform) -> DatabaseConfig:
    if d["cluster"] not in platform.database_clusters:
        c.fail("database.cluster", f"is {d['cluster']!r}, which is not a CNPG cluster of this fleet "
               f"({', '.join(platform.database_clusters)}): remove it, or add it to 'platform.databaseClusters' in gitops.yaml")
    # Derived PostgreSQL names must not start with a digit (hash-derived instance names often do).
    database_name = d["name"] or "claude_" + name.replace("-", "_")
    if not checks.PG_IDENTIFIER.match(database_name):
        c.fail("database.name", f"must be a PostgreSQL name (letters, digits, '_', '-', at most 63), got {database_name!r}")
    elif not database_name.startswith(DATABASE_PREFIX):
        # A Database object for a name that already exists adopts that database, and with the 'delete'
        # reclaim policy drops it with the instance: only the instances' own names are allowed.
        c.fail("database.name", f"is {database_name!r}: an instance's database name starts with '{DATABASE_PREFIX}' "
               f"so that it can never be PostgreSQL's own or another application's; remove it for "
               f"'{DATABASE_PREFIX}{name.replace('-', '_')}', or choose '{DATABASE_PREFIX}...'")
    owner = d["owner"] or database_name
    if d["owner"] and not checks.PG_IDENTIFIER.match(owner):
        c.fail("database.owner", f"must be a PostgreSQL role name (letters, digits, '_', '-', at most 63), got {owner!r}")
    elif d["owner"] and (owner in PG_RESERVED_ROLES or owner.startswith("pg_")):
        c.fail("database.owner", f"is {owner!r}, a role of PostgreSQL or CNPG itself: remove it (the instance then gets "
               "a role of its own) or name the shared role your platform created for instances")
    if d["instance"] != 1:
        c.fail("database.instance", f"is {d['instance']}: the CNPG Database has no such field; remove the key")
    existing = c.secret_name("database.existingSecret", d["existingSecret"])
    return DatabaseConfig(
        enabled=d["enabled"], namespace=d["namespace"], cluster=d["cluster"], object_name=f"{name}-db",
        database_name=database_name, owner=owner, creates_owner_role=not d["owner"],
        reclaim_policy=d["reclaimPolicy"], connection_secret=existing or (f"{name}-db" if d["enabled"] else ""),
    )




def _backup(c: _Checker, b: Mapping[str, Any], storage: StorageConfig) -> BackupConfig:
    if b["snapshotClass"] and not checks.DNS1123_SUBDOMAIN.match(b["snapshotClass"]):
        c.fail("backup.snapshotClass", f"must be a VolumeSnapshotClass name, got {b['snapshotClass']!r}")
    snapshots = c.strings("backup.snapshots", b["snapshots"])
    for index, name in enumerate(snapshots):
        if not checks.DNS1123_LABEL.match(name) or len(name) > 63:
            c.fail(f"backup.snapshots[{index}]", f"must be a DNS-1123 label such as 'before-upgrade', got {name!r}")
    if len(set(snapshots)) != len(snapshots):
        c.fail("backup.snapshots", "lists a snapshot twice")
    schedule = b["schedule"]
    if schedule and schedule not in CRON_MACROS and (why := checks.cron_problem(schedule)):
        c.fail("backup.schedule", f"must be a cron schedule such as '0 3 * * *' or '@daily', got {schedule!r}: it {why}")
    if (snapshots or schedule) and not storage.workspace.enabled:
        c.fail("backup.snapshots" if snapshots else "backup.schedule",
               "needs 'storage.workspace.enabled: true': an emptyDir workspace cannot be snapshotted")
    return BackupConfig(snapshot_class=b["snapshotClass"], snapshots=snapshots, schedule=schedule, keep=b["keep"],
                        image=c.image("backup.image", **b["image"]))


def _metrics(c: _Checker, m: Mapping[str, Any], namespace: str, platform: Platform) -> MetricsConfig:
    if not re.fullmatch(r"/[A-Za-z0-9._~/-]*", m["path"]):
        c.fail("metrics.path", f"must be an HTTP path such as '/metrics', got {m['path']!r}")
    dashboards = m["dashboardNamespace"]
    if dashboards and dashboards not in (namespace, platform.dashboard_namespace):
        allowed = f"the fleet's dashboard namespace {platform.dashboard_namespace!r} or " if platform.dashboard_namespace else ""
        c.fail("metrics.dashboardNamespace", f"is {dashboards!r}: an instance writes its dashboard only into {allowed}its "
               f"own namespace {namespace!r}; remove it (or a platform engineer sets 'platform.dashboardNamespace')")
    return MetricsConfig(
        enabled=m["enabled"], port=m["port"], path=m["path"],
        prometheus=c.peer("metrics.prometheus", m["prometheus"]), dashboard=m["dashboard"],
        dashboard_namespace=m["dashboardNamespace"] or namespace,
    )


def _rbac_rules(c: _Checker, rules: Any) -> tuple[PolicyRule, ...]:
    if rules is None:
        rules = list(DEFAULT_RBAC_RULES)
    if not isinstance(rules, list) or not rules:
        c.fail("rbac.rules", f"must be a non-empty list of rules, got {_kind(rules)}: or set 'rbac.create: false'")
        return ()
    result = []
    for index, rule in enumerate(rules):
        path = f"rbac.rules[{index}]"
        if not isinstance(rule, Mapping):
            c.fail(path, f"must be a mapping with apiGroups, resources and verbs, got {_kind(rule)}")
            continue
        unknown = set(rule) - {"apiGroups", "resources", "verbs", "resourceNames"}
        for key in sorted(unknown):
            c.fail(f"{path}.{key}", "is not a known rule field: use apiGroups, resources, verbs, resourceNames")
        lists = {}
        for key in ("apiGroups", "resources", "verbs", "resourceNames"):
            value = rule.get(key, [])
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                c.fail(f"{path}.{key}", f"must be a list of strings, got {_kind(value)}")
                value = []
            lists[key] = tuple(value)
        for key in ("apiGroups", "resources", "verbs"):
            if key in rule and not lists[key]:
                c.fail(f"{path}.{key}", "is empty: a rule needs at least one entry")
            elif key not in rule:
                c.fail(f"{path}.{key}", "is missing")
        if "*" in lists["apiGroups"]:
            c.fail(f"{path}.apiGroups", "contains '*': name the API groups the agent needs")
        bad_verbs = sorted(set(lists["verbs"]) - _RBAC_READ_VERBS)
        if bad_verbs:
            c.fail(f"{path}.verbs", f"contains {bad_verbs}: an instance's own rules may only read (get, list, watch); "
                   "writes, wildcards and escalation would let the agent leave its sandbox")
        bad_resources = sorted(set(lists["resources"]) & _RBAC_FORBIDDEN_RESOURCES)
        if bad_resources:
            c.fail(
                f"{path}.resources",
                f"contains {bad_resources}: wildcards, Secrets, RBAC objects, NetworkPolicies, exec and tokens would let "
                "the agent escape its sandbox; grant narrower resources",
            )
        result.append(PolicyRule(api_groups=lists["apiGroups"], resources=lists["resources"], verbs=lists["verbs"],
                                 resource_names=lists["resourceNames"]))
    return tuple(result)


def _network_policy(
    c: _Checker, n: Mapping[str, Any], env: Mapping[str, str], platform: Platform, features: set[str]
) -> NetworkPolicyConfig:
    extra = c.strings("networkPolicy.allowedEgressHosts", n["allowedEgressHosts"])
    for index, host in enumerate(extra):
        name = host.removeprefix("*.")
        if not checks.is_hostname(name) or "." not in host:
            c.fail(f"networkPolicy.allowedEgressHosts[{index}]", f"must be a host name such as 'github.com' or '*.github.com', got {host!r}")
        elif name.endswith(LOCAL_SUFFIXES) or name in ("local", "internal", "localhost") or (host.startswith("*.") and "." not in name):
            c.fail(f"networkPolicy.allowedEgressHosts[{index}]", (
                f"is {host!r}: in-cluster, local and whole-top-level-domain names are not internet hosts (the "
                "network policy reaches in-cluster services by their own rules); name a public host such as 'example.com'"))
        elif checks.names_an_address(name):
            c.fail(f"networkPolicy.allowedEgressHosts[{index}]", (
                f"is {host!r}, a name that spells an IP address or resolves to the one it spells (nip.io and the "
                "like), which could be a private one: name the public host itself"))
    if extra and not n["cilium"]:  # a note, not an error: the chart's values.yaml lists hosts without Cilium
        c.notes.append("'networkPolicy.allowedEgressHosts' has no effect without 'networkPolicy.cilium: true' (a "
                       "Kubernetes NetworkPolicy cannot allow host names: the agent may reach every public address on "
                       "'networkPolicy.internetPorts'): set it, or remove the hosts")
    hosts = egress_hosts(
        fixed=BUILTIN_HOSTS if platform.egress_hosts is None else platform.egress_hosts,
        features=features, extra=tuple(extra), profile=n["egressProfile"] == "default",
    )
    ports = n["internetPorts"]
    for index, port in enumerate(ports):
        if port not in platform.internet_ports:
            c.fail(f"networkPolicy.internetPorts[{index}]", (
                f"is {port}, which this fleet does not open to the internet (it opens {list(platform.internet_ports)}): "
                "an instance may use fewer ports, not others; remove it, or ask for it in gitops.yaml "
                "('platform.internetPorts')"))
    o = n["otlp"]
    a = n["apiServer"]
    cidrs = c.strings("networkPolicy.apiServer.cidrs", a["cidrs"])
    fleet_networks = [ipaddress.ip_network(cidr) for cidr in platform.api_server_cidrs]
    for index, cidr in enumerate(cidrs):
        try:
            network = ipaddress.ip_network(cidr)
        except ValueError:
            c.fail(f"networkPolicy.apiServer.cidrs[{index}]", f"must be a CIDR such as '10.0.0.1/32', got {cidr!r}")
            continue
        if not any(network.version == fleet.version and network.subnet_of(fleet) for fleet in fleet_networks):
            c.fail(f"networkPolicy.apiServer.cidrs[{index}]", (
                f"is {cidr!r}, outside the fleet's API server addresses {list(platform.api_server_cidrs)}: an instance "
                "may narrow them (for example to the API server's own address, '10.96.0.1/32'), never widen them"))
    return NetworkPolicyConfig(
        enabled=n["enabled"], allow_dns=n["allowDNS"], allowed_egress_hosts=hosts, cilium=n["cilium"],
        internet_ports=tuple(sorted(set(p for p in ports if isinstance(p, int)))),
        dns=c.peer("networkPolicy.dns", n["dns"]),
        ingress_controller=c.peer("networkPolicy.ingressController", n["ingressController"]),
        otlp=OtlpConfig(enabled=o["enabled"] and bool(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")),
                        peer=c.peer("networkPolicy.otlp", o), port=o["port"]),
        api_server_cidrs=cidrs, api_server_port=a["port"],
    )


_MCP_SERVERS = (
    # key, container name, port name in the pod, shared service name, shared port
    ("context7", "context7-mcp", "context7", "context7-mcp", 81),
    ("playwrightBrowser", "playwright-browser", "", "playwright-browser", 8831),
    ("dockerhubMcp", "dockerhub-mcp", "dockerhub", "dockerhub-mcp", 81),
)


def _mcp_servers(c: _Checker, m: Mapping[str, Any]) -> tuple[McpServerConfig, ...]:
    shared_namespace = m["sharedNamespace"]
    servers = []
    for key, container, port_name, service, shared_port in _MCP_SERVERS:
        s = m[key]
        path = f"mcpServers.{key}"
        if key == "playwrightBrowser":
            ports = tuple((f"pw-{p}", s["ports"][p]) for p in ("mcp", "novnc", "vnc"))
        else:
            ports = ((port_name, s["port"]),)
        url = s["url"] or f"http://{service}.{shared_namespace}.svc.cluster.local:{shared_port}/mcp"
        if problem := _shared_url_problem(url, shared_namespace, service):
            c.fail(f"{path}.url", f"is {url!r}: {problem}")
        servers.append(
            McpServerConfig(
                key=key, container_name=container, enabled=s["enabled"], mode=s["mode"],
                image=c.image(path, s["image"], s["tag"], s["digest"], repository_key="image"),
                ports=ports, url=url, resources=c.resources(f"{path}.resources", s["resources"]),
            )
        )
    return tuple(servers)


def _shared_url_problem(url: str, shared_namespace: str, service: str) -> str | None:
    """A shared MCP server is a Service in the fleet's shared namespace, or a public https URL:
    the network policy opens egress to exactly that, so no URL can open it to another tenant."""
    try:
        parsed = urlparse(url)
        port = parsed.port
    except ValueError:
        return "not a URL; give 'http://SERVICE.NAMESPACE.svc.cluster.local:PORT/mcp'"
    host = parsed.hostname or ""
    if parsed.scheme not in ("http", "https") or not host or parsed.username or parsed.password or any(c.isspace() for c in url):
        return "not an http(s) URL of a shared service (no user or password in it)"
    if host.endswith(".svc.cluster.local"):
        parts = host.split(".")
        if len(parts) != 5 or not checks.DNS1123_LABEL.match(parts[0]):
            return "not a Service address 'SERVICE.NAMESPACE.svc.cluster.local'"
        if parts[0] != service:
            return (f"a Service {parts[0]!r}, but this server's shared Service is {service!r} (the network policy opens "
                    f"egress to exactly its pods): use 'http://{service}.{shared_namespace}.svc.cluster.local:PORT/mcp'")
        if parts[1] != shared_namespace:
            return (f"a Service in {parts[1]!r}, but shared MCP services live in the fleet's namespace "
                    f"{shared_namespace!r} (the network policy would open egress to another namespace): use "
                    f"'http://SERVICE.{shared_namespace}.svc.cluster.local:PORT/mcp'")
        return None
    if checks.is_ip(host.strip("[]")):
        return ("an IP address: a shared service is named by its Service address 'SERVICE.NAMESPACE.svc.cluster.local' "
                "or by a public host name")
    if checks.names_an_address(host):
        return "a name that spells an IP address or resolves to the one it spells (nip.io and the like): name the public host itself"
    if not checks.is_hostname(host) or "." not in host or host.endswith((".local", ".internal", ".cluster.local")):
        return (f"neither a Service in the shared namespace nor a public host name: use "
                f"'http://SERVICE.{shared_namespace}.svc.cluster.local:PORT/mcp' or 'https://HOST/PATH'")
    if parsed.scheme != "https" or port not in (None, 443):
        return "a public service, which is reached over https on port 443 only: use 'https://HOST/PATH'"
    return None


def _check_combinations(c: _Checker, config: InstanceConfig) -> None:
    db = config.database
    for feature in ("postgres", "graphql"):
        if getattr(config.features, feature) and not db.connection_secret:
            c.fail(
                f"features.{feature}",
                "needs a database: set 'database.enabled: true' (creates a CNPG Database) or "
                "'database.existingSecret: NAME' (a Secret with keys url, host, user, password)",
            )
    if config.network_policy.enabled and db.enabled and db.namespace == config.namespace:
        c.fail("database.namespace", f"is the instance's own namespace {db.namespace!r}: CNPG clusters live in their own namespace")
    policy = config.network_policy
    if policy.cilium and not policy.enabled:
        c.fail("networkPolicy.cilium", "is true while 'networkPolicy.enabled' is false: enable the network policy too")
    if policy.cilium and not policy.allowed_egress_hosts:
        c.fail("networkPolicy.allowedEgressHosts", "is empty while 'networkPolicy.cilium' is true, and the egress profile "
               "adds no host ('networkPolicy.egressProfile: none', or an empty 'platform.egressHosts'): the agent could "
               "reach no host; list the hosts it needs")
    if policy.cilium and not policy.allow_dns:
        c.fail("networkPolicy.allowDNS", "is false while 'networkPolicy.cilium' is true: host names cannot be allowed without DNS")
    if config.sleep.enabled and not config.ingress.enabled:
        c.fail("sleep.enabled", "needs 'ingress.enabled: true': the instance wakes on requests that reach it through its Ingress")
    if config.sleep.enabled and not config.metrics.enabled:
        c.fail("sleep.enabled", "needs 'metrics.enabled: true': the agent's own activity (Claude Code's metrics) keeps a "
               "working instance awake when no browser is attached")
    if config.git_clone.enabled and config.git_clone.repository.startswith(("git@", "ssh://")) and not config.ssh.enabled:
        c.fail("gitClone.repository", "is an SSH URL while 'ssh.enabled' is false: use an https:// URL or enable ssh")


def pod_ports(config: InstanceConfig) -> list[tuple[str, str, int, str]]:
    """Every port the pod listens on: (container, port name, number, config path)."""
    ports = [
        (MAIN_CONTAINER, "http", MAIN_HTTP_PORT, ""),  # the agent's own ports are fixed ('service.port' is the Service's)
        (MAIN_CONTAINER, "mcp", MAIN_MCP_PORT, ""),
    ]
    if config.metrics.enabled:
        ports.append((MAIN_CONTAINER, "metrics", config.metrics.port, "metrics.port"))
    for server in config.mcp_servers:
        if server.sidecar:
            for port_name, number in server.ports:
                suffix = f"ports.{port_name.removeprefix('pw-')}" if len(server.ports) > 1 else "port"
                ports.append((server.container_name, port_name, number, f"mcpServers.{server.key}.{suffix}"))
    if config.features.golang:
        ports.append(("golang-tool", "golang-mcp", config.golang.port, "golang.port"))
    if config.features.typescript:
        ports.append(("typescript-tool", "ts-mcp", config.typescript.port, "typescript.port"))
    if config.features.graphql:
        ports.append(("hasura", "graphql", config.hasura.port, "graphql.hasura.port"))
    if serves_through_proxy(config):
        ports.append((AUTH_PROXY_CONTAINER, AUTH_PROXY_PORT_NAME, config.access.port, "access.port"))
    return ports


def pod_resources(config: InstanceConfig) -> list[Resources]:
    """The requests and limits of every long-running container of the instance's pod (what a
    tenant's quota must hold): the agent, its sidecars and tools, and the sign-in proxy."""
    features = config.features
    resources = [config.resources] + [server.resources for server in config.mcp_servers if server.sidecar]
    resources += [tool.resources for tool, on in ((config.golang, features.golang), (config.typescript, features.typescript),
                  (config.postgres, features.postgres), (config.hasura, features.graphql), (config.ansible, features.ansible)) if on]
    if serves_through_proxy(config):
        resources.append(config.access.resources)
    return resources


def serves_through_proxy(config: InstanceConfig) -> bool:
    """True when the oauth2-proxy sidecar is the only way in (its port, not the agent's, is exposed)."""
    return config.access.proxy and config.ingress.enabled


def mcp_client_config(config: InstanceConfig) -> dict:
    """The MCP configuration the agent reads: every enabled server, in-pod by localhost port,
    shared by URL (the ``.mcp.json`` format of Claude Code)."""
    servers = {}
    for server in config.mcp_servers:
        if server.sidecar:
            servers[server.key] = {"type": "http", "url": f"http://localhost:{server.ports[0][1]}/mcp"}
        elif server.shared:
            servers[server.key] = {"type": "http", "url": server.url}
    if config.features.golang:
        servers["golang"] = {"type": "http", "url": f"http://localhost:{config.golang.port}/mcp"}
    if config.features.typescript:
        servers["typescript"] = {"type": "http", "url": f"http://localhost:{config.typescript.port}/mcp"}
    return {"mcpServers": servers}


def _check_ports(c: _Checker, config: InstanceConfig) -> None:
    registry = PortRegistry()
    for container, name, number, path in pod_ports(config):
        try:
            registry.register(container, name, number, source=path)
        except ValueError as error:
            c.fail(path, str(error))
