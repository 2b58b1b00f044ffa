"""ClaudePod: the Deployment that runs the agent, its init containers and its sidecars."""

from __future__ import annotations

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs import instance_storage as vol
from claude_constructs.constructs.container import build_container, exec_probe
from claude_constructs.constructs.kube import TOKEN_DIR, TOKEN_VOLUME, env_secret, metadata, new_object, pod_security_context, service_account_token_volume
from claude_constructs.constructs.labels import instance_labels, selector_labels, traceability_annotations
from claude_constructs.config.ports import PortRegistry
from claude_constructs.config.loader import (
    AUTH_ALLOWED_KEY,
    AUTH_PROXY_CONTAINER,
    AUTH_PROXY_PORT_NAME,
    MAIN_CONTAINER,
    MAIN_HTTP_PORT,
    InstanceConfig,
    Resources,
    SecretKeyRef,
    pod_ports,
    serves_through_proxy,
)
from claude_constructs.constructs.instance_config_map import GITCONFIG_KEY, MANAGED_SETTINGS_KEY, MCP_CONFIG_KEY, SYSTEM_PROMPT_KEY, InstanceConfigMap
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


class ClaudePod(Construct):
    """The agent's Deployment: one replica (none while ``suspended``), ``Recreate`` (the workspace
    has one writer).

    Under the hood: creates a Deployment ``{instance}`` whose pod runs the ``claude-web`` container,
    an ``McpSidecar`` for each enabled in-pod MCP server and tool (Context7, Playwright, Docker Hub,
    Go, TypeScript, Postgres client, Hasura, Ansible), and the ``ssh-setup`` / ``git-clone`` init
    containers. Every container satisfies Pod Security Standards "restricted" and has requests and
    limits. The pod template carries the ConfigMap checksum, so a new system prompt rolls the pod.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: InstanceConfig,
        storage: InstanceStorage,
        config_map: InstanceConfigMap,
        service_account_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        self.config = config
        self.storage = storage
        self.config_map = config_map
        self.ports = PortRegistry()
        self.main_ports = [(name, number) for owner, name, number, _ in pod_ports(config) if owner == MAIN_CONTAINER]
        for name, number in self.main_ports:
            self.ports.register(MAIN_CONTAINER, name, number)
        self.sidecars = self._sidecars()
        containers = [self._main_container()] + [sidecar.container(self.ports) for sidecar in self.sidecars]

        template_annotations = {
            **traceability_annotations(config),
            "checksum/config": config_map.checksum,
            "kubectl.kubernetes.io/default-container": MAIN_CONTAINER,
        }
        pod_spec = k8s.PodSpec(
            runtime_class_name=config.isolation or None,
            service_account_name=service_account_name,
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
            metadata=metadata(config, config.name, "agent", kind="Deployment"),
            spec=k8s.DeploymentSpec(
                replicas=0 if config.suspended else 1,
                revision_history_limit=3,
                selector=k8s.LabelSelector(match_labels=selector_labels(config)),
                strategy=k8s.DeploymentStrategy(type="Recreate"),
                template=k8s.PodTemplateSpec(
                    metadata=k8s.ObjectMeta(labels=instance_labels(config, "agent"), annotations=template_annotations),
                    spec=pod_spec,
                ),
            ),
        )

    # ---------------------------------------------------------------------------------------
    # Mounts shared by several containers

    def _kubeconfig_mounts(self) -> list[k8s.VolumeMount]:
        """The kubeconfig, for the containers that act on clusters: the agent and Ansible. MCP
        servers, language servers, the database clients and the sign-in proxy get no cluster
        credentials (the original chart mounted it into every container)."""
        if not self.config.kubeconfig:
            return []
        return [
            k8s.VolumeMount(
                name=KUBECONFIG_VOLUME, mount_path=f"{vol.HOME_DIR}/.kube/config", sub_path="config", read_only=True
            )
        ]

    def _tz(self) -> dict[str, str]:
        return {"TZ": self.config.env["TZ"]} if "TZ" in self.config.env else {}

    # ---------------------------------------------------------------------------------------
    # The agent

    def _main_container(self) -> k8s.Container:
        config = self.config
        env = {
            "HOME": vol.HOME_DIR,
            "EDITOR": "vim",
            "CLAUDE_INSTANCE_NAME": config.name,
            "CLAUDE_INSTANCE_DESCRIPTION": config.description,
            "CLAUDE_USERID": config.userid,
            "CLAUDE_NAMESPACE": config.namespace,
            "CLAUDE_SYSTEM_PROMPT_FILE": f"{CONFIG_DIR}/{SYSTEM_PROMPT_KEY}",
            # Claude Code keeps ~/.claude/ and, with this set, .claude.json (login, onboarding, user
            # MCP servers) in this folder: the home claim, so a restart keeps the agent signed in.
            "CLAUDE_CONFIG_DIR": vol.MOUNT_PATHS[vol.HOME],
            **config.env,
        }
        if config.metrics.enabled:
            # Claude Code's OpenTelemetry metrics, served for Prometheus on the metrics port.
            env.update({
                "CLAUDE_CODE_ENABLE_TELEMETRY": "1",
                "OTEL_METRICS_EXPORTER": "prometheus",
                "OTEL_EXPORTER_PROMETHEUS_HOST": "0.0.0.0",
                "OTEL_EXPORTER_PROMETHEUS_PORT": str(config.metrics.port),
            })
        extra_env = [env_secret("GITHUB_TOKEN", config.github_token.secret_name, config.github_token.key, optional=True)]
        for variable, ref in config.anthropic.items():
            extra_env.append(env_secret(variable, ref.secret_name, ref.key))
        if config.has_database:
            extra_env.append(env_secret("DATABASE_URL", config.database.connection_secret, "url"))

        mounts = self.storage.mounts(
            vol.HOME_ROOT, vol.WORKSPACE, vol.TMP, vol.HOME, vol.CACHE, vol.NPM_CACHE, vol.CLAUDE_LOCK
        )
        if config.ssh.enabled:
            mounts += self.storage.mounts(vol.SSH_DIRECTORY)
        mounts.append(k8s.VolumeMount(name=CONFIG_VOLUME, mount_path=CONFIG_DIR, read_only=True))
        mounts.append(k8s.VolumeMount(name=MANAGED_VOLUME, mount_path=MANAGED_DIR, read_only=True))
        if config.git_config.enabled:
            source = GIT_CONFIG_VOLUME if config.git_config.secret_name else CONFIG_VOLUME
            mounts.append(
                k8s.VolumeMount(name=source, mount_path=f"{vol.HOME_DIR}/.gitconfig", sub_path=GITCONFIG_KEY, read_only=True)
            )
        mounts += self._kubeconfig_mounts()
        if config.rbac.create:
            mounts.append(k8s.VolumeMount(name=TOKEN_VOLUME, mount_path=TOKEN_DIR, read_only=True))

        # pgrep excludes itself and runs without a shell, so the pattern cannot match the probe.
        liveness = exec_probe(["pgrep", "-f", "^sleep 2147483647"], period=30, delay=30)
        ready_check = ["test", "-d", "/workspace/.git"] if config.git_clone.enabled else ["test", "-w", "/workspace"]
        return build_container(
            name=MAIN_CONTAINER,
            image=config.image,
            resources=config.resources,
            ports=self.main_ports,
            env=env,
            secret_env=config.secret_env,
            extra_env=extra_env,
            volume_mounts=mounts,
            working_dir="/workspace",
            liveness=liveness,
            readiness=exec_probe(ready_check, period=10, delay=5),
        )

    # ---------------------------------------------------------------------------------------
    # Sidecars

    def _sidecars(self) -> list[McpSidecar]:
        config = self.config
        storage = self.storage
        tz = self._tz()
        sidecars = []

        def add(**props) -> None:
            sidecars.append(McpSidecar(**props))

        for server in config.mcp_servers:
            if not server.sidecar:
                continue
            port_env = {"PORT": str(server.ports[0][1])} if server.key != "playwrightBrowser" else {}
            add(
                name=server.container_name,
                image=server.image,
                resources=server.resources,
                ports=server.ports,
                env={"HOME": vol.HOME_DIR, **port_env, **tz},
                volume_mounts=storage.mounts(vol.TMP, vol.CACHE),
            )
        if config.features.golang:
            add(
                name="golang-tool",
                image=config.golang.image,
                resources=config.golang.resources,
                ports=[("golang-mcp", config.golang.port)],
                command=["/usr/local/bin/mcp-language-server", "--lsp", "gopls", "--http", "--port", str(config.golang.port)],
                working_dir="/workspace",
                env={"HOME": vol.HOME_DIR, "GOMODCACHE": "/tmp/go-mod-cache", "GOCACHE": f"{vol.HOME_DIR}/.cache/go-build",
                     "WORKSPACE_DIR": "/workspace", **tz},
                volume_mounts=storage.mounts(vol.WORKSPACE, vol.TMP, vol.CACHE),
            )
        if config.features.typescript:
            port = str(config.typescript.port)
            add(
                name="typescript-tool",
                image=config.typescript.image,
                resources=config.typescript.resources,
                ports=[("ts-mcp", config.typescript.port)],
                command=["/usr/local/bin/mcp-language-server", "--lsp", "typescript-language-server", "--http",
                         "--port", port, "--", "--workspace=/workspace", "--", "--stdio"],
                working_dir="/workspace",
                env={"HOME": vol.HOME_DIR, "WORKSPACE_DIR": "/workspace", **tz},
                volume_mounts=storage.mounts(vol.WORKSPACE, vol.TMP, vol.NPM_CACHE, vol.CACHE),
            )
        if config.features.postgres:
            secret = config.database.connection_secret
            add(
                name="postgres",
                image=config.postgres.image,
                resources=config.postgres.resources,
                command=["sleep", "infinity"],
                health_command=["psql", "--version"],
                env={"HOME": "/tmp", **tz},
                secret_env={
                    "PGHOST": _ref(secret, "host"),
                    "PGUSER": _ref(secret, "user"),
                    "PGPASSWORD": _ref(secret, "password"),
                },
                volume_mounts=storage.mounts(vol.WORKSPACE, vol.TMP),
            )
        if config.features.graphql:
            add(
                name="hasura",
                image=config.hasura.image,
                resources=config.hasura.resources,
                ports=[("graphql", config.hasura.port)],
                env={"HASURA_GRAPHQL_SERVER_PORT": str(config.hasura.port), "HASURA_GRAPHQL_DEV_MODE": "false", **tz},
                secret_env={
                    "HASURA_GRAPHQL_ADMIN_SECRET": config.hasura_admin_secret,
                    "HASURA_GRAPHQL_DATABASE_URL": _ref(config.database.connection_secret, "url"),
                },
                volume_mounts=storage.mounts(vol.TMP),
                health_path="/healthz",
            )
        if config.features.ansible:
            mounts = storage.mounts(vol.WORKSPACE, vol.TMP)
            if config.ssh.enabled:
                mounts += storage.mounts(vol.SSH_DIRECTORY, read_only=True)
            add(
                name="ansible",
                image=config.ansible.image,
                resources=config.ansible.resources,
                command=["sleep", "infinity"],
                health_command=["ansible", "--version"],
                working_dir="/workspace",
                env={"HOME": vol.HOME_DIR, "ANSIBLE_HOME": "/tmp/.ansible", "ANSIBLE_LOCAL_TEMP": "/tmp/.ansible/tmp", **tz},
                volume_mounts=mounts + self._kubeconfig_mounts(),
            )
        if serves_through_proxy(config):
            add(**auth_proxy_props(config))
        return sidecars

    # ---------------------------------------------------------------------------------------
    # Init containers

    def _init_containers(self) -> list[k8s.Container]:
        config = self.config
        init = []
        if config.ssh.enabled:
            init.append(
                build_container(
                    name="ssh-setup",
                    image=config.ssh.image,
                    resources=INIT_RESOURCES,
                    command=["/bin/sh", "-c", SSH_SETUP_SCRIPT],
                    volume_mounts=[
                        k8s.VolumeMount(name=SSH_KEY_VOLUME, mount_path="/ssh-key", read_only=True),
                        k8s.VolumeMount(name=vol.SSH_DIRECTORY, mount_path="/ssh-setup"),
                        k8s.VolumeMount(name=CONFIG_VOLUME, mount_path="/ssh-config", read_only=True),
                    ],
                )
            )
        if config.git_clone.enabled:
            env = {
                "HOME": "/tmp",
                "GIT_REPOSITORY": config.git_clone.repository,
                "GIT_BRANCH": config.git_clone.branch,
                "GIT_CONFIG_COUNT": "2",
                # The token answers for GitHub only, never for another git server the clone talks to.
                "GIT_CONFIG_KEY_0": f"credential.{GITHUB_URL}.helper",
                "GIT_CONFIG_VALUE_0": GIT_CREDENTIAL_HELPER,
                "GIT_CONFIG_KEY_1": "safe.directory",
                "GIT_CONFIG_VALUE_1": "/workspace",
            }
            mounts = self.storage.mounts(vol.WORKSPACE, vol.TMP)
            if config.ssh.enabled:
                env["GIT_SSH_COMMAND"] = (
                    f"ssh -i {vol.HOME_DIR}/.ssh/id_ed25519 -o UserKnownHostsFile={vol.HOME_DIR}/.ssh/known_hosts"
                )
                mounts += self.storage.mounts(vol.SSH_DIRECTORY, read_only=True)
            init.append(
                build_container(
                    name="git-clone",
                    image=config.git_clone.image,
                    resources=INIT_RESOURCES,
                    command=["/bin/sh", "-c", GIT_CLONE_SCRIPT],
                    env=env,
                    extra_env=[
                        env_secret("GITHUB_TOKEN", config.github_token.secret_name, config.github_token.key, optional=True)
                    ],
                    volume_mounts=mounts,
                )
            )
        return init

    # ---------------------------------------------------------------------------------------
    # Volumes

    def _volumes(self) -> list[k8s.Volume]:
        config = self.config
        volumes = list(self.storage.volumes)
        volumes.append(k8s.Volume(name=CONFIG_VOLUME, config_map=k8s.ConfigMapVolumeSource(name=self.config_map.name)))
        volumes.append(k8s.Volume(name=MANAGED_VOLUME, config_map=k8s.ConfigMapVolumeSource(
            name=self.config_map.name, items=[k8s.KeyToPath(key=key, path=key) for key in (MCP_CONFIG_KEY, MANAGED_SETTINGS_KEY)])))
        if config.ssh.enabled:
            # Optional: without the Secret the pod still starts, and ssh-setup says so.
            volumes.append(
                k8s.Volume(
                    name=SSH_KEY_VOLUME,
                    secret=k8s.SecretVolumeSource(
                        secret_name=config.ssh.private_key.secret_name,
                        items=[k8s.KeyToPath(key=config.ssh.private_key.key, path="id_ed25519")],
                        default_mode=0o440,
                        optional=True,
                    ),
                )
            )
        if config.git_config.enabled and config.git_config.secret_name:
            volumes.append(
                k8s.Volume(
                    name=GIT_CONFIG_VOLUME,
                    secret=k8s.SecretVolumeSource(secret_name=config.git_config.secret_name, default_mode=0o440),
                )
            )
        if config.kubeconfig:
            volumes.append(
                k8s.Volume(
                    name=KUBECONFIG_VOLUME,
                    secret=k8s.SecretVolumeSource(
                        secret_name=config.kubeconfig.secret_name,
                        items=[k8s.KeyToPath(key=config.kubeconfig.key, path="config")],
                        default_mode=0o440,
                    ),
                )
            )
        if config.rbac.create:
            volumes.append(service_account_token_volume(TOKEN_VOLUME))
        if serves_through_proxy(config):
            # The allow-list as a folder, not a subPath file: oauth2-proxy then sees every update.
            volumes.append(k8s.Volume(name=AUTH_PROXY_VOLUME, config_map=k8s.ConfigMapVolumeSource(
                name=self.config_map.name, items=[k8s.KeyToPath(key=AUTH_ALLOWED_KEY, path=AUTH_ALLOWED_KEY)])))
        return volumes


def _ref(secret_name: str, key: str) -> SecretKeyRef:
    return SecretKeyRef(secret_name=secret_name, key=key)


def auth_proxy_props(config: InstanceConfig) -> dict:
    """The oauth2-proxy sidecar in front of the agent's HTTP port (oauth2-proxy's flags, as verified
    against the real binary in tests/real/test_auth_proxy_e2e.py).

    Only the identities in the allow-list get through: oauth2-proxy checks the provider's claim
    (``--oidc-email-claim``) against ``--authenticated-emails-file`` and admits nobody else, since no
    ``--email-domain`` is given. The agent's own port is reached only from inside the pod
    (``--upstream`` on localhost; the Service and the NetworkPolicy expose only the proxy's port).
    WebSockets are proxied for the terminal; ``/ping`` answers the probes without a session.
    """
    access = config.access
    return dict(
        name=AUTH_PROXY_CONTAINER,
        image=access.image,
        resources=access.resources,
        ports=[(AUTH_PROXY_PORT_NAME, access.port)],
        args=[
            f"--http-address=0.0.0.0:{access.port}",
            "--provider=oidc",
            f"--oidc-issuer-url={access.issuer_url}",
            f"--client-id={access.client_id}",
            f"--redirect-url=https://{config.ingress.hostname}/oauth2/callback",
            f"--upstream=http://127.0.0.1:{MAIN_HTTP_PORT}/",
            f"--authenticated-emails-file={AUTH_PROXY_DIR}/{AUTH_ALLOWED_KEY}",
            f"--oidc-email-claim={access.claim}",
            "--skip-provider-button=true",
            "--code-challenge-method=S256",
            "--reverse-proxy=true",
            "--cookie-secure=true",
            "--cookie-samesite=lax",
            "--cookie-expire=168h",
            "--proxy-websockets=true",
            "--silence-ping-logging=true",
        ],
        # Optional: without the Secret the proxy exits at once saying which setting is missing, and the
        # pod stays unready (closed), instead of the whole pod hanging in CreateContainerConfigError.
        extra_env=[
            env_secret("OAUTH2_PROXY_CLIENT_SECRET", access.secret_name, "client-secret", optional=True),
            env_secret("OAUTH2_PROXY_COOKIE_SECRET", access.secret_name, "cookie-secret", optional=True),
        ],
        volume_mounts=[k8s.VolumeMount(name=AUTH_PROXY_VOLUME, mount_path=AUTH_PROXY_DIR, read_only=True)],
        health_path="/ping",
    )
