"""SessionProtection: keep a running workload from being evicted, and learn its real resource needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import custom_metadata, new_object, object_metadata, port_ref


@dataclass(frozen=True, kw_only=True, slots=True)
class SessionProtectionProps:
    name: str  # of the Deployment, and of the objects made here
    namespace: str
    pod_selector: Mapping[str, str]  # the Deployment's pod labels
    disruption_budget: bool = True
    vertical_pod_autoscaler: bool = False  # needs the VPA installed
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotations


class SessionProtection(Construct):
    """Under the hood: with ``disruption_budget`` creates the PodDisruptionBudget ``{name}``
    (``maxUnavailable: 0``: node drains and cluster-autoscaler scale-downs wait for the session
    instead of killing it; ``unhealthyPodEvictionPolicy: AlwaysAllow`` so a broken pod never blocks a
    drain), and with ``vertical_pod_autoscaler`` a VerticalPodAutoscaler ``{name}`` in
    recommendation mode (``updateMode: Off``) for the Deployment ``{name}``.

    A HorizontalPodAutoscaler does not apply to a Claude Code instance: it is one agent writing one
    workspace on a ReadWriteOnce volume, so a second replica could neither mount it nor share the
    session.
    """

    def __init__(self, scope: Construct, id: str, *, props: SessionProtectionProps) -> None:
        super().__init__(scope, id)
        self.budget = None
        self.autoscaler = None
        if props.disruption_budget:
            self.budget = new_object(
                k8s.KubePodDisruptionBudget, self,
                "Resource",
                metadata=object_metadata(props, "PodDisruptionBudget", props.name),
                spec=k8s.PodDisruptionBudgetSpec(
                    max_unavailable=port_ref(0),
                    selector=k8s.LabelSelector(match_labels=dict(props.pod_selector)),
                    unhealthy_pod_eviction_policy="AlwaysAllow",
                ),
            )
        if props.vertical_pod_autoscaler:
            from imports.io.k8s.autoscaling import (
                VerticalPodAutoscaler,
                VerticalPodAutoscalerSpec,
                VerticalPodAutoscalerSpecTargetRef,
                VerticalPodAutoscalerSpecUpdatePolicy,
                VerticalPodAutoscalerSpecUpdatePolicyUpdateMode,
            )

            self.autoscaler = VerticalPodAutoscaler(
                self,
                "Recommender",
                metadata=custom_metadata(props, "VerticalPodAutoscaler", props.name),
                spec=VerticalPodAutoscalerSpec(
                    target_ref=VerticalPodAutoscalerSpecTargetRef(api_version="apps/v1", kind="Deployment", name=props.name),
                    update_policy=VerticalPodAutoscalerSpecUpdatePolicy(
                        update_mode=VerticalPodAutoscalerSpecUpdatePolicyUpdateMode.OFF
                    ),
                ),
            )
