from __future__ import annotations

from .conftest import find, kinds, synth_values
from .oracles import crd

HOSTS = ["github.com", "*.github.com", "api.anthropic.com"]


def test_no_cilium_policy_by_default():
    assert "CiliumNetworkPolicy" not in kinds(synth_values())


def test_allowed_hosts_become_fqdn_rules_on_the_internet_ports():
    objects = synth_values({"networkPolicy": {"cilium": True, "egressProfile": "none", "allowedEgressHosts": HOSTS,
                                              "internetPorts": [443]}})
    policy = find(objects, "CiliumNetworkPolicy", "a1b2c3d4-hosts")
    assert crd.errors(policy) == []
    spec = policy["spec"]
    assert spec["endpointSelector"]["matchLabels"] == {"app.kubernetes.io/instance": "a1b2c3d4", "app.kubernetes.io/name": "claude-code"}
    dns, hosts = spec["egress"]
    assert dns["toEndpoints"] == [{"matchLabels": {"k8s:io.kubernetes.pod.namespace": "kube-system", "k8s-app": "kube-dns"}}]
    assert dns["toPorts"][0]["rules"] == {"dns": [{"matchPattern": "*"}]}, "the DNS proxy must see lookups to learn addresses"
    assert hosts["toFQDNs"] == [{"matchPattern": "*.github.com"}, {"matchName": "api.anthropic.com"}, {"matchName": "github.com"}]
    assert hosts["toPorts"] == [{"ports": [{"port": "443", "protocol": "TCP"}]}]


def test_with_cilium_the_network_policy_no_longer_allows_every_public_address():
    objects = synth_values({"networkPolicy": {"cilium": True}})
    egress = find(objects, "NetworkPolicy", "a1b2c3d4-allow")["spec"]["egress"]
    assert not any("ipBlock" in peer and peer["ipBlock"]["cidr"] in ("0.0.0.0/0", "::/0") for rule in egress for peer in rule["to"])


def _allowed(values, platform=None):
    policy = find(synth_values({"networkPolicy": {"cilium": True, **values}}, platform=platform), "CiliumNetworkPolicy")
    return [next(iter(rule.values())) for rule in policy["spec"]["egress"][1]["toFQDNs"]]


def test_the_default_profile_is_what_claude_code_github_and_the_enabled_tools_need():
    allowed = _allowed({})
    for host in ("api.anthropic.com", "claude.ai", "platform.claude.com", "downloads.claude.ai", "github.com", "api.github.com"):
        assert host in allowed
    # golang and typescript are on by default, and the Docker Hub and Context7 MCP sidecars
    assert {"proxy.golang.org", "registry.npmjs.org", "registry-1.docker.io", "context7.com"} <= set(allowed)
    assert "pypi.org" not in allowed and "storage.googleapis.com" not in allowed


def test_an_instance_extends_the_profile_and_the_fleet_replaces_its_fixed_part():
    from claude_constructs.config.platform import Platform

    assert "git.example.com" in _allowed({"allowedEgressHosts": ["git.example.com"]})
    fleet = _allowed({}, platform=Platform(egress_hosts=("api.anthropic.com", "git.corp.example")))
    assert "git.corp.example" in fleet and "github.com" not in fleet and "registry.npmjs.org" in fleet
