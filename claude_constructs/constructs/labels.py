"""The labels' names, the Deployment selector, and the ArgoCD annotations of each kind. The labels
and annotations of an instance's objects, which read its configuration, are in
``charts.instance_labels``."""

from __future__ import annotations

APP_NAME = "claude-code"
PART_OF = "claude-web"
MANAGED_BY = "claude-constructs"
LABEL_PREFIX = "claude-constructs"
USER_LABEL = f"{LABEL_PREFIX}/user"
INSTANCE_LABEL = f"{LABEL_PREFIX}/instance"


def selector_labels(name: str) -> dict[str, str]:
    """The selector of the Claude Code Deployment ``name``. Immutable in the API: it must never change
    across library versions. (An instance's objects take theirs from ``charts.instance_labels``.)"""
    return {"app.kubernetes.io/name": APP_NAME, "app.kubernetes.io/instance": name}


# ArgoCD: the order objects are applied in (security first, the workload after what it mounts),
# and the objects that hold data, which neither pruning nor deleting an Application may remove.
SYNC_WAVES = {
    "Namespace": -5,
    "ResourceQuota": -4,
    "LimitRange": -4,
    "NetworkPolicy": -3,
    "CiliumNetworkPolicy": -3,
    "ServiceAccount": -2,
    "Role": -2,
    "RoleBinding": -2,
    "ConfigMap": -2,
    "PersistentVolumeClaim": -1,
    "DatabaseRole": -1,
    "Database": 0,
    "VolumeSnapshot": 0,
    "Deployment": 1,
    "PodDisruptionBudget": 2,
    "VerticalPodAutoscaler": 2,
    "PodMonitor": 2,
    "CronJob": 3,
    "Service": 2,
    "Ingress": 2,
    "HTTPScaledObject": 3,  # after the Deployment and Service it scales and routes to
    "ScaledObject": 3,
}
KEPT_KINDS = frozenset({"Namespace", "PersistentVolumeClaim", "Database", "DatabaseRole", "VolumeSnapshot"})


def gitops_annotations(kind: str) -> dict[str, str]:
    annotations = {"argocd.argoproj.io/sync-wave": str(SYNC_WAVES[kind])}
    if kind in KEPT_KINDS:
        annotations["argocd.argoproj.io/sync-options"] = "Prune=false,Delete=false"
    return annotations
