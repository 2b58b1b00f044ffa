from __future__ import annotations
from claude_constructs.config.platform import Platform

import json

from .conftest import container, env_of, find, kinds, synth_values
from .oracles.netpol import Cluster, Pod
from .test_network import instance_pod


def test_nothing_by_default():
    assert not {"PodMonitor"} & set(kinds(synth_values()))
    assert [o["metadata"]["name"] for o in synth_values() if o["kind"] == "ConfigMap"] == ["a1b2c3d4-config"]


def test_metrics_port_pod_monitor_and_telemetry_environment():
    objects = synth_values({"metrics": {"enabled": True, "port": 9500}})
    agent = container(objects, "claude-web")
    assert {"containerPort": 9500, "name": "metrics", "protocol": "TCP"} in agent["ports"]
    env = env_of(agent)
    assert env["OTEL_METRICS_EXPORTER"] == "prometheus" and env["OTEL_EXPORTER_PROMETHEUS_PORT"] == "9500"
    monitor = find(objects, "PodMonitor", "a1b2c3d4")
    assert monitor["spec"]["podMetricsEndpoints"] == [{"path": "/metrics", "port": "metrics"}]
    assert monitor["spec"]["selector"]["matchLabels"] == {"app.kubernetes.io/instance": "a1b2c3d4", "app.kubernetes.io/name": "claude-code"}


def test_only_prometheus_may_scrape_the_metrics_port():
    objects = synth_values({"metrics": {"enabled": True}})
    agent = instance_pod(objects, "10.244.1.10")
    prometheus = Pod("prometheus-0", "monitoring", {"app.kubernetes.io/name": "prometheus"}, "10.244.9.2")
    other = Pod("grafana", "monitoring", {"app.kubernetes.io/name": "grafana"}, "10.244.9.3")
    ingress = Pod("controller", "ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"}, "10.244.4.2")
    cluster = Cluster(namespaces={"monitoring": {}, "ingress-nginx": {}, agent.namespace: {}}, pods=[agent, prometheus, other, ingress],
                      policies=[o for o in objects if o["kind"] == "NetworkPolicy"])
    assert cluster.connection_allowed(prometheus, agent, 9464)
    assert not cluster.connection_allowed(prometheus, agent, 8080)
    assert not cluster.connection_allowed(other, agent, 9464)
    assert not cluster.connection_allowed(ingress, agent, 9464)


def test_dashboard_for_the_grafana_sidecar():
    objects = synth_values({"metrics": {"dashboard": True, "dashboardNamespace": "grafana"}},
                           platform=Platform(dashboard_namespace="grafana"))
    config_map = find(objects, "ConfigMap", "a1b2c3d4-dashboard")
    assert config_map["metadata"]["namespace"] == "grafana"
    assert config_map["metadata"]["labels"]["grafana_dashboard"] == "1"
    board = json.loads(config_map["data"]["claude-instance-a1b2c3d4.json"])
    assert [p["title"] for p in board["panels"]] == ["CPU (cores)", "Memory (working set)", "Restarts", "Volume usage"]
    for panel in board["panels"]:
        assert 'namespace="claude-user123"' in panel["targets"][0]["expr"]
    assert "a1b2c3d4-(workspace|home)" in board["panels"][3]["targets"][0]["expr"]
