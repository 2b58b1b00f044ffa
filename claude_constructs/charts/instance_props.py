"""How a validated instance configuration becomes the props of the workload-neutral constructs.

``ClaudeInstanceChart`` composes the constructs with these props; an app of its own can call them
too, or build the props from scratch (README "Using the constructs in your own cdk8s app").
"""

from __future__ import annotations

from urllib.parse import urlparse

from claude_constructs.constructs.labels import instance_labels, selector_labels, traceability_annotations
from claude_constructs.constructs.cnpg_database import CnpgDatabaseProps
from claude_constructs.config.loader import (
    AUTH_PROXY_PORT_NAME, MAIN_HTTP_PORT, InstanceConfig, serves_through_proxy, sleeps_when_idle,
)
from claude_constructs.config.names import object_name
from claude_constructs.constructs.instance_access import InstanceAccessProps, Rule
from claude_constructs.constructs.instance_exposure import IngressRoute, InstanceExposureProps, ServicePort
from claude_constructs.constructs.session_protection import SessionProtectionProps
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
