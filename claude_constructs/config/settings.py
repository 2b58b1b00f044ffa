"""The instance file's settings, each declared once: its type, default, allowed values and description.

Everything about a setting that does not depend on another setting lives here, in pydantic v2 models
(strict types, unknown keys refused, camelCase keys as in the chart's values.yaml, frozen). From this
one declaration come the defaults the loader overlays a file on (``DEFAULTS``), the README's
configuration reference (``reference``) and the JSON Schema editors check files against
(``schema``). The rules that span settings or the fleet stay in the loader (``loader``).

A file is partial: what it leaves out takes the default at that place. So every field has a default,
and a model used at several places (an image, resources, a Secret reference) gets the defaults of
each place from the field that holds it (``at(...)``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_camel

from claude_constructs.config.names import MAX_INSTANCE_NAME_LENGTH

DEFAULT_BASE_DOMAIN = "dev.robotinfra.com"


def _number_as_text(value: Any) -> Any:
    # YAML reads `userid: 123` or `tag: 1.31` as numbers; as text settings they mean the digits written.
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


# The schema says so too: an editor accepts the numbers the loader accepts.
Text = Annotated[str, BeforeValidator(_number_as_text, json_schema_input_type=str | int | float)]
PullPolicy = Literal["Always", "IfNotPresent", "Never"]
AccessMode = Literal["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"]


class Overlaid:
    """Marks a mapping whose entries a file adds to the defaults (the others replace them)."""


class Why(str):
    """Why a setting allows only these values (of a bounded number: why its lower bound), added to the error message."""


class Noun(str):
    """What a bounded number is, for the error message ("must be a port from 1 to 65535")."""


Port = Annotated[int, Field(ge=1, le=65535), Noun("a port")]
ContainerPort = Annotated[int, Field(ge=1024, le=65535), Noun("a port"), Why(
    "containers run as non-root and cannot bind ports below 1024")]

class Rule(str):
    """What a text must be, for the error message ("must be a DNS-1123 label (...), got 'Bad_Name'")."""


DNS_LABEL_RULE = Rule("a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit)")
_DNS_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"  # the same as checks.DNS1123_LABEL (tests/test_config.py)


def constrained_text(constraint: StringConstraints, *metadata: Any) -> Any:
    """Text with constraints, which the schema states for the strings it accepts (numbers are text too)."""
    schema = Annotated[str, constraint] | int | float
    return Annotated[str, BeforeValidator(_number_as_text, json_schema_input_type=schema), constraint, *metadata]


def dns_label(max_length: int = 63, *, empty: bool = False, rule: Rule = DNS_LABEL_RULE) -> Any:
    """A name Kubernetes takes as a DNS-1123 label (``empty``: or nothing, for "derive it")."""
    pattern = f"^({_DNS_LABEL})?$" if empty else f"^{_DNS_LABEL}$"
    return constrained_text(StringConstraints(max_length=max_length, pattern=pattern), rule)


Label = dns_label()
OptionalLabel = dns_label(empty=True)
InstanceName = dns_label(MAX_INSTANCE_NAME_LENGTH)
UserId = dns_label(56, rule=Rule("lowercase letters, digits and '-' (at most 56, it becomes the namespace 'claude-<userid>' and a label)"))
Description = constrained_text(StringConstraints(max_length=4096))

McpMode = Annotated[Literal["sidecar", "shared"], Why("'sidecar' runs it in the pod, 'shared' reaches a service in 'mcpServers.sharedNamespace'")]


class Settings(BaseModel):
    model_config = ConfigDict(
        strict=True, extra="forbid", frozen=True, alias_generator=to_camel,
        validate_by_alias=True, validate_by_name=False, serialize_by_alias=True,
        defer_build=True,  # built on first use: a synthesis served from the cache validates nothing
    )


def at(default: dict, description: str = "", **kwargs: Any) -> Any:
    """A nested setting with the defaults of this place (validated like a file's own values)."""
    return Field(default=default, validate_default=True, description=description or None, **kwargs)


def setting(default: Any, description: str, **kwargs: Any) -> Any:
    return Field(default=default, description=description, **kwargs)


# --------------------------------------------------------------------------------------------
# Shapes used at several places
# --------------------------------------------------------------------------------------------


class Image(Settings):
    repository: Text = setting("", "Image repository.")
    tag: Text = setting("latest", "Image tag.")
    digest: Text = setting("", "Image digest (`sha256:...`); when set the image is pinned by digest instead of tag.")


class SecretRef(Settings):
    secret_name: Text = setting("", "Name of the Secret.")
    secret_key: Text = setting("", "Key in that Secret.")


class SecretEnvRef(Settings):
    secret_name: Text = Field(description="Name of the Secret.")
    secret_key: Text = Field(description="Key in that Secret.")


class Amounts(Settings):
    memory: Text = setting("", "Memory.")
    cpu: Text = setting("", "CPU.")
    ephemeral_storage: Text = setting("", "Ephemeral storage (`ephemeral-storage` is accepted too).")


class ResourceSettings(Settings):
    requests: Amounts = at({}, "Requests: what the scheduler reserves.")
    limits: Amounts = at({}, "Limits: what the container may use at most.")


def resources(requests: tuple[str, str, str], limits: tuple[str, str, str], description: str = "") -> Any:
    """Resources given as (memory, cpu, ephemeral storage) for requests and limits."""
    def amounts(values: tuple[str, str, str]) -> dict:
        return dict(zip(("memory", "cpu", "ephemeralStorage"), values))
    return at({"requests": amounts(requests), "limits": amounts(limits)}, description or "Resources of this container.")


class Pods(Settings):
    namespace: Label = setting("", "Namespace of the pods.")
    pod_labels: dict[str, str] = setting({}, "Labels of the pods (replace the defaults).")


class Size(Settings):
    size: Text = setting("", "Size limit of the emptyDir.")


class ToolImage(Settings):
    image: Text = setting("", "Image repository.")
    tag: Text = setting("latest", "Image tag.")
    digest: Text = setting("", "Image digest (`sha256:...`); when set the image is pinned by digest instead of tag.")
    resources: ResourceSettings = resources(("128Mi", "50m", "64Mi"), ("256Mi", "250m", "256Mi"))


ContainerPortNumber = Annotated[ContainerPort, Field(description="Port this container listens on (1024-65535, unique in the pod).")]


class ToolServer(ToolImage):
    port: ContainerPortNumber = 0


class McpServerSettings(ToolImage):
    """An MCP server: a sidecar in the pod, or a service shared by the fleet."""

    enabled: bool = setting(True, "Run this MCP server.")
    mode: McpMode = setting("sidecar", "`sidecar` (in the pod) or `shared` (a service in `mcpServers.sharedNamespace`, reached by `url`).")
    url: Text = setting("", "URL of the shared service. Empty: `http://{name}.{sharedNamespace}.svc.cluster.local:{port}/mcp`.")


class McpServer(McpServerSettings):
    port: ContainerPortNumber = 0


# --------------------------------------------------------------------------------------------
# The sections of the file
# --------------------------------------------------------------------------------------------


class WorkingHours(Settings):
    timezone: Text = setting("", "The time zone of the working hours (IANA, e.g. `Europe/Paris`).")
    start: Text = setting("", "Cron schedule from which the instance is kept awake (e.g. `0 8 * * 1-5`).")
    end: Text = setting("", "Cron schedule from which it may sleep again (e.g. `0 19 * * 1-5`).")


class Sleep(Settings):
    enabled: bool = setting(False, "Scale to zero after `sleep.idleAfter` without activity and back on the next request (KEDA and its HTTP add-on; needs `metrics.enabled`, see Sleep).")
    idle_after: Text = setting("30m", "How long without requests and without agent activity before sleeping (5m to 168h, e.g. `30m`).")
    working_hours: WorkingHours = at({})


class Features(Settings):
    golang: bool = setting(True, "Go language-server sidecar (`golang-tool`, MCP on `golang.port`).")
    typescript: bool = setting(True, "TypeScript language-server sidecar (`typescript-tool`, MCP on `typescript.port`).")
    postgres: bool = setting(False, "PostgreSQL client sidecar and `DATABASE_URL`. Needs `database.enabled` or `database.existingSecret`. Off by default (the seed's `true` cannot work without a database).")
    graphql: bool = setting(False, "Hasura GraphQL sidecar on `graphql.hasura.port`. Needs a database.")
    ansible: bool = setting(False, "Ansible sidecar (`sleep infinity`, SSH directory mounted read-only).")


class AgentImage(Image):
    pull_policy: PullPolicy = setting("IfNotPresent", "Image pull policy of every container of the instance (sidecars and init containers too): Always, IfNotPresent or Never.")


class ServiceAccount(Settings):
    create: bool = setting(True, "Create the ServiceAccount `{instanceName}`.")
    name: OptionalLabel = setting("", "ServiceAccount name. Empty: the instance name.")
    automount_token: bool = setting(False, "Must stay false: with `rbac.create` the pod gets a projected token that expires after an hour.")


class Claim(Settings):
    enabled: bool = setting(True, "A PersistentVolumeClaim. Off: an emptyDir (data lost on restart).")
    size: Text = setting("1Gi", "Size of the claim.")
    storage_class: Text = setting("", "StorageClass. Empty: the cluster default.")
    access_mode: AccessMode = setting("ReadWriteOnce", "ReadWriteOnce, ReadWriteOncePod or ReadWriteMany.")


class WorkspaceClaim(Claim):
    from_snapshot: Text = setting("", "Create the workspace claim from this VolumeSnapshot (restore). Only when the claim is created: a new instance, or after deleting the claim.")


class Storage(Settings):
    workspace: WorkspaceClaim = at({"size": "10Gi"}, "PVC `{instanceName}-workspace` at /workspace. Off: an emptyDir (data lost on restart).")
    home: Claim = at({"size": "1Gi"}, "PVC `{instanceName}-home` at /home/code/.claude (Claude Code's state). Off: an emptyDir.")
    tmp: Size = at({"size": "10Gi"}, "emptyDir at /tmp.")
    cache: Size = at({"size": "5Gi"}, "emptyDir at /home/code/.cache.")
    npm_cache: Size = at({"size": "1Gi"}, "emptyDir at /home/code/.npm.")
    claude_lock: Size = at({"size": "10Mi"}, "emptyDir at /home/code/.claude.json.lock.")
    home_root: Size = at({"size": "256Mi"}, "emptyDir at /home/code (the root filesystem is read-only).")


class Anthropic(Settings):
    api_key: SecretRef = at({"secretKey": "api-key"}, "Secret with the Anthropic API key, given to Claude Code as `ANTHROPIC_API_KEY` (the instance's namespace).")
    oauth_token: SecretRef = at({"secretKey": "token"}, "Or: Secret with a long-lived OAuth token (`claude setup-token`), given as `CLAUDE_CODE_OAUTH_TOKEN`.")


class KnownHosts(Settings):
    github: bool = setting(True, "Add GitHub's SSH host key to known_hosts.")
    custom: list[str] = setting([], "Extra known_hosts lines (`host key-type key`).")


class Ssh(Settings):
    enabled: bool = setting(True, "SSH setup init container and SSH directory at /home/code/.ssh.")
    private_key: SecretRef = at({"secretName": "ssh-private-key", "secretKey": "id_ed25519"}, "Secret holding the SSH private key (optional: without it SSH setup is skipped).")
    known_hosts: KnownHosts = at({})
    image: Image = at({"repository": "alpine/git", "tag": "2.49.1"}, "Image of the SSH setup init container.")


class GitConfig(Settings):
    enabled: bool = setting(True, "Mount a .gitconfig at /home/code/.gitconfig.")
    user_name: Text = setting("Claude Code", "git user.name of the generated .gitconfig.")
    user_email: Text = setting("claude@robotinfra.com", "git user.email of the generated .gitconfig.")
    default_branch: Text = setting("master", "git init.defaultBranch of the generated .gitconfig.")
    secret_name: Text = setting("", "Use the key `.gitconfig` of this Secret instead of the generated file.")


class GitClone(Settings):
    repository: Text = setting("", "Repository cloned into /workspace by the `git-clone` init container (https or SSH URL). Empty: no clone.")
    branch: Text = setting("master", "Branch to clone (fast-forwarded on restart when the workspace has no local changes).")
    image: Image = at({"repository": "alpine/git", "tag": "2.49.1"}, "Image of the `git-clone` init container.")


class Service(Settings):
    type: Annotated[Literal["ClusterIP"], Why("the instance is reached through its Ingress, and a NodePort or LoadBalancer would bypass the ingress controller and the network policy")] = setting(
        "ClusterIP", "Must be ClusterIP (the Ingress and network policy are the way in).")
    port: Port = setting(8080, "Service port of the agent's HTTP port (container port 8080).")
    mcp_port: Port = setting(81, "Service port of the agent's MCP port (container port 8081); only with `access.mode: gateway`.")


class Access(Settings):
    mode: Annotated[Literal["oauth2-proxy", "gateway"], Why(
        "'oauth2-proxy' signs users in in front of the instance; 'gateway' means an authenticating gateway in front of "
        "the ingress does it (see the README)")] = setting("oauth2-proxy", "`oauth2-proxy`: a sign-in proxy in the pod lets only the owner, `access.collaborators` and the fleet's admins through (the only port the Service and NetworkPolicy expose); `gateway`: an authenticating gateway in front of the ingress does it (see Access).")
    owner: Text = setting("", "The owner's identity at the provider, when it is not what `platform.access.identityTemplate` makes of `userid`.")
    collaborators: list[str] = setting([], "More identities let through, as the fleet's `platform.access.identityClaim` names them (user names or e-mail addresses).")
    image: Image = at({"repository": "quay.io/oauth2-proxy/oauth2-proxy", "tag": "v7.15.6"}, "The oauth2-proxy image (the fleet's: `platform.images.authProxy`).")
    port: ContainerPort = setting(4180, "The proxy's port in the pod (1024-65535).")
    resources: ResourceSettings = resources(("32Mi", "10m", "16Mi"), ("128Mi", "200m", "64Mi"), "Resources of the proxy.")


class Ingress(Settings):
    enabled: bool = setting(True, "Create the Ingress.")
    class_name: Text = setting("nginx", "IngressClass.")
    hostname: Text = setting("", "Host name. Empty: `{instanceName}.{baseDomain}`.")
    tls_secret_name: Text = setting("", "TLS Secret. Empty: `{instanceName}-tls` (issued by cert-manager).")
    annotations: Annotated[dict[str, str], Overlaid] = setting({
        "cert-manager.io/cluster-issuer": "letsencrypt-prod",
        "nginx.ingress.kubernetes.io/ssl-redirect": "true",
        # The agent's terminal is a WebSocket that stays open for hours: nginx closes idle ones after 60 s.
        "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
        "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
    }, "Ingress annotations (added to the defaults).")


class Database(Settings):
    enabled: bool = setting(False, "Create a CNPG Database `{instanceName}-db` (and its owner role) in `database.namespace`.")
    namespace: Label = setting("database", "Namespace of the CNPG cluster.")
    cluster: Label = setting("postgresql", "CNPG cluster name.")
    name: Text = setting("", "PostgreSQL database name. Empty: `claude_{instanceName}` (dashes become underscores).")
    owner: Text = setting("", "Existing owner role. Empty: a per-instance DatabaseRole named like the database.")
    instance: int = setting(1, "Accepted for Helm values compatibility; the CNPG Database has no such field and it is never written.")
    reclaim_policy: Literal["delete", "retain"] = setting("delete", "`delete` or `retain`: what happens to the database and role when their objects are deleted.")
    existing_secret: Text = setting("", "Use this Secret for the connection (keys url, host, user, password) instead of `{instanceName}-db`.")


class Backup(Settings):
    snapshot_class: Text = setting("", "VolumeSnapshotClass of the snapshots. Empty: the cluster default.")
    snapshots: list[str] = setting([], "On-demand snapshots of the workspace: each name becomes the VolumeSnapshot `{instanceName}-workspace-{name}` (kept when the instance is removed).")
    schedule: Text = setting("", "Cron schedule of workspace snapshots (`0 3 * * *`, `@daily`). Empty: none. A restricted CronJob with its own ServiceAccount creates them.")
    keep: Annotated[int, Field(ge=1)] = setting(7, "Scheduled snapshots kept; older ones are deleted.")
    image: Image = at({"repository": "bitnami/kubectl", "tag": "1.31.4"}, "Image of the snapshot CronJob.")


class Enabled(Settings):
    enabled: bool = setting(False, "Create it.")


class Metrics(Settings):
    enabled: bool = setting(False, "Claude Code's OpenTelemetry metrics served for Prometheus on `metrics.port` (container port `metrics`), a PodMonitor, and ingress from Prometheus to that port.")
    port: ContainerPort = setting(9464, "Metrics port of the agent (1024-65535, unique in the pod).")
    path: Text = setting("/metrics", "Metrics HTTP path.")
    prometheus: Pods = at({"namespace": "monitoring", "podLabels": {"app.kubernetes.io/name": "prometheus"}}, "The Prometheus pods, allowed to scrape the metrics port.")
    dashboard: bool = setting(False, "A Grafana dashboard of the instance (CPU, memory, restarts, volume usage) in a ConfigMap labelled `grafana_dashboard: \"1\"` for the Grafana sidecar.")
    dashboard_namespace: OptionalLabel = setting("", "Namespace of the dashboard ConfigMap. Empty: the instance's namespace.")


class ConfigMap(Settings):
    system_prompt: Text = setting(
        "You are Claude Code, an AI programming assistant.\n"
        "Help users with their coding tasks in this Kubernetes environment.\n",
        "System prompt, in the ConfigMap `{instanceName}-config` at /etc/claude/system-prompt.txt; a change rolls the pod.")


class Rbac(Settings):
    create: bool = setting(True, "Create a Role and RoleBinding, and give the pod a projected, expiring token.")
    rules: list[dict[str, Any]] | None = setting(None, "Role rules. Null: read-only access to pods, logs, services, config maps, PVCs, events, deployments and jobs. Wildcards, Secrets, exec, RBAC and NetworkPolicies are refused.")


class Otlp(Pods):
    enabled: bool = setting(True, "Allow the OTLP collector (when `env.OTEL_EXPORTER_OTLP_ENDPOINT` is set).")
    port: Port = setting(4318, "OTLP collector port.")


class ApiServer(Settings):
    cidrs: list[str] = setting(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"], "Addresses of the Kubernetes API server endpoints, allowed with `rbac.create`. Narrow them to your control plane.")
    port: Port = setting(6443, "API server endpoint port.")


class NetworkPolicy(Settings):
    enabled: bool = setting(True, "Create the zero-trust NetworkPolicies.")
    allow_dns: bool = setting(True, "Allow DNS to the cluster DNS pods.", alias="allowDNS")
    egress_profile: Annotated[Literal["default", "none"], Why(
        "'default' allows the hosts Claude Code, GitHub and the enabled tools need; 'none' only 'allowedEgressHosts'")] = setting("default", "With `networkPolicy.cilium`: `default` allows the hosts Claude Code, GitHub and the enabled tools need (config/egress_profile.py, or `platform.egressHosts`); `none`, only `allowedEgressHosts`.")
    allowed_egress_hosts: list[str] = setting([], "More host names the agent needs, besides the egress profile (`*.example.com` for subdomains). A NetworkPolicy cannot filter by name: they are enforced with `networkPolicy.cilium`.")
    cilium: bool = setting(False, "The cluster runs Cilium: a CiliumNetworkPolicy allows `internetPorts` only to the egress profile's hosts and `allowedEgressHosts` (toFQDNs), instead of to every public address.")
    internet_ports: list[Port] = setting([443, 22], "TCP ports allowed to public addresses (private, link-local and metadata ranges excluded).")
    dns: Pods = at({"namespace": "kube-system", "podLabels": {"k8s-app": "kube-dns"}}, "The cluster DNS pods.")
    ingress_controller: Pods = at({"namespace": "ingress-nginx", "podLabels": {"app.kubernetes.io/name": "ingress-nginx"}}, "The ingress controller's pods, the only allowed ingress source.")
    otlp: Otlp = at({"namespace": "claude", "podLabels": {"app.kubernetes.io/name": "tempo"}}, "The OTLP collector's pods.")
    api_server: ApiServer = at({})


class Ports(Settings):
    mcp: ContainerPort = setting(8831, "Playwright MCP port.")
    novnc: ContainerPort = setting(6901, "Playwright noVNC port.")
    vnc: ContainerPort = setting(5900, "Playwright VNC port.")


class PlaywrightServer(McpServerSettings):
    ports: Ports = at({})


class McpServers(Settings):
    shared_namespace: Label = setting("claude", "Namespace of the shared MCP services.")
    context7: McpServer = at({
        "image": "transformia/context7-mcp", "tag": "1.0.27", "port": 8101,
        "resources": {"requests": {"memory": "128Mi", "cpu": "50m", "ephemeralStorage": "64Mi"},
                      "limits": {"memory": "256Mi", "cpu": "250m", "ephemeralStorage": "512Mi"}},
    }, "Context7 documentation MCP server.")
    playwright_browser: PlaywrightServer = at({
        "image": "transformia/playwright-browser", "tag": "1.0.3",
        "resources": {"requests": {"memory": "512Mi", "cpu": "100m", "ephemeralStorage": "128Mi"},
                      "limits": {"memory": "1536Mi", "cpu": "1000m", "ephemeralStorage": "1Gi"}},
    }, "Playwright browser MCP server (with noVNC to watch it).")
    dockerhub_mcp: McpServer = at({
        "image": "ghcr.io/transform-ia/dockerhub-mcp", "tag": "v0.17.0", "port": 8102,
        "resources": {"requests": {"memory": "64Mi", "cpu": "50m", "ephemeralStorage": "64Mi"},
                      "limits": {"memory": "256Mi", "cpu": "250m", "ephemeralStorage": "512Mi"}},
    }, "Docker Hub MCP server.")


_LANGUAGE_SERVER_RESOURCES = {"requests": {"memory": "128Mi", "cpu": "100m", "ephemeralStorage": "128Mi"},
                              "limits": {"memory": "1Gi", "cpu": "1000m", "ephemeralStorage": "1Gi"}}


class Hasura(ToolServer):
    admin_secret: SecretRef = at({"secretKey": "adminSecret"}, "Secret holding the Hasura admin secret. Empty name: `{instanceName}-hasura`.")


class Graphql(Settings):
    hasura: Hasura = at({
        "image": "hasura/graphql-engine", "tag": "v2.36.0", "port": 8085,
        "resources": {"requests": {"memory": "256Mi", "cpu": "100m", "ephemeralStorage": "128Mi"},
                      "limits": {"memory": "512Mi", "cpu": "500m", "ephemeralStorage": "512Mi"}},
    }, "Hasura GraphQL engine (`features.graphql`).")


class InstanceFile(Settings):
    """One Claude Code instance, in the original chart's values shape."""

    template: Text = setting("", "A named template whose values this file overrides: `minimal`, `go-backend`, `typescript-web`, `fullstack-with-database` (`claude-instance templates`).")
    instance_name: InstanceName = setting("a1b2c3d4", "Immutable instance name (DNS-1123 label, at most 53 characters). Required in instance files; `claude-instance new` derives it once as sha256(description)[:12].")
    instance_description: Description = setting("Backend API development", "Human-readable description (any text, at most 4096 characters); in annotations and `CLAUDE_INSTANCE_DESCRIPTION`.")
    userid: UserId = setting("user123", "Owner's user id (lowercase letters, digits, `-`, at most 56 characters, as it becomes the namespace `claude-<userid>`; numbers are accepted as text). A label on every object.")
    namespace: OptionalLabel = setting("", "Namespace of the instance. Empty: `claude-{userid}`.")
    base_domain: Text = setting(DEFAULT_BASE_DOMAIN, "Domain of the default host name `{instanceName}.{baseDomain}`.")
    replica_count: int = setting(1, "Must be 1: one writer on a ReadWriteOnce workspace (accepted for Helm values compatibility).")
    suspended: bool = setting(False, "Scale the instance to zero: volumes, database, hostname and configuration stay; `false` brings back the same workspace.")
    expires: Text = setting("", "A date (YYYY-MM-DD): from then on `claude-instance expire` suspends the instance in its file (see Expiry). Synthesis never reads it.")
    isolation: Text = setting("standard", "The runtime the pod runs under: `standard` (the cluster's default), `gvisor`, `kata`, or the name of a RuntimeClass (see Isolation).")
    sleep: Sleep = at({})
    features: Features = at({})
    image: AgentImage = at({"repository": "ghcr.io/transform-ia/claude-image"}, "The agent's image.")
    service_account: ServiceAccount = at({})
    storage: Storage = at({})
    github_token: SecretRef = at({"secretName": "github-credentials", "secretKey": "token"}, "Secret holding the GitHub token (`GITHUB_TOKEN`, optional: the pod starts without it).")
    anthropic: Anthropic = at({}, "Claude Code's credentials, from Secrets (an API key or a `claude setup-token` OAuth token).")
    env: Annotated[dict[str, Text], Overlaid] = setting({
        "TZ": "America/Montreal",
        "DISABLE_AUTOUPDATER": "1",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://tempo.claude.svc.cluster.local:4318",
        "OTEL_SERVICE_NAME": "claude-web",
    }, "Extra environment variables of the agent (added to the defaults). Values that look like credentials are refused: use `secretEnv`.")
    secret_env: dict[str, SecretEnvRef] = setting({}, "Environment variables read from Secrets: `NAME: {secretName: ..., secretKey: ...}`.")
    ssh: Ssh = at({})
    git_config: GitConfig = at({})
    git_clone: GitClone = at({})
    kubeconfig: SecretRef = at({"secretKey": "config"}, "Secret holding a (multi-cluster) kubeconfig, mounted at /home/code/.kube/config in the agent and Ansible containers only. Empty name: none. Inline kubeconfigs are refused.")
    resources: ResourceSettings = resources(("512Mi", "250m", "256Mi"), ("2Gi", "1000m", "2Gi"), "Resources of the agent's container.")
    service: Service = at({})
    access: Access = at({}, "Who may reach the instance: an authenticating proxy in front of its HTTP port (see Access).")
    ingress: Ingress = at({})
    database: Database = at({})
    backup: Backup = at({})
    disruption_budget: Enabled = at({"enabled": True}, "A PodDisruptionBudget that keeps voluntary evictions (node drains, autoscaler scale-downs) from killing a running session; an unhealthy pod may still be evicted.")
    metrics: Metrics = at({})
    vertical_pod_autoscaler: Enabled = at({}, "A VerticalPodAutoscaler in recommendation mode (updateMode Off): it suggests requests, never restarts the pod. Needs the VPA installed.")
    config_map: ConfigMap = at({})
    rbac: Rbac = at({})
    network_policy: NetworkPolicy = at({})
    mcp_servers: McpServers = at({})
    golang: ToolServer = at({"image": "ghcr.io/transform-ia/golang-image", "port": 8002, "resources": _LANGUAGE_SERVER_RESOURCES}, "Go language-server sidecar (`features.golang`).")
    typescript: ToolServer = at({"image": "ghcr.io/transform-ia/typescript-image", "port": 8003, "resources": _LANGUAGE_SERVER_RESOURCES}, "TypeScript language-server sidecar (`features.typescript`).")
    postgres: ToolImage = at({"image": "postgres", "tag": "16-alpine"}, "PostgreSQL client sidecar (`features.postgres`).")
    graphql: Graphql = at({})
    ansible: ToolImage = at({
        "image": "cytopia/ansible", "tag": "2.18-tools",  # a versioned tag (rebuilt per Ansible minor), not latest
        "resources": {"requests": {"memory": "128Mi", "cpu": "50m", "ephemeralStorage": "128Mi"},
                      "limits": {"memory": "512Mi", "cpu": "500m", "ephemeralStorage": "1Gi"}},
    }, "Ansible sidecar (`features.ansible`).")


# Keys an earlier chart version spelled otherwise, read as today's.
KEY_ALIASES = {"ephemeral-storage": "ephemeralStorage"}


def settings_of(model: type[BaseModel]) -> dict[str, tuple[type[BaseModel] | None, Any]]:
    """The file keys of a model: each with its nested model (None for a value) and its FieldInfo."""
    result = {}
    for name, info in model.model_fields.items():
        nested = info.annotation if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel) else None
        result[info.alias or name] = (nested, info)
    return result


def _mappings(model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    """Every free mapping (keys are the user's own: variable names, annotations, labels), by path."""
    found = {}
    for key, (nested, info) in settings_of(model).items():
        path = f"{prefix}.{key}" if prefix else key
        if nested is not None:
            found.update(_mappings(nested, path))
        elif getattr(info.annotation, "__origin__", None) is dict:
            found[path] = info
    return found


def _nullable(model: type[BaseModel], prefix: str = "") -> set[str]:
    found = set()
    for key, (nested, info) in settings_of(model).items():
        path = f"{prefix}.{key}" if prefix else key
        if nested is not None:
            found |= _nullable(nested, path)
        elif info.default is None:
            found.add(path)
    return found


def copy_tree(value):
    """A copy of a defaults subtree (dicts, lists and scalars only), so no instance shares it."""
    if isinstance(value, dict):
        return {key: copy_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_tree(item) for item in value]
    return value


def default_at(path: str) -> Any:
    """The default of the setting at ``path`` (``database.namespace``, ``networkPolicy.dns``), read
    from the declarations: ``DEFAULTS[...]`` without building the validators (which costs a cold
    start about 50 ms)."""
    model: type[BaseModel] | None = InstanceFile
    given: Any = None  # what the enclosing ``at(...)`` default says of this place, if anything
    for key in path.split("."):
        if model is None:
            given = given[key]  # inside a free mapping
            continue
        nested, info = settings_of(model)[key]
        given = given[key] if isinstance(given, dict) and key in given else info.default
        model = nested
    return _filled(model, given)


def _filled(model: type[BaseModel] | None, given: Any) -> Any:
    if model is None:
        return copy_tree(given)
    given = given if isinstance(given, dict) else {}
    return {key: _filled(nested, given[key] if key in given else info.default)
            for key, (nested, info) in settings_of(model).items()}


def __getattr__(name: str) -> Any:
    # DEFAULTS is computed on first use (it builds the models' validators).
    if name == "DEFAULTS":
        globals()["DEFAULTS"] = InstanceFile().model_dump()
        return globals()["DEFAULTS"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FREE_MAPPINGS = frozenset(_mappings(InstanceFile))
OVERLAID_MAPPINGS = frozenset(path for path, info in _mappings(InstanceFile).items() if any(m is Overlaid for m in info.metadata))
NULLABLE = frozenset(_nullable(InstanceFile))
