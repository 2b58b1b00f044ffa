"""ZeroTrustPolicy: default deny for the instance's pod, then only the traffic it needs."""

from __future__ import annotations

from urllib.parse import urlparse

from cdk8s_plus_28 import k8s
from constructs import Construct

from ._kube import metadata, network_peer, network_port
from ._labels import selector_labels
from ._names import object_name
from .config import MAIN_HTTP_PORT, InstanceConfig, PeerSelector, serves_through_proxy, sleeps_when_idle

CNPG_CLUSTER_LABEL = "cnpg.io/cluster"
POSTGRES_PORT = 5432

# Addresses that are not the public internet: private ranges (RFC 1918), carrier-grade NAT,
# loopback, link-local (which holds the cloud metadata address 169.254.169.254) and their IPv6 kin.
# NAT64 (64:ff9b::/96) is excluded too: it would reach private IPv4 addresses. IPv4-mapped
# addresses (::ffff:0:0/96) need no entry, and the API server refuses one: a socket connecting to
# one makes an IPv4 connection, which the IPv4 rule's exceptions already cover.
PRIVATE_IPV4 = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"
)
PRIVATE_IPV6 = ("::1/128", "64:ff9b::/96", "fc00::/7", "fe80::/10")


class ZeroTrustPolicy(Construct):
    """Under the hood: creates two NetworkPolicies selecting only this instance's pod.

    ``{instance}-deny-all`` denies all ingress and egress. ``{instance}-allow`` then allows:
    DNS (UDP and TCP 53) to the cluster DNS pods only; the public internet on
    ``networkPolicy.internetPorts`` (443 and 22 by default) with private, link-local and metadata
    addresses excluded; the CNPG cluster's pods on 5432 when a database is used; the OTLP collector;
    shared MCP services; the API server when RBAC is granted; and ingress only from the ingress
    controller's pods to the HTTP port (and, with ``metrics.enabled``, from Prometheus to the
    metrics port). Every in-cluster peer is selected by namespace *and* pod.
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        policy = config.network_policy
        pod_selector = k8s.LabelSelector(match_labels=selector_labels(config))
        self.deny_all = k8s.KubeNetworkPolicy(
            self,
            "DenyAll",
            metadata=metadata(config, object_name(config.name, "deny_all"), "network-policy", kind="NetworkPolicy"),
            spec=k8s.NetworkPolicySpec(pod_selector=pod_selector, policy_types=["Ingress", "Egress"]),
        )
        # Without an Ingress nobody is let in; with one, requests come from the ingress controller, or
        # through KEDA's interceptor while the instance may sleep (it holds them until the pod is up).
        ingress = [
            k8s.NetworkPolicyIngressRule(
                from_=[network_peer(config.sleep.interceptor if sleeps_when_idle(config) else policy.ingress_controller)],
                # Behind the sign-in proxy, its port only: the agent's port is closed to everyone.
                ports=[network_port(config.access.port if serves_through_proxy(config) else MAIN_HTTP_PORT)],
            )
        ] if config.ingress.enabled else []
        if config.metrics.enabled:
            ingress.append(
                k8s.NetworkPolicyIngressRule(from_=[network_peer(config.metrics.prometheus)], ports=[network_port(config.metrics.port)])
            )
        self.allow = k8s.KubeNetworkPolicy(
            self,
            "Allow",
            metadata=metadata(config, object_name(config.name, "allow"), "network-policy", kind="NetworkPolicy"),
            spec=k8s.NetworkPolicySpec(
                pod_selector=pod_selector,
                policy_types=["Ingress", "Egress"],
                ingress=ingress or None,  # an empty list would make every apply a change (the server drops it)
                egress=self._egress(config),
            ),
        )

    @staticmethod
    def _egress(config: InstanceConfig) -> list[k8s.NetworkPolicyEgressRule]:
        policy = config.network_policy
        rules = []
        if policy.allow_dns:
            rules.append(
                k8s.NetworkPolicyEgressRule(
                    to=[network_peer(policy.dns)], ports=[network_port(53, "UDP"), network_port(53, "TCP")]
                )
            )
        if policy.internet_ports and not policy.cilium:  # with Cilium, CiliumEgressPolicy allows named hosts
            rules.append(
                k8s.NetworkPolicyEgressRule(
                    to=[
                        k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr="0.0.0.0/0", except_=list(PRIVATE_IPV4))),
                        k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr="::/0", except_=list(PRIVATE_IPV6))),
                    ],
                    ports=[network_port(port) for port in policy.internet_ports],
                )
            )
        if config.has_database:  # the CNPG cluster, whether this instance created its Database or not
            database = PeerSelector(
                namespace=config.database.namespace, pod_labels={CNPG_CLUSTER_LABEL: config.database.cluster}
            )
            rules.append(k8s.NetworkPolicyEgressRule(to=[network_peer(database)], ports=[network_port(POSTGRES_PORT)]))
        if policy.otlp.enabled:
            rules.append(k8s.NetworkPolicyEgressRule(to=[network_peer(policy.otlp.peer)], ports=[network_port(policy.otlp.port)]))
        for server in config.mcp_servers:
            if server.shared:
                # The policy sees the pod's port after the Service translates it, which the URL does
                # not tell: the shared service's pods are allowed on any port.
                host = urlparse(server.url).hostname or ""
                if host.endswith(".svc.cluster.local"):
                    service, namespace = host.split(".")[:2]
                    peer = PeerSelector(namespace=namespace, pod_labels={"app.kubernetes.io/name": service})
                    rules.append(k8s.NetworkPolicyEgressRule(to=[network_peer(peer)]))
        if config.rbac.create and policy.api_server_cidrs:
            rules.append(
                k8s.NetworkPolicyEgressRule(
                    to=[k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr=cidr)) for cidr in policy.api_server_cidrs],
                    ports=[network_port(policy.api_server_port)],
                )
            )
        return rules
