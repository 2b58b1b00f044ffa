from __future__ import annotations

import pytest

from claude_constructs import ConfigError, load_instance
from claude_constructs.synthesis.upgrade import upgrade_problems
from claude_constructs.constructs.workspace_backup import SNAPSHOT_SCRIPT

from .conftest import env_of, find, kinds, synth_values
from .oracles.netpol import Cluster, Pod
from .oracles.pss import pod_specs, violations

BACKUP = {"backup": {"snapshots": ["before-upgrade"], "schedule": "0 3 * * *", "keep": 3}}


def test_no_backup_objects_by_default():
    assert not {"VolumeSnapshot", "CronJob"} & set(kinds(synth_values()))


def test_on_demand_snapshot_of_the_workspace_is_kept():
    snapshot = find(synth_values(BACKUP), "VolumeSnapshot", "a1b2c3d4-workspace-before-upgrade")
    assert snapshot["spec"] == {"source": {"persistentVolumeClaimName": "a1b2c3d4-workspace"}}
    assert snapshot["metadata"]["annotations"]["argocd.argoproj.io/sync-options"] == "Prune=false,Delete=false"


def test_scheduled_snapshots_run_restricted_with_least_privilege():
    objects = synth_values(BACKUP)
    cron = find(objects, "CronJob", "a1b2c3d4-snapshots")
    assert cron["spec"]["schedule"] == "0 3 * * *" and cron["spec"]["concurrencyPolicy"] == "Forbid"
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]
    [(_, spec, meta)] = pod_specs(cron)
    assert violations(spec, meta, "restricted") == []
    container = spec["containers"][0]
    assert container["command"] == ["/bin/sh", "-c", SNAPSHOT_SCRIPT]
    assert env_of(container)["KEEP"] == "3" and env_of(container)["CLAIM"] == "a1b2c3d4-workspace"
    assert spec["serviceAccountName"] == "a1b2c3d4-snapshots" and spec["automountServiceAccountToken"] is False
    role = find(objects, "Role", "a1b2c3d4-snapshots")
    assert role["rules"] == [{"apiGroups": ["snapshot.storage.k8s.io"], "resources": ["volumesnapshots"],
                              "verbs": ["create", "list", "delete"]}]
    # The job's pod is never selected by the instance's Service, budget or network policy.
    selector = find(objects, "Service")["spec"]["selector"]
    assert not selector.items() <= pod["metadata"]["labels"].items()


def test_snapshot_job_reaches_only_dns_and_the_api_server():
    objects = synth_values(BACKUP)
    labels = find(objects, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    job = Pod("snapshot", "claude-user123", labels, "10.244.1.50")
    dns = Pod("coredns", "kube-system", {"k8s-app": "kube-dns"}, "10.244.0.2")
    cluster = Cluster(namespaces={"claude-user123": {}, "kube-system": {}}, pods=[job, dns],
                      policies=[o for o in objects if o["kind"] == "NetworkPolicy"])
    assert cluster.connection_allowed(job, dns, 53, "UDP")
    assert cluster.connection_allowed(job, "10.0.0.1", 6443)
    assert not cluster.connection_allowed(job, "140.82.112.3", 443)
    assert not cluster.connection_allowed(job, "169.254.169.254", 80)


def test_restore_creates_the_workspace_from_a_snapshot():
    claim = find(synth_values({"storage": {"workspace": {"fromSnapshot": "a1b2c3d4-workspace-before-upgrade"}}}),
                 "PersistentVolumeClaim", "a1b2c3d4-workspace")
    assert claim["spec"]["dataSource"] == {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot",
                                           "name": "a1b2c3d4-workspace-before-upgrade"}


def test_restoring_into_an_existing_claim_is_refused():
    before = synth_values({})
    after = synth_values({"storage": {"workspace": {"fromSnapshot": "snap"}}})
    assert [p.path for p in upgrade_problems(before, after)] == ["storage.workspace.fromSnapshot"]


@pytest.mark.parametrize(("values", "path"), [
    ({"backup": {"schedule": "every night"}}, "backup.schedule"),
    ({"backup": {"snapshots": ["Before Upgrade"]}}, "backup.snapshots[0]"),
    ({"backup": {"snapshots": ["a", "a"]}}, "backup.snapshots"),
    ({"backup": {"keep": 0, "schedule": "@daily"}}, "backup.keep"),
    ({"backup": {"schedule": "@daily"}, "storage": {"workspace": {"enabled": False}}}, "backup.schedule"),
    ({"storage": {"workspace": {"fromSnapshot": "x", "enabled": False}}}, "storage.workspace.fromSnapshot"),
])
def test_invalid_backup_settings_name_the_key(values, path):
    with pytest.raises(ConfigError) as error:
        load_instance(values)
    assert path in error.value.paths
