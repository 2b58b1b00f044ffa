"""The configuration reference in the README, generated from the defaults so it cannot drift.

``python -m claude_constructs._reference`` rewrites the table in README.md; a test fails when the
README's table differs from what this module generates, or when a setting has no description.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ._defaults import DEFAULTS, FREE_MAPPINGS

# Exact paths first; a key starting with "*." describes that suffix wherever it appears.
DOCS = {
    "template": "A named template whose values this file overrides: `minimal`, `go-backend`, `typescript-web`, `fullstack-with-database` (`claude-instance templates`).",
    "instanceName": "Immutable instance name (DNS-1123 label, at most 53 characters). Required in instance files; `claude-instance new` derives it once as sha256(description)[:12].",
    "instanceDescription": "Human-readable description (any text, at most 4096 characters); in annotations and `CLAUDE_INSTANCE_DESCRIPTION`.",
    "userid": "Owner's user id (lowercase letters, digits, `-`; numbers are accepted as text). A label on every object.",
    "namespace": "Namespace of the instance. Empty: `claude-{userid}`.",
    "baseDomain": "Domain of the default host name `{instanceName}.{baseDomain}`.",
    "replicaCount": "Must be 1: one writer on a ReadWriteOnce workspace (accepted for Helm values compatibility).",
    "suspended": "Scale the instance to zero: volumes, database, hostname and configuration stay; `false` brings back the same workspace.",
    "features.golang": "Go language-server sidecar (`golang-tool`, MCP on `golang.port`).",
    "features.typescript": "TypeScript language-server sidecar (`typescript-tool`, MCP on `typescript.port`).",
    "features.postgres": "PostgreSQL client sidecar and `DATABASE_URL`. Needs `database.enabled` or `database.existingSecret`. Off by default (the seed's `true` cannot work without a database).",
    "features.graphql": "Hasura GraphQL sidecar on `graphql.hasura.port`. Needs a database.",
    "features.ansible": "Ansible sidecar (`sleep infinity`, SSH directory mounted read-only).",
    "image.repository": "Agent image repository.",
    "*.tag": "Image tag.",
    "*.digest": "Image digest (`sha256:...`); when set the image is pinned by digest instead of tag.",
    "image.pullPolicy": "Image pull policy of every container of the instance (sidecars and init containers too): Always, IfNotPresent or Never.",
    "*.image.repository": "Image repository.",
    "*.image": "Image repository.",
    "serviceAccount.create": "Create the ServiceAccount `{instanceName}`.",
    "serviceAccount.name": "ServiceAccount name. Empty: the instance name.",
    "serviceAccount.automountToken": "Must stay false: with `rbac.create` the pod gets a projected token that expires after an hour.",
    "storage.workspace.enabled": "PVC `{instanceName}-workspace` at /workspace. Off: an emptyDir (data lost on restart).",
    "storage.workspace.size": "Workspace size.",
    "*.storageClass": "StorageClass. Empty: the cluster default.",
    "*.accessMode": "ReadWriteOnce, ReadWriteOncePod or ReadWriteMany.",
    "storage.home.enabled": "PVC `{instanceName}-home` at /home/code/.claude. Off: an emptyDir.",
    "storage.home.size": "Home (Claude state) size.",
    "storage.tmp.size": "emptyDir at /tmp.",
    "storage.cache.size": "emptyDir at /home/code/.cache.",
    "storage.npmCache.size": "emptyDir at /home/code/.npm.",
    "storage.claudeLock.size": "emptyDir at /home/code/.claude.json.lock.",
    "storage.homeRoot.size": "emptyDir at /home/code (the root filesystem is read-only).",
    "githubToken.secretName": "Secret holding the GitHub token (`GITHUB_TOKEN`, optional: the pod starts without it).",
    "*.secretKey": "Key in that Secret.",
    "env": "Extra environment variables of the agent (added to the defaults). Values that look like credentials are refused: use `secretEnv`.",
    "secretEnv": "Environment variables read from Secrets: `NAME: {secretName: ..., secretKey: ...}`.",
    "ssh.enabled": "SSH setup init container and SSH directory at /home/code/.ssh.",
    "ssh.privateKey.secretName": "Secret holding the SSH private key (optional: without it SSH setup is skipped).",
    "ssh.knownHosts.github": "Add GitHub's SSH host key to known_hosts.",
    "ssh.knownHosts.custom": "Extra known_hosts lines (`host key-type key`).",
    "gitConfig.enabled": "Mount a .gitconfig at /home/code/.gitconfig.",
    "gitConfig.userName": "git user.name of the generated .gitconfig.",
    "gitConfig.userEmail": "git user.email of the generated .gitconfig.",
    "gitConfig.defaultBranch": "git init.defaultBranch of the generated .gitconfig.",
    "gitConfig.secretName": "Use the key `.gitconfig` of this Secret instead of the generated file.",
    "gitClone.repository": "Repository cloned into /workspace by the `git-clone` init container (https or SSH URL). Empty: no clone.",
    "gitClone.branch": "Branch to clone (fast-forwarded on restart when the workspace has no local changes).",
    "kubeconfig.secretName": "Secret holding a (multi-cluster) kubeconfig, mounted at /home/code/.kube/config in every container. Empty: none. Inline kubeconfigs are refused.",
    "*.requests.cpu": "CPU request.",
    "*.requests.memory": "Memory request.",
    "*.requests.ephemeralStorage": "Ephemeral storage request (`ephemeral-storage` is accepted too).",
    "*.limits.cpu": "CPU limit.",
    "*.limits.memory": "Memory limit.",
    "*.limits.ephemeralStorage": "Ephemeral storage limit.",
    "service.type": "Must be ClusterIP (the Ingress and network policy are the way in).",
    "service.port": "Service port of the agent's HTTP port (container port 8080).",
    "service.mcpPort": "Service port of the agent's MCP port (container port 8081); only with `access.mode: gateway`.",
    "anthropic.apiKey.secretName": "Secret with the Anthropic API key, given to Claude Code as `ANTHROPIC_API_KEY` (the instance's namespace).",
    "anthropic.apiKey.secretKey": "Its key.",
    "anthropic.oauthToken.secretName": "Or: Secret with a long-lived OAuth token (`claude setup-token`), given as `CLAUDE_CODE_OAUTH_TOKEN`.",
    "anthropic.oauthToken.secretKey": "Its key.",
    "expires": "A date (YYYY-MM-DD): from then on `claude-instance expire` suspends the instance in its file (see Expiry). Synthesis never reads it.",
    "sleep.enabled": "Scale to zero after `sleep.idleAfter` without activity and back on the next request (KEDA and its HTTP add-on; needs `metrics.enabled`, see Sleep).",
    "sleep.idleAfter": "How long without requests and without agent activity before sleeping (5m to 168h, e.g. `30m`).",
    "sleep.workingHours.timezone": "The time zone of the working hours (IANA, e.g. `Europe/Paris`).",
    "sleep.workingHours.start": "Cron schedule from which the instance is kept awake (e.g. `0 8 * * 1-5`).",
    "sleep.workingHours.end": "Cron schedule from which it may sleep again (e.g. `0 19 * * 1-5`).",
    "isolation": "The runtime the pod runs under: `standard` (the cluster's default), `gvisor`, `kata`, or the name of a RuntimeClass (see Isolation).",
    "networkPolicy.egressProfile": "With `networkPolicy.cilium`: `default` allows the hosts Claude Code, GitHub and the enabled tools need (egress_profile.py, or `platform.egressHosts`); `none`, only `allowedEgressHosts`.",
    "access.mode": "`oauth2-proxy`: a sign-in proxy in the pod lets only the owner, `access.collaborators` and the fleet's admins through (the only port the Service and NetworkPolicy expose); `gateway`: an authenticating gateway in front of the ingress does it (see Access).",
    "access.owner": "The owner's identity at the provider, when it is not what `platform.access.identityTemplate` makes of `userid`.",
    "access.collaborators": "More identities let through, as the fleet's `platform.access.identityClaim` names them (user names or e-mail addresses).",
    "access.image.repository": "The oauth2-proxy image.",
    "access.image.tag": "Its tag.",
    "access.image.digest": "Pin by digest (`sha256:...`).",
    "access.port": "The proxy's port in the pod (1024-65535).",
    "access.resources.requests.memory": "Memory request of the proxy.",
    "access.resources.requests.cpu": "CPU request of the proxy.",
    "access.resources.requests.ephemeralStorage": "Ephemeral storage request of the proxy.",
    "access.resources.limits.memory": "Memory limit of the proxy.",
    "access.resources.limits.cpu": "CPU limit of the proxy.",
    "access.resources.limits.ephemeralStorage": "Ephemeral storage limit of the proxy.",
    "ingress.enabled": "Create the Ingress.",
    "ingress.className": "IngressClass.",
    "ingress.hostname": "Host name. Empty: `{instanceName}.{baseDomain}`.",
    "ingress.tlsSecretName": "TLS Secret. Empty: `{instanceName}-tls` (issued by cert-manager).",
    "ingress.annotations": "Ingress annotations (added to the defaults).",
    "database.enabled": "Create a CNPG Database `{instanceName}-db` (and its owner role) in `database.namespace`.",
    "database.namespace": "Namespace of the CNPG cluster.",
    "database.cluster": "CNPG cluster name.",
    "database.name": "PostgreSQL database name. Empty: `claude_{instanceName}` (dashes become underscores).",
    "database.owner": "Existing owner role. Empty: a per-instance DatabaseRole named like the database.",
    "database.instance": "Accepted for Helm values compatibility; the CNPG Database has no such field and it is never written.",
    "database.reclaimPolicy": "`delete` or `retain`: what happens to the database and role when their objects are deleted.",
    "database.existingSecret": "Use this Secret for the connection (keys url, host, user, password) instead of `{instanceName}-db`.",
    "disruptionBudget.enabled": "A PodDisruptionBudget that keeps voluntary evictions (node drains, autoscaler scale-downs) from killing a running session; an unhealthy pod may still be evicted.",
    "verticalPodAutoscaler.enabled": "A VerticalPodAutoscaler in recommendation mode (updateMode Off): it suggests requests, never restarts the pod. Needs the VPA installed.",
    "metrics.enabled": "Claude Code's OpenTelemetry metrics served for Prometheus on `metrics.port` (container port `metrics`), a PodMonitor, and ingress from Prometheus to that port.",
    "metrics.port": "Metrics port of the agent (1024-65535, unique in the pod).",
    "metrics.path": "Metrics HTTP path.",
    "metrics.prometheus.namespace": "Namespace of Prometheus, allowed to scrape the metrics port.",
    "metrics.prometheus.podLabels": "Labels of the Prometheus pods.",
    "metrics.dashboard": "A Grafana dashboard of the instance (CPU, memory, restarts, volume usage) in a ConfigMap labelled `grafana_dashboard: \"1\"` for the Grafana sidecar.",
    "metrics.dashboardNamespace": "Namespace of the dashboard ConfigMap. Empty: the instance's namespace.",
    "storage.workspace.fromSnapshot": "Create the workspace claim from this VolumeSnapshot (restore). Only when the claim is created: a new instance, or after deleting the claim.",
    "backup.snapshotClass": "VolumeSnapshotClass of the snapshots. Empty: the cluster default.",
    "backup.snapshots": "On-demand snapshots of the workspace: each name becomes the VolumeSnapshot `{instanceName}-workspace-{name}` (kept when the instance is removed).",
    "backup.schedule": "Cron schedule of workspace snapshots (`0 3 * * *`, `@daily`). Empty: none. A restricted CronJob with its own ServiceAccount creates them.",
    "backup.keep": "Scheduled snapshots kept; older ones are deleted.",
    "configMap.systemPrompt": "System prompt, in the ConfigMap `{instanceName}-config` at /etc/claude/system-prompt.txt; a change rolls the pod.",
    "rbac.create": "Create a Role and RoleBinding, and give the pod a projected, expiring token.",
    "rbac.rules": "Role rules. Null: read-only access to pods, logs, services, config maps, PVCs, events, deployments and jobs. Wildcards, Secrets, exec, RBAC and NetworkPolicies are refused.",
    "networkPolicy.enabled": "Create the zero-trust NetworkPolicies.",
    "networkPolicy.allowDNS": "Allow DNS to the cluster DNS pods.",
    "networkPolicy.allowedEgressHosts": "More host names the agent needs, besides the egress profile (`*.example.com` for subdomains). A NetworkPolicy cannot filter by name: they are enforced with `networkPolicy.cilium`.",
    "networkPolicy.cilium": "The cluster runs Cilium: a CiliumNetworkPolicy allows `internetPorts` only to the egress profile's hosts and `allowedEgressHosts` (toFQDNs), instead of to every public address.",
    "networkPolicy.internetPorts": "TCP ports allowed to public addresses (private, link-local and metadata ranges excluded).",
    "networkPolicy.dns.namespace": "Namespace of the cluster DNS.",
    "networkPolicy.dns.podLabels": "Labels of the cluster DNS pods (replace the defaults).",
    "networkPolicy.ingressController.namespace": "Namespace of the ingress controller, the only allowed ingress source.",
    "networkPolicy.ingressController.podLabels": "Labels of the ingress controller pods.",
    "networkPolicy.otlp.enabled": "Allow the OTLP collector (when `env.OTEL_EXPORTER_OTLP_ENDPOINT` is set).",
    "networkPolicy.otlp.namespace": "Namespace of the OTLP collector.",
    "networkPolicy.otlp.podLabels": "Labels of the OTLP collector pods.",
    "networkPolicy.otlp.port": "OTLP collector port.",
    "networkPolicy.apiServer.cidrs": "Addresses of the Kubernetes API server endpoints, allowed with `rbac.create`. Narrow them to your control plane.",
    "networkPolicy.apiServer.port": "API server endpoint port.",
    "mcpServers.sharedNamespace": "Namespace of the shared MCP services.",
    "*.enabled": "Run this MCP server.",
    "*.mode": "`sidecar` (in the pod) or `shared` (a service in `mcpServers.sharedNamespace`, reached by `url`).",
    "*.port": "Port this container listens on (1024-65535, unique in the pod).",
    "*.ports.mcp": "Playwright MCP port.",
    "*.ports.novnc": "Playwright noVNC port.",
    "*.ports.vnc": "Playwright VNC port.",
    "*.url": "URL of the shared service. Empty: `http://{name}.{sharedNamespace}.svc.cluster.local:{port}/mcp`.",
    "graphql.hasura.adminSecret.secretName": "Secret holding the Hasura admin secret. Empty: `{instanceName}-hasura`.",
}


def leaf_paths(tree: dict = DEFAULTS, prefix: str = "") -> list[tuple[str, object]]:
    paths = []
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and path not in FREE_MAPPINGS:
            paths.extend(leaf_paths(value, path))
        else:
            paths.append((path, value))
    return paths


def describe(path: str) -> str | None:
    if path in DOCS:
        return DOCS[path]
    suffixes = [key[2:] for key in DOCS if key.startswith("*.") and path.endswith("." + key[2:])]
    return DOCS["*." + max(suffixes, key=len)] if suffixes else None


def reference_table() -> str:
    rows = ["| Key | Default | Description |", "|---|---|---|"]
    for path, default in leaf_paths():
        shown = json.dumps(default) if not isinstance(default, str) or not default else f"`{default!s}`"
        shown = shown.replace("\n", "\\n").replace("|", "\\|")
        if len(shown) > 60:
            shown = shown[:57] + "..."
        rows.append(f"| `{path}` | {shown} | {describe(path) or ''} |")
    return "\n".join(rows) + "\n"


START = "<!-- configuration-reference:start -->\n"
END = "<!-- configuration-reference:end -->"


def update_readme(readme: Path) -> bool:
    text = readme.read_text(encoding="utf-8")
    updated = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: START + reference_table() + END, text, flags=re.S)
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":  # pragma: no cover
    changed = update_readme(Path(sys.argv[1] if len(sys.argv) > 1 else "README.md"))
    print("README.md updated" if changed else "README.md already up to date")
