"""InstanceStorage: the persistent workspace and home volumes, and the scratch emptyDirs."""

from __future__ import annotations

from cdk8s_plus_28 import k8s
from constructs import Construct

from ._kube import metadata, quantity
from ._names import object_name
from .config import InstanceConfig, VolumeClaimConfig

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


class InstanceStorage(Construct):
    """The instance's volumes.

    Under the hood: creates a PersistentVolumeClaim ``{instance}-workspace`` (mounted at /workspace)
    and ``{instance}-home`` (at /home/code/.claude), and declares size-limited emptyDirs for /tmp,
    caches, the Claude lock file, the SSH directory and a writable /home/code (the root filesystem
    is read-only). A claim that is disabled becomes an emptyDir of the same size: its data does not
    survive a restart. With ``storage.workspace.fromSnapshot`` the workspace claim is created from
    that VolumeSnapshot (restore).
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        storage = config.storage
        self.claims: dict[str, k8s.KubePersistentVolumeClaim] = {}
        self.volumes: list[k8s.Volume] = []
        for volume_name, claim in ((WORKSPACE, storage.workspace), (HOME, storage.home)):
            if claim.enabled:
                self.claims[volume_name] = self._claim(config, volume_name, claim)
                self.volumes.append(
                    k8s.Volume(
                        name=volume_name,
                        persistent_volume_claim=k8s.PersistentVolumeClaimVolumeSource(
                            claim_name=object_name(config.name, volume_name)
                        ),
                    )
                )
            else:
                self.volumes.append(self._empty_dir(volume_name, claim.size))
        scratch = [
            (TMP, storage.tmp_size),
            (CACHE, storage.cache_size),
            (NPM_CACHE, storage.npm_cache_size),
            (CLAUDE_LOCK, storage.claude_lock_size),
            (HOME_ROOT, storage.home_root_size),
        ]
        if config.ssh.enabled:
            scratch.append((SSH_DIRECTORY, "10Mi"))
        self.volumes.extend(self._empty_dir(name, size) for name, size in scratch)
        self.volume_names = frozenset(volume.name for volume in self.volumes)

    def mounts(self, *names: str, read_only: bool = False) -> list[k8s.VolumeMount]:
        """Mounts of this construct's volumes at their standard paths."""
        unknown = [name for name in names if name not in self.volume_names]
        if unknown:
            raise ValueError(f"no volume named {unknown} in this instance: known are {sorted(self.volume_names)}")
        return [
            k8s.VolumeMount(name=name, mount_path=MOUNT_PATHS[name], read_only=read_only or None) for name in names
        ]

    def _claim(self, config: InstanceConfig, volume_name: str, claim: VolumeClaimConfig) -> k8s.KubePersistentVolumeClaim:
        return k8s.KubePersistentVolumeClaim(
            self,
            volume_name,
            metadata=metadata(config, object_name(config.name, volume_name), "storage", kind="PersistentVolumeClaim"),
            spec=k8s.PersistentVolumeClaimSpec(
                access_modes=[claim.access_mode],
                resources=k8s.ResourceRequirements(requests={"storage": quantity(claim.size)}),
                storage_class_name=claim.storage_class or None,
                data_source=k8s.TypedLocalObjectReference(
                    api_group="snapshot.storage.k8s.io", kind="VolumeSnapshot", name=claim.from_snapshot
                ) if claim.from_snapshot else None,
            ),
        )

    @staticmethod
    def _empty_dir(name: str, size: str) -> k8s.Volume:
        return k8s.Volume(name=name, empty_dir=k8s.EmptyDirVolumeSource(size_limit=quantity(size)))
