"""InstanceMonitoring: the instance's metrics scraped by Prometheus, and a Grafana dashboard of it."""

from __future__ import annotations

import json

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import custom_metadata, metadata, new_object
from claude_constructs.constructs.labels import selector_labels
from claude_constructs.config.names import object_name
from claude_constructs.config.loader import InstanceConfig

DASHBOARD_LABEL = {"grafana_dashboard": "1"}


class InstanceMonitoring(Construct):
    """Under the hood: with ``metrics.enabled`` creates the PodMonitor ``{instance}`` scraping the
    agent's ``metrics`` port; with ``metrics.dashboard`` the ConfigMap ``{instance}-dashboard``
    (label ``grafana_dashboard: "1"``, picked up by the Grafana sidecar) holding a dashboard of the
    instance's CPU, memory, restarts and volume usage, from the metrics every cluster has (cAdvisor,
    kube-state-metrics, kubelet volume stats), so it works without the agent's own metrics.
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        self.pod_monitor = None
        self.dashboard = None
        if config.metrics.enabled:
            from imports.com.coreos.monitoring import (
                PodMonitor,
                PodMonitorSpec,
                PodMonitorSpecPodMetricsEndpoints,
                PodMonitorSpecSelector,
            )

            self.pod_monitor = PodMonitor(
                self,
                "Resource",
                metadata=custom_metadata(config, config.name, "monitoring", kind="PodMonitor"),
                spec=PodMonitorSpec(
                    selector=PodMonitorSpecSelector(match_labels=selector_labels(config)),
                    pod_metrics_endpoints=[PodMonitorSpecPodMetricsEndpoints(port="metrics", path=config.metrics.path)],
                ),
            )
        if config.metrics.dashboard:
            meta = metadata(
                config, object_name(config.name, "dashboard"), "monitoring", kind="ConfigMap",
                namespace=config.metrics.dashboard_namespace,
            )
            self.dashboard = new_object(
                k8s.KubeConfigMap, self,
                "Dashboard",
                metadata=k8s.ObjectMeta(
                    name=meta.name, namespace=meta.namespace, labels={**meta.labels, **DASHBOARD_LABEL},
                    annotations=meta.annotations,
                ),
                data={f"claude-instance-{config.name}.json": json.dumps(dashboard(config), indent=2, sort_keys=True)},
            )


def dashboard(config: InstanceConfig) -> dict:
    """A Grafana dashboard (schema 39) of one instance."""
    pod = f'namespace="{config.namespace}", pod=~"{config.name}-[a-z0-9]+-[a-z0-9]+"'
    claims = f'namespace="{config.namespace}", persistentvolumeclaim=~"{config.name}-(workspace|home)"'
    panels = [
        ("CPU (cores)", f'sum by (container) (rate(container_cpu_usage_seconds_total{{{pod}, container!=""}}[5m]))', "short"),
        ("Memory (working set)", f'sum by (container) (container_memory_working_set_bytes{{{pod}, container!=""}})', "bytes"),
        ("Restarts", f"sum by (container) (kube_pod_container_status_restarts_total{{{pod}}})", "short"),
        ("Volume usage", f"kubelet_volume_stats_used_bytes{{{claims}}} / kubelet_volume_stats_capacity_bytes{{{claims}}}",
         "percentunit"),
    ]
    return {
        "title": f"Claude Code instance {config.name}",
        "uid": f"claude-{config.name}",
        "description": config.description,
        "tags": ["claude-code", f"user:{config.userid}"],
        "schemaVersion": 39,
        "time": {"from": "now-6h", "to": "now"},
        "refresh": "1m",
        "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"}]},
        "panels": [
            {
                "id": index + 1,
                "title": title,
                "type": "timeseries",
                "datasource": {"type": "prometheus", "uid": "${datasource}"},
                "gridPos": {"h": 8, "w": 12, "x": 12 * (index % 2), "y": 8 * (index // 2)},
                "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
                "targets": [{"expr": expr, "legendFormat": "{{container}}{{persistentvolumeclaim}}", "refId": "A"}],
            }
            for index, (title, expr, unit) in enumerate(panels)
        ],
    }
