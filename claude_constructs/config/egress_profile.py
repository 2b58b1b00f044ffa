"""The hosts an instance needs on the internet: the egress profile a CiliumNetworkPolicy allows by
name (``networkPolicy.cilium``). A fleet may replace its fixed part (``platform.egressHosts``), an
instance may extend it (``networkPolicy.allowedEgressHosts``) or replace it
(``networkPolicy.egressProfile: none``)."""

from __future__ import annotations

# Claude Code (its network-configuration documentation and its reference devcontainer's firewall):
# the API, account sign-in, the native installer's updates, and its error and usage reporting.
# storage.googleapis.com (the installer's old download host, being retired) is left out on purpose:
# it would open every public Cloud Storage bucket.
CLAUDE_CODE_HOSTS = (
    "api.anthropic.com",
    "claude.ai",
    "platform.claude.com",
    "downloads.claude.ai",
    "statsig.anthropic.com",
    "statsig.com",
    "sentry.io",
)
# git over HTTPS and SSH, the API the agent and `gh` use, and the hosts that serve archives and raw files.
GITHUB_HOSTS = ("github.com", "api.github.com", "codeload.github.com", "*.githubusercontent.com")
BUILTIN_HOSTS = CLAUDE_CODE_HOSTS + GITHUB_HOSTS

# The package registries each tool container and MCP server uses, by the setting that enables it.
FEATURE_HOSTS = {
    "typescript": ("registry.npmjs.org",),
    "golang": ("proxy.golang.org", "sum.golang.org"),
    "ansible": ("pypi.org", "files.pythonhosted.org", "galaxy.ansible.com"),
    "dockerhubMcp": ("hub.docker.com", "registry-1.docker.io", "auth.docker.io", "production.cloudflare.docker.com"),
    "context7": ("context7.com",),
}


def egress_hosts(*, fixed: tuple[str, ...], features: set[str], extra: tuple[str, ...], profile: bool) -> tuple[str, ...]:
    """Every host the instance may reach: the profile (``fixed`` and those of its ``features``)
    unless ``profile`` is off, and the instance's own ``extra`` hosts; sorted, each once."""
    hosts = list(extra)
    if profile:
        hosts += fixed
        for feature in sorted(features):
            hosts += FEATURE_HOSTS.get(feature, ())
    return tuple(sorted(set(hosts)))
