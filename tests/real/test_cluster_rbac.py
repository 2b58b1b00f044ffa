"""RBAC by the real authorizer: SubjectAccessReviews for every ServiceAccount the library creates and
for the tenant users, against what the scenarios and the example fleet applied.

Allowed: exactly what their Roles grant, in their own namespace. Denied, whatever the Role: reading
Secrets, exec/attach/port-forward (tenant users excepted), escalating or binding roles, editing their
own NetworkPolicies, anything in another namespace, and the cluster-scoped resources.
"""

from __future__ import annotations

import pytest

from ..scenarios import ALL_SCENARIOS

pytestmark = pytest.mark.cluster

SCENARIO_IDS = [param.id for param in ALL_SCENARIOS]
WRITE_VERBS = ("create", "update", "patch", "delete", "deletecollection")


def service_account_user(namespace: str, name: str) -> tuple[str, list[str]]:
    return (f"system:serviceaccount:{namespace}:{name}",
            ["system:serviceaccounts", f"system:serviceaccounts:{namespace}", "system:authenticated"])


def granted(objects, subject_kind: str, subject_name: str, namespace: str) -> list[dict]:
    """The rules of the Roles that `objects` bind to the subject in `namespace`."""
    roles = {o["metadata"]["name"]: o for o in objects if o["kind"] == "Role" and o["metadata"]["namespace"] == namespace}
    rules = []
    for binding in (o for o in objects if o["kind"] == "RoleBinding" and o["metadata"]["namespace"] == namespace):
        if any(s["kind"] == subject_kind and s["name"] == subject_name for s in binding.get("subjects", [])):
            assert binding["roleRef"]["kind"] == "Role", "the library binds namespaced Roles only"
            rules += roles[binding["roleRef"]["name"]]["rules"]
    return rules


def attributes(rule: dict):
    for group in rule.get("apiGroups", [""]):
        for resource in rule["resources"]:
            name, _, sub = resource.partition("/")
            for verb in rule["verbs"]:
                for resource_name in rule.get("resourceNames") or [""]:
                    yield {"verb": verb, "group": group, "resource": name, "subresource": sub, "name": resource_name}


def check_matrix(cluster, user, groups, namespace, rules, *, other_namespace, own_policies, may_exec=False) -> list[str]:
    """Mismatches between the authorizer and what `rules` should allow; every review is counted."""
    wrong, asked = [], set()

    def expect(allowed: bool, **attrs):
        key = (allowed, tuple(sorted(attrs.items())))
        if key in asked:
            return
        asked.add(key)
        if cluster.sar(user, groups, **attrs) != allowed:
            wrong.append(f"{user} {'should' if allowed else 'must not'} be allowed {attrs}")

    every = [attrs for rule in rules for attrs in attributes(rule)]
    granted_keys = {(a["group"], a["resource"], a["subresource"], a["verb"], a["name"]) for a in every}
    for attrs in every:
        assert "*" not in attrs.values(), f"a wildcard in a generated Role: {attrs}"
        expect(True, namespace=namespace, **attrs)
        # ... in its own namespace only
        expect(False, namespace=other_namespace, **attrs)
        # ... and only the verbs written down
        for verb in WRITE_VERBS:
            if (attrs["group"], attrs["resource"], attrs["subresource"], verb, attrs["name"]) not in granted_keys:
                expect(False, namespace=namespace, **{**attrs, "verb": verb})
    for verb in ("get", "list", "watch"):
        expect(False, namespace=namespace, verb=verb, resource="secrets")
    for sub in ("exec", "attach", "portforward"):
        expect(may_exec and sub != "attach", namespace=namespace, verb="create", resource="pods", subresource=sub)
    for resource in ("roles", "clusterroles"):
        for verb in ("escalate", "bind", "create", "update"):
            expect(False, namespace=namespace, verb=verb, group="rbac.authorization.k8s.io", resource=resource)
    expect(False, namespace=namespace, verb="create", group="rbac.authorization.k8s.io", resource="rolebindings")
    expect(False, namespace=namespace, verb="impersonate", resource="serviceaccounts")
    expect(False, namespace=namespace, verb="create", resource="serviceaccounts", subresource="token")
    for policy in own_policies:
        for verb in ("update", "patch", "delete"):
            expect(False, namespace=namespace, verb=verb, group="networking.k8s.io", resource="networkpolicies", name=policy)
    expect(False, namespace=namespace, verb="create", group="networking.k8s.io", resource="networkpolicies")
    for verb in ("get", "list", "create"):
        expect(False, namespace=other_namespace, verb=verb, resource="pods")
    expect(False, namespace="kube-system", verb="get", resource="secrets")
    expect(False, verb="list", resource="namespaces")
    expect(False, verb="list", resource="nodes")
    expect(False, namespace=namespace, verb="update", resource="namespaces", name=namespace)
    expect(False, namespace=namespace, verb="update", resource="resourcequotas")
    return wrong


def service_accounts(objects):
    return [o for o in objects if o["kind"] == "ServiceAccount"]


