from __future__ import annotations
from claude_constructs.config.platform import Platform

from .conftest import find, kinds, synth_values


def test_service_exposes_only_the_sign_in_proxy():
    service = find(synth_values(), "Service", "a1b2c3d4")
    assert service["spec"]["type"] == "ClusterIP"
    assert service["spec"]["ports"] == [{"name": "http", "port": 8080, "protocol": "TCP", "targetPort": "auth"}]


def test_behind_a_gateway_the_service_exposes_8080_and_81_to_the_agent():
    service = find(synth_values({"access": {"mode": "gateway"}}, platform=Platform(allow_gateway=True)), "Service", "a1b2c3d4")
    assert service["spec"]["ports"] == [
        {"name": "http", "port": 8080, "protocol": "TCP", "targetPort": "http"},
        {"name": "mcp", "port": 81, "protocol": "TCP", "targetPort": "mcp"},
    ]


def test_ingress_has_tls_for_the_default_hostname():
    ingress = find(synth_values(), "Ingress", "a1b2c3d4")
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert ingress["spec"]["tls"] == [{"hosts": ["a1b2c3d4.dev.robotinfra.com"], "secretName": "a1b2c3d4-tls"}]
    rule = ingress["spec"]["rules"][0]
    assert rule["host"] == "a1b2c3d4.dev.robotinfra.com"
    assert rule["http"]["paths"][0]["backend"] == {"service": {"name": "a1b2c3d4", "port": {"name": "http"}}}
    annotations = ingress["metadata"]["annotations"]
    assert annotations["cert-manager.io/cluster-issuer"] == "letsencrypt-prod"
    assert annotations["nginx.ingress.kubernetes.io/ssl-redirect"] == "true"


def test_custom_hostname_and_annotations():
    values = {"ingress": {"hostname": "me.example.org", "annotations": {"a.example/x": "1"}}}
    fleet = Platform(host_domains=("example.org",), ingress_annotations=("a.example/x",))
    ingress = find(synth_values(values, platform=fleet), "Ingress")
    assert ingress["spec"]["rules"][0]["host"] == "me.example.org"
    assert ingress["metadata"]["annotations"]["a.example/x"] == "1"


def test_no_ingress_when_disabled():
    assert "Ingress" not in kinds(synth_values({"ingress": {"enabled": False}}))


def test_a_fleet_wildcard_certificate_replaces_the_per_instance_one():
    fleet = Platform(wildcard_tls_secret="wildcard-dev")
    ingress = find(synth_values({}, platform=fleet), "Ingress")
    assert ingress["spec"]["tls"] == [{"hosts": ["a1b2c3d4.dev.robotinfra.com"], "secretName": "wildcard-dev"}]
    assert not [key for key in ingress["metadata"].get("annotations", {}) if key.startswith("cert-manager.io/")], \
        "no certificate may be issued for the host: its name would reach Certificate Transparency logs"
    # A host the wildcard does not cover keeps a certificate of its own.
    deeper = find(synth_values({"ingress": {"hostname": "a.b.dev.robotinfra.com"}}, platform=fleet), "Ingress")
    assert deeper["spec"]["tls"][0]["secretName"] == "a1b2c3d4-tls"
    assert "cert-manager.io/cluster-issuer" in deeper["metadata"]["annotations"]
