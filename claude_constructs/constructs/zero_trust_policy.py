"""ZeroTrustPolicy: default deny for a workload's pods, then only the traffic named in its props."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import network_peer, network_port, new_object, object_metadata, Pods

# Addresses that are not the public internet: private ranges (RFC 1918), carrier-grade NAT,
# loopback, link-local (which holds the cloud metadata address 169.254.169.254) and their IPv6 kin.
# NAT64 (64:ff9b::/96) is excluded too: it would reach private IPv4 addresses. IPv4-mapped
# addresses (::ffff:0:0/96) need no entry, and the API server refuses one: a socket connecting to
# one makes an IPv4 connection, which the IPv4 rule's exceptions already cover.
PRIVATE_IPV4 = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"
)
PRIVATE_IPV6 = ("::1/128", "64:ff9b::/96", "fc00::/7", "fe80::/10")


@dataclass(frozen=True, kw_only=True, slots=True)
class Addresses:
    """An address range (CIDR), less the ranges in ``excluded``."""

    cidr: str
    excluded: tuple[str, ...] = ()


PUBLIC_INTERNET = (Addresses(cidr="0.0.0.0/0", excluded=PRIVATE_IPV4), Addresses(cidr="::/0", excluded=PRIVATE_IPV6))


@dataclass(frozen=True, kw_only=True, slots=True)
class Port:
    number: int
    protocol: str = "TCP"


@dataclass(frozen=True, kw_only=True, slots=True)
class Allow:
    """Traffic allowed to (egress) or from (ingress) these peers, on these ports (none: every port)."""

    peers: tuple[Pods | Addresses, ...]
    ports: tuple[Port, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class ZeroTrustPolicyProps:
    """What the policies select and allow; nothing else gets in or out."""

    name: str  # the policies are ``{name}-deny-all`` and ``{name}-allow``
    namespace: str
    pod_selector: Mapping[str, str]  # the workload's pods (their labels)
    ingress: tuple[Allow, ...] = ()
    egress: tuple[Allow, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)


class ZeroTrustPolicy(Construct):
    """Under the hood: creates two NetworkPolicies selecting only the workload's pods.

    ``{name}-deny-all`` denies all ingress and egress. ``{name}-allow`` then allows exactly the
    ``ingress`` and ``egress`` of the props. In-cluster peers are selected by namespace *and* pod
    labels, so a pod of the same labels in another namespace is not let in.

    For a Claude Code instance (``ClaudeInstanceChart``) the allows are: DNS (UDP and TCP 53) to
    the cluster DNS pods only; the public internet on ``networkPolicy.internetPorts`` (443 and 22
    by default) with private, link-local and metadata addresses excluded; the CNPG cluster's pods
    on 5432 when a database is used; the OTLP collector; shared MCP services; the API server when
    RBAC is granted; and ingress only from the ingress controller's pods to the HTTP port (and,
    with ``metrics.enabled``, from Prometheus to the metrics port).
    """

    def __init__(self, scope: Construct, id: str, *, props: ZeroTrustPolicyProps) -> None:
        super().__init__(scope, id)
        pod_selector = k8s.LabelSelector(match_labels=dict(props.pod_selector))
        self.deny_all = new_object(
            k8s.KubeNetworkPolicy, self,
            "DenyAll",
            metadata=object_metadata(props, "NetworkPolicy", f"{props.name}-deny-all"),
            spec=k8s.NetworkPolicySpec(pod_selector=pod_selector, policy_types=["Ingress", "Egress"]),
        )
        self.allow = new_object(
            k8s.KubeNetworkPolicy, self,
            "Allow",
            metadata=object_metadata(props, "NetworkPolicy", f"{props.name}-allow"),
            spec=k8s.NetworkPolicySpec(
                pod_selector=pod_selector,
                policy_types=["Ingress", "Egress"],
                # An empty list would make every apply a change (the server drops it).
                ingress=[k8s.NetworkPolicyIngressRule(from_=_peers(a), ports=_ports(a)) for a in props.ingress] or None,
                egress=[k8s.NetworkPolicyEgressRule(to=_peers(a), ports=_ports(a)) for a in props.egress],
            ),
        )



def _peers(allow: Allow) -> list[k8s.NetworkPolicyPeer]:
    return [network_peer(peer) if isinstance(peer, Pods) else
            k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr=peer.cidr, except_=list(peer.excluded) or None))
            for peer in allow.peers]


def _ports(allow: Allow) -> list[k8s.NetworkPolicyPort] | None:
    return [network_port(port.number, port.protocol) for port in allow.ports] or None
