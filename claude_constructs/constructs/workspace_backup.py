"""WorkspaceBackup: VolumeSnapshots of the workspace, on demand and on a schedule."""

from __future__ import annotations

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.container import build_container
from claude_constructs.constructs.kube import (
    new_object,
    TOKEN_DIR,
    TOKEN_VOLUME,
    custom_metadata,
    metadata,
    network_peer,
    network_port,
    pod_security_context,
    quantity,
    service_account_token_volume,
)
from claude_constructs.constructs.labels import INSTANCE_LABEL
from claude_constructs.config.names import object_name
from claude_constructs.config.loader import InstanceConfig, Resources

SNAPSHOT_LABEL = "claude-constructs/snapshot"
JOB_RESOURCES = Resources(
    requests={"cpu": "10m", "memory": "64Mi", "ephemeral-storage": "16Mi"},
    limits={"cpu": "200m", "memory": "128Mi", "ephemeral-storage": "64Mi"},
)

# A constant script: the instance, the claim and the retention reach it as environment variables.
SNAPSHOT_SCRIPT = """\
set -eu
name="$CLAIM-$(date -u +%Y%m%d-%H%M%S)"
{
  echo "apiVersion: snapshot.storage.k8s.io/v1"
  echo "kind: VolumeSnapshot"
  echo "metadata:"
  echo "  name: $name"
  echo "  labels:"
  echo "    $INSTANCE_LABEL: $INSTANCE"
  echo "    $SNAPSHOT_LABEL: scheduled"
  echo "  annotations:"
  echo "    argocd.argoproj.io/compare-options: IgnoreExtraneous"
  echo "spec:"
  if [ -n "$SNAPSHOT_CLASS" ]; then echo "  volumeSnapshotClassName: $SNAPSHOT_CLASS"; fi
  echo "  source:"
  echo "    persistentVolumeClaimName: $CLAIM"
} | kubectl create -f -
kubectl get volumesnapshots -l "$INSTANCE_LABEL=$INSTANCE,$SNAPSHOT_LABEL=scheduled" \\
  --sort-by=.metadata.creationTimestamp -o name | head -n "-$KEEP" | while read -r old; do
  kubectl delete "$old"
done
"""


