from __future__ import annotations

from .conftest import find, kinds, synth_values
from .oracles import crd

HOSTS = ["github.com", "*.github.com", "api.anthropic.com"]


def test_no_cilium_policy_by_default():
    assert "CiliumNetworkPolicy" not in kinds(synth_values())


def test_allowed_hosts_become_fqdn_rules_on_the_internet_ports():
    objects = synth_values({"networkPolicy": {"cilium": True, "allowedEgressHosts": HOSTS, "internetPorts": [443]}})
    policy = find(objects, "CiliumNetworkPolicy", "a1b2c3d4-hosts")
    assert crd.errors(policy) == []
    spec = policy["spec"]
    assert spec["endpointSelector"]["matchLabels"] == {"app.kubernetes.io/instance": "a1b2c3d4", "app.kubernetes.io/name": "claude-code"}
    dns, hosts = spec["egress"]
    assert dns["toEndpoints"] == [{"matchLabels": {"k8s:io.kubernetes.pod.namespace": "kube-system", "k8s-app": "kube-dns"}}]
    assert dns["toPorts"][0]["rules"] == {"dns": [{"matchPattern": "*"}]}, "the DNS proxy must see lookups to learn addresses"
    assert hosts["toFQDNs"] == [{"matchName": "github.com"}, {"matchPattern": "*.github.com"}, {"matchName": "api.anthropic.com"}]
    assert hosts["toPorts"] == [{"ports": [{"port": "443", "protocol": "TCP"}]}]


def test_with_cilium_the_network_policy_no_longer_allows_every_public_address():
    objects = synth_values({"networkPolicy": {"cilium": True}})
    egress = find(objects, "NetworkPolicy", "a1b2c3d4-allow")["spec"]["egress"]
    assert not any("ipBlock" in peer and peer["ipBlock"]["cidr"] in ("0.0.0.0/0", "::/0") for rule in egress for peer in rule["to"])
