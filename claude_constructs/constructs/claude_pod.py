"""ClaudePod: the Deployment that runs the agent, its init containers and its sidecars."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs import instance_storage as vol
from claude_constructs.constructs.container import build_container, exec_probe
from claude_constructs.constructs.kube import TOKEN_DIR, TOKEN_VOLUME, env_secret, new_object, pod_security_context, service_account_token_volume
from claude_constructs.constructs.labels import gitops_annotations, selector_labels
from claude_constructs.config.ports import PortRegistry
from claude_constructs.config.loader import (
    AUTH_ALLOWED_KEY, MAIN_CONTAINER, MAIN_HTTP_PORT, MAIN_MCP_PORT, ImageRef, Resources, SecretKeyRef,
)
from claude_constructs.constructs.instance_config_map import (
    GITCONFIG_KEY, KNOWN_HOSTS_KEY, MANAGED_SETTINGS_KEY, MCP_CONFIG_KEY, SYSTEM_PROMPT_KEY, InstanceConfigMap,
)
from claude_constructs.constructs.instance_storage import InstanceStorage
from claude_constructs.constructs.mcp_sidecar import McpSidecar

CONFIG_VOLUME = "instance-config"
AUTH_PROXY_VOLUME = "auth-proxy-config"
AUTH_PROXY_DIR = "/etc/oauth2-proxy"
CONFIG_DIR = "/etc/claude"
MANAGED_VOLUME = "claude-code-managed"
MANAGED_DIR = "/etc/claude-code"  # where Claude Code reads managed-mcp.json and managed-settings.json
SSH_KEY_VOLUME = "ssh-private-key"
GIT_CONFIG_VOLUME = "git-config"
KUBECONFIG_VOLUME = "kubeconfig"

INIT_RESOURCES = Resources(
    requests={"cpu": "10m", "memory": "32Mi", "ephemeral-storage": "16Mi"},
    limits={"cpu": "200m", "memory": "128Mi", "ephemeral-storage": "64Mi"},
)

# Init scripts are constants: user values reach them only through environment variables and
# mounted files, never as script text.
SSH_SETUP_SCRIPT = """\
set -eu
if [ ! -f /ssh-key/id_ed25519 ]; then
  echo "ssh-setup: no private key in the Secret; continuing without SSH"
  exit 0
fi
cp /ssh-key/id_ed25519 /ssh-setup/id_ed25519
chmod 600 /ssh-setup/id_ed25519
ssh-keygen -y -f /ssh-setup/id_ed25519 > /ssh-setup/id_ed25519.pub
chmod 644 /ssh-setup/id_ed25519.pub
cp /ssh-config/known_hosts /ssh-setup/known_hosts
chmod 644 /ssh-setup/known_hosts
echo "ssh-setup: done"
"""

GIT_CLONE_SCRIPT = """\
set -eu
cd /workspace
if [ -d .git ]; then
  echo "git-clone: /workspace is a repository; fast-forwarding $GIT_BRANCH"
  git fetch origin "$GIT_BRANCH" && git merge --ff-only FETCH_HEAD || echo "git-clone: local changes kept as they are"
else
  echo "git-clone: cloning $GIT_REPOSITORY ($GIT_BRANCH)"
  git init -q -b "$GIT_BRANCH" .
  git remote add origin "$GIT_REPOSITORY"
  git fetch origin "$GIT_BRANCH"
  git checkout -q -B "$GIT_BRANCH" FETCH_HEAD
fi
"""
GITHUB_URL = "https://github.com"
GIT_CREDENTIAL_HELPER = '!f() { echo username=x-access-token; echo "password=${GITHUB_TOKEN:-}"; }; f'


@dataclass(frozen=True, kw_only=True, slots=True)
class SshSetup:
    """SSH for the agent: the ``ssh-setup`` init container copies the private key (from its Secret,
    which may be missing: the pod then starts without SSH) and the ConfigMap's ``known_hosts`` into
    ~/.ssh, and derives the public key."""

    private_key: SecretKeyRef
    image: ImageRef  # of ssh-setup: needs sh and ssh-keygen
    resources: Resources = INIT_RESOURCES


@dataclass(frozen=True, kw_only=True, slots=True)
class GitClone:
    """The ``git-clone`` init container: clones ``branch`` of ``repository`` into /workspace, or on a
    restart fast-forwards it (local changes are kept as they are). ``GITHUB_TOKEN`` answers for
    https://github.com only; with ``ssh`` it uses the agent's key."""

    repository: str  # an https or SSH URL (an SSH URL needs ``ssh``)
    branch: str
    image: ImageRef  # of git-clone: needs sh and git
    resources: Resources = INIT_RESOURCES


