"""TenantNamespace: a user's namespace done right, sized from the instances that live in it."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Iterable, Mapping, Sequence

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.config.checks import parse_quantity
from claude_constructs.constructs.kube import new_object, quantity
from claude_constructs.constructs.labels import MANAGED_BY, PART_OF, USER_LABEL, gitops_annotations
from claude_constructs.config.loader import InstanceConfig, pod_resources

USER_VERBS = ["get", "list", "watch"]


class TenantNamespace(Construct):
    """Under the hood: creates the Namespace (Pod Security Standards ``enforce``, ``audit`` and
    ``warn`` set to ``restricted``; kept when its GitOps application is pruned or deleted, as it
    holds the volumes), a ResourceQuota and a LimitRange sized from the instances that live in it
    (the sum of their containers' requests and limits, volumes and pods, so a pod of another
    origin cannot crowd them out), a default-deny NetworkPolicy for every pod of the namespace,
    and for each user of its instances a Role and RoleBinding to read their workloads and logs and
    to exec and port-forward into their pods, in that namespace only.
    """

    def __init__(self, scope: Construct, id: str, *, namespace: str, configs: Sequence[InstanceConfig]) -> None:
        super().__init__(scope, id)
        configs = sorted(configs, key=lambda c: c.name)
        users = sorted({c.userid for c in configs})
        labels = {"app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY,
                  "app.kubernetes.io/component": "tenant"}
        if len(users) == 1:
            labels[USER_LABEL] = users[0]

        def meta(name: str, kind: str, *, extra_labels: dict | None = None) -> k8s.ObjectMeta:
            return k8s.ObjectMeta(name=name, namespace=None if kind == "Namespace" else namespace,
                                  labels={**labels, **(extra_labels or {})}, annotations=gitops_annotations(kind))

        self.namespace = new_object(

            k8s.KubeNamespace, self, "Resource",
            metadata=meta(namespace, "Namespace", extra_labels={
                f"pod-security.kubernetes.io/{mode}": "restricted" for mode in ("enforce", "audit", "warn")
            } | {"pod-security.kubernetes.io/enforce-version": "latest"}),
        )
        usage = namespace_usage(configs)
        self.quota = new_object(
            k8s.KubeResourceQuota, self, "Quota", metadata=meta("claude-instances", "ResourceQuota"),
            spec=k8s.ResourceQuotaSpec(hard={key: quantity(value) for key, value in usage.quota.items()}),
        )
        self.limits = new_object(
            k8s.KubeLimitRange, self, "Limits", metadata=meta("claude-instances", "LimitRange"),
            spec=k8s.LimitRangeSpec(limits=[
                k8s.LimitRangeItem(type="Container", max={k: quantity(v) for k, v in usage.container_max.items()},
                                   default={"cpu": quantity("500m"), "memory": quantity("512Mi"),
                                            "ephemeral-storage": quantity("1Gi")},
                                   default_request={"cpu": quantity("50m"), "memory": quantity("128Mi"),
                                                    "ephemeral-storage": quantity("64Mi")}),
                k8s.LimitRangeItem(type="PersistentVolumeClaim", max={"storage": quantity(usage.largest_claim)}),
            ]),
        )
        self.default_deny = new_object(
            k8s.KubeNetworkPolicy, self, "DefaultDeny", metadata=meta("default-deny", "NetworkPolicy"),
            spec=k8s.NetworkPolicySpec(pod_selector=k8s.LabelSelector(), policy_types=["Ingress", "Egress"]),
        )
        new_object(
            k8s.KubeRole, self, "UserRole", metadata=meta("claude-user", "Role"),
            rules=[
                k8s.PolicyRule(api_groups=[""], resources=["pods", "pods/log", "services", "persistentvolumeclaims",
                                                           "events", "configmaps"], verbs=USER_VERBS),
                k8s.PolicyRule(api_groups=["apps"], resources=["deployments", "replicasets"], verbs=USER_VERBS),
                k8s.PolicyRule(api_groups=[""], resources=["pods/exec", "pods/portforward"], verbs=["create", "get"]),
            ],
        )
        new_object(
            k8s.KubeRoleBinding, self, "UserBinding", metadata=meta("claude-user", "RoleBinding"),
            role_ref=k8s.RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name="claude-user"),
            subjects=[k8s.Subject(kind="User", name=user, api_group="rbac.authorization.k8s.io") for user in users],
        )


class NamespaceUsage:
    """What the instances of one namespace request and may use, in Kubernetes quantities."""

    def __init__(self) -> None:
        self.requests: dict[str, Decimal] = {}
        self.limits: dict[str, Decimal] = {}
        self.max_limits: dict[str, Decimal] = {}
        self.storage = Decimal(0)
        self.largest_claim = "1Gi"
        self.pods = 0
        self.claims = 0

    @property
    def quota(self) -> dict[str, str]:
        quota = {f"requests.{k}": _format(k, v) for k, v in sorted(self.requests.items())}
        quota |= {f"limits.{k}": _format(k, v) for k, v in sorted(self.limits.items())}
        quota |= {"requests.storage": _format("storage", self.storage), "pods": str(self.pods),
                  "persistentvolumeclaims": str(self.claims)}
        return quota

    @property
    def container_max(self) -> dict[str, str]:
        return {k: _format(k, v) for k, v in sorted(self.max_limits.items())}


def namespace_usage(configs: Iterable[InstanceConfig]) -> NamespaceUsage:
    usage = NamespaceUsage()
    largest = Decimal(0)
    for config in configs:
        for resources in pod_resources(config):
            _add(usage.requests, resources.requests)
            _add(usage.limits, resources.limits)
            for name, value in resources.limits.items():
                usage.max_limits[name] = max(usage.max_limits.get(name, Decimal(0)), parse_quantity(value))
        usage.pods += 1
        if config.backup.schedule:  # one snapshot job at a time (concurrencyPolicy Forbid)
            from claude_constructs.constructs.workspace_backup import JOB_RESOURCES

            _add(usage.requests, JOB_RESOURCES.requests)
            _add(usage.limits, JOB_RESOURCES.limits)
            usage.pods += 1
        for claim in (config.storage.workspace, config.storage.home):
            if claim.enabled:
                size = parse_quantity(claim.size)
                usage.storage += size
                usage.claims += 1
                if size > largest:
                    largest, usage.largest_claim = size, claim.size
    return usage


def _add(totals: dict[str, Decimal], amounts: Mapping[str, str]) -> None:
    for name, value in amounts.items():
        totals[name] = totals.get(name, Decimal(0)) + parse_quantity(value)


def _format(name: str, value: Decimal) -> str:
    if name == "cpu":
        return f"{math.ceil(value * 1000)}m"
    return f"{math.ceil(value / 2**20)}Mi"
