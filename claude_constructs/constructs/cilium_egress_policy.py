"""CiliumEgressPolicy: the agent's internet egress limited to named hosts, on clusters running Cilium."""

from __future__ import annotations

from constructs import Construct

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

from claude_constructs.constructs.kube import custom_metadata
from claude_constructs.constructs.labels import selector_labels
from claude_constructs.config.names import object_name
from claude_constructs.config.loader import InstanceConfig
from claude_constructs.constructs.zero_trust_policy import PRIVATE_IPV4, PRIVATE_IPV6

CILIUM_NAMESPACE_LABEL = "k8s:io.kubernetes.pod.namespace"


class CiliumEgressPolicy(Construct):
    """Under the hood: creates the CiliumNetworkPolicy ``{instance}-hosts`` for the
    instance's pod: DNS to the cluster DNS pods through Cilium's DNS proxy (which is how it learns
    the addresses of the names), and ``networkPolicy.internetPorts`` only to the host names of
    ``networkPolicy.allowedEgressHosts`` (``*.example.com`` is a pattern). Cilium adds the allows of
    every policy together, so with this policy ``ZeroTrustPolicy`` leaves out its rule for all
    public addresses. A NetworkPolicy alone cannot filter by host name.
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        policy = config.network_policy
        dns_pods = {CILIUM_NAMESPACE_LABEL: policy.dns.namespace, **policy.dns.pod_labels}
        hosts = [
            ToFqdn(match_pattern=host) if "*" in host else ToFqdn(match_name=host) for host in policy.allowed_egress_hosts
        ]
        self.resource = CiliumNetworkPolicy(
            self,
            "Resource",
            metadata=custom_metadata(
                config, object_name(config.name, "egress_hosts"), "network-policy", kind="CiliumNetworkPolicy"
            ),
            spec=CiliumNetworkPolicySpec(
                description=f"Claude Code instance {config.name}: internet egress only to its allowed hosts",
                endpoint_selector=EndpointSelector(match_labels=selector_labels(config)),
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
                        to_ports=[
                            ToPorts(ports=[Port(port=str(port), protocol=Protocol.TCP) for port in policy.internet_ports])
                        ],
                    ),
                ],
                # A name can resolve to a private or metadata address (wildcard DNS services, a record
                # the owner controls): on the internet ports those stay closed, whatever the name. Deny
                # wins over every allow in Cilium, and the in-cluster allows use other ports.
                egress_deny=[
                    EgressDeny(
                        to_cidr_set=[DenyCidr(cidr=cidr) for cidr in PRIVATE_IPV4 + PRIVATE_IPV6],
                        to_ports=[DenyPorts(ports=[DenyPort(port=str(port), protocol=DenyProtocol.TCP)
                                                   for port in policy.internet_ports])],
                    )
                ],
            ),
        )
