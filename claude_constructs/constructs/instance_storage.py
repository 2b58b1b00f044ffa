"""InstanceStorage: a workload's volumes, persistent claims and size-limited scratch space."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import new_object, object_metadata, quantity

# The volumes of a Claude Code instance, and where its containers mount them.
WORKSPACE = "workspace"
HOME = "home"
TMP = "tmp"
CACHE = "cache"
NPM_CACHE = "npm-cache"
CLAUDE_LOCK = "claude-lock"
SSH_DIRECTORY = "ssh-directory"
HOME_ROOT = "home-root"

HOME_DIR = "/home/code"
MOUNT_PATHS = {
    WORKSPACE: "/workspace",
    HOME: f"{HOME_DIR}/.claude",
    TMP: "/tmp",
    CACHE: f"{HOME_DIR}/.cache",
    NPM_CACHE: f"{HOME_DIR}/.npm",
    CLAUDE_LOCK: f"{HOME_DIR}/.claude.json.lock",
    SSH_DIRECTORY: f"{HOME_DIR}/.ssh",
    HOME_ROOT: HOME_DIR,
}


@dataclass(frozen=True, kw_only=True, slots=True)
class Volume:
    """One volume: a PersistentVolumeClaim ``{props.name}-{name}`` when ``persistent``, else an
    emptyDir limited to ``size`` (its data does not survive a restart)."""

    name: str
    mount_path: str
    size: str
    persistent: bool = False
    storage_class: str = ""  # empty: the cluster's default StorageClass
    access_mode: str = "ReadWriteOnce"
    from_snapshot: str = ""  # create the claim from this VolumeSnapshot (restore)


@dataclass(frozen=True, kw_only=True, slots=True)
class InstanceStorageProps:
    name: str  # the prefix of the claims' names
    namespace: str
    volumes: tuple[Volume, ...]
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotations, and claims kept from pruning


class InstanceStorage(Construct):
    """The workload's volumes, in the order of the props.

    Under the hood: creates a PersistentVolumeClaim for each persistent volume, and declares the
    others as size-limited emptyDirs. ``volumes`` are the pod's volume entries, ``mounts()`` mounts
    them at their paths. For a Claude Code instance (``ClaudeInstanceChart``): the claims
    ``{instance}-workspace`` (at /workspace) and ``{instance}-home`` (at /home/code/.claude), and
    emptyDirs for /tmp, caches, the Claude lock file, the SSH directory and a writable /home/code (the
    root filesystem is read-only); with ``storage.workspace.fromSnapshot`` the workspace claim is
    created from that VolumeSnapshot (restore).
    """

    def __init__(self, scope: Construct, id: str, *, props: InstanceStorageProps) -> None:
        super().__init__(scope, id)
        self.props = props
        self.claims: dict[str, k8s.KubePersistentVolumeClaim] = {}
        self.volumes: list[k8s.Volume] = []
        for volume in props.volumes:
            if volume.persistent:
                self.claims[volume.name] = self._claim(volume)
                self.volumes.append(k8s.Volume(
                    name=volume.name,
                    persistent_volume_claim=k8s.PersistentVolumeClaimVolumeSource(claim_name=f"{props.name}-{volume.name}"),
                ))
            else:
                self.volumes.append(k8s.Volume(name=volume.name, empty_dir=k8s.EmptyDirVolumeSource(size_limit=quantity(volume.size))))
        self._mount_paths = {volume.name: volume.mount_path for volume in props.volumes}
        self.volume_names = frozenset(self._mount_paths)

    def mounts(self, *names: str, read_only: bool = False) -> list[k8s.VolumeMount]:
        """Mounts of this construct's volumes at their paths."""
        unknown = [name for name in names if name not in self.volume_names]
        if unknown:
            raise ValueError(f"no volume named {unknown} here: known are {sorted(self.volume_names)}")
        return [
            k8s.VolumeMount(name=name, mount_path=self._mount_paths[name], read_only=read_only or None) for name in names
        ]

    def _claim(self, volume: Volume) -> k8s.KubePersistentVolumeClaim:
        props = self.props
        return new_object(
            k8s.KubePersistentVolumeClaim, self,
            volume.name,
            metadata=object_metadata(props, "PersistentVolumeClaim", f"{props.name}-{volume.name}"),
            spec=k8s.PersistentVolumeClaimSpec(
                access_modes=[volume.access_mode],
                resources=k8s.ResourceRequirements(requests={"storage": quantity(volume.size)}),
                storage_class_name=volume.storage_class or None,
                data_source=k8s.TypedLocalObjectReference(
                    api_group="snapshot.storage.k8s.io", kind="VolumeSnapshot", name=volume.from_snapshot
                ) if volume.from_snapshot else None,
            ),
        )
