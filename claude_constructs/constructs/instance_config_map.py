"""InstanceConfigMap: the system prompt and the non-secret files the pod mounts."""

from __future__ import annotations

import hashlib
import json

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import metadata, new_object
from claude_constructs.config.names import object_name
from claude_constructs.config.loader import AUTH_ALLOWED_KEY, InstanceConfig, mcp_client_config, serves_through_proxy

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


class InstanceConfigMap(Construct):
    """Under the hood: creates the ConfigMap ``{instance}-config`` with the system prompt, the MCP
    configuration Claude Code reads as its managed MCP servers (``managed-mcp.json``: every enabled
    MCP server, in-pod ones by localhost port, shared ones by URL), the platform's policy
    (``managed-settings.json``: the agent's tools may not read or edit mounted credentials), the generated ``.gitconfig`` (unless a Secret provides it) and the SSH ``known_hosts``.

    ``checksum`` is a digest of its data: the pod template carries it so a change rolls the pod.
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        data = {
            SYSTEM_PROMPT_KEY: config.system_prompt,
            MCP_CONFIG_KEY: json.dumps(mcp_client_config(config), indent=2, sort_keys=True) + "\n",
            MANAGED_SETTINGS_KEY: json.dumps(managed_settings(config), indent=2, sort_keys=True) + "\n",
        }
        if serves_through_proxy(config):
            data[AUTH_ALLOWED_KEY] = "".join(f"{identity}\n" for identity in config.access.allowed)
        if config.git_config.generated:
            data[GITCONFIG_KEY] = config.git_config.render()
        if config.ssh.enabled:
            hosts = ([GITHUB_KNOWN_HOST] if config.ssh.known_hosts_github else []) + list(config.ssh.known_hosts_custom)
            data[KNOWN_HOSTS_KEY] = "".join(f"{line}\n" for line in hosts)
        self.name = object_name(config.name, "config")
        self.keys = frozenset(data)
        self.checksum = hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()
        self.resource = new_object(
            k8s.KubeConfigMap, self, "Resource", metadata=metadata(config, self.name, "config", kind="ConfigMap"), data=data
        )


def managed_settings(config: InstanceConfig) -> dict:
    """Claude Code's managed settings: its own tools may neither read nor edit the credentials the
    pod mounts (SSH key, kubeconfig, service-account token, its login). Permission rules use
    Claude Code's syntax: ``~/`` is the home folder, ``//`` an absolute path."""
    paths = ["~/.ssh/**", "~/.kube/**", "//var/run/secrets/**", "~/.claude/.credentials.json", "~/.git-credentials"]
    return {"permissions": {"deny": [f"{tool}({path})" for path in paths for tool in ("Read", "Edit")]}}
