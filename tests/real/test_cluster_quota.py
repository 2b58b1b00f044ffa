"""Quota by the real admission: with tenancy, a tenant's ResourceQuota and LimitRange admit every pod
of its instances, and one instance more than the quota was sized for is refused."""

from __future__ import annotations

import pytest

from ..conftest import synth_values
from .conftest import of_kind, owners_of, start_backup_jobs, wait_for_pods
from .controlplane import ApiError, wait_for

pytestmark = pytest.mark.cluster


def quota_status(admin, namespace: str, name: str) -> dict:
    quota = admin.get(f"/api/v1/namespaces/{namespace}/resourcequotas/{name}")
    status = quota.get("status", {})
    # Filled by the controller manager's resourcequota controller; until then the admission refuses everything.
    return status if status.get("used") and set(status.get("hard", {})) == set(quota["spec"]["hard"]) else {}


def test_the_quota_admits_the_tenants_instances_and_refuses_one_more(cluster, applied_fleet):
    admin = cluster.admin
    assert applied_fleet.refused("Deployment", "CronJob", "ServiceAccount", "ResourceQuota", "LimitRange", "Namespace",
                                 "PersistentVolumeClaim") == []
    quotas = of_kind(applied_fleet.objects, "ResourceQuota")
    assert quotas
    # The tenant with the most instances.
    count = lambda q: len([d for d in of_kind(applied_fleet.objects, "Deployment") if d["metadata"]["namespace"] == q["metadata"]["namespace"]])  # noqa: E731
    quota = max(quotas, key=count)
    namespace, quota_name = quota["metadata"]["namespace"], quota["metadata"]["name"]
    here = [o for o in applied_fleet.objects if o["metadata"].get("namespace") == namespace]
    # Every pod of the tenant's instances is admitted under the quota and the LimitRange.
    jobs = start_backup_jobs(admin, here)
    expected = sum(d["spec"].get("replicas", 1) for d in of_kind(here, "Deployment")) + len(jobs)
    pods = wait_for_pods(admin, namespace, expected, owners=owners_of(here))
    assert len(pods) == expected
    seen = {}

    def counted():
        seen["status"] = quota_status(admin, namespace, quota_name)
        return seen["status"] if seen["status"].get("used", {}).get("pods") == str(expected) else None

    try:
        status = wait_for(counted, timeout=60, what=f"quota {namespace}/{quota_name} to count {expected} pods")
    except AssertionError as error:
        raise AssertionError(f"{error}; quota status {seen.get('status')}; pods {[p['metadata']['name'] for p in pods]}") from None
    assert status["used"]["pods"] == status["hard"]["pods"], "the quota is sized for exactly the tenant's pods"
    assert status["used"]["persistentvolumeclaims"] == status["hard"]["persistentvolumeclaims"]
    limits = of_kind(here, "LimitRange")[0]["spec"]["limits"]
    container_max = next(item["max"] for item in limits if item["type"] == "Container")
    for pod in pods:
        for container in pod["spec"]["containers"] + pod["spec"].get("initContainers", []):
            assert set(container_max) <= set(container["resources"]["limits"]), container["name"]

    # One instance more for the same user, synthesized now, with the tenant's quota left as it was.
    user = next(o for o in here if o["kind"] == "Deployment")["metadata"]["annotations"]["claude-constructs/user"]
    extra = synth_values({"instanceName": "quotaextra01", "userid": user, "instanceDescription": "One more than the quota"})
    deployment = next(o for o in extra if o["kind"] == "Deployment")
    assert deployment["metadata"]["namespace"] == namespace
    refused, accepted = {}, []
    try:
        for obj in sorted(extra, key=lambda o: o["kind"] == "Deployment"):
            try:
                admin.apply(obj)
                accepted.append(obj)
            except ApiError as error:
                refused[f"{obj['kind']} {obj['metadata']['name']}"] = error
        claims = [f"PersistentVolumeClaim {o['metadata']['name']}" for o in of_kind(extra, "PersistentVolumeClaim")]
        # (Objects refused for other reasons are test_cluster_apply's failures.)
        by_quota = {k: e for k, e in refused.items() if "exceeded quota" in e.message}
        assert claims and set(by_quota) == set(claims), {k: str(v) for k, v in refused.items()}
        for error in by_quota.values():
            assert error.status == 403 and f"exceeded quota: {quota_name}" in error.message
        # The Deployment itself is accepted; the ReplicaSet controller's pod is refused by the quota.
        def quota_refusal():
            events = admin.list("v1", "Event", namespace)
            return [e["message"] for e in events if e.get("reason") == "FailedCreate"
                    and e["involvedObject"]["name"].startswith("quotaextra01") and "exceeded quota" in e["message"]]
        messages = wait_for(quota_refusal, timeout=60, what="the extra instance's pod to be refused by the quota")
        assert f"exceeded quota: {quota_name}" in messages[0]
        assert not [p for p in admin.list("v1", "Pod", namespace) if p["metadata"]["name"].startswith("quotaextra01")]
    finally:
        for obj in accepted:
            admin.delete(obj)
