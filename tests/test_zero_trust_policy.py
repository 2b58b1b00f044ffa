from __future__ import annotations
from claude_constructs.config.platform import Platform

from .conftest import find, kinds, synth_values


def _policies(values=None, platform=None):
    objects = synth_values(values, platform=platform)
    return find(objects, "NetworkPolicy", "a1b2c3d4-deny-all"), find(objects, "NetworkPolicy", "a1b2c3d4-allow")


def test_deny_all_selects_only_this_instance():
    deny, allow = _policies()
    selector = {"app.kubernetes.io/instance": "a1b2c3d4", "app.kubernetes.io/name": "claude-code"}
    assert deny["spec"] == {"podSelector": {"matchLabels": selector}, "policyTypes": ["Ingress", "Egress"]}
    assert allow["spec"]["podSelector"]["matchLabels"] == selector


def test_ingress_only_from_the_ingress_controller_to_the_sign_in_proxy():
    _, allow = _policies()
    assert allow["spec"]["ingress"] == [{
        "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}},
                  "podSelector": {"matchLabels": {"app.kubernetes.io/name": "ingress-nginx"}}}],
        "ports": [{"port": 4180, "protocol": "TCP"}],
    }]


def test_no_database_no_postgres_egress():
    _, allow = _policies()
    assert not any({"port": 5432, "protocol": "TCP"} in r.get("ports", []) for r in allow["spec"]["egress"])


def test_existing_database_secret_still_reaches_the_cnpg_cluster():
    _, allow = _policies({"features": {"postgres": True}, "database": {"existingSecret": "pg", "cluster": "shared"}},
                         platform=Platform(database_clusters=("postgresql", "shared")))
    rule = next(r for r in allow["spec"]["egress"] if {"port": 5432, "protocol": "TCP"} in r.get("ports", []))
    assert rule["to"][0]["podSelector"]["matchLabels"] == {"cnpg.io/cluster": "shared"}


def test_otlp_collector_is_selected_by_namespace_and_pod():
    _, allow = _policies()
    rule = next(r for r in allow["spec"]["egress"] if {"port": 4318, "protocol": "TCP"} in r.get("ports", []))
    assert rule["to"] == [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "claude"}},
                           "podSelector": {"matchLabels": {"app.kubernetes.io/name": "tempo"}}}]


def test_no_otlp_endpoint_no_otlp_rule():
    _, allow = _policies({"env": {"OTEL_EXPORTER_OTLP_ENDPOINT": ""}})
    assert not any({"port": 4318, "protocol": "TCP"} in r.get("ports", []) for r in allow["spec"]["egress"])


def test_shared_mcp_service_is_reachable_in_its_namespace():
    _, allow = _policies({"mcpServers": {"context7": {"mode": "shared"}}})
    assert {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "claude"}},
                    "podSelector": {"matchLabels": {"app.kubernetes.io/name": "context7-mcp"}}}]} in allow["spec"]["egress"]


def test_internet_ports_are_configurable():
    _, allow = _policies({"networkPolicy": {"internetPorts": [443]}})
    internet = next(r for r in allow["spec"]["egress"] if "ipBlock" in r["to"][0] and r["to"][0]["ipBlock"]["cidr"] == "0.0.0.0/0")
    assert internet["ports"] == [{"port": 443, "protocol": "TCP"}]
    assert "169.254.0.0/16" in internet["to"][0]["ipBlock"]["except"]


def test_disabled_policy_creates_none():
    assert "NetworkPolicy" not in kinds(synth_values({}, platform=Platform(network_policy=False)))
