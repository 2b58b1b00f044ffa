"""TenantNamespace: a user's namespace done right, sized from the workloads that live in it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import new_object, quantity
from claude_constructs.constructs.labels import gitops_annotations

USER_VERBS = ["get", "list", "watch"]
# A container that states no requests or limits gets these (the LimitRange's defaults).
DEFAULT_CONTAINER_LIMITS = {"cpu": "500m", "memory": "512Mi", "ephemeral-storage": "1Gi"}
DEFAULT_CONTAINER_REQUESTS = {"cpu": "50m", "memory": "128Mi", "ephemeral-storage": "64Mi"}


@dataclass(frozen=True, kw_only=True, slots=True)
class TenantNamespaceProps:
    """One namespace, what may run in it, and who may look inside. Quantities are Kubernetes'
    (``500m``, ``2Gi``)."""

    namespace: str  # the Namespace's name
    users: tuple[str, ...] = ()  # Kubernetes Users given the Role ``user_role``; none: no Role
    # The ResourceQuota's hard limits, by resource (``requests.cpu``, ``limits.memory``,
    # ``requests.storage``, ``pods``, ``persistentvolumeclaims``...); empty: no ResourceQuota.
    quota: Mapping[str, str] = field(default_factory=dict)
    container_max: Mapping[str, str] = field(default_factory=dict)  # the most one container may ask for, by resource
    container_default: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_CONTAINER_LIMITS))
    container_default_request: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_CONTAINER_REQUESTS))
    claim_max: str = ""  # the largest PersistentVolumeClaim allowed; empty: no limit
    pod_security: str = "restricted"  # the Pod Security Standard enforced, audited and warned of
    quota_name: str = "claude-instances"  # of the ResourceQuota and the LimitRange
    user_role: str = "claude-user"  # of the users' Role and RoleBinding
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotations, and the Namespace kept from pruning


class TenantNamespace(Construct):
    """Under the hood: creates the Namespace (Pod Security Standards ``enforce``, ``audit`` and
    ``warn`` set to ``pod_security``; with ``sync_waves`` kept when its GitOps application is pruned
    or deleted, as it holds the volumes), a ResourceQuota of ``quota`` and a LimitRange (at most
    ``container_max`` per container, ``claim_max`` per claim), a default-deny NetworkPolicy for
    every pod of the namespace, and for the ``users`` a Role and RoleBinding to read their
    workloads and logs and to exec and port-forward into their pods, in that namespace only.

    For the namespace of Claude Code instances (``charts.instance_props.tenant_props``): the quota
    is the sum of the instances' containers' requests and limits, volumes and pods, so that a pod of
    another origin cannot crowd them out; the users are the instances' owners.
    """

    def __init__(self, scope: Construct, id: str, *, props: TenantNamespaceProps) -> None:
        super().__init__(scope, id)
        self.props = props

        def meta(name: str, kind: str, *, extra_labels: Mapping[str, str] | None = None) -> k8s.ObjectMeta:
            return k8s.ObjectMeta(
                name=name, namespace=None if kind == "Namespace" else props.namespace,
                labels={**props.labels, **(extra_labels or {})},
                annotations={**props.annotations, **(gitops_annotations(kind) if props.sync_waves else {})},
            )

        self.namespace = new_object(
            k8s.KubeNamespace, self, "Resource",
            metadata=meta(props.namespace, "Namespace", extra_labels={
                f"pod-security.kubernetes.io/{mode}": props.pod_security for mode in ("enforce", "audit", "warn")
            } | {"pod-security.kubernetes.io/enforce-version": "latest"}),
        )
        self.quota = None
        if props.quota:
            self.quota = new_object(
                k8s.KubeResourceQuota, self, "Quota", metadata=meta(props.quota_name, "ResourceQuota"),
                spec=k8s.ResourceQuotaSpec(hard={key: quantity(value) for key, value in props.quota.items()}),
            )
        limits = [
            k8s.LimitRangeItem(type="Container", max={k: quantity(v) for k, v in props.container_max.items()} or None,
                               default={k: quantity(v) for k, v in props.container_default.items()} or None,
                               default_request={k: quantity(v) for k, v in props.container_default_request.items()} or None),
        ]
        if props.claim_max:
            limits.append(k8s.LimitRangeItem(type="PersistentVolumeClaim", max={"storage": quantity(props.claim_max)}))
        self.limits = new_object(
            k8s.KubeLimitRange, self, "Limits", metadata=meta(props.quota_name, "LimitRange"),
            spec=k8s.LimitRangeSpec(limits=limits),
        )
        self.default_deny = new_object(
            k8s.KubeNetworkPolicy, self, "DefaultDeny", metadata=meta("default-deny", "NetworkPolicy"),
            spec=k8s.NetworkPolicySpec(pod_selector=k8s.LabelSelector(), policy_types=["Ingress", "Egress"]),
        )
        if not props.users:
            return
        new_object(
            k8s.KubeRole, self, "UserRole", metadata=meta(props.user_role, "Role"),
            rules=[
                k8s.PolicyRule(api_groups=[""], resources=["pods", "pods/log", "services", "persistentvolumeclaims",
                                                           "events", "configmaps"], verbs=USER_VERBS),
                k8s.PolicyRule(api_groups=["apps"], resources=["deployments", "replicasets"], verbs=USER_VERBS),
                k8s.PolicyRule(api_groups=[""], resources=["pods/exec", "pods/portforward"], verbs=["create", "get"]),
            ],
        )
        new_object(
            k8s.KubeRoleBinding, self, "UserBinding", metadata=meta(props.user_role, "RoleBinding"),
            role_ref=k8s.RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name=props.user_role),
            subjects=[k8s.Subject(kind="User", name=user, api_group="rbac.authorization.k8s.io") for user in props.users],
        )
