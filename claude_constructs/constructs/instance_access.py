"""InstanceAccess: a workload's identity in the Kubernetes API and what it may do there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import new_object, object_metadata


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One rule of a Role: these verbs on these resources (of these names only, when given)."""

    api_groups: tuple[str, ...]
    resources: tuple[str, ...]
    verbs: tuple[str, ...]
    resource_names: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class InstanceAccessProps:
    service_account: str  # the ServiceAccount's name
    namespace: str
    create_service_account: bool = True  # False: the ServiceAccount exists already
    role: str = ""  # the Role and RoleBinding's name; empty: no Role (the account may do nothing)
    rules: tuple[Rule, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotations


class InstanceAccess(Construct):
    """Under the hood: creates a ServiceAccount (token automount off) and, with a ``role``, a
    namespaced Role with exactly ``rules`` and a RoleBinding of it to the ServiceAccount. For a
    Claude Code instance: the rules of ``rbac.rules`` (read-only access to workloads, logs and
    events by default; never Secrets, exec, RBAC or NetworkPolicies), and the pod receives a
    projected token that expires after an hour.
    """

    def __init__(self, scope: Construct, id: str, *, props: InstanceAccessProps) -> None:
        super().__init__(scope, id)
        self.service_account_name = props.service_account
        self.service_account = None
        self.role = None
        if props.create_service_account:
            self.service_account = new_object(
                k8s.KubeServiceAccount, self, "Resource", metadata=object_metadata(props, "ServiceAccount", props.service_account),
                automount_service_account_token=False,
            )
        if not props.role:
            return
        self.role = new_object(
            k8s.KubeRole, self,
            "Role",
            metadata=object_metadata(props, "Role", props.role),
            rules=[
                k8s.PolicyRule(
                    api_groups=list(rule.api_groups),
                    resources=list(rule.resources),
                    verbs=list(rule.verbs),
                    resource_names=list(rule.resource_names) or None,
                )
                for rule in props.rules
            ],
        )
        new_object(
            k8s.KubeRoleBinding, self,
            "Binding",
            metadata=object_metadata(props, "RoleBinding", props.role),
            role_ref=k8s.RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name=props.role),
            subjects=[k8s.Subject(kind="ServiceAccount", name=props.service_account, namespace=props.namespace)],
        )
