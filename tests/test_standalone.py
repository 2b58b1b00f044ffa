"""The constructs used on their own from another cdk8s app (as the README shows): the workload-neutral
ones with props of their own and no instance configuration at all, an instance's from its configuration
through the charts layer's mappings."""

from __future__ import annotations

import dataclasses

import cdk8s
import pytest
from cdk8s_plus_28 import k8s

from claude_constructs import (
    ClaudePod,
    CnpgDatabase,
    CnpgDatabaseProps,
    InstanceConfigMap,
    InstanceStorage,
    InstanceStorageProps,
    ZeroTrustPolicy,
    ZeroTrustPolicyProps,
    load_instance,
)
from claude_constructs.charts.instance_props import config_map_props, storage_props, zero_trust_props
from claude_constructs.charts.pod_props import pod_props
from claude_constructs.constructs.instance_storage import Volume
from claude_constructs.constructs.zero_trust_policy import PUBLIC_INTERNET, Allow, Pods, Port

from .conftest import scratch_app


def test_constructs_compose_in_another_apps_chart():
    app = scratch_app()
    chart = cdk8s.Chart(app, "platform")
    k8s.KubeNamespace(chart, "ns", metadata=k8s.ObjectMeta(name="claude-alice"))
    config = load_instance({"instanceName": "alice-go", "userid": "alice", "features": {"typescript": False}})
    storage = InstanceStorage(chart, "storage", props=storage_props(config))
    config_map = InstanceConfigMap(chart, "config", props=config_map_props(config))
    props = pod_props(config)
    assert props.service_account == "alice-go"  # the account InstanceAccess creates, which this chart has not
    pod = ClaudePod(chart, "pod", props=dataclasses.replace(props, service_account=""), storage=storage,
                    config_map=config_map)
    ZeroTrustPolicy(chart, "policy", props=zero_trust_props(config))
    objects = cdk8s.Testing.synth(chart)
    assert [o["kind"] for o in objects] == [
        "Namespace", "PersistentVolumeClaim", "PersistentVolumeClaim", "ConfigMap", "Deployment",
        "NetworkPolicy", "NetworkPolicy",
    ]
    assert pod.resource.name == "alice-go"
    assert [c.name for c in pod.sidecars] == ["context7-mcp", "playwright-browser", "dockerhub-mcp", "golang-tool", "auth-proxy"]
    deployment = objects[4]
    assert "serviceAccountName" not in deployment["spec"]["template"]["spec"]


def test_a_default_deny_policy_for_a_workload_that_is_not_a_claude_instance():
    app = scratch_app()
    chart = cdk8s.Chart(app, "web")
    ZeroTrustPolicy(chart, "policy", props=ZeroTrustPolicyProps(
        name="shop", namespace="shop", pod_selector={"app": "shop"},
        ingress=(Allow(peers=(Pods(namespace="ingress-nginx", pod_labels={"app.kubernetes.io/name": "ingress-nginx"}),),
                       ports=(Port(number=8000),)),),
        egress=(Allow(peers=PUBLIC_INTERNET, ports=(Port(number=443),)),),
        labels={"team": "web"},
    ))
    deny, allow = cdk8s.Testing.synth(chart)
    assert deny["metadata"] == {"name": "shop-deny-all", "namespace": "shop", "labels": {"team": "web"}}
    assert deny["spec"] == {"podSelector": {"matchLabels": {"app": "shop"}}, "policyTypes": ["Ingress", "Egress"]}
    assert allow["spec"]["ingress"] == [{
        "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}},
                  "podSelector": {"matchLabels": {"app.kubernetes.io/name": "ingress-nginx"}}}],
        "ports": [{"port": 8000, "protocol": "TCP"}],
    }]
    [internet] = allow["spec"]["egress"]
    assert internet["ports"] == [{"port": 443, "protocol": "TCP"}]
    assert internet["to"][0]["ipBlock"]["cidr"] == "0.0.0.0/0" and "169.254.0.0/16" in internet["to"][0]["ipBlock"]["except"]


def test_a_policy_with_no_allows_denies_everything_and_writes_no_empty_ingress():
    app = scratch_app()
    chart = cdk8s.Chart(app, "quiet")
    ZeroTrustPolicy(chart, "policy", props=ZeroTrustPolicyProps(name="batch", namespace="jobs", pod_selector={"app": "batch"}))
    _, allow = cdk8s.Testing.synth(chart)
    assert "ingress" not in allow["spec"] and allow["spec"]["egress"] == []


