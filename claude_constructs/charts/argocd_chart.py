"""ArgoCdChart: the ArgoCD objects that apply a repository of instances (app of apps)."""

from __future__ import annotations

from typing import Mapping, Sequence

import cdk8s
from constructs import Construct

from imports.io.argoproj import (
    Application,
    ApplicationSpec,
    ApplicationSpecDestination,
    ApplicationSpecIgnoreDifferences,
    ApplicationSpecSource,
    ApplicationSpecSourceDirectory,
    ApplicationSpecSyncPolicy,
    ApplicationSpecSyncPolicyAutomated,
    ApplicationSpecSyncPolicyManagedNamespaceMetadata,
    ApplicationSpecSyncPolicyRetry,
    ApplicationSpecSyncPolicyRetryBackoff,
    AppProject,
    AppProjectSpec,
    AppProjectSpecClusterResourceWhitelist,
    AppProjectSpecDestinations,
    AppProjectSpecNamespaceResourceWhitelist,
)

from claude_constructs.constructs.labels import MANAGED_BY, PART_OF
from claude_constructs.config.loader import InstanceConfig
from claude_constructs.config.gitops import ARGOCD_CHART_ID, FleetEntry, GitOpsConfig, fleet_entries, tenant_chart_id
RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io"

# Every kind an instance may create, by API group: the AppProject allows these and nothing else.
INSTANCE_KINDS: tuple[tuple[str, str], ...] = (
    ("", "ConfigMap"),
    ("", "PersistentVolumeClaim"),
    ("", "Service"),
    ("", "ServiceAccount"),
    ("apps", "Deployment"),
    ("cilium.io", "CiliumNetworkPolicy"),
    ("networking.k8s.io", "Ingress"),
    ("networking.k8s.io", "NetworkPolicy"),
    ("policy", "PodDisruptionBudget"),
    ("autoscaling.k8s.io", "VerticalPodAutoscaler"),
    ("monitoring.coreos.com", "PodMonitor"),
    ("snapshot.storage.k8s.io", "VolumeSnapshot"),
    ("batch", "CronJob"),
    ("keda.sh", "ScaledObject"),
    ("http.keda.sh", "HTTPScaledObject"),
    ("postgresql.cnpg.io", "Database"),
    ("postgresql.cnpg.io", "DatabaseRole"),
    ("rbac.authorization.k8s.io", "Role"),
    ("rbac.authorization.k8s.io", "RoleBinding"),
)
TENANT_KINDS: tuple[tuple[str, str], ...] = (("", "ResourceQuota"), ("", "LimitRange"))

# The namespaces ArgoCD creates for tenants enforce Pod Security Standards "restricted".
TENANT_NAMESPACE_LABELS = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/enforce-version": "latest",
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": MANAGED_BY,
}

def application_name(instance: str) -> str:
    return f"claude-{instance}"


