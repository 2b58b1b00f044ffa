from __future__ import annotations

from .conftest import find, kinds, synth_values


def test_disruption_budget_by_default():
    budget = find(synth_values(), "PodDisruptionBudget", "a1b2c3d4")
    assert budget["spec"]["maxUnavailable"] == 0
    assert budget["spec"]["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
    assert budget["spec"]["selector"]["matchLabels"] == find(synth_values(), "Deployment")["spec"]["selector"]["matchLabels"]


def test_disruption_budget_can_be_turned_off():
    assert "PodDisruptionBudget" not in kinds(synth_values({"disruptionBudget": {"enabled": False}}))


def test_vertical_pod_autoscaler_only_recommends():
    autoscaler = find(synth_values({"verticalPodAutoscaler": {"enabled": True}}), "VerticalPodAutoscaler", "a1b2c3d4")
    assert autoscaler["spec"] == {"targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "a1b2c3d4"},
                                  "updatePolicy": {"updateMode": "Off"}}
    assert "VerticalPodAutoscaler" not in kinds(synth_values())
