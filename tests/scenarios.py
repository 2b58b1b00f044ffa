"""Named scenarios: the seed README's examples (files in examples/), the defaults, and one per
significant option. Snapshot, schema, security and network tests all run over every one of them."""

from __future__ import annotations

import pytest

from claude_constructs import InstanceConfig, load_instance, load_instance_file

from claude_constructs.config.platform import Platform

from .conftest import EXAMPLE_FILES, EXAMPLES, synth_chart, synth_example

DIGEST = "sha256:" + "ab" * 32

OPTION_SCENARIOS = {
    "defaults": {},
    "mcp-shared-services": {"mcpServers": {name: {"mode": "shared"} for name in ("context7", "playwrightBrowser", "dockerhubMcp")}},
    "mcp-disabled": {"mcpServers": {name: {"enabled": False} for name in ("context7", "playwrightBrowser", "dockerhubMcp")}},
    "graphql-with-existing-database-secret": {"features": {"graphql": True}, "database": {"existingSecret": "shared-pg"}},
    "database-shared-owner": {"features": {"postgres": True}, "database": {"enabled": True, "owner": "claude"}},
    "ansible": {"features": {"ansible": True}},
    "no-ssh-gitconfig-from-secret": {"ssh": {"enabled": False}, "gitConfig": {"secretName": "git-config"}},
    "git-clone": {"gitClone": {"repository": "https://github.com/example/app.git", "branch": "main"}},
    "kubeconfig": {"kubeconfig": {"secretName": "kubeconfigs", "secretKey": "config"}},
    "no-rbac": {"rbac": {"create": False}},
    "no-network-policy": {"networkPolicy": {"enabled": False}},
    "no-ingress": {"ingress": {"enabled": False}},
    "ephemeral-storage": {"storage": {"workspace": {"enabled": False}, "home": {"enabled": False}}},
    "custom-hostname-and-domain": {"baseDomain": "agents.example.com", "ingress": {"hostname": "me.example.org"}},
    "shared-team-namespace": {"userid": "alice", "namespace": "team-platform"},
    "isolation-gvisor": {"isolation": "gvisor"},
    "sleep-when-idle": {"metrics": {"enabled": True}, "sleep": {"enabled": True, "idleAfter": "45m", "workingHours": {
        "timezone": "Europe/Paris", "start": "0 8 * * 1-5", "end": "0 19 * * 1-5"}}},
    "cilium-egress-hosts": {"networkPolicy": {"cilium": True, "allowedEgressHosts": ["github.com", "*.github.com", "api.anthropic.com"]}},
    "monitoring-and-protection": {
        "metrics": {"enabled": True, "dashboard": True}, "verticalPodAutoscaler": {"enabled": True},
        "template": "go-backend", "suspended": True,
    },
    "backups-and-restore": {
        "storage": {"workspace": {"fromSnapshot": "a1b2c3d4-workspace-before-upgrade"}},
        "backup": {"snapshots": ["before-upgrade"], "schedule": "0 3 * * *", "keep": 3, "snapshotClass": "csi-snapclass"},
    },
    "pinned-images": {
        "features": {"graphql": True, "postgres": True, "ansible": True},
        "database": {"enabled": True},
        "image": {"digest": DIGEST, "pullPolicy": "Always"},
        "ssh": {"image": {"digest": DIGEST}},
        "gitClone": {"repository": "https://github.com/example/app.git", "image": {"digest": DIGEST}},
        "mcpServers": {name: {"digest": DIGEST} for name in ("context7", "playwrightBrowser", "dockerhubMcp")},
        **{tool: {"digest": DIGEST} for tool in ("golang", "typescript", "postgres", "ansible")},
        "graphql": {"hasura": {"digest": DIGEST}},
        "backup": {"schedule": "@daily", "image": {"digest": DIGEST}},
    },
}

# The fleet settings a scenario needs beyond the defaults (gitops.yaml 'platform').
SCENARIO_PLATFORMS = {
    "custom-hostname-and-domain": Platform(host_domains=("agents.example.com", "example.org")),
    "shared-team-namespace": Platform(shared_namespaces={"team-platform": ("alice", "bob")}),
    "no-network-policy": Platform(network_policy=False),
    "pinned-images": Platform(images={"authProxy": {"digest": DIGEST}}),  # the fleet owns the sign-in proxy's image
}

ALL_SCENARIOS = [pytest.param(("file", p.name), id=p.stem) for p in EXAMPLE_FILES] + [
    pytest.param(("values", name), id=name) for name in OPTION_SCENARIOS
]


def synth_scenario(scenario) -> list[dict]:
    source, name = scenario
    return synth_example(name) if source == "file" else synth_chart(scenario_config(scenario))


def scenario_config(scenario) -> InstanceConfig:
    source, name = scenario
    if source == "file":
        return load_instance_file(EXAMPLES / name)
    return load_instance(OPTION_SCENARIOS[name], platform=SCENARIO_PLATFORMS.get(name))