class ArgoCdChart(cdk8s.Chart):
    """Under the hood: creates, in the ArgoCD namespace, an AppProject that lets instances reach
    only their tenants' namespaces and the database namespace, and only the kinds an instance
    creates; one Application per instance (automated sync with prune and self-heal, tenant
    namespace created with Pod Security "restricted" labels, the resources finalizer so deleting
    the Application deletes what it applied, except the data objects marked ``Delete=false``); and
    the root Application that applies this file itself (app of apps; without the finalizer, so
    deleting the root leaves the instances running).
    """

    def __init__(self, scope: Construct, *, gitops: GitOpsConfig, configs: Sequence[InstanceConfig] = (),
                 entries: Sequence[FleetEntry] | None = None) -> None:
        """The instances are ``configs``, or their ``entries`` (``fleet_entries(configs)``)."""
        super().__init__(scope, ARGOCD_CHART_ID)
        self.gitops = gitops
        # Only these entries are read below: the synthesis cache keys this chart by them.
        entries = fleet_entries(configs) if entries is None else tuple(entries)
        del configs
        namespaces = sorted({e.namespace for e in entries} | {ns for e in entries for ns in e.other_namespaces})
        labels = {"app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": MANAGED_BY}
        self.project = AppProject(
            self,
            "Project",
            metadata=cdk8s.ApiObjectMetadata(name=gitops.project, namespace=gitops.argocd_namespace, labels=labels),
            spec=AppProjectSpec(
                description="Claude Code instances: each confined to its tenant namespace and the database namespace",
                source_repos=[gitops.repo_url],
                destinations=[AppProjectSpecDestinations(server=gitops.server, namespace=ns) for ns in namespaces]
                + [AppProjectSpecDestinations(server=gitops.server, namespace=gitops.argocd_namespace)],
                cluster_resource_whitelist=[AppProjectSpecClusterResourceWhitelist(group="", kind="Namespace")],
                namespace_resource_whitelist=[
                    AppProjectSpecNamespaceResourceWhitelist(group=group, kind=kind)
                    for group, kind in INSTANCE_KINDS + TENANT_KINDS
                    + (("argoproj.io", "Application"), ("argoproj.io", "AppProject"))
                ],
            ),
        )
        # The root has no resources finalizer: deleting it must not cascade to every instance.
        self.root = self._application("Root", gitops.project, f"{ARGOCD_CHART_ID}.k8s.yaml", gitops.argocd_namespace,
                                      labels, create_namespace=False, finalizer=False)
        # Tenants first (wave -1: their namespace, quota and default deny), then the instances.
        self.tenants = [
            self._application(
                f"tenant-{namespace}", f"claude-tenant-{namespace}", f"{tenant_chart_id(namespace)}.k8s.yaml", namespace,
                labels, create_namespace=False, wave=-1,
            )
            for namespace in (sorted({e.namespace for e in entries}) if gitops.tenancy else [])
        ]
        self.applications = [
            self._application(
                entry.name, application_name(entry.name), f"{entry.name}.k8s.yaml", entry.namespace,
                {**labels, "claude-constructs/user": entry.userid, "claude-constructs/instance": entry.name},
                create_namespace=not gitops.tenancy, autoscaled=entry.autoscaled,
            )
            for entry in sorted(entries, key=lambda e: e.name)
        ]

    def _application(self, id: str, name: str, file: str, namespace: str, labels: Mapping[str, str], *,
                     create_namespace: bool, finalizer: bool = True, wave: int = 0, autoscaled: bool = False) -> Application:
        gitops = self.gitops
        options = ["ServerSideApply=true", "PruneLast=true"] + (["CreateNamespace=true"] if create_namespace else [])
        # KEDA owns the replica count of an instance that sleeps: ArgoCD neither shows it as drift nor
        # puts it back (RespectIgnoreDifferences), while `suspended: true` removes the scaler altogether.
        ignored = [ApplicationSpecIgnoreDifferences(group="apps", kind="Deployment", json_pointers=["/spec/replicas"])] \
            if autoscaled else None
        if autoscaled:
            options.append("RespectIgnoreDifferences=true")
        return Application(
            self,
            id,
            metadata=cdk8s.ApiObjectMetadata(
                name=name, namespace=gitops.argocd_namespace, labels=dict(labels),
                annotations={"argocd.argoproj.io/sync-wave": str(wave)},
                finalizers=[RESOURCES_FINALIZER] if finalizer else None,
            ),
            spec=ApplicationSpec(
                project=gitops.project,
                source=ApplicationSpecSource(
                    repo_url=gitops.repo_url, target_revision=gitops.target_revision, path=gitops.path,
                    directory=ApplicationSpecSourceDirectory(include=file),
                ),
                destination=ApplicationSpecDestination(server=gitops.server, namespace=namespace),
                ignore_differences=ignored,
                sync_policy=ApplicationSpecSyncPolicy(
                    automated=ApplicationSpecSyncPolicyAutomated(prune=True, self_heal=True),
                    sync_options=options,
                    managed_namespace_metadata=(
                        ApplicationSpecSyncPolicyManagedNamespaceMetadata(labels=TENANT_NAMESPACE_LABELS)
                        if create_namespace else None
                    ),
                    retry=ApplicationSpecSyncPolicyRetry(
                        limit=5,
                        backoff=ApplicationSpecSyncPolicyRetryBackoff(duration="10s", factor=2, max_duration="5m"),
                    ),
                ),
            ),
        )
