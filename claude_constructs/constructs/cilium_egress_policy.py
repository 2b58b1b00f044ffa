"""CiliumEgressPolicy: a workload's internet egress limited to named hosts, on clusters running Cilium."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from constructs import Construct

from claude_constructs.config.names import object_name
from claude_constructs.constructs.kube import custom_metadata, Pods
from claude_constructs.constructs.zero_trust_policy import PRIVATE_IPV4, PRIVATE_IPV6

CILIUM_NAMESPACE_LABEL = "k8s:io.kubernetes.pod.namespace"


@dataclass(frozen=True, kw_only=True, slots=True)
class CiliumEgressPolicyProps:
    name: str  # the policy is ``{name}-hosts``
    namespace: str
    pod_selector: Mapping[str, str]  # the workload's pods (their labels)
    # Host names reachable on ``ports``: ``github.com`` is that name, ``*.github.com`` a pattern
    # (which does not match ``github.com`` itself).
    hosts: tuple[str, ...]
    ports: tuple[int, ...] = (443,)  # TCP ports open to ``hosts``, and closed to private addresses whatever the name
    dns: Pods = field(default_factory=lambda: Pods(namespace="kube-system", pod_labels={"k8s-app": "kube-dns"}))
    description: str = ""  # the policy's ``spec.description``; empty: none
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotation


class CiliumEgressPolicy(Construct):
    """Under the hood: creates the CiliumNetworkPolicy ``{name}-hosts`` for the workload's pods:
    DNS to the ``dns`` pods through Cilium's DNS proxy (which is how it learns the addresses of the
    names), and ``ports`` only to ``hosts``; on those ports private, link-local and metadata
    addresses stay denied, whatever a name resolves to. Cilium adds the allows of every policy
    together, so for a Claude Code instance (``networkPolicy.cilium``, with the hosts of
    ``networkPolicy.allowedEgressHosts`` on ``networkPolicy.internetPorts``) ``ZeroTrustPolicy``
    leaves out its rule for all public addresses. A NetworkPolicy alone cannot filter by host name.
    """

    def __init__(self, scope: Construct, id: str, *, props: CiliumEgressPolicyProps) -> None:
        super().__init__(scope, id)
        # Cilium's bindings load their assembly into Node.js when imported (a quarter of a second):
        # only when a policy is made.
        from imports.io.cilium import CiliumNetworkPolicy, CiliumNetworkPolicySpec, CiliumNetworkPolicySpecEgress as Egress
        from imports.io.cilium import CiliumNetworkPolicySpecEgressToEndpoints as ToEndpoints
        from imports.io.cilium import CiliumNetworkPolicySpecEgressToFqdNs as ToFqdn
        from imports.io.cilium import CiliumNetworkPolicySpecEgressToPorts as ToPorts
        from imports.io.cilium import CiliumNetworkPolicySpecEgressToPortsPorts as Port
        from imports.io.cilium import CiliumNetworkPolicySpecEgressToPortsPortsProtocol as Protocol
        from imports.io.cilium import CiliumNetworkPolicySpecEgressToPortsRules as Rules
        from imports.io.cilium import CiliumNetworkPolicySpecEgressToPortsRulesDns as DnsRule
        from imports.io.cilium import CiliumNetworkPolicySpecEgressDeny as EgressDeny
        from imports.io.cilium import CiliumNetworkPolicySpecEgressDenyToCidrSet as DenyCidr
        from imports.io.cilium import CiliumNetworkPolicySpecEgressDenyToPorts as DenyPorts
        from imports.io.cilium import CiliumNetworkPolicySpecEgressDenyToPortsPorts as DenyPort
        from imports.io.cilium import CiliumNetworkPolicySpecEgressDenyToPortsPortsProtocol as DenyProtocol
        from imports.io.cilium import CiliumNetworkPolicySpecEndpointSelector as EndpointSelector

        self.props = props
        dns_pods = {CILIUM_NAMESPACE_LABEL: props.dns.namespace, **props.dns.pod_labels}
        hosts = [ToFqdn(match_pattern=host) if "*" in host else ToFqdn(match_name=host) for host in props.hosts]
        self.resource = CiliumNetworkPolicy(
            self,
            "Resource",
            metadata=custom_metadata(props, "CiliumNetworkPolicy", object_name(props.name, "egress_hosts")),
            spec=CiliumNetworkPolicySpec(
                description=props.description or None,
                endpoint_selector=EndpointSelector(match_labels=dict(props.pod_selector)),
                egress=[
                    Egress(
                        to_endpoints=[ToEndpoints(match_labels=dns_pods)],
                        to_ports=[
                            ToPorts(
                                ports=[Port(port="53", protocol=Protocol.UDP), Port(port="53", protocol=Protocol.TCP)],
                                rules=Rules(dns=[DnsRule(match_pattern="*")]),
                            )
                        ],
                    ),
                    Egress(
                        to_fqd_ns=hosts,
                        to_ports=[ToPorts(ports=[Port(port=str(port), protocol=Protocol.TCP) for port in props.ports])],
                    ),
                ],
                # A name can resolve to a private or metadata address (wildcard DNS services, a record
                # the owner controls): on the internet ports those stay closed, whatever the name. Deny
                # wins over every allow in Cilium, and the in-cluster allows use other ports.
                egress_deny=[
                    EgressDeny(
                        to_cidr_set=[DenyCidr(cidr=cidr) for cidr in PRIVATE_IPV4 + PRIVATE_IPV6],
                        to_ports=[DenyPorts(ports=[DenyPort(port=str(port), protocol=DenyProtocol.TCP)
                                                   for port in props.ports])],
                    )
                ],
            ),
        )
