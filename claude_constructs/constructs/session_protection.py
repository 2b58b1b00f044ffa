"""SessionProtection: keep a running session from being evicted, and learn its real resource needs."""

from __future__ import annotations

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import custom_metadata, metadata, new_object, port_ref
from claude_constructs.constructs.labels import selector_labels
from claude_constructs.config.loader import InstanceConfig


class SessionProtection(Construct):
    """Under the hood: with ``disruptionBudget.enabled`` creates the PodDisruptionBudget
    ``{instance}`` (``maxUnavailable: 0``: node drains and cluster-autoscaler scale-downs wait for
    the session instead of killing it; ``unhealthyPodEvictionPolicy: AlwaysAllow`` so a broken pod
    never blocks a drain), and with ``verticalPodAutoscaler.enabled`` a VerticalPodAutoscaler
    ``{instance}`` in recommendation mode (``updateMode: Off``) for the Deployment.

    A HorizontalPodAutoscaler does not apply: an instance is one agent writing one workspace on a
    ReadWriteOnce volume, so a second replica could neither mount it nor share the session.
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        self.budget = None
        self.autoscaler = None
        if config.disruption_budget:
            self.budget = new_object(
                k8s.KubePodDisruptionBudget, self,
                "Resource",
                metadata=metadata(config, config.name, "agent", kind="PodDisruptionBudget"),
                spec=k8s.PodDisruptionBudgetSpec(
                    max_unavailable=port_ref(0),
                    selector=k8s.LabelSelector(match_labels=selector_labels(config)),
                    unhealthy_pod_eviction_policy="AlwaysAllow",
                ),
            )
        if config.vertical_pod_autoscaler:
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
                metadata=custom_metadata(config, config.name, "agent", kind="VerticalPodAutoscaler"),
                spec=VerticalPodAutoscalerSpec(
                    target_ref=VerticalPodAutoscalerSpecTargetRef(api_version="apps/v1", kind="Deployment", name=config.name),
                    update_policy=VerticalPodAutoscalerSpecUpdatePolicy(
                        update_mode=VerticalPodAutoscalerSpecUpdatePolicyUpdateMode.OFF
                    ),
                ),
            )
