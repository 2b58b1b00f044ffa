from __future__ import annotations

import cdk8s
import pytest

from claude_constructs import TenantNamespace, load_instance
from claude_constructs.charts.instance_props import tenant_props

from .conftest import scratch_app, find
from .oracles.netpol import Cluster, Pod
from .oracles.pss import pod_specs, violations
from .schemas import schema_errors
from .test_network import instance_pod
from .conftest import synth_values
from .scenarios import ALL_SCENARIOS, scenario_config


def tenant(*configs):
    chart = cdk8s.Chart(scratch_app(), "tenant")
    TenantNamespace(chart, "t", props=tenant_props("claude-ann", configs))
    return cdk8s.Testing.synth(chart)


MINIMAL = {"template": "minimal", "userid": "ann"}


def test_objects_are_valid_and_the_namespace_enforces_restricted():
    objects = tenant(load_instance({**MINIMAL, "instanceName": "one"}))
    assert [o["kind"] for o in objects] == ["Namespace", "ResourceQuota", "LimitRange", "NetworkPolicy", "Role", "RoleBinding"]
    for resource in objects:
        assert schema_errors(resource) == [], resource["kind"]
    labels = find(objects, "Namespace")["metadata"]["labels"]
    assert {labels[f"pod-security.kubernetes.io/{m}"] for m in ("enforce", "audit", "warn")} == {"restricted"}
    assert find(objects, "Namespace")["metadata"]["annotations"]["argocd.argoproj.io/sync-options"] == "Prune=false,Delete=false"


def test_quota_is_the_sum_of_the_instances():
    # A minimal instance is the agent (requests 250m / 512Mi / 256Mi, limits 1000m / 2Gi / 2Gi) and the
    # sign-in proxy (requests 10m / 32Mi / 16Mi, limits 200m / 128Mi / 64Mi), volumes 10Gi + 1Gi.
    # Two of them double every figure.
    objects = tenant(load_instance({**MINIMAL, "instanceName": "one"}), load_instance({**MINIMAL, "instanceName": "two"}))
    assert find(objects, "ResourceQuota")["spec"]["hard"] == {
        "requests.cpu": "520m", "requests.memory": "1088Mi", "requests.ephemeral-storage": "544Mi",
        "limits.cpu": "2400m", "limits.memory": "4352Mi", "limits.ephemeral-storage": "4224Mi",
        "requests.storage": "22528Mi", "pods": "2", "persistentvolumeclaims": "4",
    }
    limits = find(objects, "LimitRange")["spec"]["limits"]
    assert limits[0]["max"] == {"cpu": "1000m", "ephemeral-storage": "2048Mi", "memory": "2048Mi"}
    assert limits[1] == {"type": "PersistentVolumeClaim", "max": {"storage": "10Gi"}}


def test_the_users_role_reads_and_execs_in_their_namespace_only():
    objects = tenant(load_instance({**MINIMAL, "instanceName": "one"}))
    binding = find(objects, "RoleBinding", "claude-user")
    assert binding["metadata"]["namespace"] == "claude-ann"
    assert binding["subjects"] == [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "ann"}]
    verbs = {verb for rule in find(objects, "Role")["rules"] for verb in rule["verbs"]}
    assert verbs == {"get", "list", "watch", "create"}
    assert not any("secrets" in rule["resources"] for rule in find(objects, "Role")["rules"])


def test_namespace_default_deny_leaves_the_instances_allows_in_place():
    instance = synth_values({"instanceName": "one", "userid": "ann", "namespace": "claude-ann"})
    agent = instance_pod(instance, "10.244.1.10")
    stray = Pod("stray", "claude-ann", {"app": "stray"}, "10.244.1.11")
    dns = Pod("coredns", "kube-system", {"k8s-app": "kube-dns"}, "10.244.0.2")
    policies = [o for o in instance + tenant(load_instance({**MINIMAL, "instanceName": "one"})) if o["kind"] == "NetworkPolicy"]
    cluster = Cluster(namespaces={"claude-ann": {}, "kube-system": {}}, pods=[agent, stray, dns], policies=policies)
    assert cluster.connection_allowed(agent, dns, 53, "UDP")
    assert cluster.connection_allowed(agent, "140.82.112.3", 443)
    assert not cluster.connection_allowed(stray, "140.82.112.3", 443)
    assert not cluster.connection_allowed(stray, dns, 53, "UDP")


def test_instance_pods_fit_the_limit_range():
    objects = synth_values({"template": "fullstack-with-database", "userid": "ann"})
    config = load_instance({"template": "fullstack-with-database", "userid": "ann"})
    limits = find(tenant(config), "LimitRange")["spec"]["limits"][0]["max"]
    from claude_constructs.config.checks import parse_quantity

    for _, spec, meta in pod_specs(find(objects, "Deployment")):
        assert violations(spec, meta) == []
        for container in spec["containers"]:
            for name, value in container["resources"]["limits"].items():
                assert parse_quantity(value) <= parse_quantity(limits[name]), (container["name"], name)


@pytest.mark.parametrize("scenario_id, scenario", [pytest.param(p.id, p.values[0], id=p.id) for p in ALL_SCENARIOS])
def test_the_quota_counts_every_container_the_pod_has(scenario_id, scenario, every_scenario):
    """pod_resources lists the containers the pod really runs: a missed one makes the real quota
    admission reject the tenant's own pods."""
    from claude_constructs.config.checks import parse_quantity
    from claude_constructs.config.loader import pod_resources

    config = scenario_config(scenario)
    deployment = find(every_scenario[scenario_id], "Deployment")
    actual = sorted(
        (kind, name, parse_quantity(value))
        for c in deployment["spec"]["template"]["spec"]["containers"]
        for kind in ("requests", "limits") for name, value in c["resources"][kind].items()
    )
    counted = sorted(
        (kind, name, parse_quantity(value))
        for resources in pod_resources(config)
        for kind, amounts in (("requests", resources.requests), ("limits", resources.limits)) for name, value in amounts.items()
    )
    assert counted == actual
