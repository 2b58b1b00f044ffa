"""WorkspaceBackup: VolumeSnapshots of a workload's volume, on demand and on a schedule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.config.names import object_name
from claude_constructs.constructs.container import build_container
from claude_constructs.constructs.kube import (
    TOKEN_DIR,
    TOKEN_VOLUME,
    Pods,
    custom_metadata,
    network_peer,
    network_port,
    new_object,
    object_metadata,
    pod_security_context,
    quantity,
    service_account_token_volume,
)
from claude_constructs.constructs.labels import INSTANCE_LABEL

SNAPSHOT_LABEL = "claude-constructs/snapshot"


@dataclass(frozen=True, kw_only=True, slots=True)
class JobResources:
    """Requests and limits with Kubernetes resource names (``cpu``, ``memory``, ``ephemeral-storage``)."""

    requests: Mapping[str, str]
    limits: Mapping[str, str]


# The snapshot job's container (a tenant's quota counts them: ``charts.instance_props.namespace_usage``).
JOB_RESOURCES = JobResources(
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


@dataclass(frozen=True, kw_only=True, slots=True)
class _Image:  # a ContainerImage: what ``build_container`` reads of an image
    ref: str
    pull_policy: str


@dataclass(frozen=True, kw_only=True, slots=True)
class WorkspaceBackupProps:
    """Snapshots of one PersistentVolumeClaim of the workload ``name``."""

    # The workload's name: scheduled snapshots carry it (label ``claude-constructs/instance``), and
    # the CronJob, its ServiceAccount, Role, RoleBinding and NetworkPolicy are ``{name}-snapshots``.
    name: str
    namespace: str
    claim: str  # the PersistentVolumeClaim snapshotted
    snapshots: tuple[str, ...] = ()  # on-demand snapshots: each name becomes the VolumeSnapshot ``{claim}-{name}``
    snapshot_class: str = ""  # the VolumeSnapshotClass; empty: the cluster's default
    schedule: str = ""  # cron schedule of the snapshot CronJob; empty: no CronJob
    keep: int = 7  # scheduled snapshots kept; older ones are deleted
    image: str = "bitnami/kubectl:1.31.4"  # the job's image (it needs kubectl and /bin/sh)
    image_pull_policy: str = "IfNotPresent"
    # A NetworkPolicy letting the job's pods reach only the cluster DNS pods and the API server
    # (at ``api_server_cidrs``: without them the job cannot reach it).
    network_policy: bool = True
    dns: Pods = field(default_factory=lambda: Pods(namespace="kube-system", pod_labels={"k8s-app": "kube-dns"}))
    api_server_cidrs: tuple[str, ...] = ()
    api_server_port: int = 443
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotations, and snapshots kept from pruning


class WorkspaceBackup(Construct):
    """Under the hood: one VolumeSnapshot ``{claim}-{name}`` per name in ``snapshots`` (with
    ``sync_waves``, kept when the workload is removed); with a ``schedule`` a CronJob
    ``{name}-snapshots`` whose pod (restricted, its own ServiceAccount and Role that may only
    create, list and delete VolumeSnapshots, a projected token and, with ``network_policy``, a
    NetworkPolicy allowing only DNS and the API server) snapshots the claim and keeps the newest
    ``keep``. Its pods carry ``app.kubernetes.io/name: claude-code-backup``, so the workload's own
    Service, budget and policies never select them. For a Claude Code instance: the claim
    ``{instance}-workspace``, ``backup.snapshots``, ``backup.schedule`` and ``backup.keep``;
    restoring is ``storage.workspace.fromSnapshot`` (see ``InstanceStorage``).
    """

    def __init__(self, scope: Construct, id: str, *, props: WorkspaceBackupProps) -> None:
        super().__init__(scope, id)
        from imports.io.k8s.storage.snapshot import VolumeSnapshot, VolumeSnapshotSpec, VolumeSnapshotSpecSource

        self.props = props
        self.snapshots = []
        for name in props.snapshots:
            self.snapshots.append(
                VolumeSnapshot(
                    self,
                    name,
                    metadata=custom_metadata(props, "VolumeSnapshot", f"{props.claim}-{name}",
                                             labels={**props.labels, SNAPSHOT_LABEL: "on-demand"}),
                    spec=VolumeSnapshotSpec(
                        source=VolumeSnapshotSpecSource(persistent_volume_claim_name=props.claim),
                        volume_snapshot_class_name=props.snapshot_class or None,
                    ),
                )
            )
        self.schedule = self._schedule() if props.schedule else None

    def _schedule(self) -> k8s.KubeCronJob:
        props = self.props
        name = object_name(props.name, "snapshots")

        def meta(kind: str) -> k8s.ObjectMeta:
            return object_metadata(props, kind, name)

        # Not the workload's selector labels: its Service, PodDisruptionBudget and network policy
        # must never select a snapshot job.
        job_labels = {
            "app.kubernetes.io/name": "claude-code-backup",
            "app.kubernetes.io/instance": props.name,
            "app.kubernetes.io/component": "backup",
        }
        new_object(
            k8s.KubeServiceAccount, self, "Account", metadata=meta("ServiceAccount"), automount_service_account_token=False,
        )
        new_object(
            k8s.KubeRole, self,
            "Role",
            metadata=meta("Role"),
            rules=[k8s.PolicyRule(api_groups=["snapshot.storage.k8s.io"], resources=["volumesnapshots"],
                                  verbs=["create", "list", "delete"])],
        )
        new_object(
            k8s.KubeRoleBinding, self,
            "Binding",
            metadata=meta("RoleBinding"),
            role_ref=k8s.RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name=name),
            subjects=[k8s.Subject(kind="ServiceAccount", name=name, namespace=props.namespace)],
        )
        if props.network_policy:
            egress = [k8s.NetworkPolicyEgressRule(to=[network_peer(props.dns)], ports=[network_port(53, "UDP"), network_port(53, "TCP")])]
            if props.api_server_cidrs:
                egress.append(k8s.NetworkPolicyEgressRule(
                    to=[k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr=cidr)) for cidr in props.api_server_cidrs],
                    ports=[network_port(props.api_server_port)],
                ))
            new_object(
                k8s.KubeNetworkPolicy, self,
                "Policy",
                metadata=meta("NetworkPolicy"),
                spec=k8s.NetworkPolicySpec(
                    pod_selector=k8s.LabelSelector(match_labels=job_labels), policy_types=["Ingress", "Egress"], egress=egress
                ),
            )
        container = build_container(
            name="snapshot",
            image=_Image(ref=props.image, pull_policy=props.image_pull_policy),
            resources=JOB_RESOURCES,
            command=["/bin/sh", "-c", SNAPSHOT_SCRIPT],
            env={
                "HOME": "/tmp",
                "INSTANCE": props.name,
                "INSTANCE_LABEL": INSTANCE_LABEL,
                "SNAPSHOT_LABEL": SNAPSHOT_LABEL,
                "CLAIM": props.claim,
                "KEEP": str(props.keep),
                "SNAPSHOT_CLASS": props.snapshot_class,
            },
            volume_mounts=[
                k8s.VolumeMount(name="tmp", mount_path="/tmp"),
                k8s.VolumeMount(name=TOKEN_VOLUME, mount_path=TOKEN_DIR, read_only=True),
            ],
        )
        return new_object(
            k8s.KubeCronJob, self,
            "Resource",
            metadata=meta("CronJob"),
            spec=k8s.CronJobSpec(
                schedule=props.schedule,
                concurrency_policy="Forbid",
                successful_jobs_history_limit=1,
                failed_jobs_history_limit=3,
                job_template=k8s.JobTemplateSpec(
                    spec=k8s.JobSpec(
                        backoff_limit=2,
                        active_deadline_seconds=600,
                        ttl_seconds_after_finished=86400,
                        template=k8s.PodTemplateSpec(
                            metadata=k8s.ObjectMeta(labels={**job_labels, INSTANCE_LABEL: props.name}),
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
