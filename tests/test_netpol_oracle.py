"""The NetworkPolicy oracle, checked on small hand-built clusters before anything relies on it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.oracles.netpol import (
    Cluster,
    Pod,
    ip_block_matches,
    parse_ip,
    selector_matches,
)

DATA = Path(__file__).resolve().parent / "data"

PUBLIC_IP = "140.82.112.3"
PRIVATE_IP = "10.1.2.3"
METADATA_IP = "169.254.169.254"
PUBLIC_IPV6 = "2606:4700::1"

WEB = Pod("web", "app", {"role": "web"}, "10.244.0.10", {"http": 8080})
API = Pod("api", "app", {"role": "api", "tier": "backend"}, "10.244.0.11", {"http": 9090, "metrics": 9100})
OTHER_WEB = Pod("web", "other", {"role": "web"}, "10.244.1.10", {"http": 8080})
OTHER_API = Pod("api", "other", {"role": "api"}, "10.244.1.11")
MONITOR = Pod("prometheus", "monitoring", {"role": "monitor"}, "10.244.2.10")
PODS = [WEB, API, OTHER_WEB, OTHER_API, MONITOR]
NAMESPACES = {"app": {"team": "a"}, "other": {"team": "b"}, "monitoring": {"purpose": "monitoring"}}


def netpol(namespace: str | None = "app", name: str = "policy", **spec) -> dict:
    """A NetworkPolicy manifest; spec keys are passed as keyword arguments."""
    metadata = {"name": name} if namespace is None else {"name": name, "namespace": namespace}
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": metadata, "spec": spec}


def cluster(*policies: dict) -> Cluster:
    return Cluster(
        namespaces={name: dict(labels) for name, labels in NAMESPACES.items()}, pods=list(PODS), policies=list(policies)
    )


def selects(role: str) -> dict:
    return {"matchLabels": {"role": role}}


def web_egress(*rules: dict) -> Cluster:
    """A cluster whose only policy isolates the egress of the web pod in app to these rules."""
    return cluster(netpol(podSelector=selects("web"), policyTypes=["Egress"], egress=list(rules)))


# --- isolation and policyTypes --------------------------------------------------------------


def test_without_policies_everything_is_allowed():
    c = cluster()
    assert c.connection_allowed(WEB, API, 9090)
    assert c.connection_allowed(WEB, OTHER_API, 53, "UDP")
    assert c.connection_allowed(WEB, PUBLIC_IP, 443)
    assert c.connection_allowed(PUBLIC_IP, WEB, 8080)


def test_default_deny_ingress_blocks_all_ingress_but_no_egress():
    c = cluster(netpol(podSelector={}, policyTypes=["Ingress"]))
    assert not c.ingress_allowed(OTHER_WEB, API, 9090)
    assert not c.ingress_allowed(WEB, API, 9090)  # even from its own namespace
    assert not c.ingress_allowed(PUBLIC_IP, WEB, 8080)
    assert c.egress_allowed(WEB, PUBLIC_IP, 443)
    assert c.ingress_allowed(WEB, OTHER_API, 9090)  # another namespace is not selected


def test_default_deny_egress_blocks_all_egress_but_no_ingress():
    c = cluster(netpol(podSelector={}, policyTypes=["Egress"]))
    assert not c.egress_allowed(WEB, API, 9090)
    assert not c.egress_allowed(WEB, PUBLIC_IP, 443)
    assert not c.egress_allowed(WEB, OTHER_API, 53, "UDP")
    assert c.ingress_allowed(OTHER_WEB, API, 9090)


def test_a_policy_without_policy_types_or_egress_isolates_ingress_only():
    c = cluster(netpol(podSelector={}))
    assert not c.ingress_allowed(WEB, API, 9090)
    assert c.egress_allowed(WEB, PUBLIC_IP, 443)


def test_a_policy_without_policy_types_but_with_egress_isolates_both_directions():
    c = cluster(netpol(podSelector={}, egress=[{"ports": [{"port": 443}]}]))
    assert c.egress_allowed(WEB, PUBLIC_IP, 443)
    assert not c.egress_allowed(WEB, PUBLIC_IP, 80)
    assert not c.ingress_allowed(OTHER_WEB, API, 9090)  # Ingress is always implied


def test_an_empty_egress_list_does_not_imply_the_egress_type():
    c = cluster(netpol(podSelector={}, egress=[]))
    assert c.egress_allowed(WEB, PUBLIC_IP, 443)
    assert not c.ingress_allowed(OTHER_WEB, API, 9090)


def test_an_empty_policy_types_list_is_defaulted_like_a_missing_one():
    c = cluster(netpol(podSelector={}, policyTypes=[], egress=[{"ports": [{"port": 443}]}]))
    assert not c.egress_allowed(WEB, PUBLIC_IP, 80)
    assert not c.ingress_allowed(OTHER_WEB, API, 9090)


def test_rules_of_a_type_missing_from_policy_types_are_ignored():
    c = cluster(netpol(podSelector={}, policyTypes=["Egress"], ingress=[{"ports": [{"port": 1}]}]))
    assert c.ingress_allowed(OTHER_WEB, API, 9090)  # the ingress section does not isolate
    assert not c.egress_allowed(WEB, PUBLIC_IP, 443)


def test_a_policy_applies_only_to_the_pods_its_selector_matches_in_its_namespace():
    c = cluster(netpol(podSelector=selects("api"), policyTypes=["Ingress"]))
    assert not c.ingress_allowed(WEB, API, 9090)
    assert c.ingress_allowed(API, WEB, 8080)  # web is not selected
    assert c.ingress_allowed(WEB, OTHER_API, 9090)  # same labels, other namespace


def test_a_policy_without_a_namespace_lives_in_default():
    default_pod = Pod("web", "default", {"role": "web"}, "10.244.3.10")
    c = cluster(netpol(namespace=None, podSelector={}, policyTypes=["Ingress"]))
    c.namespaces["default"] = {}
    c.pods.append(default_pod)
    assert not c.ingress_allowed(WEB, default_pod, 80)
    assert c.ingress_allowed(default_pod, WEB, 8080)


def test_a_policy_without_a_pod_selector_selects_the_whole_namespace():
    c = cluster(netpol(policyTypes=["Ingress"]))
    assert not c.ingress_allowed(MONITOR, WEB, 8080)
    assert not c.ingress_allowed(MONITOR, API, 9090)


def test_policies_are_additive():
    allow_web = netpol(name="web", podSelector=selects("api"), ingress=[{"from": [{"podSelector": selects("web")}]}])
    allow_monitor = netpol(
        name="monitor",
        podSelector=selects("api"),
        ingress=[
            {"from": [{"namespaceSelector": {"matchLabels": {"purpose": "monitoring"}}}], "ports": [{"port": 9100}]}
        ],
    )
    c = cluster(allow_web, allow_monitor)
    assert c.ingress_allowed(WEB, API, 9090)
    assert c.ingress_allowed(MONITOR, API, 9100)
    assert not c.ingress_allowed(MONITOR, API, 9090)
    assert not c.ingress_allowed(OTHER_WEB, API, 9090)
    # a deny-all policy next to them takes nothing away
    c.policies.append(netpol(name="deny", podSelector={}, policyTypes=["Ingress", "Egress"]))
    assert c.ingress_allowed(WEB, API, 9090)


# --- rules -----------------------------------------------------------------------------------


def test_a_rule_without_peers_allows_every_peer_on_its_ports():
    for rule in ({"ports": [{"port": 80}]}, {"from": [], "ports": [{"port": 80}]}):
        c = cluster(netpol(podSelector=selects("web"), ingress=[rule]))
        assert c.ingress_allowed(OTHER_API, WEB, 80)
        assert c.ingress_allowed(PUBLIC_IP, WEB, 80)
        assert c.ingress_allowed(PUBLIC_IPV6, WEB, 80)
        assert not c.ingress_allowed(OTHER_API, WEB, 81)


def test_a_rule_without_ports_allows_every_port_and_protocol_of_its_peers():
    c = cluster(netpol(podSelector=selects("web"), ingress=[{"from": [{"podSelector": selects("api")}], "ports": []}]))
    assert c.ingress_allowed(API, WEB, 1)
    assert c.ingress_allowed(API, WEB, 65535, "UDP")
    assert c.ingress_allowed(API, WEB, 9, "SCTP")
    assert not c.ingress_allowed(MONITOR, WEB, 8080)


def test_an_empty_rule_allows_everything_but_an_empty_rule_list_nothing():
    allow_all = cluster(netpol(podSelector={}, policyTypes=["Ingress", "Egress"], ingress=[{}], egress=[{}]))
    assert allow_all.connection_allowed(WEB, PUBLIC_IP, 25, "UDP")
    assert allow_all.connection_allowed(METADATA_IP, API, 9090)
    deny_all = cluster(netpol(podSelector={}, policyTypes=["Ingress", "Egress"], ingress=[], egress=[]))
    assert not deny_all.egress_allowed(WEB, PUBLIC_IP, 25, "UDP")
    assert not deny_all.ingress_allowed(METADATA_IP, API, 9090)


# --- peers -----------------------------------------------------------------------------------


def test_a_pod_selector_alone_selects_pods_of_the_policy_namespace_only():
    c = cluster(netpol(podSelector=selects("api"), ingress=[{"from": [{"podSelector": selects("web")}]}]))
    assert c.ingress_allowed(WEB, API, 9090)
    assert not c.ingress_allowed(OTHER_WEB, API, 9090)  # same labels, other namespace
    empty = cluster(netpol(podSelector=selects("api"), ingress=[{"from": [{"podSelector": {}}]}]))
    assert empty.ingress_allowed(WEB, API, 9090)
    assert not empty.ingress_allowed(MONITOR, API, 9090)


def test_a_namespace_selector_alone_selects_every_pod_of_the_matching_namespaces():
    c = cluster(
        netpol(podSelector=selects("api"), ingress=[{"from": [{"namespaceSelector": {"matchLabels": {"team": "b"}}}]}])
    )
    assert c.ingress_allowed(OTHER_WEB, API, 9090)
    assert c.ingress_allowed(OTHER_API, API, 9090)
    assert not c.ingress_allowed(WEB, API, 9090)  # its own namespace is not team=b
    assert not c.ingress_allowed(MONITOR, API, 9090)


def test_namespaces_carry_the_automatic_metadata_name_label():
    by_name = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
    c = cluster(netpol(podSelector=selects("api"), ingress=[{"from": [by_name]}]))
    assert c.ingress_allowed(MONITOR, API, 9090)
    assert not c.ingress_allowed(OTHER_WEB, API, 9090)
    assert "kubernetes.io/metadata.name" not in c.namespaces["monitoring"]  # added, not stored


def test_the_automatic_namespace_label_cannot_be_set_to_another_name():
    c = cluster(
        netpol(
            podSelector=selects("api"),
            ingress=[{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}]}],
        )
    )
    c.namespaces["other"]["kubernetes.io/metadata.name"] = "monitoring"
    assert not c.ingress_allowed(OTHER_WEB, API, 9090)


def test_both_selectors_in_one_peer_are_anded():
    peer = {"namespaceSelector": {"matchLabels": {"team": "b"}}, "podSelector": selects("web")}
    c = cluster(netpol(podSelector=selects("api"), ingress=[{"from": [peer]}]))
    assert c.ingress_allowed(OTHER_WEB, API, 9090)
    assert not c.ingress_allowed(OTHER_API, API, 9090)  # right namespace, wrong pod
    assert not c.ingress_allowed(WEB, API, 9090)  # right pod, wrong namespace


def test_the_selectors_in_two_peers_are_ored():
    peers = [{"namespaceSelector": {"matchLabels": {"team": "b"}}}, {"podSelector": selects("web")}]
    c = cluster(netpol(podSelector=selects("api"), ingress=[{"from": peers}]))
    assert c.ingress_allowed(OTHER_WEB, API, 9090)
    assert c.ingress_allowed(OTHER_API, API, 9090)  # by its namespace
    assert c.ingress_allowed(WEB, API, 9090)  # by its labels in the policy's namespace
    assert not c.ingress_allowed(MONITOR, API, 9090)


def test_an_empty_namespace_selector_with_a_pod_selector_selects_those_pods_in_every_namespace():
    peer = {"namespaceSelector": {}, "podSelector": selects("web")}
    c = cluster(netpol(podSelector=selects("api"), ingress=[{"from": [peer]}]))
    assert c.ingress_allowed(WEB, API, 9090)
    assert c.ingress_allowed(OTHER_WEB, API, 9090)
    assert not c.ingress_allowed(MONITOR, API, 9090)


def test_selectors_never_match_external_ips():
    peers = [{"podSelector": {}}, {"namespaceSelector": {}}, {"namespaceSelector": {}, "podSelector": {}}]
    c = cluster(
        netpol(podSelector={}, policyTypes=["Ingress", "Egress"], ingress=[{"from": peers}], egress=[{"to": peers}])
    )
    assert c.egress_allowed(WEB, MONITOR, 9090)
    assert c.ingress_allowed(OTHER_WEB, API, 9090)
    assert not c.egress_allowed(WEB, PUBLIC_IP, 443)
    assert not c.egress_allowed(WEB, PUBLIC_IPV6, 443)
    assert not c.ingress_allowed(PUBLIC_IP, WEB, 8080)


# --- ipBlock ---------------------------------------------------------------------------------

INTERNET_ONLY = {"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8", "169.254.0.0/16"]}}


def test_an_ip_block_allows_its_cidr_minus_its_exceptions():
    c = web_egress({"to": [INTERNET_ONLY], "ports": [{"port": 443}]})
    assert c.egress_allowed(WEB, PUBLIC_IP, 443)
    assert not c.egress_allowed(WEB, PRIVATE_IP, 443)
    assert not c.egress_allowed(WEB, METADATA_IP, 443)
    assert not c.egress_allowed(WEB, "10.0.0.5", 443)
    assert c.egress_allowed(WEB, "11.0.0.1", 443)
    assert not c.egress_allowed(WEB, PUBLIC_IP, 80)


def test_an_ip_block_matches_a_pod_by_its_ip():
    c = web_egress({"to": [INTERNET_ONLY]})
    assert not c.egress_allowed(WEB, API, 9090)  # 10.244.0.11 is inside an exception
    only_api = web_egress({"to": [{"ipBlock": {"cidr": "10.244.0.11/32"}}]})
    assert only_api.egress_allowed(WEB, API, 9090)
    assert not only_api.egress_allowed(WEB, OTHER_API, 9090)


def test_an_ip_block_selects_external_sources_of_ingress():
    c = cluster(netpol(podSelector=selects("web"), ingress=[{"from": [{"ipBlock": {"cidr": "140.82.112.0/20"}}]}]))
    assert c.ingress_allowed(PUBLIC_IP, WEB, 8080)
    assert not c.ingress_allowed("140.82.128.1", WEB, 8080)
    assert not c.ingress_allowed(OTHER_WEB, WEB, 8080)


def test_ip_families_never_match_each_other():
    ipv4_all = {"ipBlock": {"cidr": "0.0.0.0/0"}}
    ipv6_all = {"ipBlock": {"cidr": "::/0", "except": ["fd00::/8"]}}
    v4 = web_egress({"to": [ipv4_all]})
    assert v4.egress_allowed(WEB, PUBLIC_IP, 443)
    assert not v4.egress_allowed(WEB, PUBLIC_IPV6, 443)
    v6 = web_egress({"to": [ipv6_all]})
    assert v6.egress_allowed(WEB, PUBLIC_IPV6, 443)
    assert not v6.egress_allowed(WEB, "fd00::1", 443)
    assert not v6.egress_allowed(WEB, PUBLIC_IP, 443)


def test_ip_block_cidrs_may_have_host_bits_set():
    assert ip_block_matches({"cidr": "10.1.2.3/8"}, parse_ip("10.200.0.1"))
    assert ip_block_matches({"cidr": "2606:4700::1/32"}, parse_ip("2606:4700:ffff::1"))
    assert not ip_block_matches({"cidr": "2606:4700::/32"}, parse_ip("2606:4701::1"))


# --- label selectors -------------------------------------------------------------------------

LABELS = {"app": "web", "tier": "frontend", "env": "prod"}


def test_an_empty_selector_matches_everything():
    assert selector_matches({}, LABELS)
    assert selector_matches({}, {})
    assert selector_matches({"matchLabels": {}, "matchExpressions": []}, {})


def test_match_labels_need_every_pair():
    assert selector_matches({"matchLabels": {"app": "web", "env": "prod"}}, LABELS)
    assert not selector_matches({"matchLabels": {"app": "web", "env": "dev"}}, LABELS)
    assert not selector_matches({"matchLabels": {"missing": ""}}, LABELS)


@pytest.mark.parametrize(
    ("expression", "matches"),
    [
        ({"key": "tier", "operator": "In", "values": ["frontend", "edge"]}, True),
        ({"key": "tier", "operator": "In", "values": ["backend"]}, False),
        ({"key": "missing", "operator": "In", "values": ["x"]}, False),
        ({"key": "tier", "operator": "NotIn", "values": ["backend"]}, True),
        ({"key": "tier", "operator": "NotIn", "values": ["frontend"]}, False),
        ({"key": "missing", "operator": "NotIn", "values": ["x"]}, True),
        ({"key": "env", "operator": "Exists"}, True),
        ({"key": "missing", "operator": "Exists"}, False),
        ({"key": "missing", "operator": "DoesNotExist"}, True),
        ({"key": "env", "operator": "DoesNotExist"}, False),
    ],
)
def test_match_expression_operators(expression, matches):
    assert selector_matches({"matchExpressions": [expression]}, LABELS) is matches


def test_match_labels_and_match_expressions_are_anded():
    selector = {
        "matchLabels": {"app": "web"},
        "matchExpressions": [{"key": "env", "operator": "In", "values": ["dev"]}],
    }
    assert not selector_matches(selector, LABELS)
    selector["matchExpressions"].append({"key": "env", "operator": "Exists"})
    selector["matchExpressions"][0]["values"] = ["prod"]
    assert selector_matches(selector, LABELS)


def test_match_expressions_select_peers_and_pods_in_policies():
    backend = {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["backend"]}]}
    not_team_a = {"matchExpressions": [{"key": "team", "operator": "NotIn", "values": ["a"]}]}
    c = cluster(netpol(podSelector=backend, ingress=[{"from": [{"namespaceSelector": not_team_a}]}]))
    assert c.ingress_allowed(OTHER_WEB, API, 9090)  # team=b
    assert c.ingress_allowed(MONITOR, API, 9090)  # no team label at all
    assert not c.ingress_allowed(WEB, API, 9090)  # team=a
    assert c.ingress_allowed(API, WEB, 8080)  # web has no tier: not selected


# --- ports -----------------------------------------------------------------------------------


def test_a_named_port_is_resolved_on_the_destination_pod_for_ingress():
    c = cluster(netpol(podSelector={}, ingress=[{"ports": [{"port": "http"}]}]))
    assert c.ingress_allowed(MONITOR, WEB, 8080)  # web's http is 8080
    assert not c.ingress_allowed(MONITOR, WEB, 9090)
    assert c.ingress_allowed(MONITOR, API, 9090)  # api's http is 9090
    assert not c.ingress_allowed(MONITOR, API, 8080)


def test_a_named_port_is_resolved_on_the_destination_pod_for_egress():
    c = web_egress({"ports": [{"port": "metrics"}]})
    assert c.egress_allowed(WEB, API, 9100)
    assert not c.egress_allowed(WEB, API, 9090)
    assert not c.egress_allowed(WEB, OTHER_API, 9100)  # it has no port named metrics
    assert not c.egress_allowed(WEB, PUBLIC_IP, 9100)  # an IP has no named ports


def test_a_named_port_of_the_source_does_not_count():
    c = web_egress({"ports": [{"port": "http"}]})
    assert not c.egress_allowed(WEB, OTHER_API, 8080)  # 8080 is web's own http, OTHER_API has none


def test_end_port_allows_an_inclusive_range():
    c = web_egress({"ports": [{"port": 32000, "endPort": 32768}]})
    assert c.egress_allowed(WEB, PUBLIC_IP, 32000)
    assert c.egress_allowed(WEB, PUBLIC_IP, 32400)
    assert c.egress_allowed(WEB, PUBLIC_IP, 32768)
    assert not c.egress_allowed(WEB, PUBLIC_IP, 31999)
    assert not c.egress_allowed(WEB, PUBLIC_IP, 32769)
    assert not c.egress_allowed(WEB, PUBLIC_IP, 32400, "UDP")


def test_protocol_defaults_to_tcp_and_must_match():
    c = web_egress({"ports": [{"port": 53}, {"protocol": "UDP", "port": 5353}]})
    assert c.egress_allowed(WEB, PUBLIC_IP, 53)
    assert c.egress_allowed(WEB, PUBLIC_IP, 53, "TCP")
    assert not c.egress_allowed(WEB, PUBLIC_IP, 53, "UDP")
    assert c.egress_allowed(WEB, PUBLIC_IP, 5353, "UDP")
    assert not c.egress_allowed(WEB, PUBLIC_IP, 5353, "TCP")
    assert not c.egress_allowed(WEB, PUBLIC_IP, 53, "SCTP")


def test_a_port_entry_without_a_port_allows_every_port_of_its_protocol():
    c = web_egress({"ports": [{"protocol": "UDP"}]})
    assert c.egress_allowed(WEB, PUBLIC_IP, 53, "UDP")
    assert c.egress_allowed(WEB, PUBLIC_IP, 65535, "UDP")
    assert not c.egress_allowed(WEB, PUBLIC_IP, 53, "TCP")


# --- both sides ------------------------------------------------------------------------------


def test_a_connection_needs_the_source_egress_and_the_destination_ingress():
    web_policy = netpol(
        name="web-egress",
        podSelector=selects("web"),
        policyTypes=["Egress"],
        egress=[{"to": [{"podSelector": selects("api")}]}],
    )
    api_ingress = netpol(
        name="api-ingress", podSelector=selects("api"), ingress=[{"from": [{"podSelector": selects("monitor")}]}]
    )
    c = cluster(web_policy, api_ingress)
    assert c.egress_allowed(WEB, API, 9090)
    assert not c.ingress_allowed(WEB, API, 9090)
    assert not c.connection_allowed(WEB, API, 9090)  # ingress refuses
    c.policies[1] = netpol(
        name="api-ingress", podSelector=selects("api"), ingress=[{"from": [{"podSelector": selects("web")}]}]
    )
    assert c.connection_allowed(WEB, API, 9090)
    assert not c.connection_allowed(WEB, OTHER_WEB, 8080)  # egress refuses, ingress is open
    assert c.ingress_allowed(WEB, OTHER_WEB, 8080)


def test_a_connection_with_an_external_end_checks_only_the_pod_side():
    c = cluster(netpol(podSelector={}, policyTypes=["Egress"]))
    assert c.connection_allowed(PUBLIC_IP, WEB, 8080)  # ingress is not isolated
    assert not c.connection_allowed(WEB, PUBLIC_IP, 443)
    with pytest.raises(TypeError):
        c.connection_allowed(PUBLIC_IP, PRIVATE_IP, 443)


# --- what is not a policy, and what the API server would refuse --------------------------------


def test_other_kinds_and_api_versions_are_ignored():
    deny = {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    others = [
        {"apiVersion": "projectcalico.org/v3", "kind": "NetworkPolicy", "metadata": {"namespace": "app"}, "spec": deny},
        {"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy", "metadata": {"namespace": "app"}, "spec": deny},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"namespace": "app"}, "spec": {}},
        None,
    ]
    c = cluster(*others)
    assert c.connection_allowed(WEB, API, 9090)
    assert c.connection_allowed(WEB, PUBLIC_IP, 443)


@pytest.mark.parametrize(
    "rule",
    [
        {"to": [{}]},
        {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}, "podSelector": {}}]},
        {"to": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["192.168.0.0/16"]}}]},
        {"to": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.0.0.0/8"]}}]},
        {"to": [{"podSelector": {"matchExpressions": [{"key": "a", "operator": "in", "values": ["b"]}]}}]},
        {"to": [{"podSelector": {"matchExpressions": [{"key": "a", "operator": "In", "values": []}]}}]},
        {"to": [{"podSelector": {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["b"]}]}}]},
        {"ports": [{"protocol": "tcp", "port": 80}]},
        {"ports": [{"protocol": "ICMP"}]},
        {"ports": [{"port": "http", "endPort": 9000}]},
        {"ports": [{"endPort": 9000}]},
        {"ports": [{"port": 9000, "endPort": 8000}]},
        {"ports": [{"port": "8080"}]},
    ],
)
def test_manifests_the_api_server_would_refuse_are_refused(rule):
    c = web_egress({}, rule)
    with pytest.raises(ValueError):
        c.egress_allowed(WEB, PUBLIC_IP, 443)


def test_questions_the_cluster_cannot_answer_are_refused():
    c = cluster()
    with pytest.raises(ValueError, match="IP of pod app/api"):
        c.egress_allowed(WEB, API.ip, 9090)  # pass the Pod, not its IP
    with pytest.raises(ValueError, match="not declared"):
        c.egress_allowed(Pod("x", "nowhere", {}, "10.9.9.9"), PUBLIC_IP, 443)
    with pytest.raises(ValueError):
        c.egress_allowed(WEB, PUBLIC_IP, 0)
    with pytest.raises(ValueError):
        c.egress_allowed(WEB, PUBLIC_IP, 443, "udp")


# --- a known case: the original Helm chart's policy ------------------------------------------

INSTANCE = Pod(
    "claude-web",
    "claude-user123",
    {"app.kubernetes.io/name": "claude-web-k8s-instance", "app.kubernetes.io/instance": "a1b2c3d4"},
    "10.244.5.10",
    {"http": 8080},
)
SIBLING = Pod("hasura", "claude-user123", {"app.kubernetes.io/name": "hasura"}, "10.244.5.11", {"graphql": 8000})
KUBE_DNS = Pod("coredns", "kube-system", {"k8s-app": "kube-dns"}, "10.244.6.2", {"dns": 53, "dns-tcp": 53})
POSTGRES = Pod("postgresql-1", "database", {"cnpg.io/cluster": "postgresql"}, "10.244.7.3", {"postgresql": 5432})
INGRESS_CONTROLLER = Pod(
    "ingress-nginx-controller",
    "ingress-nginx",
    {"app.kubernetes.io/name": "ingress-nginx"},
    "10.244.8.4",
    {"https": 443},
)


def original_chart_cluster() -> Cluster:
    policy = yaml.safe_load((DATA / "original-chart-networkpolicy.yaml").read_text())
    return Cluster(
        # only the automatic kubernetes.io/metadata.name label, as on a real cluster
        namespaces={"claude-user123": {}, "kube-system": {}, "database": {}, "ingress-nginx": {}},
        pods=[INSTANCE, SIBLING, KUBE_DNS, POSTGRES, INGRESS_CONTROLLER],
        policies=[policy],
    )


def test_the_original_chart_policy_denies_dns():
    c = original_chart_cluster()
    assert not c.egress_allowed(INSTANCE, KUBE_DNS, 53, "UDP")
    assert not c.egress_allowed(INSTANCE, KUBE_DNS, 53, "TCP")
    assert not c.connection_allowed(INSTANCE, KUBE_DNS, 53, "UDP")


def test_the_original_chart_policy_denies_https_to_the_internet():
    c = original_chart_cluster()
    assert not c.egress_allowed(INSTANCE, PUBLIC_IP, 443)
    assert not c.egress_allowed(INSTANCE, PUBLIC_IP, 80)
    assert not c.egress_allowed(INSTANCE, PUBLIC_IPV6, 443)


def test_the_original_chart_policy_denies_postgres_in_the_database_namespace():
    c = original_chart_cluster()
    assert not c.egress_allowed(INSTANCE, POSTGRES, 5432)
    assert not c.connection_allowed(INSTANCE, POSTGRES, 5432)


def test_the_original_chart_policy_denies_ingress_from_the_ingress_controller():
    c = original_chart_cluster()
    assert not c.ingress_allowed(INGRESS_CONTROLLER, INSTANCE, 8080)
    assert not c.connection_allowed(INGRESS_CONTROLLER, INSTANCE, 8080)


def test_the_original_chart_policy_allows_only_in_cluster_destinations():
    """Controls: the denials above come from the selectors, not from an oracle that denies all."""
    c = original_chart_cluster()
    assert c.egress_allowed(INSTANCE, INGRESS_CONTROLLER, 443)  # namespaceSelector {} on 443
    assert c.egress_allowed(INSTANCE, POSTGRES, 80)  # namespaceSelector {} on 80
    assert c.egress_allowed(INSTANCE, SIBLING, 8000)  # podSelector {} in its own namespace
    assert c.egress_allowed(INSTANCE, SIBLING, 5432)
    assert not c.egress_allowed(INSTANCE, SIBLING, 9999)
    assert c.ingress_allowed(INSTANCE, SIBLING, 8000)  # the sibling is not selected


def test_the_original_chart_ingress_rule_would_need_a_namespace_label_real_clusters_lack():
    c = original_chart_cluster()
    c.namespaces["ingress-nginx"] = {"app.kubernetes.io/name": "ingress-nginx"}
    assert c.ingress_allowed(INGRESS_CONTROLLER, INSTANCE, 8080)
