"""An oracle for Kubernetes NetworkPolicy (networking.k8s.io/v1), written from the API documentation.

It answers one question: would a cluster whose network plugin enforces NetworkPolicy let this
pod (or external IP) open a connection to that pod (or external IP) on this port and protocol?

What it implements:

* Selection: a policy applies to the pods of its own namespace (``metadata.namespace``, default
  ``"default"``) matched by ``spec.podSelector``; a missing or empty selector selects all of them.
* policyTypes: used as given; when missing or empty it defaults, as the API server does, to
  ``Ingress`` plus ``Egress`` only if ``spec.egress`` is non-empty.
* Isolation: a pod is isolated for a direction when at least one policy selecting it has that
  type. A pod that is not isolated allows everything in that direction; an isolated pod allows a
  connection only if one rule of one such policy matches it (policies are additive).
* Rules: a missing or empty ``from``/``to`` matches every peer, and a missing or empty ``ports``
  matches every port; otherwise the peer and the port must both match.
* Peers: ``podSelector`` alone selects pods of the policy's namespace; ``namespaceSelector``
  alone selects every pod of the matching namespaces; both in one peer select the matching pods
  of the matching namespaces; ``ipBlock`` matches an IP inside ``cidr`` and outside every
  ``except`` (an external IP, or a pod's IP). Selectors never match external IPs, and an IPv4
  address never matches an IPv6 block, nor the other way round.
* Namespaces carry the label ``kubernetes.io/metadata.name=<name>``, added here as the API server
  adds it.
* Label selectors: ``matchLabels`` and ``matchExpressions`` (In, NotIn, Exists, DoesNotExist),
  ANDed; an empty selector matches everything. ``NotIn`` matches an object without the key.
* Ports: the protocol defaults to TCP; a numeric ``port``, optionally with ``endPort`` (inclusive
  range); a named ``port``, resolved against the destination pod's named ports (never matching an
  external IP); an entry without ``port`` matches every port of its protocol.
* Manifests the API server would reject (an empty peer, ipBlock combined with a selector,
  endPort without a numeric port, a bad operator or protocol, ...) raise ValueError instead of
  being given a meaning. Objects that are not networking.k8s.io/v1 NetworkPolicy are ignored.

What it leaves out:

* Services: no ClusterIP, NodePort or LoadBalancer translation (DNAT). Callers pass the
  destination pod and its target (container) port, as the network plugin sees them after DNAT.
* Nodes and host networking: traffic from a pod's own node, hostNetwork pods and SNAT of
  external traffic (whose effect on ipBlock the documentation leaves to the implementation).
* The protocol of a named container port: ``Pod.ports`` maps a name to a number only, so a named
  port matches under whatever protocol the policy entry gives.
* Connection tracking: a connection allowed one way implies its replies; this oracle judges only
  the opening direction. AdminNetworkPolicy and plugin-specific policy kinds are not evaluated.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

API_VERSION = "networking.k8s.io/v1"
KIND = "NetworkPolicy"
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"
DEFAULT_NAMESPACE = "default"
INGRESS = "Ingress"
EGRESS = "Egress"
PROTOCOLS = frozenset({"TCP", "UDP", "SCTP"})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Pod:
    """A pod as NetworkPolicy sees it: its namespace, labels, IP and named container ports."""

    name: str
    namespace: str
    labels: Mapping[str, str]
    ip: str
    ports: Mapping[str, int] = field(default_factory=dict)


Endpoint = Pod | str  # a pod, or the IP address of something outside the cluster's pods


# --- label selectors -------------------------------------------------------------------------


def selector_matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """A LabelSelector: matchLabels and matchExpressions, ANDed; an empty selector matches all."""
    selector = selector or {}
    validate_selector(selector)
    match_labels = selector.get("matchLabels") or {}
    if any(labels.get(key) != value for key, value in match_labels.items()):
        return False
    return all(_expression_matches(expr, labels) for expr in selector.get("matchExpressions") or [])


def _expression_matches(expression: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    key, operator = expression["key"], expression["operator"]
    if operator == "Exists":
        return key in labels
    if operator == "DoesNotExist":
        return key not in labels
    inside = key in labels and labels[key] in expression["values"]
    return inside if operator == "In" else not inside  # NotIn also matches a missing key


def validate_selector(selector: Mapping[str, Any]) -> None:
    unknown = set(selector) - {"matchLabels", "matchExpressions"}
    if unknown:
        raise ValueError(f"unknown label selector fields: {sorted(unknown)}")
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression.get("key"), expression.get("operator"), expression.get("values")
        if not key:
            raise ValueError(f"a selector expression needs a key: {expression!r}")
        if operator not in ("In", "NotIn", "Exists", "DoesNotExist"):
            raise ValueError(f"unknown label selector operator {operator!r}")
        if operator in ("In", "NotIn") and not values:
            raise ValueError(f"operator {operator} needs values (key {key!r})")
        if operator in ("Exists", "DoesNotExist") and values:
            raise ValueError(f"operator {operator} takes no values (key {key!r})")


# --- policies --------------------------------------------------------------------------------


def is_network_policy(manifest: Any) -> bool:
    """Only networking.k8s.io/v1 NetworkPolicy objects count (not, say, Calico's NetworkPolicy)."""
    return isinstance(manifest, Mapping) and manifest.get("apiVersion") == API_VERSION and manifest.get("kind") == KIND


def policy_namespace(policy: Mapping[str, Any]) -> str:
    return (policy.get("metadata") or {}).get("namespace") or DEFAULT_NAMESPACE


def _spec(policy: Mapping[str, Any]) -> Mapping[str, Any]:
    return policy.get("spec") or {}


def policy_types(policy: Mapping[str, Any]) -> frozenset[str]:
    """spec.policyTypes, defaulted as the API server does when it is missing or empty."""
    spec = _spec(policy)
    given = spec.get("policyTypes") or []
    if given:
        unknown = set(given) - {INGRESS, EGRESS}
        if unknown:
            raise ValueError(f"unknown policyTypes {sorted(unknown)}")
        return frozenset(given)
    return frozenset({INGRESS, EGRESS} if spec.get("egress") else {INGRESS})


def policy_selects(policy: Mapping[str, Any], pod: Pod) -> bool:
    """The policy applies to pods of its own namespace matched by spec.podSelector."""
    return pod.namespace == policy_namespace(policy) and selector_matches(_spec(policy).get("podSelector"), pod.labels)


def validate_policy(policy: Mapping[str, Any]) -> None:
    """Refuse what the API server would refuse, rather than give it a meaning."""
    spec = _spec(policy)
    policy_types(policy)
    validate_selector(spec.get("podSelector") or {})
    for rules_key, peers_key in (("ingress", "from"), ("egress", "to")):
        for rule in spec.get(rules_key) or []:
            rule = rule or {}
            for peer in rule.get(peers_key) or []:
                validate_peer(peer or {})
            for entry in rule.get("ports") or []:
                validate_port_entry(entry or {})


# --- peers -----------------------------------------------------------------------------------


def parse_ip(address: str) -> IPAddress:
    """An address as the packet carries it: an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the
    IPv4 connection a dual-stack socket makes, and NetworkPolicies see it as IPv4."""
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


def ip_block_matches(block: Mapping[str, Any], address: IPAddress) -> bool:
    """Inside cidr and outside every except; different IP families never match."""
    cidr, excepts = _ip_block_networks(block)
    if address.version != cidr.version or address not in cidr:
        return False
    return not any(address in excluded for excluded in excepts)


def _ip_block_networks(block: Mapping[str, Any]):
    """The cidr and except networks; the API server accepts host bits set (10.1.2.3/8)."""
    cidr = ipaddress.ip_network(block["cidr"], strict=False)
    excepts = [ipaddress.ip_network(text, strict=False) for text in block.get("except") or []]
    for excluded in excepts:
        if excluded.version != cidr.version or not excluded.subnet_of(cidr) or excluded == cidr:
            raise ValueError(f"ipBlock except {excluded} is not a strict subset of {cidr}")
    return cidr, excepts


def validate_peer(peer: Mapping[str, Any]) -> None:
    present = [key for key in ("podSelector", "namespaceSelector", "ipBlock") if peer.get(key) is not None]
    if not present:
        raise ValueError(f"a NetworkPolicy peer must specify a peer: {peer!r}")
    if "ipBlock" in present and len(present) > 1:
        raise ValueError(f"ipBlock may not be combined with a selector in one peer: {peer!r}")
    for key in ("podSelector", "namespaceSelector"):
        if peer.get(key) is not None:
            validate_selector(peer[key])
    if peer.get("ipBlock") is not None:
        _ip_block_networks(peer["ipBlock"])


# --- ports -----------------------------------------------------------------------------------


def validate_port_entry(entry: Mapping[str, Any]) -> None:
    protocol, port, end_port = entry.get("protocol") or "TCP", entry.get("port"), entry.get("endPort")
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown protocol {protocol!r}")
    if isinstance(port, bool) or not (port is None or isinstance(port, (int, str))):
        raise ValueError(f"port must be a number or a name: {port!r}")
    if isinstance(port, str) and port.isdigit():
        raise ValueError(f"port {port!r} is a quoted number; a named port must contain a letter")
    if end_port is not None and not (isinstance(port, int) and end_port >= port):
        raise ValueError(f"endPort needs a numeric port not above it: {entry!r}")


def port_entry_matches(entry: Mapping[str, Any], port: int, protocol: str, destination: Endpoint) -> bool:
    """A NetworkPolicyPort; a named port is looked up in the destination pod's named ports."""
    entry = entry or {}
    if (entry.get("protocol") or "TCP") != protocol:
        return False
    wanted = entry.get("port")
    if wanted is None:
        return True
    if isinstance(wanted, str):
        return isinstance(destination, Pod) and destination.ports.get(wanted) == port
    return wanted <= port <= (entry.get("endPort") or wanted)


# --- the cluster -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Connection:
    """One connection seen from the pod whose policies are consulted (the subject)."""

    direction: str  # INGRESS: the subject is the destination; EGRESS: the subject is the source
    subject: Pod
    remote: Endpoint  # the other end: the source for INGRESS, the destination for EGRESS
    remote_ip: IPAddress
    port: int
    protocol: str

    @property
    def destination(self) -> Endpoint:
        return self.subject if self.direction == INGRESS else self.remote

    @property
    def rules_key(self) -> str:
        return "ingress" if self.direction == INGRESS else "egress"

    @property
    def peers_key(self) -> str:
        return "from" if self.direction == INGRESS else "to"


@dataclass
class Cluster:
    """Namespaces (name -> labels), pods and policy manifests; answers connection questions."""

    namespaces: dict[str, dict[str, str]]
    pods: list[Pod]
    policies: list[dict]

    def egress_allowed(self, source: Pod, destination: Endpoint, port: int, protocol: str = "TCP") -> bool:
        """Does the source pod's egress allow this connection?"""
        return self._allowed(self._connection(EGRESS, source, destination, port, protocol))

    def ingress_allowed(self, source: Endpoint, destination: Pod, port: int, protocol: str = "TCP") -> bool:
        """Does the destination pod's ingress allow this connection?"""
        return self._allowed(self._connection(INGRESS, destination, source, port, protocol))

    def connection_allowed(self, source: Endpoint, destination: Endpoint, port: int, protocol: str = "TCP") -> bool:
        """Both the source pod's egress (if the source is a pod) and the destination pod's ingress (if it is a pod) allow it."""
        if not isinstance(source, Pod) and not isinstance(destination, Pod):
            raise TypeError("a connection between two external IPs involves no pod")
        if isinstance(source, Pod) and not self.egress_allowed(source, destination, port, protocol):
            return False
        return not isinstance(destination, Pod) or self.ingress_allowed(source, destination, port, protocol)

    # -- lookups

    def namespace_labels(self, name: str) -> dict[str, str]:
        """A namespace's labels, with the kubernetes.io/metadata.name label the API server sets."""
        if name not in self.namespaces:
            raise ValueError(f"namespace {name!r} is not declared in the cluster")
        return {**self.namespaces[name], NAMESPACE_NAME_LABEL: name}

    def network_policies(self) -> list[Mapping[str, Any]]:
        """The NetworkPolicy manifests among `policies`, each checked as the API server would."""
        policies = [policy for policy in self.policies if is_network_policy(policy)]
        for policy in policies:
            validate_policy(policy)
        return policies

    def endpoint_ip(self, endpoint: Endpoint) -> IPAddress:
        """A pod's IP, or an external IP (refused if it belongs to a pod: pass the Pod then)."""
        if isinstance(endpoint, Pod):
            self.namespace_labels(endpoint.namespace)  # its namespace must exist
            return parse_ip(endpoint.ip)
        address = parse_ip(endpoint)
        for pod in self.pods:
            if parse_ip(pod.ip) == address:
                raise ValueError(f"{endpoint} is the IP of pod {pod.namespace}/{pod.name}: pass the Pod")
        return address

    # -- evaluation

    def _connection(self, direction: str, subject: Pod, remote: Endpoint, port: int, protocol: str) -> _Connection:
        if not isinstance(subject, Pod):
            raise TypeError(f"the {direction.lower()} side must be a Pod, not {subject!r}")
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise ValueError(f"port must be a number from 1 to 65535: {port!r}")
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {sorted(PROTOCOLS)}: {protocol!r}")
        self.endpoint_ip(subject)
        return _Connection(direction, subject, remote, self.endpoint_ip(remote), port, protocol)

    def _allowed(self, connection: _Connection) -> bool:
        """Not isolated in this direction, or some rule of a policy isolating the subject allows it."""
        policies = [
            policy
            for policy in self.network_policies()
            if connection.direction in policy_types(policy) and policy_selects(policy, connection.subject)
        ]
        if not policies:
            return True
        return any(
            self._rule_matches(rule or {}, policy_namespace(policy), connection)
            for policy in policies
            for rule in _spec(policy).get(connection.rules_key) or []
        )

    def _rule_matches(self, rule: Mapping[str, Any], policy_ns: str, connection: _Connection) -> bool:
        """An empty or missing peer list or port list matches everything."""
        peers = rule.get(connection.peers_key) or []
        ports = rule.get("ports") or []
        peer_ok = not peers or any(self._peer_matches(peer, policy_ns, connection) for peer in peers)
        port_ok = not ports or any(
            port_entry_matches(entry, connection.port, connection.protocol, connection.destination) for entry in ports
        )
        return peer_ok and port_ok

    def _peer_matches(self, peer: Mapping[str, Any], policy_ns: str, connection: _Connection) -> bool:
        """A NetworkPolicyPeer: an ipBlock, or pod and namespace selectors ANDed."""
        if peer.get("ipBlock") is not None:
            return ip_block_matches(peer["ipBlock"], connection.remote_ip)
        remote = connection.remote
        if not isinstance(remote, Pod):
            return False  # selectors select pods, never external IPs
        pod_selector, namespace_selector = peer.get("podSelector"), peer.get("namespaceSelector")
        if namespace_selector is None:
            namespace_ok = remote.namespace == policy_ns  # podSelector alone: the policy's namespace
        else:
            namespace_ok = selector_matches(namespace_selector, self.namespace_labels(remote.namespace))
        return namespace_ok and (pod_selector is None or selector_matches(pod_selector, remote.labels))
