"""InstanceConfigMap: the system prompt and the non-secret files the pod mounts."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import new_object, object_metadata

SYSTEM_PROMPT_KEY = "system-prompt.txt"
# Claude Code's managed (platform-owned) files, read from /etc/claude-code on Linux
# (code.claude.com/docs: settings, "managed MCP configuration").
MCP_CONFIG_KEY = "managed-mcp.json"
MANAGED_SETTINGS_KEY = "managed-settings.json"
GITCONFIG_KEY = ".gitconfig"
KNOWN_HOSTS_KEY = "known_hosts"

# GitHub's published SSH host key (RSA), as the original chart pinned it.
GITHUB_KNOWN_HOST = (
    "github.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOh"
    "GeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcY"
    "gXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWR"
    "Vruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+Ejqo"
    "TwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk="
)

# What the pod mounts and the agent's own tools must never read or edit: the SSH key, the
# kubeconfig, the service-account token, its Claude login and git credentials. Claude Code's
# permission syntax: ``~/`` is the home folder, ``//`` an absolute path.
CREDENTIAL_PATHS = ("~/.ssh/**", "~/.kube/**", "//var/run/secrets/**", "~/.claude/.credentials.json", "~/.git-credentials")


@dataclass(frozen=True, kw_only=True, slots=True)
class InstanceConfigMapProps:
    """The files of the ConfigMap: Claude Code's own, and any others in ``files``."""

    name: str  # the ConfigMap's name
    namespace: str
    system_prompt: str = ""  # ``system-prompt.txt``
    # ``managed-mcp.json``: Claude Code's managed MCP servers by name, each as in ``.mcp.json``
    # (``{"type": "http", "url": "http://localhost:8090/mcp"}``); none: an empty server list.
    mcp_servers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # ``managed-settings.json``: paths Claude Code's Read and Edit tools are denied (its syntax).
    denied_paths: tuple[str, ...] = CREDENTIAL_PATHS
    gitconfig: str = ""  # ``.gitconfig``, as written; empty: no such file
    # ``known_hosts``, one line each (``GITHUB_KNOWN_HOST`` is GitHub's); None: no such file.
    known_hosts: tuple[str, ...] | None = None
    files: Mapping[str, str] = field(default_factory=dict)  # other files, by key (name)
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotation


class InstanceConfigMap(Construct):
    """Under the hood: creates the ConfigMap ``{name}`` with the system prompt, the MCP
    configuration Claude Code reads as its managed MCP servers (``managed-mcp.json``), its managed
    settings (``managed-settings.json``: its tools may not read or edit ``denied_paths``), a
    ``.gitconfig`` and an SSH ``known_hosts`` when given, and the other ``files``. For a Claude Code
    instance (``ClaudeInstanceChart``): ``{instance}-config`` with every enabled MCP server (in-pod
    ones by localhost port, shared ones by URL), the mounted credentials denied, the generated
    ``.gitconfig`` (unless a Secret provides it), the SSH ``known_hosts`` with ``ssh.enabled``, and
    the sign-in proxy's allowed identities.

    ``checksum`` is a digest of its data: the pod template carries it so a change rolls the pod.
    """

    def __init__(self, scope: Construct, id: str, *, props: InstanceConfigMapProps) -> None:
        super().__init__(scope, id)
        self.props = props
        data = {
            SYSTEM_PROMPT_KEY: props.system_prompt,
            MCP_CONFIG_KEY: json.dumps({"mcpServers": props.mcp_servers}, indent=2, sort_keys=True) + "\n",
            MANAGED_SETTINGS_KEY: json.dumps(managed_settings(props.denied_paths), indent=2, sort_keys=True) + "\n",
        }
        if props.gitconfig:
            data[GITCONFIG_KEY] = props.gitconfig
        if props.known_hosts is not None:
            data[KNOWN_HOSTS_KEY] = "".join(f"{line}\n" for line in props.known_hosts)
        clash = sorted(set(props.files) & set(data))
        if clash:
            raise ValueError(f"files {clash} are Claude Code's own: set them through their props")
        data.update(props.files)
        self.name = props.name
        self.keys = frozenset(data)
        self.checksum = hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()
        self.resource = new_object(
            k8s.KubeConfigMap, self, "Resource",
            metadata=object_metadata(props, "ConfigMap", props.name),
            data=data,
        )


def managed_settings(denied_paths: tuple[str, ...] = CREDENTIAL_PATHS) -> dict:
    """Claude Code's managed settings: its own tools may neither read nor edit ``denied_paths``."""
    return {"permissions": {"deny": [f"{tool}({path})" for path in denied_paths for tool in ("Read", "Edit")]}}
