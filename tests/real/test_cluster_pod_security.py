"""Pod Security by the real admission: in namespaces that enforce `restricted`, the Deployment
controller's ReplicaSets create every scenario's pods, and a Job made from each backup CronJob's
template creates its pod; a pod that breaks the profile is rejected in the same namespace."""

from __future__ import annotations

import copy

import pytest

from ..scenarios import ALL_SCENARIOS
from .conftest import STATS, of_kind, owners_of, start_backup_jobs, wait_for_pods
from .controlplane import ApiError

pytestmark = pytest.mark.cluster

SCENARIO_IDS = [param.id for param in ALL_SCENARIOS]


@pytest.mark.parametrize("scenario", SCENARIO_IDS)
def test_the_controllers_create_every_pod_of_the_scenario_under_restricted(cluster, applied_scenarios, scenario):
    applied = applied_scenarios[scenario]
    # Other objects' refusals are test_cluster_apply's failures; these are the ones the pods need.
    assert applied.refused("Deployment", "CronJob", "ServiceAccount") == []
    admin, namespace = cluster.admin, applied.namespace
    deployments = of_kind(applied.objects, "Deployment")
    replicas = sum(d["spec"].get("replicas", 1) for d in deployments)
    jobs = start_backup_jobs(admin, applied.objects)
    pods = wait_for_pods(admin, namespace, replicas + len(jobs), owners=owners_of(applied.objects))
    assert len(pods) == replicas + len(jobs)
    # Each pod is the one its template describes, init containers included, made by the controllers.
    templates = {d["metadata"]["name"]: d["spec"]["template"]["spec"] for d in deployments}
    templates |= {c["metadata"]["name"]: c["spec"]["jobTemplate"]["spec"]["template"]["spec"] for c in of_kind(applied.objects, "CronJob")}
    for pod in pods:
        owner = pod["metadata"]["ownerReferences"][0]
        assert owner["kind"] in ("ReplicaSet", "Job")
        source = owner["name"].rsplit("-", 1)[0] if owner["kind"] == "ReplicaSet" else owner["name"].removesuffix("-now")
        template = templates[source]
        for key in ("containers", "initContainers"):
            assert [c["name"] for c in pod["spec"].get(key, [])] == [c["name"] for c in template.get(key, [])]
        assert pod["status"]["phase"] == "Pending" and not pod["spec"].get("nodeName")
    STATS["pods admitted (created by the controllers)"] += len(pods)
    # A Deployment scaled to zero (a suspended instance) makes no pod: its template is admitted by a dry run.
    for deployment in deployments:
        if deployment["spec"].get("replicas", 1) == 0:
            pod = {"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": f"{deployment['metadata']['name']}-dry-run", "namespace": namespace,
                                "labels": deployment["spec"]["template"]["metadata"].get("labels", {})},
                   "spec": deployment["spec"]["template"]["spec"]}
            admin.create(pod, dry_run=True)
            STATS["pod templates admitted by a dry run (suspended)"] += 1


@pytest.mark.parametrize("scenario", SCENARIO_IDS)
def test_a_pod_that_breaks_the_restricted_profile_is_rejected_in_the_same_namespace(cluster, applied_scenarios, scenario):
    applied = applied_scenarios[scenario]
    namespace = applied.namespace
    live = cluster.admin.get(f"/api/v1/namespaces/{namespace}")
    assert live["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    deployment = of_kind(applied.objects, "Deployment")[0]
    spec = copy.deepcopy(deployment["spec"]["template"]["spec"])
    spec["containers"][0]["securityContext"] = {**spec["containers"][0].get("securityContext", {}), "allowPrivilegeEscalation": True}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "breaks-restricted", "namespace": namespace}, "spec": spec}
    with pytest.raises(ApiError) as error:
        cluster.admin.create(pod)
    assert error.value.status == 403
    assert 'violates PodSecurity "restricted:latest"' in error.value.message
    assert "allowPrivilegeEscalation != false" in error.value.message
    privileged = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "privileged", "namespace": namespace},
                  "spec": {"containers": [{"name": "c", "image": "busybox", "securityContext": {"privileged": True}}]}}
    with pytest.raises(ApiError) as error:
        cluster.admin.create(privileged)
    assert error.value.status == 403 and "privileged" in error.value.message
    STATS["non-compliant pods rejected"] += 2


def test_the_fleet_tenants_pods_are_admitted(cluster, applied_fleet):
    assert applied_fleet.refused("Deployment", "CronJob", "ServiceAccount", "ResourceQuota", "LimitRange", "Namespace") == []
    namespaces = sorted({o["metadata"]["namespace"] for o in applied_fleet.objects if o["kind"] == "Deployment"})
    total = 0
    for namespace in namespaces:
        objects = [o for o in applied_fleet.objects if o["metadata"].get("namespace") == namespace]
        jobs = start_backup_jobs(cluster.admin, objects)
        expected = sum(d["spec"].get("replicas", 1) for d in of_kind(objects, "Deployment")) + len(jobs)
        pods = wait_for_pods(cluster.admin, namespace, expected, owners=owners_of(objects))
        assert len(pods) == expected
        total += expected
    STATS["pods admitted (created by the controllers)"] += total
