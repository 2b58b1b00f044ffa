"""Whole charts: a snapshot per named scenario, and invariants over every object of every scenario."""

from __future__ import annotations

import json

import pytest

from claude_constructs import load_instance
from claude_constructs.charts.instance_labels import selector_labels
from claude_constructs.config.platform import Platform

from .conftest import container, containers, env_of, find, kinds, pod_spec, synth_chart, synth_example, synth_values
from .scenarios import ALL_SCENARIOS, synth_scenario

@pytest.mark.parametrize("scenario", ALL_SCENARIOS)
def test_scenario_snapshot(scenario, snapshot):
    assert synth_scenario(scenario) == snapshot


def test_defaults_create_every_object_of_the_seed_readme():
    objects = synth_values()
    assert sorted(kinds(objects)) == sorted(
        ["PersistentVolumeClaim", "PersistentVolumeClaim", "ConfigMap", "ServiceAccount", "Role", "RoleBinding",
         "Deployment", "Service", "Ingress", "NetworkPolicy", "NetworkPolicy", "PodDisruptionBudget"]
    )
    names = [c["name"] for c in containers(objects, init=False)]
    assert names == ["claude-web", "context7-mcp", "playwright-browser", "dockerhub-mcp", "golang-tool", "typescript-tool",
                     "auth-proxy"]
    assert [c["name"] for c in pod_spec(objects)["initContainers"]] == ["ssh-setup"]


def test_feature_flags_add_their_containers():
    objects = synth_example("everything.yaml")
    names = {c["name"] for c in containers(objects)}
    assert {"golang-tool", "typescript-tool", "postgres", "hasura", "ansible", "git-clone", "ssh-setup"} <= names
    minimal = {c["name"] for c in containers(synth_example("minimal.yaml"), init=False)}
    assert not minimal & {"golang-tool", "typescript-tool", "postgres", "hasura", "ansible"}


def test_database_objects_only_with_a_database():
    assert "Database" not in kinds(synth_values())
    objects = synth_example("with-database.yaml")
    assert kinds(objects).count("Database") == 1 and kinds(objects).count("DatabaseRole") == 1


# --------------------------------------------------------------------------------------------
# Invariants over every object of every scenario


RESTRICTED_CONTEXT = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "readOnlyRootFilesystem": True,
    "runAsNonRoot": True,
    "seccompProfile": {"type": "RuntimeDefault"},
}


def test_every_container_is_restricted_and_limited(every_scenario):
    for scenario, objects in every_scenario.items():
        spec = pod_spec(objects)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["automountServiceAccountToken"] is False
        assert "hostNetwork" not in spec and "hostPID" not in spec
        for c in containers(objects):
            where = f"{scenario}/{c['name']}"
            context = c["securityContext"]
            for key, value in RESTRICTED_CONTEXT.items():
                assert context[key] == value, f"{where}: securityContext.{key}"
            assert context["runAsUser"] != 0, where
            assert "add" not in context["capabilities"], where
            for kind in ("requests", "limits"):
                assert set(c["resources"][kind]) == {"cpu", "memory", "ephemeral-storage"}, f"{where}: {kind}"


def test_every_pod_port_is_unique(every_scenario):
    for scenario, objects in every_scenario.items():
        ports = [p["containerPort"] for c in containers(objects, init=False) for p in c.get("ports", [])]
        assert len(ports) == len(set(ports)), f"{scenario}: {sorted(ports)}"
        assert all(port >= 1024 for port in ports), scenario


def test_every_probe_targets_a_declared_port(every_scenario):
    for objects in every_scenario.values():
        for c in containers(objects, init=False):
            declared = {p["name"] for p in c.get("ports", [])} | {p["containerPort"] for p in c.get("ports", [])}
            for probe in ("livenessProbe", "readinessProbe"):
                for action in ("tcpSocket", "httpGet"):
                    if action in c.get(probe, {}):
                        assert c[probe][action]["port"] in declared, f"{c['name']} {probe}"


def test_every_object_is_labelled_named_and_traceable(every_scenario):
    for scenario, objects in every_scenario.items():
        config_name = find(objects, "Deployment")["metadata"]["name"]
        for o in objects:
            meta = o["metadata"]
            labels = meta["labels"]
            for key in ("name", "instance", "component", "part-of", "managed-by"):
                assert f"app.kubernetes.io/{key}" in labels, f"{scenario} {o['kind']}: {key}"
            assert labels["claude-constructs/instance"] == config_name
            assert "claude-constructs/user" in labels
            assert meta["annotations"]["claude-constructs/instance"] == config_name
            assert "claude-constructs/description" in meta["annotations"]
            assert meta["name"].startswith(config_name), f"{o['kind']} {meta['name']} is not named after the instance"
            assert meta.get("namespace"), f"{o['kind']} {meta['name']} has no namespace"


def test_every_object_kind_and_name_is_unique(every_scenario):
    for scenario, objects in every_scenario.items():
        keys = [(o["apiVersion"], o["kind"], o["metadata"]["namespace"], o["metadata"]["name"]) for o in objects]
        assert len(keys) == len(set(keys)), scenario


def test_every_referenced_volume_exists(every_scenario):
    for scenario, objects in every_scenario.items():
        volumes = {v["name"] for v in pod_spec(objects)["volumes"]}
        for c in containers(objects):
            for mount in c.get("volumeMounts", []):
                assert mount["name"] in volumes, f"{scenario}/{c['name']}: {mount['name']}"


def test_no_secret_material_in_any_output(every_scenario):
    for scenario, objects in every_scenario.items():
        assert "Secret" not in kinds(objects), scenario
        text = json.dumps(objects)
        for marker in ("PRIVATE KEY", "client-key-data", "client-certificate-data", "ghp_"):
            assert marker not in text, f"{scenario}: {marker}"


def test_selector_is_the_minimal_stable_subset(every_scenario):
    for objects in every_scenario.values():
        deployment = find(objects, "Deployment")
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert set(selector) == {"app.kubernetes.io/name", "app.kubernetes.io/instance"}
        template_labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= template_labels.items()
        assert find(objects, "Service", deployment["metadata"]["name"])["spec"]["selector"] == selector


def test_selector_does_not_depend_on_anything_but_the_name():
    a = load_instance({"instanceName": "abc", "userid": "one", "features": {"golang": False}})
    b = load_instance({"instanceName": "abc", "userid": "two", "instanceDescription": "other", "baseDomain": "x.org"},
                      platform=Platform(host_domains=("x.org",)))
    assert selector_labels(a) == selector_labels(b)


def test_description_is_data_everywhere():
    text = "key: value\n# not a comment\n'quotes' \"both\" {braces} [brackets] & *anchors ünïcödé"
    objects = synth_values({"instanceDescription": text})
    assert env_of(container(objects, "claude-web"))["CLAUDE_INSTANCE_DESCRIPTION"] == text
    assert all(o["metadata"]["annotations"]["claude-constructs/description"] == text for o in objects)


def test_synthesis_is_deterministic():
    config = load_instance({"features": {"graphql": True}, "database": {"enabled": True}})
    assert json.dumps(synth_chart(config)) == json.dumps(synth_chart(config))