@dataclass(frozen=True, kw_only=True, slots=True)
class ClaudePodProps:
    """The agent's Deployment and what its ``claude-web`` container gets beyond the storage's volumes
    and the ConfigMap's files, which it always mounts."""

    name: str  # of the Deployment; the agent's CLAUDE_INSTANCE_NAME
    namespace: str  # the agent's CLAUDE_NAMESPACE
    image: ImageRef  # of the agent
    resources: Resources  # of the agent
    description: str = ""  # the agent's CLAUDE_INSTANCE_DESCRIPTION
    userid: str = ""  # the owner, the agent's CLAUDE_USERID
    # The agent's variables, after the pod's own (HOME, EDITOR, CLAUDE_...), and those read from Secrets.
    env: Mapping[str, str] = field(default_factory=dict)
    secret_env: Mapping[str, SecretKeyRef] = field(default_factory=dict)
    # Claude Code's credentials by variable (ANTHROPIC_API_KEY, CLAUDE_CODE_OAUTH_TOKEN), each from a Secret.
    credentials: Mapping[str, SecretKeyRef] = field(default_factory=dict)
    github_token: SecretKeyRef | None = None  # GITHUB_TOKEN of the agent and git-clone; the Secret may be missing
    database_url: SecretKeyRef | None = None  # the agent's DATABASE_URL
    metrics_port: int | None = None  # Claude Code's OpenTelemetry metrics for Prometheus (port ``metrics``); None: off
    kubeconfig: SecretKeyRef | None = None  # the agent's ~/.kube/config (a sidecar mounts ``kubeconfig_mount()``)
    gitconfig_secret: str = ""  # ~/.gitconfig from this Secret's ``.gitconfig``; empty: the ConfigMap's, if any
    ssh: SshSetup | None = None  # None: no ~/.ssh and no ssh-setup
    git_clone: GitClone | None = None  # None: no git-clone; the agent is ready once /workspace is writable
    sidecars: tuple[McpSidecar, ...] = ()  # MCP servers and tools beside the agent, in this order
    # The sign-in proxy, the pod's last container: it gets the ConfigMap's ``allowed-identities`` at
    # AUTH_PROXY_DIR (``auth_proxy_mount()``: a folder, so that it sees every update). None: no proxy.
    auth_proxy: McpSidecar | None = None
    service_account: str = ""  # the pod's ServiceAccount; empty: the namespace's default
    service_account_token: bool = False  # its token for the agent (expires after an hour); never automounted
    runtime_class: str = ""  # the pod's RuntimeClass (gvisor, kata); empty: the cluster's default runtime
    suspended: bool = False  # no replica; the Deployment and the volumes stay
    pod_selector: Mapping[str, str] | None = None  # the Deployment's selector; None: ``selector_labels(name)``
    labels: Mapping[str, str] = field(default_factory=dict)  # of the Deployment and its pods (with the selector)
    annotations: Mapping[str, str] = field(default_factory=dict)  # of the Deployment and its pods
    sync_waves: bool = False  # ArgoCD sync-wave annotation

    def __post_init__(self) -> None:
        object.__setattr__(self, "sidecars", tuple(self.sidecars))


