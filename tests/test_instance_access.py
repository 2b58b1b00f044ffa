from __future__ import annotations

from .conftest import find, kinds, pod_spec, synth_values


def test_service_account_never_automounts():
    account = find(synth_values(), "ServiceAccount", "a1b2c3d4")
    assert account["automountServiceAccountToken"] is False


def test_default_role_is_read_only_on_workloads():
    role = find(synth_values(), "Role", "a1b2c3d4")
    verbs = {verb for rule in role["rules"] for verb in rule["verbs"]}
    assert verbs == {"get", "list", "watch"}
    resources = {r for rule in role["rules"] for r in rule["resources"]}
    assert {"pods", "pods/log", "deployments", "events"} <= resources


def test_custom_rules_are_written_as_given():
    rules = [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "watch"], "resourceNames": ["web"]}]
    role = find(synth_values({"rbac": {"rules": rules}}), "Role")
    assert role["rules"] == rules


def test_binding_ties_the_role_to_the_account():
    binding = find(synth_values(), "RoleBinding", "a1b2c3d4")
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "a1b2c3d4"}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "a1b2c3d4", "namespace": "claude-user123"}]


def test_existing_service_account_is_used_not_created():
    objects = synth_values({"serviceAccount": {"create": False, "name": "shared-agent"}})
    assert "ServiceAccount" not in kinds(objects)
    assert pod_spec(objects)["serviceAccountName"] == "shared-agent"
    assert find(objects, "RoleBinding")["subjects"][0]["name"] == "shared-agent"
