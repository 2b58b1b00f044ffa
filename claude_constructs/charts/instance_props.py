"""How a validated instance configuration becomes the props of the constructs (the ``ClaudePod``'s
are in ``pod_props``), and the instances of one namespace the props of its ``TenantNamespace``.

``ClaudeInstanceChart`` composes the constructs with these props; an app of its own can call them
too, or build the props from scratch (README "Using the constructs in your own cdk8s app").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from urllib.parse import urlparse

from claude_constructs.config.checks import parse_quantity
from claude_constructs.charts.instance_labels import instance_labels, selector_labels, traceability_annotations
from claude_constructs.constructs.labels import MANAGED_BY, PART_OF, USER_LABEL
from claude_constructs.constructs.cilium_egress_policy import CiliumEgressPolicyProps
from claude_constructs.constructs.cnpg_database import CnpgDatabaseProps
from claude_constructs.config.loader import (
    AUTH_ALLOWED_KEY, AUTH_PROXY_PORT_NAME, MAIN_HTTP_PORT, InstanceConfig, mcp_client_config, pod_resources,
    serves_through_proxy, sleeps_when_idle,
)
from claude_constructs.config.names import object_name
from claude_constructs.constructs.instance_access import InstanceAccessProps, Rule
from claude_constructs.constructs.instance_config_map import GITHUB_KNOWN_HOST, InstanceConfigMapProps
from claude_constructs.constructs.instance_monitoring import Dashboard, InstanceMonitoringProps
from claude_constructs.constructs.instance_sleep import InstanceSleepProps, WorkingHours, activity_query
from claude_constructs.constructs.instance_exposure import IngressRoute, InstanceExposureProps, ServicePort
from claude_constructs.constructs.session_protection import SessionProtectionProps
from claude_constructs.constructs.tenant_namespace import TenantNamespaceProps
from claude_constructs.constructs.workspace_backup import JOB_RESOURCES, WorkspaceBackupProps
from claude_constructs.constructs.instance_storage import (
    CACHE, CLAUDE_LOCK, HOME, HOME_ROOT, MOUNT_PATHS, NPM_CACHE, SSH_DIRECTORY, TMP, WORKSPACE, InstanceStorageProps, Volume,
)
from claude_constructs.constructs.zero_trust_policy import PUBLIC_INTERNET, Addresses, Allow, Pods, Port, ZeroTrustPolicyProps

CNPG_CLUSTER_LABEL = "cnpg.io/cluster"
POSTGRES_PORT = 5432
SSH_DIRECTORY_SIZE = "10Mi"


def storage_props(config: InstanceConfig) -> InstanceStorageProps:
    storage = config.storage
    volumes = [
        Volume(name=name, mount_path=MOUNT_PATHS[name], size=claim.size, persistent=claim.enabled,
               storage_class=claim.storage_class, access_mode=claim.access_mode, from_snapshot=claim.from_snapshot)
        for name, claim in ((WORKSPACE, storage.workspace), (HOME, storage.home))
    ]
    scratch = [(TMP, storage.tmp_size), (CACHE, storage.cache_size), (NPM_CACHE, storage.npm_cache_size),
               (CLAUDE_LOCK, storage.claude_lock_size), (HOME_ROOT, storage.home_root_size)]
    if config.ssh.enabled:
        scratch.append((SSH_DIRECTORY, SSH_DIRECTORY_SIZE))
    volumes += [Volume(name=name, mount_path=MOUNT_PATHS[name], size=size) for name, size in scratch]
    return InstanceStorageProps(
        name=config.name, namespace=config.namespace, volumes=tuple(volumes),
        labels=instance_labels(config, "storage"), annotations=traceability_annotations(config), sync_waves=True,
    )


def config_map_props(config: InstanceConfig) -> InstanceConfigMapProps:
    ssh = config.ssh
    return InstanceConfigMapProps(
        name=object_name(config.name, "config"), namespace=config.namespace, system_prompt=config.system_prompt,
        mcp_servers=mcp_client_config(config)["mcpServers"],
        gitconfig=config.git_config.render() if config.git_config.generated else "",
        known_hosts=(([GITHUB_KNOWN_HOST] if ssh.known_hosts_github else []) + list(ssh.known_hosts_custom)) if ssh.enabled else None,
        # The sign-in proxy's allow list, one identity a line.
        files={AUTH_ALLOWED_KEY: "".join(f"{identity}\n" for identity in config.access.allowed)}
        if serves_through_proxy(config) else {},
        labels=instance_labels(config, "config"), annotations=traceability_annotations(config), sync_waves=True,
    )


def monitoring_props(config: InstanceConfig) -> InstanceMonitoringProps:
    metrics = config.metrics
    board = None
    if metrics.dashboard:
        board = Dashboard(name=object_name(config.name, "dashboard"), namespace=metrics.dashboard_namespace,
                          file_name=f"claude-instance-{config.name}.json", model=dashboard(config))
    return InstanceMonitoringProps(
        name=config.name, namespace=config.namespace, pod_selector=selector_labels(config), pod_monitor=metrics.enabled,
        metrics_port="metrics", metrics_path=metrics.path, dashboard=board,
        labels=instance_labels(config, "monitoring"), annotations=traceability_annotations(config), sync_waves=True,
    )


def dashboard(config: InstanceConfig) -> dict:
    """A Grafana dashboard (schema 39) of one instance: its CPU, memory, restarts and volume usage."""
    pod = f'namespace="{config.namespace}", pod=~"{config.name}-[a-z0-9]+-[a-z0-9]+"'
    claims = f'namespace="{config.namespace}", persistentvolumeclaim=~"{config.name}-(workspace|home)"'
    panels = [
        ("CPU (cores)", f'sum by (container) (rate(container_cpu_usage_seconds_total{{{pod}, container!=""}}[5m]))', "short"),
        ("Memory (working set)", f'sum by (container) (container_memory_working_set_bytes{{{pod}, container!=""}})', "bytes"),
        ("Restarts", f"sum by (container) (kube_pod_container_status_restarts_total{{{pod}}})", "short"),
        ("Volume usage", f"kubelet_volume_stats_used_bytes{{{claims}}} / kubelet_volume_stats_capacity_bytes{{{claims}}}",
         "percentunit"),
    ]
    return {
        "title": f"Claude Code instance {config.name}",
        "uid": f"claude-{config.name}",
        "description": config.description,
        "tags": ["claude-code", f"user:{config.userid}"],
        "schemaVersion": 39,
        "time": {"from": "now-6h", "to": "now"},
        "refresh": "1m",
        "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"}]},
        "panels": [
            {
                "id": index + 1,
                "title": title,
                "type": "timeseries",
                "datasource": {"type": "prometheus", "uid": "${datasource}"},
                "gridPos": {"h": 8, "w": 12, "x": 12 * (index % 2), "y": 8 * (index // 2)},
                "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
                "targets": [{"expr": expr, "legendFormat": "{{container}}{{persistentvolumeclaim}}", "refId": "A"}],
            }
            for index, (title, expr, unit) in enumerate(panels)
        ],
    }


def sleep_props(config: InstanceConfig) -> InstanceSleepProps:
    sleep = config.sleep
    return InstanceSleepProps(
        name=config.name, namespace=config.namespace, host=config.ingress.hostname, service_port=config.service.port,
        idle_seconds=sleep.idle_seconds, activity_query=activity_query(config.namespace, config.name),
        prometheus_url=sleep.prometheus_url,
        working_hours=WorkingHours(timezone=sleep.timezone, start=sleep.start, end=sleep.end) if sleep.start else None,
        interceptor_service=sleep.interceptor_service, interceptor_namespace=sleep.interceptor.namespace,
        interceptor_port=sleep.interceptor_port, scaler_address=sleep.scaler_address,
        labels=instance_labels(config, "scaling"), wake_labels=instance_labels(config, "exposure"),
        annotations=traceability_annotations(config), sync_waves=True,
    )


def backup_props(config: InstanceConfig) -> WorkspaceBackupProps:
    backup, policy = config.backup, config.network_policy
    return WorkspaceBackupProps(
        name=config.name, namespace=config.namespace, claim=object_name(config.name, "workspace"),
        snapshots=backup.snapshots, snapshot_class=backup.snapshot_class, schedule=backup.schedule, keep=backup.keep,
        image=backup.image.ref, image_pull_policy=backup.image.pull_policy,
        network_policy=policy.enabled, dns=_pods(policy.dns), api_server_cidrs=policy.api_server_cidrs,
        api_server_port=policy.api_server_port,
        labels=instance_labels(config, "backup"), annotations=traceability_annotations(config), sync_waves=True,
    )


def cilium_egress_props(config: InstanceConfig) -> CiliumEgressPolicyProps:
    policy = config.network_policy
    return CiliumEgressPolicyProps(
        name=config.name, namespace=config.namespace, pod_selector=selector_labels(config),
        hosts=policy.allowed_egress_hosts, ports=policy.internet_ports, dns=_pods(policy.dns),
        description=f"Claude Code instance {config.name}: internet egress only to its allowed hosts",
        labels=instance_labels(config, "network-policy"), annotations=traceability_annotations(config), sync_waves=True,
    )


def database_props(config: InstanceConfig) -> CnpgDatabaseProps:
    db = config.database
    return CnpgDatabaseProps(
        name=db.object_name, namespace=db.namespace, cluster=db.cluster, database=db.database_name, owner=db.owner,
        create_owner_role=db.creates_owner_role, owner_password_secret=db.owner_password_secret,
        reclaim_policy=db.reclaim_policy, comment=f"owner of the database of Claude Code instance {config.name}",
        labels=instance_labels(config, "database"), annotations=traceability_annotations(config), sync_waves=True,
    )


def access_props(config: InstanceConfig) -> InstanceAccessProps:
    rbac = config.rbac
    return InstanceAccessProps(
        service_account=rbac.service_account_name, namespace=config.namespace,
        create_service_account=rbac.create_service_account, role=config.name if rbac.create else "",
        rules=tuple(Rule(api_groups=r.api_groups, resources=r.resources, verbs=r.verbs, resource_names=r.resource_names)
                    for r in rbac.rules),
        labels=instance_labels(config, "access"), annotations=traceability_annotations(config), sync_waves=True,
    )


def exposure_props(config: InstanceConfig) -> InstanceExposureProps:
    # Behind the sign-in proxy, only its port: the agent's own ports stay inside the pod.
    if serves_through_proxy(config):
        ports = (ServicePort(name="http", port=config.service.port, target=AUTH_PROXY_PORT_NAME),)
    else:
        ports = (ServicePort(name="http", port=config.service.port, target="http"),
                 ServicePort(name="mcp", port=config.service.mcp_port, target="mcp"))
    route = None
    if config.ingress.enabled:
        if not config.access.proxy and config.access.mode != "gateway":  # pragma: no cover - refused by validation
            raise ValueError("an Ingress needs authentication in front of the instance")
        ingress = config.ingress
        # While the instance may sleep, requests go to KEDA's interceptor, which wakes it.
        service, port = ((object_name(config.name, "wake"), config.sleep.interceptor_port) if sleeps_when_idle(config)
                         else (config.name, "http"))
        route = IngressRoute(host=ingress.hostname, tls_secret=ingress.tls_secret_name, service=service, service_port=port,
                             class_name=ingress.class_name, annotations=ingress.annotations)
    return InstanceExposureProps(
        name=config.name, namespace=config.namespace, pod_selector=selector_labels(config), ports=ports, ingress=route,
        labels=instance_labels(config, "exposure"), annotations=traceability_annotations(config), sync_waves=True,
    )


def protection_props(config: InstanceConfig) -> SessionProtectionProps:
    return SessionProtectionProps(
        name=config.name, namespace=config.namespace, pod_selector=selector_labels(config),
        disruption_budget=config.disruption_budget, vertical_pod_autoscaler=config.vertical_pod_autoscaler,
        labels=instance_labels(config, "agent"), annotations=traceability_annotations(config), sync_waves=True,
    )


def zero_trust_props(config: InstanceConfig) -> ZeroTrustPolicyProps:
    from claude_constructs.constructs.labels import gitops_annotations

    return ZeroTrustPolicyProps(
        name=config.name, namespace=config.namespace, pod_selector=selector_labels(config),
        ingress=tuple(_ingress(config)), egress=tuple(_egress(config)),
        labels=instance_labels(config, "network-policy"),
        annotations={**traceability_annotations(config), **gitops_annotations("NetworkPolicy")},
    )


def _pods(selector) -> Pods:
    return Pods(namespace=selector.namespace, pod_labels=selector.pod_labels)


def _ingress(config: InstanceConfig) -> list[Allow]:
    allows = []
    # Without an Ingress nobody is let in; with one, requests come from the ingress controller, or
    # through KEDA's interceptor while the instance may sleep (it holds them until the pod is up).
    if config.ingress.enabled:
        source = config.sleep.interceptor if sleeps_when_idle(config) else config.network_policy.ingress_controller
        # Behind the sign-in proxy, its port only: the agent's port is closed to everyone.
        port = config.access.port if serves_through_proxy(config) else MAIN_HTTP_PORT
        allows.append(Allow(peers=(_pods(source),), ports=(Port(number=port),)))
    if config.metrics.enabled:
        allows.append(Allow(peers=(_pods(config.metrics.prometheus),), ports=(Port(number=config.metrics.port),)))
    return allows


def _egress(config: InstanceConfig) -> list[Allow]:
    policy = config.network_policy
    allows = []
    if policy.allow_dns:
        allows.append(Allow(peers=(_pods(policy.dns),), ports=(Port(number=53, protocol="UDP"), Port(number=53))))
    if policy.internet_ports and not policy.cilium:  # with Cilium, CiliumEgressPolicy allows named hosts
        allows.append(Allow(peers=PUBLIC_INTERNET, ports=tuple(Port(number=port) for port in policy.internet_ports)))
    if config.has_database:  # the CNPG cluster, whether this instance created its Database or not
        database = Pods(namespace=config.database.namespace, pod_labels={CNPG_CLUSTER_LABEL: config.database.cluster})
        allows.append(Allow(peers=(database,), ports=(Port(number=POSTGRES_PORT),)))
    if policy.otlp.enabled:
        allows.append(Allow(peers=(_pods(policy.otlp.peer),), ports=(Port(number=policy.otlp.port),)))
    for server in config.mcp_servers:
        if server.shared:
            # The policy sees the pod's port after the Service translates it, which the URL does
            # not tell: the shared service's pods are allowed on any port.
            host = urlparse(server.url).hostname or ""
            if host.endswith(".svc.cluster.local"):
                service, namespace = host.split(".")[:2]
                allows.append(Allow(peers=(Pods(namespace=namespace, pod_labels={"app.kubernetes.io/name": service}),)))
    if config.rbac.create and policy.api_server_cidrs:
        allows.append(Allow(peers=tuple(Addresses(cidr=cidr) for cidr in policy.api_server_cidrs),
                            ports=(Port(number=policy.api_server_port),)))
    return allows


def tenant_props(namespace: str, configs: Sequence[InstanceConfig]) -> TenantNamespaceProps:
    """The tenant namespace ``namespace`` of the instances ``configs`` (those in it), sized from them."""
    configs = sorted(configs, key=lambda c: c.name)
    users = tuple(sorted({c.userid for c in configs}))
    labels = {"app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY,
              "app.kubernetes.io/component": "tenant"}
    if len(users) == 1:
        labels[USER_LABEL] = users[0]
    usage = namespace_usage(configs)
    return TenantNamespaceProps(
        namespace=namespace, users=users, quota=usage.quota, container_max=usage.container_max,
        claim_max=usage.largest_claim, labels=labels, sync_waves=True,
    )


class NamespaceUsage:
    """What the instances of one namespace request and may use, in Kubernetes quantities."""

    def __init__(self) -> None:
        self.requests: dict[str, Decimal] = {}
        self.limits: dict[str, Decimal] = {}
        self.max_limits: dict[str, Decimal] = {}
        self.storage = Decimal(0)
        self.largest_claim = "1Gi"
        self.pods = 0
        self.claims = 0

    @property
    def quota(self) -> dict[str, str]:
        quota = {f"requests.{k}": _format(k, v) for k, v in sorted(self.requests.items())}
        quota |= {f"limits.{k}": _format(k, v) for k, v in sorted(self.limits.items())}
        quota |= {"requests.storage": _format("storage", self.storage), "pods": str(self.pods),
                  "persistentvolumeclaims": str(self.claims)}
        return quota

    @property
    def container_max(self) -> dict[str, str]:
        return {k: _format(k, v) for k, v in sorted(self.max_limits.items())}


def namespace_usage(configs: Iterable[InstanceConfig]) -> NamespaceUsage:
    usage = NamespaceUsage()
    largest = Decimal(0)
    for config in configs:
        for resources in pod_resources(config):
            _add(usage.requests, resources.requests)
            _add(usage.limits, resources.limits)
            for name, value in resources.limits.items():
                usage.max_limits[name] = max(usage.max_limits.get(name, Decimal(0)), parse_quantity(value))
        usage.pods += 1
        if config.backup.schedule:  # one snapshot job at a time (concurrencyPolicy Forbid)
            _add(usage.requests, JOB_RESOURCES.requests)
            _add(usage.limits, JOB_RESOURCES.limits)
            usage.pods += 1
        for claim in (config.storage.workspace, config.storage.home):
            if claim.enabled:
                size = parse_quantity(claim.size)
                usage.storage += size
                usage.claims += 1
                if size > largest:
                    largest, usage.largest_claim = size, claim.size
    return usage


def _add(totals: dict[str, Decimal], amounts: Mapping[str, str]) -> None:
    for name, value in amounts.items():
        totals[name] = totals.get(name, Decimal(0)) + parse_quantity(value)


def _format(name: str, value: Decimal) -> str:
    if name == "cpu":
        return f"{math.ceil(value * 1000)}m"
    return f"{math.ceil(value / 2**20)}Mi"
