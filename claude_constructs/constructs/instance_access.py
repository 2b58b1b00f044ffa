"""InstanceAccess: the instance's identity in the Kubernetes API and what it may do there."""

from __future__ import annotations

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import metadata, new_object
from claude_constructs.config.loader import InstanceConfig


class InstanceAccess(Construct):
    """Under the hood: creates a ServiceAccount (token automount off), and with ``rbac.create`` a
    namespaced Role with the explicit ``rbac.rules`` (read-only access to workloads, logs and
    events by default; never Secrets, exec, RBAC or NetworkPolicies) and a RoleBinding to the
    ServiceAccount. The pod then receives a projected token that expires after an hour.
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        name = config.rbac.service_account_name
        self.service_account_name = name
        self.service_account = None
        self.role = None
        if config.rbac.create_service_account:
            self.service_account = new_object(
                k8s.KubeServiceAccount, self, "Resource", metadata=metadata(config, name, "access", kind="ServiceAccount"), automount_service_account_token=False
            )
        if not config.rbac.create:
            return
        self.role = new_object(
            k8s.KubeRole, self,
            "Role",
            metadata=metadata(config, config.name, "access", kind="Role"),
            rules=[
                k8s.PolicyRule(
                    api_groups=list(rule.api_groups),
                    resources=list(rule.resources),
                    verbs=list(rule.verbs),
                    resource_names=list(rule.resource_names) or None,
                )
                for rule in config.rbac.rules
            ],
        )
        new_object(
            k8s.KubeRoleBinding, self,
            "Binding",
            metadata=metadata(config, config.name, "access", kind="RoleBinding"),
            role_ref=k8s.RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name=config.name),
            subjects=[k8s.Subject(kind="ServiceAccount", name=name, namespace=config.namespace)],
        )
