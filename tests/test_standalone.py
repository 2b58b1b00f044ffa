"""The constructs used on their own from another cdk8s app (as the README shows)."""

from __future__ import annotations

import cdk8s
from cdk8s_plus_28 import k8s

from claude_constructs import (
    ClaudePod,
    CnpgDatabase,
    InstanceConfigMap,
    InstanceStorage,
    ZeroTrustPolicy,
    load_instance,
)

from .conftest import scratch_app


def test_constructs_compose_in_another_apps_chart():
    app = scratch_app()
    chart = cdk8s.Chart(app, "platform")
    k8s.KubeNamespace(chart, "ns", metadata=k8s.ObjectMeta(name="claude-alice"))
    config = load_instance({"instanceName": "alice-go", "userid": "alice", "features": {"typescript": False}})
    storage = InstanceStorage(chart, "storage", config=config)
    config_map = InstanceConfigMap(chart, "config", config=config)
    pod = ClaudePod(chart, "pod", config=config, storage=storage, config_map=config_map)
    ZeroTrustPolicy(chart, "policy", config=config)
    objects = cdk8s.Testing.synth(chart)
    assert [o["kind"] for o in objects] == [
        "Namespace", "PersistentVolumeClaim", "PersistentVolumeClaim", "ConfigMap", "Deployment",
        "NetworkPolicy", "NetworkPolicy",
    ]
    assert pod.resource.name == "alice-go"
    assert [c.name for c in pod.sidecars] == ["context7-mcp", "playwright-browser", "dockerhub-mcp", "golang-tool", "auth-proxy"]
    deployment = objects[4]
    assert "serviceAccountName" not in deployment["spec"]["template"]["spec"]


def test_escape_hatch_patches_the_primary_object():
    app = scratch_app()
    chart = cdk8s.Chart(app, "db")
    config = load_instance({"database": {"enabled": True}})
    database = CnpgDatabase(chart, "database", config=config)
    cdk8s.ApiObject.of(database).add_json_patch(cdk8s.JsonPatch.add("/spec/connectionLimit", 20))
    objects = cdk8s.Testing.synth(chart)
    assert objects[-1]["kind"] == "Database"
    assert objects[-1]["spec"]["connectionLimit"] == 20
