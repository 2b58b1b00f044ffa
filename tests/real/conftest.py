"""Fixtures of the real-cluster tests: one control plane for the session, with the vendored CRDs
installed and every scenario applied once into its own namespace.

A control plane that cannot be built or started fails every test that uses it, with its log. When
a test that uses it fails, the tail of each component's log is attached to that test's report and the
folder with the full logs is kept (its path is printed at the end of the session).
"""

from __future__ import annotations

import copy
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from .controlplane import ApiError, Client, ControlPlane, install_crds, wait_for

ROOT = Path(__file__).resolve().parents[2]
RESTRICTED = {"pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest"}

_state: dict = {"failed": False, "plane": None, "error": None}
STATS: Counter = Counter()


@dataclass
class Cluster:
    plane: ControlPlane
    admin: Client
    crds: list[str] = field(default_factory=list)

    def sar(self, user: str, groups: list[str], **attributes) -> bool:
        STATS["subject access reviews"] += 1
        return self.admin.can(user, groups, **attributes)

    def namespace(self, name: str, labels: dict | None = None) -> None:
        self.admin.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}})
        # The serviceaccount controller makes `default`; the ServiceAccount admission needs its token controller to be up.
        wait_for(lambda: self.admin.get(f"/api/v1/namespaces/{name}/serviceaccounts/default", missing_ok=True),
                 timeout=30, what=f"the default ServiceAccount of {name}")


@pytest.fixture(scope="session")
def control_plane() -> ControlPlane:
    if _state["error"] is not None:
        raise _state["error"]
    if _state["plane"] is None:
        plane = ControlPlane()
        _state["plane"] = plane
        try:
            plane.start()
        except Exception as error:  # a build or start failure is the failure of every test that uses it
            _state["failed"] = True
            _state["error"] = error
            raise
    return _state["plane"]


@pytest.fixture(scope="session")
def cluster(control_plane: ControlPlane) -> Cluster:
    admin = control_plane.client()
    started = time.monotonic()
    crds = install_crds(admin)
    control_plane.timings["crds"] = time.monotonic() - started
    # A default class that allows expansion, as a cloud cluster has: claims without a class get it.
    admin.apply({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                 "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
                 "provisioner": "example.com/no-provisioner", "allowVolumeExpansion": True, "reclaimPolicy": "Retain"})
    # The RuntimeClass an 'isolation: gvisor' instance asks for, as gVisor's installation creates it:
    # the RuntimeClass admission refuses a pod whose class does not exist.
    admin.apply({"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "gvisor"}, "handler": "runsc"})
    # ... once the DefaultStorageClass admission has seen it (it reads the classes from a cache).
    claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "probe", "namespace": "default"},
             "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}
    wait_for(lambda: admin.create(claim, dry_run=True)["spec"].get("storageClassName") == "standard", timeout=30,
             what="the default StorageClass to be used by the admission")
    return Cluster(control_plane, admin, crds)


def pytest_runtest_makereport(item, call):
    if call.when == "teardown" or call.excinfo is None or call.excinfo.errisinstance(pytest.skip.Exception):
        return
    if "control_plane" not in getattr(item, "fixturenames", ()):
        return
    _state["failed"] = True
    plane: ControlPlane | None = _state["plane"]
    if plane is not None and plane.processes:
        # The full logs stay in plane.folder (kept when a test failed); the report gets their last errors.
        item.add_report_section(call.when, "control plane logs", plane.log_tail(15, errors_only=True))


def pytest_sessionfinish(session, exitstatus):
    plane: ControlPlane | None = _state["plane"]
    if plane is None:
        return
    keep = _state["failed"] or bool(os.environ.get("CLAUDE_CONSTRUCTS_KEEP_CLUSTER"))
    plane.stop(keep=keep)


def pytest_terminal_summary(terminalreporter):
    plane: ControlPlane | None = _state["plane"]
    if plane is None:
        return
    terminalreporter.section("real control plane")
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in plane.timings.items())
    terminalreporter.write_line(f"{plane.server}: {timings}")
    for key, value in sorted(STATS.items()):
        terminalreporter.write_line(f"{key}: {value}")
    if _state["failed"] or os.environ.get("CLAUDE_CONSTRUCTS_KEEP_CLUSTER"):
        terminalreporter.write_line(f"logs and data kept in {plane.folder}")