class WorkspaceBackup(Construct):
    """Under the hood: one VolumeSnapshot ``{instance}-workspace-{name}`` per name in
    ``backup.snapshots`` (kept when the instance is removed); with ``backup.schedule`` a CronJob
    ``{instance}-snapshots`` whose pod (restricted, its own ServiceAccount and Role that may only
    create, list and delete VolumeSnapshots, a projected token, a NetworkPolicy allowing only DNS
    and the API server) snapshots the workspace and keeps the newest ``backup.keep``.
    Restoring is ``storage.workspace.fromSnapshot`` (see ``InstanceStorage``).
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        from imports.io.k8s.storage.snapshot import VolumeSnapshot, VolumeSnapshotSpec, VolumeSnapshotSpecSource

        backup = config.backup
        claim = object_name(config.name, "workspace")
        self.snapshots = []
        for name in backup.snapshots:
            self.snapshots.append(
                VolumeSnapshot(
                    self,
                    name,
                    metadata=custom_metadata(config, f"{claim}-{name}", "backup", kind="VolumeSnapshot",
                                             extra_labels={SNAPSHOT_LABEL: "on-demand"}),
                    spec=VolumeSnapshotSpec(
                        source=VolumeSnapshotSpecSource(persistent_volume_claim_name=claim),
                        volume_snapshot_class_name=backup.snapshot_class or None,
                    ),
                )
            )
        self.schedule = self._schedule(config, claim) if backup.schedule else None

    def _schedule(self, config: InstanceConfig, claim: str) -> k8s.KubeCronJob:
        backup = config.backup
        name = object_name(config.name, "snapshots")
        # Not the instance's selector labels: the Service, the PodDisruptionBudget and the
        # instance's network policy must never select a snapshot job.
        job_labels = {
            "app.kubernetes.io/name": "claude-code-backup",
            "app.kubernetes.io/instance": config.name,
            "app.kubernetes.io/component": "backup",
        }
        new_object(
            k8s.KubeServiceAccount, self, "Account", metadata=metadata(config, name, "backup", kind="ServiceAccount"),
            automount_service_account_token=False,
        )
        new_object(
            k8s.KubeRole, self,
            "Role",
            metadata=metadata(config, name, "backup", kind="Role"),
            rules=[k8s.PolicyRule(api_groups=["snapshot.storage.k8s.io"], resources=["volumesnapshots"],
                                  verbs=["create", "list", "delete"])],
        )
        new_object(
            k8s.KubeRoleBinding, self,
            "Binding",
            metadata=metadata(config, name, "backup", kind="RoleBinding"),
            role_ref=k8s.RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name=name),
            subjects=[k8s.Subject(kind="ServiceAccount", name=name, namespace=config.namespace)],
        )
        policy = config.network_policy
        if policy.enabled:
            egress = [k8s.NetworkPolicyEgressRule(to=[network_peer(policy.dns)], ports=[network_port(53, "UDP"), network_port(53, "TCP")])]
            if policy.api_server_cidrs:
                egress.append(k8s.NetworkPolicyEgressRule(
                    to=[k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr=cidr)) for cidr in policy.api_server_cidrs],
                    ports=[network_port(policy.api_server_port)],
                ))
            new_object(
                k8s.KubeNetworkPolicy, self,
                "Policy",
                metadata=metadata(config, name, "backup", kind="NetworkPolicy"),
                spec=k8s.NetworkPolicySpec(
                    pod_selector=k8s.LabelSelector(match_labels=job_labels), policy_types=["Ingress", "Egress"], egress=egress
                ),
            )
        container = build_container(
            name="snapshot",
            image=backup.image,
            resources=JOB_RESOURCES,
            command=["/bin/sh", "-c", SNAPSHOT_SCRIPT],
            env={
                "HOME": "/tmp",
                "INSTANCE": config.name,
                "INSTANCE_LABEL": INSTANCE_LABEL,
                "SNAPSHOT_LABEL": SNAPSHOT_LABEL,
                "CLAIM": claim,
                "KEEP": str(backup.keep),
                "SNAPSHOT_CLASS": backup.snapshot_class,
            },
            volume_mounts=[
                k8s.VolumeMount(name="tmp", mount_path="/tmp"),
                k8s.VolumeMount(name=TOKEN_VOLUME, mount_path=TOKEN_DIR, read_only=True),
            ],
        )
        return new_object(
            k8s.KubeCronJob, self,
            "Resource",
            metadata=metadata(config, name, "backup", kind="CronJob"),
            spec=k8s.CronJobSpec(
                schedule=backup.schedule,
                concurrency_policy="Forbid",
                successful_jobs_history_limit=1,
                failed_jobs_history_limit=3,
                job_template=k8s.JobTemplateSpec(
                    spec=k8s.JobSpec(
                        backoff_limit=2,
                        active_deadline_seconds=600,
                        ttl_seconds_after_finished=86400,
                        template=k8s.PodTemplateSpec(
                            metadata=k8s.ObjectMeta(labels={**job_labels, INSTANCE_LABEL: config.name}),
                            spec=k8s.PodSpec(
                                service_account_name=name,
                                automount_service_account_token=False,
                                enable_service_links=False,
                                restart_policy="Never",
                                security_context=pod_security_context(),
                                containers=[container],
                                volumes=[
                                    k8s.Volume(name="tmp", empty_dir=k8s.EmptyDirVolumeSource(size_limit=quantity("64Mi"))),
                                    service_account_token_volume(TOKEN_VOLUME),
                                ],
                            ),
                        ),
                    )
                ),
            ),
        )
