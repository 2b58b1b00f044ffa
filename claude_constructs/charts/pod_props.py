"""How a validated instance configuration becomes the props of its ``ClaudePod``: which sidecars,
init containers, variables, mounts and images the pod gets, and the sign-in proxy's settings."""

from __future__ import annotations

from cdk8s_plus_28 import k8s

from claude_constructs.charts.instance_labels import instance_labels, selector_labels, traceability_annotations
from claude_constructs.config.loader import (
    AUTH_ALLOWED_KEY, AUTH_PROXY_CONTAINER, AUTH_PROXY_PORT_NAME, MAIN_HTTP_PORT, InstanceConfig, SecretKeyRef,
    serves_through_proxy,
)
from claude_constructs.constructs.claude_pod import (
    AUTH_PROXY_DIR, ClaudePodProps, GitClone, SshSetup, auth_proxy_mount, kubeconfig_mount,
)
from claude_constructs.constructs.instance_storage import (
    CACHE, HOME_DIR, MOUNT_PATHS, NPM_CACHE, SSH_DIRECTORY, TMP, WORKSPACE,
)
from claude_constructs.constructs.kube import env_secret
from claude_constructs.constructs.mcp_sidecar import McpSidecar


def pod_props(config: InstanceConfig) -> ClaudePodProps:
    """The instance's pod: its agent, the sidecars and init containers it enables, the sign-in proxy
    behind an Ingress, the ServiceAccount ``access_props`` creates (or names), and its labels."""
    rbac = config.rbac
    ssh = config.ssh
    clone = config.git_clone
    return ClaudePodProps(
        name=config.name, namespace=config.namespace, image=config.image, resources=config.resources,
        description=config.description, userid=config.userid, env=config.env, secret_env=config.secret_env,
        credentials=config.anthropic, github_token=config.github_token,
        database_url=SecretKeyRef(secret_name=config.database.connection_secret, key="url") if config.has_database else None,
        metrics_port=config.metrics.port if config.metrics.enabled else None,
        kubeconfig=config.kubeconfig,
        gitconfig_secret=config.git_config.secret_name if config.git_config.enabled else "",
        ssh=SshSetup(private_key=ssh.private_key, image=ssh.image) if ssh.enabled else None,
        git_clone=GitClone(repository=clone.repository, branch=clone.branch, image=clone.image) if clone.enabled else None,
        sidecars=tuple(sidecars(config)),
        auth_proxy=McpSidecar(**auth_proxy_props(config)) if serves_through_proxy(config) else None,
        service_account=rbac.service_account_name if rbac.create or rbac.create_service_account else "",
        service_account_token=rbac.create,
        runtime_class=config.isolation, suspended=config.suspended, pod_selector=selector_labels(config),
        labels=instance_labels(config, "agent"), annotations=traceability_annotations(config), sync_waves=True,
    )


def sidecars(config: InstanceConfig) -> list[McpSidecar]:
    """The in-pod MCP servers and the tools the instance enables (Context7, Playwright, Docker Hub,
    Go, TypeScript, the Postgres client, Hasura, Ansible), in that order."""
    tz = {"TZ": config.env["TZ"]} if "TZ" in config.env else {}
    found = []

    def add(**props) -> None:
        found.append(McpSidecar(**props))

    for server in config.mcp_servers:
        if not server.sidecar:
            continue
        port_env = {"PORT": str(server.ports[0][1])} if server.key != "playwrightBrowser" else {}
        add(
            name=server.container_name,
            image=server.image,
            resources=server.resources,
            ports=server.ports,
            env={"HOME": HOME_DIR, **port_env, **tz},
            volume_mounts=_mounts(TMP, CACHE),
        )
    if config.features.golang:
        add(
            name="golang-tool",
            image=config.golang.image,
            resources=config.golang.resources,
            ports=[("golang-mcp", config.golang.port)],
            command=["/usr/local/bin/mcp-language-server", "--lsp", "gopls", "--http", "--port", str(config.golang.port)],
            working_dir="/workspace",
            env={"HOME": HOME_DIR, "GOMODCACHE": "/tmp/go-mod-cache", "GOCACHE": f"{HOME_DIR}/.cache/go-build",
                 "WORKSPACE_DIR": "/workspace", **tz},
            volume_mounts=_mounts(WORKSPACE, TMP, CACHE),
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
            env={"HOME": HOME_DIR, "WORKSPACE_DIR": "/workspace", **tz},
            volume_mounts=_mounts(WORKSPACE, TMP, NPM_CACHE, CACHE),
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
                "PGHOST": SecretKeyRef(secret_name=secret, key="host"),
                "PGUSER": SecretKeyRef(secret_name=secret, key="user"),
                "PGPASSWORD": SecretKeyRef(secret_name=secret, key="password"),
            },
            volume_mounts=_mounts(WORKSPACE, TMP),
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
                "HASURA_GRAPHQL_DATABASE_URL": SecretKeyRef(secret_name=config.database.connection_secret, key="url"),
            },
            volume_mounts=_mounts(TMP),
            health_path="/healthz",
        )
    if config.features.ansible:
        mounts = _mounts(WORKSPACE, TMP)
        if config.ssh.enabled:
            mounts += _mounts(SSH_DIRECTORY, read_only=True)
        if config.kubeconfig:  # Ansible acts on clusters; the other sidecars get no cluster credentials
            mounts.append(kubeconfig_mount())
        add(
            name="ansible",
            image=config.ansible.image,
            resources=config.ansible.resources,
            command=["sleep", "infinity"],
            health_command=["ansible", "--version"],
            working_dir="/workspace",
            env={"HOME": HOME_DIR, "ANSIBLE_HOME": "/tmp/.ansible", "ANSIBLE_LOCAL_TEMP": "/tmp/.ansible/tmp", **tz},
            volume_mounts=mounts,
        )
    return found


def auth_proxy_props(config: InstanceConfig) -> dict:
    """The oauth2-proxy sidecar in front of the agent's HTTP port (oauth2-proxy's flags, as verified
    against the real binary in tests/real/test_auth_proxy_e2e.py), as ``McpSidecar`` options.

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
        volume_mounts=[auth_proxy_mount()],
        health_path="/ping",
    )


def _mounts(*names: str, read_only: bool = False) -> list[k8s.VolumeMount]:
    """Mounts of the instance's volumes (``storage_props``) at their paths, as ``InstanceStorage.mounts``."""
    return [k8s.VolumeMount(name=name, mount_path=MOUNT_PATHS[name], read_only=read_only or None) for name in names]
