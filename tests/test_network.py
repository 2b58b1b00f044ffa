"""Network behaviour as a connectivity matrix: each scenario's policies, placed in a model cluster
with DNS, a CNPG cluster, an ingress controller, an OTLP collector, shared MCP services and another
tenant, evaluated by the NetworkPolicy oracle (tests/oracles/netpol.py, itself tested on known cases)."""

from __future__ import annotations

import ipaddress

import pytest

from claude_constructs.config.loader import serves_through_proxy, sleeps_when_idle
from .conftest import find, synth_values
from .oracles.netpol import Cluster, Pod
from .scenarios import ALL_SCENARIOS, scenario_config

PUBLIC = ["140.82.112.3", "104.16.0.1", "2606:4700::1111"]
PRIVATE = ["10.1.2.3", "172.16.5.4", "172.31.255.1", "192.168.1.1", "100.64.0.1", "127.0.0.1", "169.254.1.1", "fd00::1", "::ffff:10.1.2.3"]
METADATA = ["169.254.169.254", "fd00:ec2::254"]


def instance_pod(objects: list[dict], ip: str) -> Pod:
    deployment = find(objects, "Deployment")
    template = deployment["spec"]["template"]
    ports = {p["name"]: p["containerPort"] for c in template["spec"]["containers"] for p in c.get("ports", [])}
    return Pod(deployment["metadata"]["name"], deployment["metadata"]["namespace"], template["metadata"]["labels"], ip, ports)


def model_cluster(objects: list[dict]) -> tuple[Cluster, Pod, dict[str, Pod]]:
    agent = instance_pod(objects, "10.244.1.10")
    other_objects = synth_values({"instanceName": "other", "userid": "mallory"})
    neighbour = instance_pod(other_objects, "10.244.2.20")
    pods = {
        "dns": Pod("coredns", "kube-system", {"k8s-app": "kube-dns"}, "10.244.0.2"),
        "kube-system-other": Pod("metrics-server", "kube-system", {"k8s-app": "metrics-server"}, "10.244.0.3"),
        "postgres": Pod("postgresql-1", "database", {"cnpg.io/cluster": "postgresql"}, "10.244.3.2"),
        "other-postgres": Pod("analytics-1", "database", {"cnpg.io/cluster": "analytics"}, "10.244.3.3"),
        "ingress": Pod("controller", "ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"}, "10.244.4.2"),
        "ingress-namespace-other": Pod("webhook", "ingress-nginx", {"app": "admission"}, "10.244.4.3"),
        "interceptor": Pod("interceptor", "keda", {"app.kubernetes.io/component": "interceptor",
                                                  "app.kubernetes.io/part-of": "keda-add-ons-http"}, "10.244.6.2"),
        "keda-other": Pod("operator", "keda", {"app": "keda-operator"}, "10.244.6.3"),
        "tempo": Pod("tempo-0", "claude", {"app.kubernetes.io/name": "tempo"}, "10.244.5.2"),
        "context7": Pod("context7", "claude", {"app.kubernetes.io/name": "context7-mcp"}, "10.244.5.3"),
        "claude-other": Pod("engine", "claude", {"app.kubernetes.io/name": "engine"}, "10.244.5.4"),
        "neighbour": neighbour,
        "same-namespace-unrelated": Pod("debug", agent.namespace, {"app": "debug"}, "10.244.1.11", {"http": 8080}),
    }
    namespaces = {p.namespace: {} for p in [agent, *pods.values()]}
    policies = [o for o in objects + other_objects if o["kind"] == "NetworkPolicy"]
    return Cluster(namespaces=namespaces, pods=[agent, *pods.values()], policies=policies), agent, pods


def matrix(values: dict) -> tuple[Cluster, Pod, dict[str, Pod]]:
    return model_cluster(synth_values(values))


POLICY_SCENARIOS = {p.id: p.values[0] for p in ALL_SCENARIOS if p.id != "no-network-policy"}


