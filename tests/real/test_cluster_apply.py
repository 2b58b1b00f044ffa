"""Server-side apply, with strict field validation, of everything the library writes: every scenario,
the default dist/ and the example fleet (ArgoCD objects included). The second apply changes nothing.
Custom resources are checked by the real server: their schemas and CEL rules."""

from __future__ import annotations

import copy
import json

import pytest

from ..scenarios import ALL_SCENARIOS
from .conftest import ROOT, STATS, kubectl_apply_twice, load_yaml, of_kind, owners_of, start_backup_jobs, wait_for_pods
from .controlplane import ApiError

pytestmark = pytest.mark.cluster

SCENARIO_IDS = [param.id for param in ALL_SCENARIOS]


def test_the_control_plane_runs_the_pinned_version_with_rbac_and_admission(cluster):
    version = cluster.admin.get("/version")
    assert version["gitVersion"] == "v1.36.3" and version["minor"] == "36"
    # The vendored CRDs are all served.
    assert len(cluster.crds) >= 9
    served = {g["name"] for g in cluster.admin.get("/apis")["groups"]}
    assert {"postgresql.cnpg.io", "argoproj.io", "monitoring.coreos.com", "snapshot.storage.k8s.io", "autoscaling.k8s.io",
            "cilium.io"} <= served


@pytest.mark.parametrize("scenario", SCENARIO_IDS)
def test_every_scenario_applies_strictly_and_a_second_apply_changes_nothing(applied_scenarios, cluster, scenario):
    applied = applied_scenarios[scenario]
    assert applied.errors == [], "\n".join(applied.errors)
    assert applied.changed == [], "\n".join(applied.changed)
    for obj in applied.objects:
        live = cluster.admin.get(cluster.admin.path(obj))
        assert live["metadata"]["uid"]
        managers = {entry["manager"] for entry in live["metadata"].get("managedFields", [])}
        assert "claude-constructs-tests" in managers


def test_strict_validation_is_on_unknown_and_duplicated_fields_fail(cluster, applied_scenarios):
    applied = applied_scenarios["defaults"]
    deployment = copy.deepcopy(next(o for o in applied.objects if o["kind"] == "Deployment"))
    deployment["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"
    with pytest.raises(ApiError) as error:
        cluster.admin.apply(deployment, dry_run=True)
    # kube-apiserver 1.36 answers an apply of an undeclared field with 500 "field not declared in schema".
    assert error.value.status in (400, 500) and "imagePullPolicyy" in error.value.message
    assert "unknown field" in error.value.message or "field not declared in schema" in error.value.message
    # A strict create (no server-side apply) says it in so many words.
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "unknown-field", "namespace": applied.namespace},
           "spec": deployment["spec"]["template"]["spec"]}
    with pytest.raises(ApiError) as error:
        cluster.admin.create(pod, dry_run=True)
    assert error.value.status == 400 and 'unknown field "spec.containers[0].imagePullPolicyy"' in error.value.message
    # A duplicated key in the applied YAML is an error too.
    config_map = next(o for o in applied.objects if o["kind"] == "ConfigMap")
    body = json.dumps(config_map)[:-1] + ', "kind": "ConfigMap"}'
    with pytest.raises(ApiError) as error:
        cluster.admin.request("PATCH", cluster.admin.path(config_map), body.encode(),
                              params={"fieldManager": "claude-constructs-tests", "fieldValidation": "Strict", "dryRun": "All"},
                              content_type="application/apply-patch+yaml")
    assert error.value.status == 400 and 'key "kind" already set in map' in error.value.message


def test_cel_rules_of_the_vendored_crds_are_evaluated(cluster, applied_scenarios):
    """The custom resources the library writes pass their CEL rules; a change those rules forbid fails."""
    with_database = applied_scenarios["with-database"]
    database = copy.deepcopy(next(o for o in with_database.objects if o["kind"] == "Database"))
    database["spec"]["name"] = "postgres"
    with pytest.raises(ApiError) as error:
        cluster.admin.apply(database, dry_run=True)
    assert error.value.status == 422 and "the name postgres is reserved" in error.value.message
    renamed = copy.deepcopy(next(o for o in with_database.objects if o["kind"] == "Database"))
    renamed["spec"]["cluster"] = {"name": "another-cluster"}
    with pytest.raises(ApiError) as error:
        cluster.admin.apply(renamed, dry_run=True)
    assert "cluster reference is immutable" in error.value.message
    backups = applied_scenarios["backups-and-restore"]
    snapshot = copy.deepcopy(next(o for o in backups.objects if o["kind"] == "VolumeSnapshot"))
    snapshot["metadata"]["name"] += "-cel"
    snapshot["spec"]["source"]["volumeSnapshotContentName"] = "some-content"
    with pytest.raises(ApiError) as error:
        cluster.admin.apply(snapshot, dry_run=True)
    assert error.value.status == 422 and "exactly one of" in error.value.message.lower()


def test_the_default_dist_applies_with_kubectl(cluster):
    files = sorted((ROOT / "dist").glob("*.yaml"))
    assert files
    namespaces = {o["metadata"]["namespace"] for f in files for o in load_yaml(f) if o["kind"] == "Deployment"}
    errors, _ = kubectl_apply_twice(cluster, files, restricted=namespaces)
    STATS["manifests applied"] += len(files)
    assert errors == ""
    objects = [o for f in files for o in load_yaml(f)]
    for namespace in sorted(namespaces):
        here = [o for o in objects if o["metadata"].get("namespace") == namespace]
        jobs = start_backup_jobs(cluster.admin, here)
        expected = sum(d["spec"].get("replicas", 1) for d in of_kind(here, "Deployment")) + len(jobs)
        assert len(wait_for_pods(cluster.admin, namespace, expected, owners=owners_of(here))) == expected
        STATS["pods admitted (created by the controllers)"] += expected


def test_the_example_fleet_applies_and_its_argocd_objects_are_accepted(applied_fleet, cluster):
    assert applied_fleet.errors == ""
    objects = applied_fleet.objects
    argo = [o for o in objects if o["apiVersion"].startswith("argoproj.io/")]
    assert {o["kind"] for o in argo} == {"AppProject", "Application"}
    for obj in argo:
        live = cluster.admin.get(cluster.admin.path(obj))
        assert live["spec"] == {**live["spec"], **obj["spec"]}
    # The tenant namespaces come from the fleet itself, restricted.
    for namespace in (o for o in objects if o["kind"] == "Namespace"):
        live = cluster.admin.get(f"/api/v1/namespaces/{namespace['metadata']['name']}")
        assert live["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
