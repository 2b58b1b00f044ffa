"""InstanceMonitoring: a workload's metrics scraped by Prometheus, and a Grafana dashboard of it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import custom_metadata, new_object, object_metadata

DASHBOARD_LABEL = {"grafana_dashboard": "1"}


@dataclass(frozen=True, kw_only=True, slots=True)
class Dashboard:
    """A Grafana dashboard as a ConfigMap the Grafana sidecar picks up (label ``grafana_dashboard: "1"``)."""

    name: str  # the ConfigMap's name
    namespace: str  # where the Grafana sidecar looks for dashboards
    file_name: str  # the key of the JSON file in the ConfigMap
    model: Mapping[str, Any]  # the dashboard's JSON model (written with sorted keys)


@dataclass(frozen=True, kw_only=True, slots=True)
class InstanceMonitoringProps:
    name: str  # the PodMonitor's name
    namespace: str
    pod_selector: Mapping[str, str]  # the pods scraped (their labels)
    pod_monitor: bool = True  # False: no PodMonitor (only the dashboard, if any)
    metrics_port: str = "metrics"  # the name of the pods' port serving the metrics
    metrics_path: str = "/metrics"
    dashboard: Dashboard | None = None  # none: no dashboard
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotations


class InstanceMonitoring(Construct):
    """Under the hood: with ``pod_monitor`` creates the PodMonitor ``{name}`` scraping the pods'
    ``metrics_port``; with a ``dashboard`` a ConfigMap of it (label ``grafana_dashboard: "1"``,
    picked up by the Grafana sidecar). For a Claude Code instance (``ClaudeInstanceChart``): the
    PodMonitor with ``metrics.enabled``, and with ``metrics.dashboard`` the ConfigMap
    ``{instance}-dashboard`` holding a dashboard of the instance's CPU, memory, restarts and volume
    usage, from the metrics every cluster has (cAdvisor, kube-state-metrics, kubelet volume stats),
    so it works without the agent's own metrics.
    """

    def __init__(self, scope: Construct, id: str, *, props: InstanceMonitoringProps) -> None:
        super().__init__(scope, id)
        self.props = props
        self.pod_monitor = None
        self.dashboard = None
        if props.pod_monitor:
            from imports.com.coreos.monitoring import (
                PodMonitor,
                PodMonitorSpec,
                PodMonitorSpecPodMetricsEndpoints,
                PodMonitorSpecSelector,
            )

            self.pod_monitor = PodMonitor(
                self,
                "Resource",
                metadata=custom_metadata(props, "PodMonitor", props.name),
                spec=PodMonitorSpec(
                    selector=PodMonitorSpecSelector(match_labels=dict(props.pod_selector)),
                    pod_metrics_endpoints=[PodMonitorSpecPodMetricsEndpoints(port=props.metrics_port, path=props.metrics_path)],
                ),
            )
        if props.dashboard is not None:
            board = props.dashboard
            self.dashboard = new_object(
                k8s.KubeConfigMap, self,
                "Dashboard",
                metadata=object_metadata(props, "ConfigMap", board.name, namespace=board.namespace,
                                         labels={**props.labels, **DASHBOARD_LABEL}),
                data={board.file_name: json.dumps(board.model, indent=2, sort_keys=True)},
            )