@pytest.mark.parametrize("scenario", SCENARIO_IDS)
def test_each_service_account_may_do_what_its_role_grants_and_nothing_dangerous(cluster, applied_scenarios, scenario):
    applied = applied_scenarios[scenario]
    assert applied.refused("ServiceAccount", "Role", "RoleBinding") == []
    other = applied_scenarios["minimal" if scenario != "minimal" else "defaults"].namespace
    policies = [o["metadata"]["name"] for o in applied.objects if o["kind"] == "NetworkPolicy"]
    wrong = []
    accounts = service_accounts(applied.objects)
    assert accounts
    for account in accounts:
        namespace, name = account["metadata"]["namespace"], account["metadata"]["name"]
        user, groups = service_account_user(namespace, name)
        rules = granted(applied.objects, "ServiceAccount", name, namespace)
        wrong += check_matrix(cluster, user, groups, namespace, rules, other_namespace=other, own_policies=policies)
    assert wrong == [], "\n".join(wrong)


def test_an_instance_may_read_its_workloads_by_default_and_nothing_without_rbac(cluster, applied_scenarios):
    defaults, no_rbac = applied_scenarios["defaults"], applied_scenarios["no-rbac"]
    deployment = next(o for o in defaults.objects if o["kind"] == "Deployment")
    account = deployment["spec"]["template"]["spec"]["serviceAccountName"]
    user, groups = service_account_user(defaults.namespace, account)
    for verb in ("get", "list", "watch"):
        assert cluster.sar(user, groups, namespace=defaults.namespace, verb=verb, resource="pods")
    assert cluster.sar(user, groups, namespace=defaults.namespace, verb="get", resource="pods", subresource="log")
    assert not cluster.sar(user, groups, namespace=defaults.namespace, verb="delete", resource="pods")
    deployment = next(o for o in no_rbac.objects if o["kind"] == "Deployment")
    user, groups = service_account_user(no_rbac.namespace, deployment["spec"]["template"]["spec"]["serviceAccountName"])
    assert not cluster.sar(user, groups, namespace=no_rbac.namespace, verb="get", resource="pods")


def test_the_backup_account_may_only_manage_volume_snapshots(cluster, applied_scenarios):
    applied = applied_scenarios["backups-and-restore"]
    cronjob = next(o for o in applied.objects if o["kind"] == "CronJob")
    account = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["serviceAccountName"]
    user, groups = service_account_user(applied.namespace, account)
    for verb in ("create", "list", "delete"):
        assert cluster.sar(user, groups, namespace=applied.namespace, verb=verb, group="snapshot.storage.k8s.io", resource="volumesnapshots")
    assert not cluster.sar(user, groups, namespace=applied.namespace, verb="update", group="snapshot.storage.k8s.io", resource="volumesnapshots")
    assert not cluster.sar(user, groups, verb="list", group="snapshot.storage.k8s.io", resource="volumesnapshotcontents")
    assert not cluster.sar(user, groups, namespace=applied.namespace, verb="delete", resource="persistentvolumeclaims")
    assert not cluster.sar(user, groups, namespace=applied.namespace, verb="get", resource="pods")


def test_fleet_accounts_and_tenant_users(cluster, applied_fleet):
    assert applied_fleet.refused("ServiceAccount", "Role", "RoleBinding", "Namespace") == []
    objects = applied_fleet.objects
    tenants = sorted(o["metadata"]["name"] for o in objects if o["kind"] == "Namespace")
    assert len(tenants) >= 2
    wrong = []
    for namespace in tenants:
        other = next(t for t in tenants if t != namespace)
        here = [o for o in objects if o["metadata"].get("namespace") == namespace]
        policies = [o["metadata"]["name"] for o in here if o["kind"] == "NetworkPolicy"]
        for account in service_accounts(here):
            user, groups = service_account_user(namespace, account["metadata"]["name"])
            rules = granted(here, "ServiceAccount", account["metadata"]["name"], namespace)
            wrong += check_matrix(cluster, user, groups, namespace, rules, other_namespace=other, own_policies=policies)
        users = sorted({s["name"] for o in here if o["kind"] == "RoleBinding" for s in o.get("subjects", []) if s["kind"] == "User"})
        assert users, f"no tenant user is bound in {namespace}"
        for user in users:
            rules = granted(here, "User", user, namespace)
            assert rules
            wrong += check_matrix(cluster, user, ["system:authenticated"], namespace, rules, other_namespace=other,
                                  own_policies=policies, may_exec=True)
            # A tenant user reads the workloads of the namespace but changes none.
            assert cluster.sar(user, ["system:authenticated"], namespace=namespace, verb="list", resource="pods")
            assert cluster.sar(user, ["system:authenticated"], namespace=namespace, verb="get", resource="pods", subresource="log")
            for verb in ("create", "delete"):
                assert not cluster.sar(user, ["system:authenticated"], namespace=namespace, verb=verb, resource="pods")
            assert not cluster.sar(user, ["system:authenticated"], namespace=namespace, verb="update", group="apps", resource="deployments")
    assert wrong == [], "\n".join(wrong)
