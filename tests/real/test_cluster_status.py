"""`claude-instance status` against the real control plane: the states it reads, and its errors
without a cluster or without permission."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from claude_constructs import load_instance

from ..conftest import ROOT, synth_chart
from .conftest import wait_for_pods

pytestmark = pytest.mark.cluster

USER = "status-user"
NAMESPACE = f"claude-{USER}"
INSTANCES = {
    "status-run": "instanceName: status-run\nuserid: status-user\ntemplate: minimal\n",
    "status-off": "instanceName: status-off\nuserid: status-user\ntemplate: minimal\nsuspended: true\n",
    "status-gone": "instanceName: status-gone\nuserid: status-user\ntemplate: minimal\n",
}


def _status(args, tmp_path, kubeconfig):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KUBECONFIG": str(kubeconfig)}
    env.pop("KUBERNETES_SERVICE_HOST", None)
    return subprocess.run([sys.executable, "-m", "claude_constructs.cli", "status", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def fleet(cluster, tmp_path_factory):
    folder = tmp_path_factory.mktemp("status") / "instances" / USER
    folder.mkdir(parents=True)
    for name, text in INSTANCES.items():
        (folder / f"{name}.yaml").write_text(text)
    admin = cluster.admin
    admin.apply({"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"name": NAMESPACE, "labels": {"pod-security.kubernetes.io/enforce": "restricted"}}})
    for name in ("status-run", "status-off"):  # status-gone is in git but not (yet) in the cluster
        for obj in synth_chart(load_instance(yaml.safe_load(INSTANCES[name]))):
            admin.apply(obj)
    wait_for_pods(admin, NAMESPACE, 1)
    return folder.parent.parent


def test_status_reads_each_instances_state_and_claims(cluster, fleet):
    result = _status([], fleet, cluster.plane.kubeconfig)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[1]: line for line in result.stdout.splitlines()[1:]}
    assert result.stdout.splitlines()[0].split() == ["USER", "NAME", "NAMESPACE", "STATE", "SINCE", "CLAIMS", "REASON"]
    # No scheduler or kubelet here: the pod exists and waits, so the instance is pending.
    assert rows["status-run"].split()[3] == "pending", result.stdout
    assert "status-run-workspace" in rows["status-run"] and "status-run-home" in rows["status-run"]
    assert rows["status-off"].split()[3] == "suspended"
    assert rows["status-gone"].split()[3:5] == ["not", "deployed"]


def test_status_without_a_cluster_is_one_clear_error(tmp_path, fleet):
    result = _status([], fleet, tmp_path / "no-such-kubeconfig")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: no cluster to read") and "KUBECONFIG" in result.stderr


def test_status_without_permission_names_what_is_missing(cluster, fleet, tmp_path):
    admin = cluster.admin
    admin.apply({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "nobody", "namespace": NAMESPACE}})
    token = admin.request("POST", f"/api/v1/namespaces/{NAMESPACE}/serviceaccounts/nobody/token",
                          {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {"expirationSeconds": 600}})
    ca = cluster.plane.files["ca.crt"]
    kubeconfig = tmp_path / "nobody.kubeconfig"
    kubeconfig.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "nobody",
        "clusters": [{"name": "c", "cluster": {"server": cluster.plane.server, "certificate-authority": str(ca)}}],
        "users": [{"name": "nobody", "user": {"token": token["status"]["token"]}}],
        "contexts": [{"name": "nobody", "context": {"cluster": "c", "user": "nobody"}}],
    }))
    result = _status([], fleet, kubeconfig)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "refused to let this account" in result.stderr and NAMESPACE in result.stderr
    assert "get and list on deployments, pods and persistentvolumeclaims" in result.stderr