# --- pods made by the controllers ---------------------------------------------------------

def of_kind(objects, kind):
    return [o for o in objects if o["kind"] == kind]


def start_backup_jobs(admin, objects) -> list[str]:
    """A Job from each CronJob's jobTemplate (what the CronJob controller does at its schedule)."""
    names = []
    for cronjob in of_kind(objects, "CronJob"):
        template = cronjob["spec"]["jobTemplate"]
        name = f"{cronjob['metadata']['name']}-now"[:63]
        job = {"apiVersion": "batch/v1", "kind": "Job",
               "metadata": {"name": name, "namespace": cronjob["metadata"]["namespace"],
                            "labels": template.get("metadata", {}).get("labels", {})},
               "spec": copy.deepcopy(template["spec"])}
        admin.apply(job)
        names.append(name)
    return names


def owners_of(objects: list[dict]) -> tuple[str, ...]:
    """Name prefixes of the ReplicaSets and Jobs the controllers make for `objects`' Deployments and CronJobs."""
    return tuple(f"{o['metadata']['name']}-" for o in objects if o["kind"] in ("Deployment", "CronJob"))


def controller_failures(admin, namespace: str, owners: tuple[str, ...] = ()) -> list[str]:
    """The controllers' reports of pods they could not create (for ReplicaSets and Jobs named after `owners`)."""
    events = admin.list("v1", "Event", namespace)
    return [f"{e['involvedObject']['kind']} {e['involvedObject']['name']}: {e['message']}"
            for e in events if e.get("reason") in ("FailedCreate", "FailedCreatePodReason")
            and (not owners or e["involvedObject"]["name"].startswith(owners))]


def wait_for_pods(admin, namespace: str, expected: int, *, owners: tuple[str, ...] = ()) -> list[dict]:
    """The pods of `namespace` once there are exactly `expected` of them; a controller's failure to
    create one (a ReplicaSet or Job named after `owners`) fails at once with its message.

    Exactly, not at least: on a loaded machine the ReplicaSet controller may make a pod too many and
    remove it later (kubernetes/kubernetes#129795); a surplus that stays is a failure naming each
    pod's owner."""
    def pods():
        failures = controller_failures(admin, namespace, owners)
        assert not failures, "\n".join(failures)
        items = [p for p in admin.list("v1", "Pod", namespace) if p["metadata"].get("deletionTimestamp") is None]
        last[:] = items
        # Each Deployment has its ReplicaSet (even at zero replicas), so no pod is still to come.
        sets = admin.list("apps/v1", "ReplicaSet", namespace)
        return (items,) if len(items) == expected and len(sets) >= deployments else None

    last: list[dict] = []
    deployments = len(admin.list("apps/v1", "Deployment", namespace))
    try:
        return wait_for(pods, timeout=90, what=f"{expected} pods in {namespace}")[0]
    except AssertionError:
        made = sorted(f"{p['metadata']['name']} (of {', '.join(o['kind'] + ' ' + o['name'] for o in p['metadata'].get('ownerReferences', []))})"
                      for p in last)
        raise AssertionError(f"{len(made)} pods in {namespace} after 90 s, not {expected}: " + "; ".join(made)) from None


# --- scenarios in their own namespaces ----------------------------------------------------------

