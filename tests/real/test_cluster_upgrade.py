"""Upgrades against the real server: each instance is applied at one configuration and then at the
next, its claims bound to volumes as in a cluster. The changes `upgrade_problems` refuses are exactly
the objects the server refuses, and the upgrades it allows (features added, volumes grown, suspended
and resumed, descriptions and resources edited) the server accepts."""

from __future__ import annotations

import copy
import re

import pytest

from claude_constructs.synthesis.upgrade import upgrade_problems

from ..conftest import find, synth_values
from .conftest import RESTRICTED, STATS, relocate
from .controlplane import ApiError, wait_for

pytestmark = pytest.mark.cluster

BASE = {"instanceName": "upgraded", "userid": "upgrader", "instanceDescription": "Backend API development"}


def changed_selector(objects: list[dict]) -> list[dict]:
    """The same objects with another Deployment selector (and matching template labels)."""
    objects = copy.deepcopy(objects)
    deployment = find(objects, "Deployment")
    deployment["spec"]["selector"]["matchLabels"]["claude-constructs/generation"] = "2"
    deployment["spec"]["template"]["metadata"]["labels"]["claude-constructs/generation"] = "2"
    return objects


def changed_database_cluster(objects: list[dict]) -> list[dict]:
    """The same objects with the Database in another CNPG cluster (a fleet setting, not an instance's)."""
    objects = copy.deepcopy(objects)
    find(objects, "Database")["spec"]["cluster"]["name"] = "another-cluster"
    return objects


# Each case: a list of steps, each the values of the instance (merged over BASE) or a function of the
# previous step's objects; and whether the last step is accepted.
CASES = {
    "features-added": ([{}, {"features": {"golang": True, "typescript": True, "graphql": True, "ansible": True},
                             "database": {"enabled": True}, "metrics": {"enabled": True}}], True),
    "volumes-grown": ([{}, {"storage": {"workspace": {"size": "20Gi"}, "home": {"size": "2Gi"}}}], True),
    "suspended-and-resumed": ([{}, {"suspended": True}, {"suspended": False}], True),
    "description-resources-and-backups-edited": ([{}, {
        "instanceDescription": "Something else: entirely #2", "resources": {"limits": {"memory": "4Gi"}},
        "backup": {"schedule": "0 3 * * *", "snapshots": ["before-upgrade"]}}], True),
    "volume-shrunk": ([{"storage": {"workspace": {"size": "20Gi"}}}, {"storage": {"workspace": {"size": "10Gi"}}}], False),
    "storage-class-changed": ([{"storage": {"home": {"storageClass": "longhorn"}}}, {"storage": {"home": {"storageClass": "fast"}}}], False),
    "access-mode-changed": ([{}, {"storage": {"home": {"accessMode": "ReadWriteOncePod"}}}], False),
    "restored-from-a-snapshot-later": ([{}, {"storage": {"workspace": {"fromSnapshot": "upgraded-workspace-before"}}}], False),
    "database-renamed": ([{"database": {"enabled": True}}, {"database": {"enabled": True, "name": "claude_renamed"}}], False),
    "database-cluster-changed": ([{"database": {"enabled": True}}, changed_database_cluster], False),
    "selector-changed": ([{}, changed_selector], False),
}


def merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = merge(out.get(key, {}), value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def key(obj: dict) -> str:
    return f"{obj['kind']} {obj['metadata'].get('namespace', '')}/{obj['metadata']['name']}"


def names(object_key: str, message: str) -> bool:
    """Whether `message` names the object (its name as a whole word)."""
    name = object_key.rsplit("/", 1)[1]
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", message) is not None


def apply_all(admin, objects: list[dict]) -> dict[str, ApiError]:
    refused = {}
    for obj in objects:
        try:
            admin.apply(obj)
        except ApiError as error:
            refused[key(obj)] = error
    return refused


def bind_claims(cluster, objects: list[dict]) -> None:
    """A volume for each claim, pre-bound to it; the controller manager's binder binds the pair."""
    admin = cluster.admin
    for claim in (o for o in objects if o["kind"] == "PersistentVolumeClaim"):
        namespace, name = claim["metadata"]["namespace"], claim["metadata"]["name"]
        live = admin.get(f"/api/v1/namespaces/{namespace}/persistentvolumeclaims/{name}")
        if live["status"].get("phase") == "Bound":
            continue
        storage_class = live["spec"].get("storageClassName", "")
        if storage_class and admin.get(f"/apis/storage.k8s.io/v1/storageclasses/{storage_class}", missing_ok=True) is None:
            admin.create({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": storage_class},
                         "provisioner": "example.com/no-provisioner", "allowVolumeExpansion": True, "reclaimPolicy": "Retain"})
        admin.apply({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": f"{namespace}-{name}"},
                     "spec": {"capacity": {"storage": live["spec"]["resources"]["requests"]["storage"]},
                              "accessModes": live["spec"]["accessModes"], "storageClassName": storage_class,
                              "persistentVolumeReclaimPolicy": "Retain", "hostPath": {"path": f"/tmp/pv/{namespace}/{name}"},
                              "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "namespace": namespace, "name": name}}})
    for claim in (o for o in objects if o["kind"] == "PersistentVolumeClaim"):
        path = f"/api/v1/namespaces/{claim['metadata']['namespace']}/persistentvolumeclaims/{claim['metadata']['name']}"
        wait_for(lambda: admin.get(path)["status"].get("phase") == "Bound", timeout=60, what=f"claim {key(claim)} bound")


@pytest.mark.parametrize("case", list(CASES))
def test_the_upgrade_check_and_the_server_refuse_the_same_changes(cluster, case):
    steps, accepted = CASES[case]
    namespace = f"upgrade-{case}"[:63]
    admin = cluster.admin

    def synth(step, previous=None) -> list[dict]:
        objects = step(previous) if callable(step) else relocate(synth_values(merge(BASE, step)), namespace)[0]
        for name in sorted({o["metadata"].get("namespace") for o in objects} - {None}):
            cluster.namespace(name, RESTRICTED if name == namespace else {})
        return objects

    previous = synth(steps[0])
    # An object the server refuses to create is test_cluster_apply's failure; it is left out of the
    # comparison below, and this test fails for it at the end.
    not_created = apply_all(admin, previous)
    bind_claims(cluster, previous)
    for step in steps[1:]:
        current = synth(step, previous)
        problems = upgrade_problems(previous, current)
        refused = {k: e for k, e in apply_all(admin, current).items() if k not in not_created}
        STATS["upgrade steps applied"] += 1
        # The two agree object by object: each refused object is named by a problem, and each
        # problem names an object the server refused.
        unnamed = {k: e.message for k, e in refused.items() if not any(names(k, p.message) for p in problems)}
        assert not unnamed, f"the server refused what upgrade_problems does not name: {unnamed}; its problems: {[p.message for p in problems]}"
        for problem in problems:
            assert any(names(k, problem.message) for k in refused), f"the server accepted what was refused: {problem.message}"
        for error in refused.values():
            assert error.status == 422 and ("immutable" in error.message or "can not be less than" in error.message), error.message
        assert bool(problems) == (not accepted) and bool(refused) == (not accepted)
        if accepted:
            for obj in (o for o in current if key(o) not in not_created):
                live = admin.get(admin.path(obj))
                if obj["kind"] == "PersistentVolumeClaim":
                    assert live["spec"]["resources"]["requests"] == obj["spec"]["resources"]["requests"]
                if obj["kind"] == "Deployment":
                    assert live["spec"]["replicas"] == obj["spec"].get("replicas", 1)
            bind_claims(cluster, current)
            previous = current
    assert not_created == {}, {k: str(e) for k, e in not_created.items()}
