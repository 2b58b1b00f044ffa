"""Labels and annotations shared by every object of an instance."""

from __future__ import annotations

from claude_constructs.config.loader import InstanceConfig

APP_NAME = "claude-code"
PART_OF = "claude-web"
MANAGED_BY = "claude-constructs"
LABEL_PREFIX = "claude-constructs"
USER_LABEL = f"{LABEL_PREFIX}/user"
INSTANCE_LABEL = f"{LABEL_PREFIX}/instance"


def selector_labels(config: InstanceConfig) -> dict[str, str]:
    """The Deployment selector. Immutable in the API: it must never change across library versions."""
    return {"app.kubernetes.io/name": APP_NAME, "app.kubernetes.io/instance": config.name}


def instance_labels(config: InstanceConfig, component: str) -> dict[str, str]:
    return {
        **selector_labels(config),
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": MANAGED_BY,
        USER_LABEL: config.userid,
        INSTANCE_LABEL: config.name,
    }


def traceability_annotations(config: InstanceConfig) -> dict[str, str]:
    return {
        f"{LABEL_PREFIX}/description": config.description,
        f"{LABEL_PREFIX}/instance": config.name,
        f"{LABEL_PREFIX}/user": config.userid,
    }


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