@pytest.mark.parametrize("scenario", POLICY_SCENARIOS)
def test_connectivity_matrix(scenario, every_scenario):
    objects = every_scenario[scenario]
    cluster, agent, pods = model_cluster(objects)
    config = scenario_config(POLICY_SCENARIOS[scenario])
    egress = cluster.connection_allowed

    # DNS: only the cluster DNS pods, UDP and TCP.
    assert egress(agent, pods["dns"], 53, "UDP") and egress(agent, pods["dns"], 53, "TCP")
    assert not egress(agent, pods["kube-system-other"], 53, "UDP")
    assert not any(egress(agent, ip, 53, "UDP") for ip in PUBLIC + PRIVATE)
    # The public internet on 443 (and 22 for git), nothing else; with Cilium, only named hosts
    # (allowed by the CiliumNetworkPolicy, tests/test_cilium_egress_policy.py), so no address here.
    internet = not config.network_policy.cilium
    assert all(egress(agent, ip, 443) == internet for ip in PUBLIC)
    assert egress(agent, PUBLIC[0], 22) == internet
    assert not egress(agent, PUBLIC[0], 80) and not egress(agent, PUBLIC[0], 25)
    # Private ranges, link-local and the cloud metadata address: never on 443.
    assert not any(egress(agent, ip, 443) for ip in PRIVATE + METADATA)
    assert not any(egress(agent, ip, 80) for ip in METADATA)
    # Other tenants, both ways, and unrelated pods of the same namespace.
    for port in (8080, 8081, 443, 5432):
        assert not egress(agent, pods["neighbour"], port)
        assert not egress(pods["neighbour"], agent, port)
        assert not egress(pods["same-namespace-unrelated"], agent, port)
    assert not egress(agent, pods["claude-other"], 8080)
    # Ingress: only the ingress controller, only to the sign-in proxy's port (the agent's HTTP port
    # without the proxy, 'access.mode: gateway'); the agent's own ports are closed to it.
    # While the instance may sleep, requests reach it through KEDA's interceptor, not straight from
    # the ingress controller.
    front = config.access.port if serves_through_proxy(config) else 8080
    caller, not_caller = (pods["interceptor"], pods["ingress"]) if sleeps_when_idle(config) else (pods["ingress"], pods["interceptor"])
    if config.ingress.enabled:
        assert egress(caller, agent, front)
        assert egress(caller, agent, 8080) == (front == 8080)
        assert not egress(caller, agent, 8081)
    else:  # no Ingress: nobody is let in, the ingress controller included
        assert not egress(caller, agent, front) and not egress(caller, agent, 8080)
    assert not egress(not_caller, agent, front) and not egress(pods["keda-other"], agent, front)
    for port in {front, 8080}:
        assert not egress(pods["ingress-namespace-other"], agent, port)
        assert not egress(pods["kube-system-other"], agent, port)
        assert not egress(pods["neighbour"], agent, port)
        assert not any(egress(ip, agent, port) for ip in PUBLIC)
    # OTLP collector.
    assert egress(agent, pods["tempo"], 4318) and not egress(agent, pods["tempo"], 3200)
    # The CNPG cluster, on 5432, only with a database, and only that cluster.
    assert egress(agent, pods["postgres"], 5432) == config.has_database
    assert not egress(agent, pods["other-postgres"], 5432)
    assert not egress(agent, pods["postgres"], 5433)
    # The API server (at the first configured address), only with RBAC.
    api_server = str(next(iter(ipaddress.ip_network(config.network_policy.api_server_cidrs[0]).hosts())))
    assert egress(agent, api_server, 6443) == config.rbac.create


def test_no_database_means_no_postgres():
    cluster, agent, pods = matrix({})
    assert not cluster.connection_allowed(agent, pods["postgres"], 5432)


def test_shared_mcp_services_are_reachable_only_when_shared():
    cluster, agent, pods = matrix({"mcpServers": {"context7": {"mode": "shared"}}})
    assert cluster.connection_allowed(agent, pods["context7"], 8080)
    assert not cluster.connection_allowed(agent, pods["claude-other"], 8080)
    cluster, agent, pods = matrix({})
    assert not cluster.connection_allowed(agent, pods["context7"], 8080)


def test_api_server_reachable_only_with_rbac():
    cluster, agent, _ = matrix({})
    assert cluster.connection_allowed(agent, "10.0.0.1", 6443)
    assert not cluster.connection_allowed(agent, "10.0.0.1", 443)
    cluster, agent, _ = matrix({"rbac": {"create": False}})
    assert not cluster.connection_allowed(agent, "10.0.0.1", 6443)
    cluster, agent, _ = matrix({"networkPolicy": {"apiServer": {"cidrs": ["10.0.0.1/32"]}}})
    assert cluster.connection_allowed(agent, "10.0.0.1", 6443)
    assert not cluster.connection_allowed(agent, "10.0.0.2", 6443)


def test_internet_ports_can_be_narrowed():
    cluster, agent, _ = matrix({"networkPolicy": {"internetPorts": [443]}})
    assert cluster.connection_allowed(agent, PUBLIC[0], 443)
    assert not cluster.connection_allowed(agent, PUBLIC[0], 22)


def test_without_network_policy_everything_is_open():
    from claude_constructs.config.platform import Platform

    cluster, agent, pods = model_cluster(synth_values({}, platform=Platform(network_policy=False)))
    assert cluster.connection_allowed(agent, "169.254.169.254", 80)
    assert cluster.connection_allowed(pods["neighbour"], agent, 8080) is False  # the neighbour's own policy still applies
