"""Every synthesized object is accepted by the API server's schemas: Kubernetes OpenAPI (strict,
1.28 and the newest the validator ships) for core kinds, and the vendored CRDs for custom ones."""

from __future__ import annotations

import copy

import kubernetes_validate

from .oracles import crd
from .schemas import KUBERNETES_VERSIONS, kubernetes_errors, schema_errors

# --- The validators themselves, on known cases ------------------------------------------------

DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
    "spec": {"selector": {"matchLabels": {"a": "b"}},
             "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}}},
}
DATABASE = {
    "apiVersion": "postgresql.cnpg.io/v1", "kind": "Database", "metadata": {"name": "x", "namespace": "database"},
    "spec": {"cluster": {"name": "postgresql"}, "name": "app", "owner": "app"},
}


def test_kubernetes_validator_accepts_a_valid_object_and_rejects_unknown_fields_and_wrong_types():
    assert kubernetes_errors(DEPLOYMENT, "1.28") == []
    unknown = copy.deepcopy(DEPLOYMENT)
    unknown["spec"]["template"]["spec"]["containers"][0]["securityContex"] = {}
    assert kubernetes_errors(unknown, "1.28")
    wrong_type = copy.deepcopy(DEPLOYMENT)
    wrong_type["spec"]["replicas"] = "one"
    assert kubernetes_errors(wrong_type, "1.28")


def test_cached_validation_agrees_with_kubernetes_validate(every_scenario):
    bad = copy.deepcopy(DEPLOYMENT)
    bad["spec"]["paused"] = "yes"
    for resource in [DEPLOYMENT, bad, *every_scenario["everything"]]:
        if crd.known(resource["apiVersion"], resource["kind"]):
            continue
        for version in KUBERNETES_VERSIONS:
            try:
                kubernetes_validate.validate(resource, version, strict=True)
                expected = True
            except kubernetes_validate.ValidationError:
                expected = False
            assert (kubernetes_errors(resource, version) == []) == expected, (resource["kind"], version)


def test_an_unknown_core_kind_is_a_failure_not_a_warning():
    assert schema_errors({"apiVersion": "v1", "kind": "Config", "metadata": {"name": "x"}})


def test_crd_validator_accepts_a_valid_database_and_rejects_the_charts_spec_instance():
    assert crd.errors(DATABASE) == []
    with_instance = copy.deepcopy(DATABASE)
    with_instance["spec"]["instance"] = 1
    assert any("instance" in e for e in crd.errors(with_instance))
    without_owner = copy.deepcopy(DATABASE)
    del without_owner["spec"]["owner"]
    assert any("owner" in e for e in crd.errors(without_owner))
    wrong_enum = copy.deepcopy(DATABASE)
    wrong_enum["spec"]["databaseReclaimPolicy"] = "keep"
    assert crd.errors(wrong_enum)


def test_crd_validator_refuses_kinds_it_has_no_crd_for():
    assert crd.errors({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {}})


# --- Every object of every scenario -----------------------------------------------------------


def test_every_object_of_every_scenario_is_valid(every_scenario):
    checked = 0
    failures = []
    for scenario, objects in every_scenario.items():
        for resource in objects:
            problems = schema_errors(resource)
            checked += 1
            failures += [f"{scenario} {resource['kind']} {resource['metadata']['name']}: {p}" for p in problems]
    assert not failures, "\n".join(failures)
    assert checked >= 200
