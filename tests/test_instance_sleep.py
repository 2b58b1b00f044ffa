"""Sleep when idle, wake on use: KEDA's ScaledObject and HTTP add-on, the routing through its
interceptor, and ArgoCD leaving the replica count to the scaler."""

from __future__ import annotations

import pytest
import yaml

from claude_constructs import ConfigError, load_instance
from claude_constructs.config.gitops import load_gitops
from claude_constructs.config.platform import Platform
from claude_constructs.synthesis.synth import synthesize

from .conftest import find, kinds, synth_values
from .oracles import crd

SLEEPY = {"metrics": {"enabled": True}, "sleep": {"enabled": True, "idleAfter": "45m"}}


def test_the_scaler_objects_validate_against_the_vendored_crds():
    objects = synth_values(SLEEPY)
    scaled, http = find(objects, "ScaledObject"), find(objects, "HTTPScaledObject")
    assert crd.errors(scaled) == [] and crd.errors(http) == []
    assert scaled["spec"]["minReplicaCount"] == 0 and scaled["spec"]["maxReplicaCount"] == 1
    assert scaled["spec"]["cooldownPeriod"] == 45 * 60
    triggers = {t["name"]: t for t in scaled["spec"]["triggers"]}
    assert triggers["requests"]["type"] == "external-push" and triggers["requests"]["metadata"]["httpScaledObject"] == "a1b2c3d4"
    # Idle means idle: the agent's own work (Claude Code's metrics) keeps it awake without a browser.
    assert triggers["agent-activity"]["type"] == "prometheus"
    assert "claude_code_token_usage_tokens_total" in triggers["agent-activity"]["metadata"]["query"]
    assert http["metadata"]["annotations"]["httpscaledobject.keda.sh/skip-scaledobject-creation"] == "true"
    assert http["spec"]["hosts"] == ["a1b2c3d4.dev.robotinfra.com"]


def test_requests_go_through_the_interceptor_which_wakes_the_instance():
    objects = synth_values(SLEEPY)
    backend = find(objects, "Ingress")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": "a1b2c3d4-wake", "port": {"number": 8080}}
    wake = find(objects, "Service", "a1b2c3d4-wake")["spec"]
    assert wake["type"] == "ExternalName" and wake["externalName"] == "keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local"


def test_working_hours_are_a_cron_trigger():
    values = {**SLEEPY, "sleep": {**SLEEPY["sleep"], "workingHours": {"timezone": "Europe/Paris", "start": "0 8 * * 1-5",
                                                                      "end": "0 19 * * 1-5"}}}
    triggers = {t["name"]: t for t in find(synth_values(values), "ScaledObject")["spec"]["triggers"]}
    assert triggers["working-hours"] == {"name": "working-hours", "type": "cron", "metadata": {
        "timezone": "Europe/Paris", "start": "0 8 * * 1-5", "end": "0 19 * * 1-5", "desiredReplicas": "1"}}


def test_a_suspended_instance_has_no_scaler_that_could_wake_it():
    objects = synth_values({**SLEEPY, "suspended": True})
    assert not {"ScaledObject", "HTTPScaledObject"} & set(kinds(objects))
    assert [s["metadata"]["name"] for s in objects if s["kind"] == "Service"] == ["a1b2c3d4"]
    assert find(objects, "Deployment")["spec"]["replicas"] == 0


def _applications(tmp_path, *values_list):
    configs = [load_instance({"instanceName": f"i{n}", "userid": "alice", **values}) for n, values in enumerate(values_list)]
    synthesize(configs, tmp_path / "dist", load_gitops({"repoURL": "https://github.com/example/fleet.git"}))
    documents = yaml.safe_load_all((tmp_path / "dist" / "argocd.k8s.yaml").read_text())
    return {d["metadata"]["name"]: d for d in documents if d and d["kind"] == "Application"}


def test_argocd_ignores_exactly_the_replica_count_it_does_not_own(tmp_path):
    apps = _applications(tmp_path, SLEEPY, {}, {**SLEEPY, "suspended": True})
    sleepy, plain, suspended = apps["claude-i0"], apps["claude-i1"], apps["claude-i2"]
    assert sleepy["spec"]["ignoreDifferences"] == [{"group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas"]}]
    assert "RespectIgnoreDifferences=true" in sleepy["spec"]["syncPolicy"]["syncOptions"]
    for app in (plain, suspended):  # `suspended: true` in git wins: ArgoCD keeps the instance at zero
        assert "ignoreDifferences" not in app["spec"]
        assert "RespectIgnoreDifferences=true" not in app["spec"]["syncPolicy"]["syncOptions"]
    assert crd.errors(sleepy) == []


@pytest.mark.parametrize("values, path, fix", [
    ({"sleep": {"enabled": True}}, "sleep.enabled", "metrics.enabled"),
    ({**SLEEPY, "ingress": {"enabled": False}}, "sleep.enabled", "ingress.enabled"),
    ({**SLEEPY, "sleep": {"enabled": True, "idleAfter": "1m"}}, "sleep.idleAfter", "5m to 168h"),
    ({**SLEEPY, "sleep": {"enabled": True, "workingHours": {"start": "0 8 * * *"}}}, "sleep.workingHours", "both"),
    ({**SLEEPY, "sleep": {"enabled": True, "workingHours": {"timezone": "Paris time", "start": "0 8 * * *", "end": "0 19 * * *"}}},
     "sleep.workingHours.timezone", "IANA"),
])
def test_sleep_settings_that_cannot_work_are_refused(values, path, fix):
    with pytest.raises(ConfigError) as error:
        load_instance(values)
    assert path in error.value.paths and fix in str(error.value)


def test_the_fleet_sets_the_default_and_where_keda_runs():
    fleet = Platform(sleep_enabled=True)
    assert load_instance({"metrics": {"enabled": True}}, platform=fleet).sleep.enabled
    assert not load_instance({"metrics": {"enabled": True}, "sleep": {"enabled": False}}, platform=fleet).sleep.enabled
    with pytest.raises(ConfigError) as error:
        load_instance({"namespace": "keda", "userid": "keda"})
    assert "KEDA" in str(error.value)