def test_storage_for_any_workload():
    app = scratch_app()
    chart = cdk8s.Chart(app, "data")
    storage = InstanceStorage(chart, "storage", props=InstanceStorageProps(
        name="notebook", namespace="lab",
        volumes=(Volume(name="data", mount_path="/data", size="20Gi", persistent=True, storage_class="fast"),
                 Volume(name="scratch", mount_path="/scratch", size="2Gi")),
    ))
    [claim] = cdk8s.Testing.synth(chart)
    assert claim["metadata"] == {"name": "notebook-data", "namespace": "lab"}
    assert claim["spec"] == {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}},
                             "storageClassName": "fast"}
    assert [m.mount_path for m in storage.mounts("data", "scratch")] == ["/data", "/scratch"]
    assert storage.volumes[1].empty_dir.size_limit.value == "2Gi"


def test_a_database_for_any_workload_with_safe_defaults():
    app = scratch_app()
    chart = cdk8s.Chart(app, "db")
    CnpgDatabase(chart, "database", props=CnpgDatabaseProps(
        name="shop-db", namespace="database", cluster="postgresql", database="shop", owner="shop"))
    role, database = cdk8s.Testing.synth(chart)
    assert role["kind"] == "DatabaseRole" and role["metadata"]["name"] == "shop-db-owner"
    assert role["spec"]["passwordSecret"] == {"name": "shop-db-owner"} and "comment" not in role["spec"]
    # Deleting the objects keeps the data unless the props say otherwise.
    assert role["spec"]["databaseRoleReclaimPolicy"] == database["spec"]["databaseReclaimPolicy"] == "retain"
    assert database["metadata"] == {"name": "shop-db", "namespace": "database"}
    assert database["spec"]["owner"] == "shop" and database["spec"]["name"] == "shop"


def test_props_are_frozen():
    props = CnpgDatabaseProps(name="a", namespace="b", cluster="c", database="d", owner="e")
    with pytest.raises(dataclasses.FrozenInstanceError):
        props.name = "other"  # type: ignore[misc]


def test_escape_hatch_patches_the_primary_object():
    app = scratch_app()
    chart = cdk8s.Chart(app, "db")
    database = CnpgDatabase(chart, "database", props=CnpgDatabaseProps(
        name="x-db", namespace="database", cluster="postgresql", database="x", owner="x"))
    cdk8s.ApiObject.of(database).add_json_patch(cdk8s.JsonPatch.add("/spec/connectionLimit", 20))
    objects = cdk8s.Testing.synth(chart)
    assert objects[-1]["kind"] == "Database"
    assert objects[-1]["spec"]["connectionLimit"] == 20


def test_access_exposure_and_protection_for_any_workload():
    from claude_constructs import (
        InstanceAccess, InstanceAccessProps, InstanceExposure, InstanceExposureProps, SessionProtection,
        SessionProtectionProps,
    )
    from claude_constructs.constructs.instance_access import Rule
    from claude_constructs.constructs.instance_exposure import IngressRoute, ServicePort

    app = scratch_app()
    chart = cdk8s.Chart(app, "web")
    InstanceAccess(chart, "access", props=InstanceAccessProps(
        service_account="shop", namespace="shop", role="shop-reader",
        rules=(Rule(api_groups=("",), resources=("configmaps",), verbs=("get",)),)))
    InstanceExposure(chart, "exposure", props=InstanceExposureProps(
        name="shop", namespace="shop", pod_selector={"app": "shop"},
        ports=(ServicePort(name="http", port=80, target=8000),),
        ingress=IngressRoute(host="shop.example.com", tls_secret="shop-tls", service="shop", service_port=80)))
    SessionProtection(chart, "protection", props=SessionProtectionProps(name="shop", namespace="shop",
                                                                        pod_selector={"app": "shop"}))
    objects = {o["kind"]: o for o in cdk8s.Testing.synth(chart)}
    assert sorted(objects) == ["Ingress", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount"]
    assert objects["ServiceAccount"]["automountServiceAccountToken"] is False
    assert objects["RoleBinding"]["subjects"] == [{"kind": "ServiceAccount", "name": "shop", "namespace": "shop"}]
    assert objects["Service"]["spec"]["ports"] == [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8000}]
    backend = objects["Ingress"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    assert backend == {"service": {"name": "shop", "port": {"number": 80}}}
    assert "ingressClassName" not in objects["Ingress"]["spec"]
    assert objects["PodDisruptionBudget"]["spec"]["maxUnavailable"] == 0
    # No annotations asked for, none written (the ArgoCD ones come with sync_waves).
    assert all("annotations" not in o["metadata"] for o in objects.values())


def test_a_service_account_without_a_role_may_do_nothing():
    from claude_constructs import InstanceAccess, InstanceAccessProps

    app = scratch_app()
    chart = cdk8s.Chart(app, "quiet")
    access = InstanceAccess(chart, "access", props=InstanceAccessProps(service_account="batch", namespace="jobs"))
    assert [o["kind"] for o in cdk8s.Testing.synth(chart)] == ["ServiceAccount"] and access.role is None
