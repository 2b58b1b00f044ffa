"""The GitOps repository: ArgoCD objects generated with the instances, data kept on removal,
sync waves, and the example fleet repository (examples/fleet) always fresh."""

from __future__ import annotations

import pytest
import yaml

from claude_constructs import ConfigError
from claude_constructs.constructs.labels import KEPT_KINDS, SYNC_WAVES
from claude_constructs.charts.argocd_chart import INSTANCE_KINDS
from claude_constructs.config.gitops import load_gitops
from claude_constructs.synthesis.synth import resolve_gitops, resolve_instances, synthesize

from .conftest import ROOT, find
from .oracles import crd

FLEET = ROOT / "examples" / "fleet"


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    out = tmp_path_factory.mktemp("fleet") / "dist"
    configs = resolve_instances([FLEET / "instances"])
    synthesize(configs, out, resolve_gitops(FLEET / "gitops.yaml"))
    return configs, out


def _objects(path):
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def test_fleet_dist_is_fresh(fleet):
    _, out = fleet
    expected = {p.name: p.read_bytes() for p in out.iterdir()}
    actual = {p.name: p.read_bytes() for p in (FLEET / "dist").iterdir()}
    assert actual == expected, "examples/fleet/dist is stale: run `claude-instance synth` in examples/fleet"


def test_argocd_objects_are_valid_against_their_crds(fleet):
    _, out = fleet
    objects = _objects(out / "argocd.k8s.yaml")
    assert [o["kind"] for o in objects] == ["AppProject"] + ["Application"] * (1 + 2 + 3)  # root, 2 tenants, 3 instances
    for resource in objects:
        assert crd.errors(resource) == [], resource["metadata"]["name"]


def test_project_confines_instances_to_their_namespaces_and_kinds(fleet, every_scenario):
    configs, out = fleet
    project = find(_objects(out / "argocd.k8s.yaml"), "AppProject")
    destinations = {d["namespace"] for d in project["spec"]["destinations"]}
    assert destinations == {c.namespace for c in configs} | {"database", "argocd"}
    allowed = {(k["group"], k["kind"]) for k in project["spec"]["namespaceResourceWhitelist"]}
    produced = {(o["apiVersion"].rpartition("/")[0], o["kind"]) for objects in every_scenario.values() for o in objects}
    assert produced <= set(INSTANCE_KINDS) <= allowed
    assert {("", "ResourceQuota"), ("", "LimitRange")} <= allowed
    assert project["spec"]["clusterResourceWhitelist"] == [{"group": "", "kind": "Namespace"}]
    assert project["spec"]["sourceRepos"] == ["https://github.com/example-org/claude-instances.git"]


def test_one_application_per_instance_applying_its_own_file(fleet):
    configs, out = fleet
    applications = [o for o in _objects(out / "argocd.k8s.yaml") if o["kind"] == "Application"]
    root = applications[0]
    tenants = [a for a in applications if a["metadata"]["name"].startswith("claude-tenant-")]
    instances = [a for a in applications if "claude-constructs/instance" in a["metadata"]["labels"]]
    assert [a["metadata"]["name"] for a in tenants] == ["claude-tenant-claude-alice", "claude-tenant-claude-bob"]
    for tenant in tenants:
        assert tenant["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] == "-1", "tenants before instances"
        assert (out / tenant["spec"]["source"]["directory"]["include"]).exists()
    assert root["spec"]["source"]["directory"]["include"] == "argocd.k8s.yaml"
    assert "finalizers" not in root["metadata"], "deleting the root must not delete every instance"
    for config, app in zip(sorted(configs, key=lambda c: c.name), instances):
        spec = app["spec"]
        assert app["metadata"]["name"] == f"claude-{config.name}"
        assert (out / spec["source"]["directory"]["include"]).exists()
        assert spec["destination"]["namespace"] == config.namespace
        assert spec["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
        assert "CreateNamespace=true" not in spec["syncPolicy"]["syncOptions"], "with tenancy the tenant owns the namespace"
        assert app["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] == "0"
        assert app["metadata"]["finalizers"] == ["resources-finalizer.argocd.argoproj.io"]


def test_data_survives_pruning_and_application_deletion(every_scenario):
    for objects in every_scenario.values():
        for o in objects:
            options = o["metadata"]["annotations"].get("argocd.argoproj.io/sync-options", "")
            if o["kind"] in KEPT_KINDS:
                assert options == "Prune=false,Delete=false", o["kind"]
            else:
                assert "Delete=false" not in options


def test_sync_waves_put_policies_first_and_the_workload_after_its_dependencies(every_scenario):
    wave = {kind: SYNC_WAVES[kind] for kind in SYNC_WAVES}
    assert wave["NetworkPolicy"] < wave["ConfigMap"] < wave["PersistentVolumeClaim"] < wave["Deployment"] < wave["Ingress"]
    assert wave["DatabaseRole"] < wave["Database"] < wave["Deployment"]
    for objects in every_scenario.values():
        for o in objects:
            assert o["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] == str(wave[o["kind"]])


@pytest.mark.parametrize(("values", "path"), [
    ({}, "repoURL"),
    ({"repoURL": "file:///tmp/repo"}, "repoURL"),
    ({"repoURL": "https://x.test/r.git", "project": "Claude"}, "project"),
    ({"repoURL": "https://x.test/r.git", "path": "../elsewhere"}, "path"),
    ({"repoURL": "https://x.test/r.git", "server": "http://k8s"}, "server"),
    ({"repoURL": "https://x.test/r.git", "branch": "main"}, "branch"),
])
def test_invalid_gitops_settings_name_the_key(values, path):
    with pytest.raises(ConfigError) as error:
        load_gitops(values)
    assert path in error.value.paths


def test_without_tenancy_argocd_creates_restricted_namespaces(tmp_path):
    configs = resolve_instances([FLEET / "instances"])
    synthesize(configs, tmp_path / "dist", load_gitops({"repoURL": "https://github.com/example/r.git"}))
    applications = [o for o in _objects(tmp_path / "dist" / "argocd.k8s.yaml") if o["kind"] == "Application"][1:]
    assert len(applications) == 3 and not list((tmp_path / "dist").glob("tenant-*"))
    for app in applications:
        assert "CreateNamespace=true" in app["spec"]["syncPolicy"]["syncOptions"]
        labels = app["spec"]["syncPolicy"]["managedNamespaceMetadata"]["labels"]
        assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