class ClaudePod(Construct):
    """The agent's Deployment: one replica (none while ``suspended``), ``Recreate`` (the workspace
    has one writer).

    Under the hood: creates a Deployment ``{name}`` whose pod runs the ``claude-web`` container, the
    ``sidecars`` and the ``auth_proxy`` (each registers its ports in ``ports``: a port used twice is a
    ``ValueError``), and the ``ssh-setup`` / ``git-clone`` init containers. It mounts the ``storage``'s
    volumes and the ``config_map``'s files (the system prompt, Claude Code's managed MCP servers and
    settings, a ``.gitconfig``). Every container satisfies Pod Security Standards "restricted" and
    has requests and limits. The pod template carries the ConfigMap checksum, so a new system prompt
    rolls the pod. ``charts.pod_props.pod_props(config)`` gives the props of a Claude Code instance.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        props: ClaudePodProps,
        storage: InstanceStorage,
        config_map: InstanceConfigMap,
    ) -> None:
        super().__init__(scope, id)
        if props.ssh and KNOWN_HOSTS_KEY not in config_map.keys:
            raise ValueError(f"ssh needs the ConfigMap's '{KNOWN_HOSTS_KEY}' (InstanceConfigMapProps.known_hosts)")
        if props.auth_proxy and AUTH_ALLOWED_KEY not in config_map.keys:
            raise ValueError(f"the sign-in proxy needs the ConfigMap's '{AUTH_ALLOWED_KEY}' (one identity a line, in files)")
        self.props = props
        self.storage = storage
        self.config_map = config_map
        self.ports = PortRegistry()
        self.main_ports = [("http", MAIN_HTTP_PORT), ("mcp", MAIN_MCP_PORT)]
        if props.metrics_port is not None:
            self.main_ports.append(("metrics", props.metrics_port))
        for name, number in self.main_ports:
            self.ports.register(MAIN_CONTAINER, name, number)
        self.sidecars = list(props.sidecars) + ([props.auth_proxy] if props.auth_proxy else [])
        containers = [self._main_container()] + [sidecar.container(self.ports) for sidecar in self.sidecars]

        template_annotations = {
            **props.annotations,
            "checksum/config": config_map.checksum,
            "kubectl.kubernetes.io/default-container": MAIN_CONTAINER,
        }
        selector = dict(props.pod_selector) if props.pod_selector is not None else selector_labels(props.name)
        pod_spec = k8s.PodSpec(
            runtime_class_name=props.runtime_class or None,
            service_account_name=props.service_account or None,
            automount_service_account_token=False,
            enable_service_links=False,
            security_context=pod_security_context(),
            init_containers=self._init_containers() or None,
            containers=containers,
            volumes=self._volumes(),
            termination_grace_period_seconds=30,
        )
        self.resource = new_object(
            k8s.KubeDeployment, self,
            "Resource",
            metadata=k8s.ObjectMeta(
                name=props.name, namespace=props.namespace, labels=dict(props.labels),
                annotations={**props.annotations, **(gitops_annotations("Deployment") if props.sync_waves else {})},
            ),
            spec=k8s.DeploymentSpec(
                replicas=0 if props.suspended else 1,
                revision_history_limit=3,
                selector=k8s.LabelSelector(match_labels=selector),
                strategy=k8s.DeploymentStrategy(type="Recreate"),
                template=k8s.PodTemplateSpec(
                    metadata=k8s.ObjectMeta(labels={**selector, **props.labels}, annotations=template_annotations),
                    spec=pod_spec,
                ),
            ),
        )

    # ---------------------------------------------------------------------------------------
    # The agent

    def _main_container(self) -> k8s.Container:
        props = self.props
        env = {
            "HOME": vol.HOME_DIR,
            "EDITOR": "vim",
            "CLAUDE_INSTANCE_NAME": props.name,
            "CLAUDE_INSTANCE_DESCRIPTION": props.description,
            "CLAUDE_USERID": props.userid,
            "CLAUDE_NAMESPACE": props.namespace,
            "CLAUDE_SYSTEM_PROMPT_FILE": f"{CONFIG_DIR}/{SYSTEM_PROMPT_KEY}",
            # Claude Code keeps ~/.claude/ and, with this set, .claude.json (login, onboarding, user
            # MCP servers) in this folder: the home claim, so a restart keeps the agent signed in.
            "CLAUDE_CONFIG_DIR": vol.MOUNT_PATHS[vol.HOME],
            **props.env,
        }
        if props.metrics_port is not None:
            # Claude Code's OpenTelemetry metrics, served for Prometheus on the metrics port.
            env.update({
                "CLAUDE_CODE_ENABLE_TELEMETRY": "1",
                "OTEL_METRICS_EXPORTER": "prometheus",
                "OTEL_EXPORTER_PROMETHEUS_HOST": "0.0.0.0",
                "OTEL_EXPORTER_PROMETHEUS_PORT": str(props.metrics_port),
            })
        extra_env = self._github_token()
        for variable, ref in props.credentials.items():
            extra_env.append(env_secret(variable, ref.secret_name, ref.key))
        if props.database_url:
            extra_env.append(env_secret("DATABASE_URL", props.database_url.secret_name, props.database_url.key))

        mounts = self.storage.mounts(
            vol.HOME_ROOT, vol.WORKSPACE, vol.TMP, vol.HOME, vol.CACHE, vol.NPM_CACHE, vol.CLAUDE_LOCK
        )
        if props.ssh:
            mounts += self.storage.mounts(vol.SSH_DIRECTORY)
        mounts.append(k8s.VolumeMount(name=CONFIG_VOLUME, mount_path=CONFIG_DIR, read_only=True))
        mounts.append(k8s.VolumeMount(name=MANAGED_VOLUME, mount_path=MANAGED_DIR, read_only=True))
        if props.gitconfig_secret or GITCONFIG_KEY in self.config_map.keys:
            source = GIT_CONFIG_VOLUME if props.gitconfig_secret else CONFIG_VOLUME
            mounts.append(
                k8s.VolumeMount(name=source, mount_path=f"{vol.HOME_DIR}/.gitconfig", sub_path=GITCONFIG_KEY, read_only=True)
            )
        if props.kubeconfig:
            mounts.append(kubeconfig_mount())
        if props.service_account_token:
            mounts.append(k8s.VolumeMount(name=TOKEN_VOLUME, mount_path=TOKEN_DIR, read_only=True))

        # pgrep excludes itself and runs without a shell, so the pattern cannot match the probe.
        liveness = exec_probe(["pgrep", "-f", "^sleep 2147483647"], period=30, delay=30)
        ready_check = ["test", "-d", "/workspace/.git"] if props.git_clone else ["test", "-w", "/workspace"]
        return build_container(
            name=MAIN_CONTAINER,
            image=props.image,
            resources=props.resources,
            ports=self.main_ports,
            env=env,
            secret_env=props.secret_env,
            extra_env=extra_env,
            volume_mounts=mounts,
            working_dir="/workspace",
            liveness=liveness,
            readiness=exec_probe(ready_check, period=10, delay=5),
        )

    def _github_token(self) -> list[k8s.EnvVar]:
        token = self.props.github_token
        return [env_secret("GITHUB_TOKEN", token.secret_name, token.key, optional=True)] if token else []

    # ---------------------------------------------------------------------------------------
    # Init containers

    def _init_containers(self) -> list[k8s.Container]:
        props = self.props
        init = []
        if props.ssh:
            init.append(
                build_container(
                    name="ssh-setup",
                    image=props.ssh.image,
                    resources=props.ssh.resources,
                    command=["/bin/sh", "-c", SSH_SETUP_SCRIPT],
                    volume_mounts=[
                        k8s.VolumeMount(name=SSH_KEY_VOLUME, mount_path="/ssh-key", read_only=True),
                        k8s.VolumeMount(name=vol.SSH_DIRECTORY, mount_path="/ssh-setup"),
                        k8s.VolumeMount(name=CONFIG_VOLUME, mount_path="/ssh-config", read_only=True),
                    ],
                )
            )
        if props.git_clone:
            clone = props.git_clone
            env = {
                "HOME": "/tmp",
                "GIT_REPOSITORY": clone.repository,
                "GIT_BRANCH": clone.branch,
                "GIT_CONFIG_COUNT": "2",
                # The token answers for GitHub only, never for another git server the clone talks to.
                "GIT_CONFIG_KEY_0": f"credential.{GITHUB_URL}.helper",
                "GIT_CONFIG_VALUE_0": GIT_CREDENTIAL_HELPER,
                "GIT_CONFIG_KEY_1": "safe.directory",
                "GIT_CONFIG_VALUE_1": "/workspace",
            }
            mounts = self.storage.mounts(vol.WORKSPACE, vol.TMP)
            if props.ssh:
                env["GIT_SSH_COMMAND"] = (
                    f"ssh -i {vol.HOME_DIR}/.ssh/id_ed25519 -o UserKnownHostsFile={vol.HOME_DIR}/.ssh/known_hosts"
                )
                mounts += self.storage.mounts(vol.SSH_DIRECTORY, read_only=True)
            init.append(
                build_container(
                    name="git-clone",
                    image=clone.image,
                    resources=clone.resources,
                    command=["/bin/sh", "-c", GIT_CLONE_SCRIPT],
                    env=env,
                    extra_env=self._github_token(),
                    volume_mounts=mounts,
                )
            )
        return init

    # ---------------------------------------------------------------------------------------
    # Volumes

    def _volumes(self) -> list[k8s.Volume]:
        props = self.props
        config_map = self.config_map.name
        volumes = list(self.storage.volumes)
        volumes.append(k8s.Volume(name=CONFIG_VOLUME, config_map=k8s.ConfigMapVolumeSource(name=config_map)))
        volumes.append(k8s.Volume(name=MANAGED_VOLUME, config_map=k8s.ConfigMapVolumeSource(
            name=config_map, items=[k8s.KeyToPath(key=key, path=key) for key in (MCP_CONFIG_KEY, MANAGED_SETTINGS_KEY)])))
        if props.ssh:
            # Optional: without the Secret the pod still starts, and ssh-setup says so.
            volumes.append(
                k8s.Volume(
                    name=SSH_KEY_VOLUME,
                    secret=k8s.SecretVolumeSource(
                        secret_name=props.ssh.private_key.secret_name,
                        items=[k8s.KeyToPath(key=props.ssh.private_key.key, path="id_ed25519")],
                        default_mode=0o440,
                        optional=True,
                    ),
                )
            )
        if props.gitconfig_secret:
            volumes.append(
                k8s.Volume(
                    name=GIT_CONFIG_VOLUME,
                    secret=k8s.SecretVolumeSource(secret_name=props.gitconfig_secret, default_mode=0o440),
                )
            )
        if props.kubeconfig:
            volumes.append(
                k8s.Volume(
                    name=KUBECONFIG_VOLUME,
                    secret=k8s.SecretVolumeSource(
                        secret_name=props.kubeconfig.secret_name,
                        items=[k8s.KeyToPath(key=props.kubeconfig.key, path="config")],
                        default_mode=0o440,
                    ),
                )
            )
        if props.service_account_token:
            volumes.append(service_account_token_volume(TOKEN_VOLUME))
        if props.auth_proxy:
            # The allow-list as a folder, not a subPath file: oauth2-proxy then sees every update.
            volumes.append(k8s.Volume(name=AUTH_PROXY_VOLUME, config_map=k8s.ConfigMapVolumeSource(
                name=config_map, items=[k8s.KeyToPath(key=AUTH_ALLOWED_KEY, path=AUTH_ALLOWED_KEY)])))
        return volumes


def kubeconfig_mount() -> k8s.VolumeMount:
    """The pod's kubeconfig (``ClaudePodProps.kubeconfig``) at ~/.kube/config, for the containers that
    act on clusters: the agent, and sidecars such as Ansible. MCP servers, language servers, the
    database clients and the sign-in proxy get no cluster credentials."""
    return k8s.VolumeMount(name=KUBECONFIG_VOLUME, mount_path=f"{vol.HOME_DIR}/.kube/config", sub_path="config", read_only=True)


def auth_proxy_mount() -> k8s.VolumeMount:
    """The ConfigMap's ``allowed-identities`` in AUTH_PROXY_DIR, for ``ClaudePodProps.auth_proxy``."""
    return k8s.VolumeMount(name=AUTH_PROXY_VOLUME, mount_path=AUTH_PROXY_DIR, read_only=True)