def relocate(objects: list[dict], namespace: str) -> tuple[list[dict], dict[str, str]]:
    """`objects` moved into `namespace` (and other namespaces they use into `namespace`-<n>), so every
    scenario lives in a namespace of its own; the mapping of old to new namespace names."""
    instance_ns = next(o["metadata"]["namespace"] for o in objects if o["kind"] == "Deployment")
    others = sorted({o["metadata"].get("namespace") for o in objects} - {instance_ns, None})
    mapping = {instance_ns: namespace, **{ns: f"{namespace}-{ns}"[:63] for ns in others}}

    def walk(value, key=None):
        if isinstance(value, dict):
            out = {k: walk(v, k) for k, v in value.items()}
            if "namespace" in out and isinstance(out["namespace"], str):
                out["namespace"] = mapping.get(value["namespace"], out["namespace"])
            if isinstance(out.get("kubernetes.io/metadata.name"), str):
                out["kubernetes.io/metadata.name"] = mapping.get(value["kubernetes.io/metadata.name"], out["kubernetes.io/metadata.name"])
            return out
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str) and instance_ns in value:
            return value.replace(instance_ns, namespace)
        return value

    return [walk(o) for o in objects], mapping


def load_yaml(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def _comparable(obj: dict) -> dict:
    """`obj` without what the server writes on its own: status, resourceVersion, managedFields times."""
    meta = {k: v for k, v in obj["metadata"].items() if k not in ("resourceVersion", "managedFields")}
    meta["managedFields"] = [{k: v for k, v in entry.items() if k != "time"} for entry in obj["metadata"].get("managedFields", [])]
    return {**{k: v for k, v in obj.items() if k != "status"}, "metadata": meta}


def reapply_changes(admin: Client, obj: dict, *, attempts: int = 3) -> str | None:
    """What applying `obj` again would change (a dry run compared with the live object), else None.
    Controllers write some objects on their own (claim annotations, a Deployment's revision), so a
    difference is looked at again before it counts."""
    difference = None
    for _ in range(attempts):
        live = admin.get(admin.path(obj))
        dry = admin.apply(obj, dry_run=True)
        if _comparable(live) == _comparable(dry):
            return None
        before, after = _comparable(live), _comparable(dry)
        keys = sorted({*before, *after, *before["metadata"], *after["metadata"]})
        difference = [k for k in keys if before.get(k, before["metadata"].get(k)) != after.get(k, after["metadata"].get(k))]
        time.sleep(0.5)
    return f"would change {difference}"


def key_of(obj: dict) -> str:
    return f"{obj['kind']} {obj['metadata'].get('namespace', '')}/{obj['metadata']['name']}"


def apply_twice(admin: Client, objects: list[dict]) -> tuple[list[str], list[str]]:
    """Apply `objects` (namespaces first), then again: the errors of the first apply, and what the
    second apply changed (a dry run of it against the live object; then the apply itself must keep
    the object's generation)."""
    ordered = sorted(objects, key=lambda o: (o["kind"] != "Namespace", o["kind"] == "Deployment"))
    errors, first = [], {}
    for obj in ordered:
        try:
            first[key_of(obj)] = admin.apply(obj)
            STATS["objects applied (server-side, strict)"] += 1
        except ApiError as error:
            errors.append(f"{key_of(obj)}: {error.status} {error.message}")
    changed = []
    for obj in ordered:
        if key_of(obj) not in first:
            continue
        difference = reapply_changes(admin, obj)
        if difference:
            changed.append(f"{key_of(obj)}: {difference}")
        again = admin.apply(obj)
        if again["metadata"].get("generation") != first[key_of(obj)]["metadata"].get("generation"):
            changed.append(f"{key_of(obj)}: generation {first[key_of(obj)]['metadata'].get('generation')} -> {again['metadata'].get('generation')}")
    return errors, changed


@dataclass
class AppliedScenario:
    id: str
    namespace: str
    namespaces: dict[str, str]
    objects: list[dict]
    errors: list[str]
    changed: list[str]

    def refused(self, *kinds: str) -> list[str]:
        """The apply errors of objects of these kinds (a test that needs them cannot run without them)."""
        return [e for e in self.errors if e.split(" ", 1)[0] in kinds]


@pytest.fixture(scope="session")
def applied_scenarios(cluster: Cluster, every_scenario) -> dict[str, AppliedScenario]:
    """Every scenario of tests/scenarios.py, synthesized now, applied twice into namespace sc-<id>
    (labelled enforce=restricted; other namespaces it uses, such as the database's, beside it)."""
    applied = {}
    for scenario_id, objects in every_scenario.items():
        namespace = f"sc-{scenario_id}"[:63].rstrip("-")
        moved, mapping = relocate(objects, namespace)
        for old, new in mapping.items():
            cluster.namespace(new, RESTRICTED if new == namespace else {})
        errors, changed = apply_twice(cluster.admin, moved)
        applied[scenario_id] = AppliedScenario(scenario_id, namespace, mapping, moved, errors, changed)
        STATS["scenarios applied"] += 1
    return applied


def kubectl_apply_twice(cluster, files, *, restricted: set[str]) -> tuple[str, dict[str, str]]:
    """`kubectl apply --server-side --validate=strict` of `files` (the files that define namespaces
    first), then again: kubectl's errors (then nothing more is tried), else "" and the generations,
    which the second apply must not change."""
    objects = [o for f in files for o in load_yaml(f)]
    defined = {o["metadata"]["name"] for o in objects if o["kind"] == "Namespace"}
    for namespace in sorted({o["metadata"].get("namespace") for o in objects} - defined - {None}):
        cluster.namespace(namespace, RESTRICTED if namespace in restricted else {})
    first = [f for f in files if any(o["kind"] == "Namespace" for o in load_yaml(f))]
    ordered = first + [f for f in files if f not in first]
    args = [a for f in ordered for a in ("-f", str(f))]

    def versions() -> dict[str, str]:
        listing = json.loads(cluster.plane.kubectl("get", *args, "-o", "json").stdout)
        items = listing.get("items", [listing])
        return {f"{i['kind']} {i['metadata'].get('namespace', '')}/{i['metadata']['name']}": i["metadata"].get("generation", "")
                for i in items}

    apply = ("apply", "--server-side", "--validate=strict", "--field-manager=claude-constructs-tests")
    errors = []
    for group in (first, [f for f in files if f not in first]):
        if group:  # kubectl applies every object it can and reports the others
            result = cluster.plane.kubectl(*apply, *[a for f in group for a in ("-f", str(f))], check=False)
            if result.returncode != 0:
                errors.append(result.stderr.strip())
    if errors:
        return "\n".join(errors), {}
    before = versions()
    assert len(before) == len(objects)
    # A second apply changes nothing: kubectl diff (a server-side dry run against the live objects) is empty ...
    diff = cluster.plane.kubectl("diff", "--server-side", "--field-manager=claude-constructs-tests", *args, check=False)
    assert diff.returncode == 0, f"kubectl diff found changes ({diff.returncode}):\n{diff.stdout}\n{diff.stderr}"
    # ... and the apply itself leaves every generation as it was.
    cluster.plane.kubectl(*apply, *args)
    after = versions()
    assert after == before, {k: (before[k], after.get(k)) for k in before if after.get(k) != before[k]}
    STATS["objects applied (server-side, strict)"] += len(objects)
    return "", after


@dataclass
class AppliedFleet:
    files: list[Path]
    objects: list[dict]
    errors: str
    versions: dict[str, str]

    def refused(self, *kinds: str) -> list[str]:
        """kubectl's error lines about objects of these kinds."""
        return [line for line in self.errors.splitlines() if any(f"{kind}." in line or f" {kind} " in line for kind in kinds)]


@pytest.fixture(scope="session")
def applied_fleet(cluster: Cluster) -> AppliedFleet:
    """The example fleet's committed manifests (tenant namespaces with quotas, three instances, the
    ArgoCD objects), applied twice with kubectl."""
    files = sorted((ROOT / "examples" / "fleet" / "dist").glob("*.yaml"))
    assert files, "examples/fleet/dist is empty"
    errors, versions = kubectl_apply_twice(cluster, files, restricted=set())
    STATS["manifests applied"] += len(files)
    return AppliedFleet(files, [o for f in files for o in load_yaml(f)], errors, versions)
