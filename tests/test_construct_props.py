"""ClaudePod, InstanceConfigMap, InstanceMonitoring, InstanceSleep, WorkspaceBackup, CiliumEgressPolicy
and TenantNamespace on their own: a plain cdk8s chart, props built by hand, no instance file."""

from __future__ import annotations

import ast
import dataclasses
import json

import cdk8s
import pytest

from claude_constructs import (
    CiliumEgressPolicy,
    CiliumEgressPolicyProps,
    ClaudePod,
    ClaudePodProps,
    InstanceConfigMap,
    InstanceConfigMapProps,
    InstanceMonitoring,
    InstanceMonitoringProps,
    InstanceSleep,
    InstanceSleepProps,
    InstanceStorage,
    InstanceStorageProps,
    McpSidecar,
    TenantNamespace,
    TenantNamespaceProps,
    WorkspaceBackup,
    WorkspaceBackupProps,
)
from claude_constructs.config.loader import ImageRef, Resources, SecretKeyRef
from claude_constructs.constructs.claude_pod import GitClone, SshSetup, auth_proxy_mount
from claude_constructs.constructs.instance_config_map import GITHUB_KNOWN_HOST
from claude_constructs.constructs.instance_monitoring import Dashboard
from claude_constructs.constructs.instance_sleep import WorkingHours, activity_query
from claude_constructs.constructs.instance_storage import (
    CACHE, CLAUDE_LOCK, HOME, HOME_ROOT, MOUNT_PATHS, NPM_CACHE, SSH_DIRECTORY, TMP, WORKSPACE, Volume,
)
from claude_constructs.constructs.kube import Pods

from .conftest import ROOT, scratch_app

SIX = ("instance_config_map", "instance_monitoring", "instance_sleep", "workspace_backup", "cilium_egress_policy",
       "tenant_namespace")


def chart(id: str = "test") -> cdk8s.Chart:
    return cdk8s.Chart(scratch_app(), id)


def by_kind(scope: cdk8s.Chart) -> dict[str, list[dict]]:
    objects: dict[str, list[dict]] = {}
    for o in scope.to_json():
        objects.setdefault(o["kind"], []).append(o)
    return objects


@pytest.mark.parametrize("module", SIX)
def test_the_construct_module_knows_nothing_of_the_instance_file(module):
    tree = ast.parse((ROOT / "claude_constructs" / "constructs" / f"{module}.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert "claude_constructs.config.loader" not in imported
    assert "InstanceConfig" not in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


AGENT = ImageRef(repository="registry.example.com/claude-agent", tag="2.1")
SMALL = Resources(requests={"cpu": "50m", "memory": "64Mi"}, limits={"cpu": "500m", "memory": "256Mi"})


@pytest.mark.parametrize("props", [
    ClaudePodProps(name="a", namespace="b", image=AGENT, resources=SMALL),
    InstanceConfigMapProps(name="a", namespace="b"),
    InstanceMonitoringProps(name="a", namespace="b", pod_selector={}),
    InstanceSleepProps(name="a", namespace="b", host="a.example.com", service_port=80, idle_seconds=600),
    WorkspaceBackupProps(name="a", namespace="b", claim="a-data"),
    CiliumEgressPolicyProps(name="a", namespace="b", pod_selector={}, hosts=()),
    TenantNamespaceProps(namespace="b"),
], ids=lambda p: type(p).__name__)
def test_the_props_are_frozen(props):
    with pytest.raises(dataclasses.FrozenInstanceError):
        props.namespace = "other"  # type: ignore[misc]


def test_a_config_map_of_claude_code_files_for_any_agent():
    scope = chart()
    config_map = InstanceConfigMap(scope, "config", props=InstanceConfigMapProps(
        name="reviewer-config", namespace="agents", system_prompt="Review pull requests.",
        mcp_servers={"search": {"type": "http", "url": "http://search.tools.svc.cluster.local/mcp"}},
        gitconfig="[user]\n\tname = bot\n", known_hosts=(GITHUB_KNOWN_HOST, "git.example.com ssh-ed25519 AAAA"),
        files={"notes.md": "# notes\n"}, labels={"team": "review"},
    ))
    [resource] = scope.to_json()
    assert resource["kind"] == "ConfigMap"
    assert resource["metadata"] == {"name": "reviewer-config", "namespace": "agents", "labels": {"team": "review"}}
    data = resource["data"]
    assert sorted(data) == [".gitconfig", "known_hosts", "managed-mcp.json", "managed-settings.json", "notes.md",
                            "system-prompt.txt"]
    assert data["system-prompt.txt"] == "Review pull requests."
    assert json.loads(data["managed-mcp.json"]) == {
        "mcpServers": {"search": {"type": "http", "url": "http://search.tools.svc.cluster.local/mcp"}}}
    denied = json.loads(data["managed-settings.json"])["permissions"]["deny"]
    assert "Read(~/.ssh/**)" in denied and "Edit(//var/run/secrets/**)" in denied
    assert data["known_hosts"].splitlines() == [GITHUB_KNOWN_HOST, "git.example.com ssh-ed25519 AAAA"]
    assert data["notes.md"] == "# notes\n" and data[".gitconfig"] == "[user]\n\tname = bot\n"
    assert config_map.name == "reviewer-config" and config_map.keys == frozenset(data)
    assert len(config_map.checksum) == 64


def test_a_minimal_config_map_and_its_checksum_follows_the_data():
    def build(prompt: str, **extra) -> tuple[InstanceConfigMap, list[dict]]:
        scope = chart()
        return InstanceConfigMap(scope, "config", props=InstanceConfigMapProps(
            name="x-config", namespace="x", system_prompt=prompt, **extra)), scope.to_json()

    plain, [resource] = build("one")
    # No gitconfig nor known_hosts unless given; an empty server list; no annotations without sync_waves.
    assert sorted(resource["data"]) == ["managed-mcp.json", "managed-settings.json", "system-prompt.txt"]
    assert json.loads(resource["data"]["managed-mcp.json"]) == {"mcpServers": {}}
    assert "annotations" not in resource["metadata"]
    assert build("one")[0].checksum == plain.checksum != build("two")[0].checksum
    _, [waved] = build("one", sync_waves=True, annotations={"owner": "x"})
    assert waved["metadata"]["annotations"] == {"owner": "x", "argocd.argoproj.io/sync-wave": "-2"}
    with pytest.raises(ValueError, match="system-prompt.txt"):
        build("one", files={"system-prompt.txt": "sneaky"})


def test_monitoring_of_any_workload():
    scope = chart()
    monitoring = InstanceMonitoring(scope, "monitoring", props=InstanceMonitoringProps(
        name="shop", namespace="shop", pod_selector={"app": "shop"}, metrics_port="http-metrics", metrics_path="/stats",
        dashboard=Dashboard(name="shop-dashboard", namespace="grafana", file_name="shop.json",
                            model={"title": "Shop", "panels": []}),
        labels={"team": "web"},
    ))
    objects = by_kind(scope)
    [monitor], [board] = objects["PodMonitor"], objects["ConfigMap"]
    assert monitor["metadata"] == {"name": "shop", "namespace": "shop", "labels": {"team": "web"}}
    assert monitor["spec"] == {"selector": {"matchLabels": {"app": "shop"}},
                               "podMetricsEndpoints": [{"port": "http-metrics", "path": "/stats"}]}
    assert board["metadata"] == {"name": "shop-dashboard", "namespace": "grafana",
                                 "labels": {"team": "web", "grafana_dashboard": "1"}}
    assert json.loads(board["data"]["shop.json"]) == {"title": "Shop", "panels": []}
    assert monitoring.pod_monitor is not None and monitoring.dashboard is not None


def test_monitoring_with_neither_monitor_nor_dashboard_makes_nothing():
    scope = chart()
    InstanceMonitoring(scope, "monitoring", props=InstanceMonitoringProps(
        name="quiet", namespace="jobs", pod_selector={"app": "quiet"}, pod_monitor=False))
    assert scope.to_json() == []


def test_sleep_for_any_web_workload():
    scope = chart()
    sleep = InstanceSleep(scope, "sleep", props=InstanceSleepProps(
        name="notebook", namespace="lab", host="notebook.example.com", service_port=80, idle_seconds=1800,
        working_hours=WorkingHours(timezone="Europe/Paris", start="0 8 * * 1-5", end="0 19 * * 1-5"),
        labels={"app": "notebook"}, sync_waves=True,
    ))
    objects = by_kind(scope)
    [wake], [http], [scaled] = objects["Service"], objects["HTTPScaledObject"], objects["ScaledObject"]
    assert wake["metadata"]["name"] == "notebook-wake" and wake["metadata"]["labels"] == {"app": "notebook"}
    assert wake["spec"] == {"type": "ExternalName", "externalName": "keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local",
                            "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]}
    assert http["metadata"]["annotations"] == {"argocd.argoproj.io/sync-wave": "3",
                                               "httpscaledobject.keda.sh/skip-scaledobject-creation": "true"}
    assert http["spec"]["hosts"] == ["notebook.example.com"] and http["spec"]["scaledownPeriod"] == 1800
    assert http["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "notebook",
                                              "service": "notebook", "port": 80}
    assert scaled["spec"]["cooldownPeriod"] == 1800 and scaled["spec"]["scaleTargetRef"]["name"] == "notebook"
    # Without an activity query, only requests and working hours keep it awake.
    assert [(t["type"], t["name"]) for t in scaled["spec"]["triggers"]] == [("external-push", "requests"),
                                                                           ("cron", "working-hours")]
    assert scaled["spec"]["triggers"][0]["metadata"] == {
        "httpScaledObject": "notebook", "scalerAddress": "keda-add-ons-http-external-scaler.keda:9090"}
    assert sleep.scaled_object is not None


def test_sleep_with_an_activity_query_and_labels_of_its_own_for_the_wake_service():
    scope = chart()
    query = activity_query("agents", "reviewer")
    assert 'namespace="agents",pod=~"reviewer-.*"' in query and "claude_code_token_usage_tokens_total" in query
    InstanceSleep(scope, "sleep", props=InstanceSleepProps(
        name="reviewer", namespace="agents", host="reviewer.example.com", service_port=8080, idle_seconds=600,
        activity_query=query, prometheus_url="http://prometheus.monitoring:9090",
        labels={"part": "scaling"}, wake_labels={"part": "exposure"},
    ))
    objects = by_kind(scope)
    assert objects["Service"][0]["metadata"]["labels"] == {"part": "exposure"}
    assert objects["ScaledObject"][0]["metadata"] == {"name": "reviewer", "namespace": "agents", "labels": {"part": "scaling"}}
    [requests, activity] = objects["ScaledObject"][0]["spec"]["triggers"]
    assert activity == {"type": "prometheus", "name": "agent-activity", "metadata": {
        "serverAddress": "http://prometheus.monitoring:9090", "query": query, "threshold": "1", "activationThreshold": "0"}}


def test_scheduled_and_on_demand_snapshots_of_any_claim():
    scope = chart()
    backup = WorkspaceBackup(scope, "backup", props=WorkspaceBackupProps(
        name="notebook", namespace="lab", claim="notebook-data", snapshots=("before-upgrade",), snapshot_class="csi-snap",
        schedule="@daily", keep=3, image="registry.example.com/kubectl:1.31", api_server_cidrs=("10.0.0.1/32",),
        api_server_port=6443, labels={"app": "notebook"}, sync_waves=True,
    ))
    objects = by_kind(scope)
    assert sorted(objects) == ["CronJob", "NetworkPolicy", "Role", "RoleBinding", "ServiceAccount", "VolumeSnapshot"]
    [snapshot] = objects["VolumeSnapshot"]
    assert snapshot["metadata"]["name"] == "notebook-data-before-upgrade"
    assert snapshot["metadata"]["labels"] == {"app": "notebook", "claude-constructs/snapshot": "on-demand"}
    assert snapshot["metadata"]["annotations"]["argocd.argoproj.io/sync-options"] == "Prune=false,Delete=false"
    assert snapshot["spec"] == {"source": {"persistentVolumeClaimName": "notebook-data"}, "volumeSnapshotClassName": "csi-snap"}
    assert {o["metadata"]["name"] for kind in ("CronJob", "NetworkPolicy", "Role", "RoleBinding", "ServiceAccount")
            for o in objects[kind]} == {"notebook-snapshots"}
    [cron] = objects["CronJob"]
    assert cron["spec"]["schedule"] == "@daily"
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]
    [container] = pod["spec"]["containers"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["CLAIM"] == "notebook-data" and env["KEEP"] == "3" and env["INSTANCE"] == "notebook"
    assert env["SNAPSHOT_CLASS"] == "csi-snap"
    assert container["image"] == "registry.example.com/kubectl:1.31" and container["imagePullPolicy"] == "IfNotPresent"
    assert pod["metadata"]["labels"]["app.kubernetes.io/name"] == "claude-code-backup"
    [policy] = objects["NetworkPolicy"]
    dns, api = policy["spec"]["egress"]
    assert dns["to"][0]["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "kube-system"}
    assert api == {"to": [{"ipBlock": {"cidr": "10.0.0.1/32"}}], "ports": [{"port": 6443, "protocol": "TCP"}]}
    assert backup.schedule is not None and len(backup.snapshots) == 1


def test_snapshots_on_demand_only_and_no_policy_when_asked():
    scope = chart()
    WorkspaceBackup(scope, "backup", props=WorkspaceBackupProps(name="db", namespace="data", claim="db-data",
                                                                snapshots=("a", "b")))
    objects = scope.to_json()
    assert [o["kind"] for o in objects] == ["VolumeSnapshot", "VolumeSnapshot"]
    assert "annotations" not in objects[0]["metadata"] and "volumeSnapshotClassName" not in objects[0]["spec"]
    scope = chart()
    WorkspaceBackup(scope, "backup", props=WorkspaceBackupProps(name="db", namespace="data", claim="db-data",
                                                                schedule="0 3 * * *", network_policy=False))
    assert "NetworkPolicy" not in by_kind(scope)


def test_egress_to_named_hosts_for_any_workload():
    scope = chart()
    CiliumEgressPolicy(scope, "egress", props=CiliumEgressPolicyProps(
        name="shop", namespace="shop", pod_selector={"app": "shop"}, hosts=("api.stripe.com", "*.s3.amazonaws.com"),
        ports=(443, 8443), dns=Pods(namespace="kube-system", pod_labels={"k8s-app": "coredns"}), labels={"team": "web"},
    ))
    [policy] = scope.to_json()
    assert policy["kind"] == "CiliumNetworkPolicy"
    assert policy["metadata"] == {"name": "shop-hosts", "namespace": "shop", "labels": {"team": "web"}}
    spec = policy["spec"]
    assert "description" not in spec
    assert spec["endpointSelector"] == {"matchLabels": {"app": "shop"}}
    dns, hosts = spec["egress"]
    assert dns["toEndpoints"] == [{"matchLabels": {"k8s:io.kubernetes.pod.namespace": "kube-system", "k8s-app": "coredns"}}]
    assert hosts["toFQDNs"] == [{"matchName": "api.stripe.com"}, {"matchPattern": "*.s3.amazonaws.com"}]
    assert hosts["toPorts"] == [{"ports": [{"port": "443", "protocol": "TCP"}, {"port": "8443", "protocol": "TCP"}]}]
    [deny] = spec["egressDeny"]
    assert {"cidr": "169.254.0.0/16"} in deny["toCIDRSet"]
    assert deny["toPorts"] == [{"ports": [{"port": "443", "protocol": "TCP"}, {"port": "8443", "protocol": "TCP"}]}]


def test_a_tenant_namespace_for_any_team():
    scope = chart()
    TenantNamespace(scope, "tenant", props=TenantNamespaceProps(
        namespace="team-web", users=("ann", "bob"), quota={"requests.cpu": "4", "limits.memory": "16Gi", "pods": "10"},
        container_max={"cpu": "2", "memory": "4Gi"}, claim_max="50Gi", labels={"team": "web"}, sync_waves=True,
    ))
    objects = by_kind(scope)
    assert sorted(objects) == ["LimitRange", "Namespace", "NetworkPolicy", "ResourceQuota", "Role", "RoleBinding"]
    [namespace] = objects["Namespace"]
    assert namespace["metadata"]["name"] == "team-web" and "namespace" not in namespace["metadata"]
    assert namespace["metadata"]["labels"] == {
        "team": "web", "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/enforce-version": "latest"}
    assert namespace["metadata"]["annotations"]["argocd.argoproj.io/sync-options"] == "Prune=false,Delete=false"
    [quota] = objects["ResourceQuota"]
    assert quota["metadata"]["name"] == "claude-instances" and quota["metadata"]["namespace"] == "team-web"
    assert quota["spec"] == {"hard": {"requests.cpu": "4", "limits.memory": "16Gi", "pods": "10"}}
    container, claim = objects["LimitRange"][0]["spec"]["limits"]
    assert container == {"type": "Container", "max": {"cpu": "2", "memory": "4Gi"},
                         "default": {"cpu": "500m", "memory": "512Mi", "ephemeral-storage": "1Gi"},
                         "defaultRequest": {"cpu": "50m", "memory": "128Mi", "ephemeral-storage": "64Mi"}}
    assert claim == {"type": "PersistentVolumeClaim", "max": {"storage": "50Gi"}}
    [deny] = objects["NetworkPolicy"]
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    [binding] = objects["RoleBinding"]
    assert [s["name"] for s in binding["subjects"]] == ["ann", "bob"] and binding["roleRef"]["name"] == "claude-user"


def test_a_tenant_namespace_without_users_quota_or_claim_limit():
    scope = chart()
    TenantNamespace(scope, "tenant", props=TenantNamespaceProps(namespace="batch", pod_security="baseline",
                                                                quota_name="batch-limits"))
    objects = by_kind(scope)
    assert sorted(objects) == ["LimitRange", "Namespace", "NetworkPolicy"]
    assert objects["Namespace"][0]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "baseline"
    assert "annotations" not in objects["Namespace"][0]["metadata"]
    [limit_range] = objects["LimitRange"]
    assert limit_range["metadata"]["name"] == "batch-limits"
    assert [item["type"] for item in limit_range["spec"]["limits"]] == ["Container"]


def _agent_storage(scope: cdk8s.Chart, name: str, *extra: str) -> InstanceStorage:
    """The volumes the agent mounts (the workspace on a claim), at their usual paths."""
    names = (WORKSPACE, HOME, TMP, CACHE, NPM_CACHE, CLAUDE_LOCK, HOME_ROOT, *extra)
    return InstanceStorage(scope, "storage", props=InstanceStorageProps(name=name, namespace="agents", volumes=tuple(
        Volume(name=n, mount_path=MOUNT_PATHS[n], size="1Gi", persistent=n == WORKSPACE) for n in names)))


def test_a_claude_pod_of_hand_built_props_with_one_sidecar_and_no_init_container():
    scope = chart()
    storage = _agent_storage(scope, "reviewer")
    config_map = InstanceConfigMap(scope, "config", props=InstanceConfigMapProps(
        name="reviewer-config", namespace="agents", system_prompt="Review pull requests."))
    search = McpSidecar(name="search-mcp", image=ImageRef(repository="registry.example.com/search-mcp", tag="1.0"),
                        resources=SMALL, ports=(("search", 9000),), env={"PORT": "9000"},
                        volume_mounts=tuple(storage.mounts(TMP)))
    pod = ClaudePod(scope, "pod", props=ClaudePodProps(
        name="reviewer", namespace="agents", image=AGENT, resources=SMALL, userid="ann", env={"LOG_LEVEL": "debug"},
        credentials={"ANTHROPIC_API_KEY": SecretKeyRef(secret_name="anthropic", key="api-key")},
        sidecars=[search], labels={"team": "review"},
    ), storage=storage, config_map=config_map)

    [deployment] = by_kind(scope)["Deployment"]
    assert deployment["metadata"] == {"name": "reviewer", "namespace": "agents", "labels": {"team": "review"}}
    spec = deployment["spec"]
    assert spec["replicas"] == 1 and spec["strategy"] == {"type": "Recreate"}
    selector = {"app.kubernetes.io/name": "claude-code", "app.kubernetes.io/instance": "reviewer"}
    assert spec["selector"] == {"matchLabels": selector}
    template = spec["template"]
    assert template["metadata"] == {"labels": {**selector, "team": "review"}, "annotations": {
        "checksum/config": config_map.checksum, "kubectl.kubernetes.io/default-container": "claude-web"}}
    pod_spec = template["spec"]
    assert not {"initContainers", "serviceAccountName", "runtimeClassName"} & set(pod_spec)
    assert pod_spec["automountServiceAccountToken"] is False and pod_spec["enableServiceLinks"] is False
    agent, sidecar = pod_spec["containers"]
    assert (agent["name"], sidecar["name"]) == ("claude-web", "search-mcp")
    assert agent["image"] == "registry.example.com/claude-agent:2.1"
    assert [(p["name"], p["containerPort"]) for p in agent["ports"]] == [("http", 8080), ("mcp", 8081)]
    env = {e["name"]: e.get("value", e.get("valueFrom")) for e in agent["env"]}
    assert env["CLAUDE_INSTANCE_NAME"] == "reviewer" and env["CLAUDE_NAMESPACE"] == "agents" and env["CLAUDE_USERID"] == "ann"
    assert env["LOG_LEVEL"] == "debug" and env["CLAUDE_CONFIG_DIR"] == "/home/code/.claude"
    assert env["ANTHROPIC_API_KEY"] == {"secretKeyRef": {"name": "anthropic", "key": "api-key"}}
    assert not {"GITHUB_TOKEN", "DATABASE_URL", "CLAUDE_CODE_ENABLE_TELEMETRY"} & set(env)
    mounts = {m["mountPath"] for m in agent["volumeMounts"]}
    assert {"/workspace", "/home/code/.claude", "/etc/claude", "/etc/claude-code"} <= mounts
    assert not {"/home/code/.gitconfig", "/home/code/.ssh", "/home/code/.kube/config"} & mounts
    assert agent["readinessProbe"]["exec"]["command"] == ["test", "-w", "/workspace"]
    assert sidecar["readinessProbe"]["tcpSocket"] == {"port": "search"}
    assert [v["name"] for v in pod_spec["volumes"]] == [
        "workspace", "home", "tmp", "cache", "npm-cache", "claude-lock", "home-root", "instance-config", "claude-code-managed"]
    assert pod.sidecars == [search] and pod.props.sidecars == (search,)
    assert pod.resource.name == "reviewer"


def test_a_claude_pod_with_ssh_git_clone_a_sign_in_proxy_and_metrics_from_hand_built_props():
    scope = chart()
    storage = _agent_storage(scope, "builder", SSH_DIRECTORY)
    config_map = InstanceConfigMap(scope, "config", props=InstanceConfigMapProps(
        name="builder-config", namespace="agents", gitconfig="[user]\n\tname = bot\n", known_hosts=(GITHUB_KNOWN_HOST,),
        files={"allowed-identities": "ann@example.com\n"}))
    git = ImageRef(repository="alpine/git", tag="2.49.1")
    proxy = McpSidecar(name="auth-proxy", image=ImageRef(repository="quay.io/oauth2-proxy/oauth2-proxy", tag="v7.15.6"),
                       resources=SMALL, ports=(("auth", 4180),), args=("--http-address=0.0.0.0:4180",),
                       volume_mounts=(auth_proxy_mount(),), health_path="/ping")
    ClaudePod(scope, "pod", props=ClaudePodProps(
        name="builder", namespace="agents", image=AGENT, resources=SMALL,
        github_token=SecretKeyRef(secret_name="github", key="token"),
        database_url=SecretKeyRef(secret_name="builder-db", key="url"), metrics_port=9464,
        ssh=SshSetup(private_key=SecretKeyRef(secret_name="ssh", key="id_ed25519"), image=git),
        git_clone=GitClone(repository="git@github.com:example/app.git", branch="main", image=git),
        auth_proxy=proxy, service_account="builder", service_account_token=True, runtime_class="gvisor",
        suspended=True, pod_selector={"app": "builder"}, annotations={"owner": "ann"}, sync_waves=True,
    ), storage=storage, config_map=config_map)

    [deployment] = by_kind(scope)["Deployment"]
    assert deployment["metadata"]["annotations"] == {"owner": "ann", "argocd.argoproj.io/sync-wave": "1"}
    spec = deployment["spec"]
    assert spec["replicas"] == 0 and spec["selector"] == {"matchLabels": {"app": "builder"}}
    assert spec["template"]["metadata"]["labels"] == {"app": "builder"}
    assert spec["template"]["metadata"]["annotations"]["owner"] == "ann"
    pod_spec = spec["template"]["spec"]
    assert pod_spec["runtimeClassName"] == "gvisor" and pod_spec["serviceAccountName"] == "builder"
    assert [c["name"] for c in pod_spec["initContainers"]] == ["ssh-setup", "git-clone"]
    clone = {e["name"]: e.get("value", e.get("valueFrom")) for e in pod_spec["initContainers"][1]["env"]}
    assert clone["GIT_REPOSITORY"] == "git@github.com:example/app.git" and clone["GIT_BRANCH"] == "main"
    assert "GIT_SSH_COMMAND" in clone
    assert clone["GITHUB_TOKEN"] == {"secretKeyRef": {"name": "github", "key": "token", "optional": True}}
    agent, auth = pod_spec["containers"]
    assert auth["name"] == "auth-proxy"
    assert [p["name"] for p in agent["ports"]] == ["http", "mcp", "metrics"]
    env = {e["name"]: e.get("value", e.get("valueFrom")) for e in agent["env"]}
    assert env["OTEL_EXPORTER_PROMETHEUS_PORT"] == "9464"
    assert env["DATABASE_URL"] == {"secretKeyRef": {"name": "builder-db", "key": "url"}}
    mounts = {m["mountPath"]: m["name"] for m in agent["volumeMounts"]}
    assert mounts["/home/code/.gitconfig"] == "instance-config" and mounts["/home/code/.ssh"] == "ssh-directory"
    assert mounts["/var/run/secrets/kubernetes.io/serviceaccount"] == "kube-api-access"
    assert agent["readinessProbe"]["exec"]["command"] == ["test", "-d", "/workspace/.git"]
    volumes = {v["name"]: v for v in pod_spec["volumes"]}
    assert volumes["ssh-private-key"]["secret"]["secretName"] == "ssh"
    assert volumes["auth-proxy-config"]["configMap"] == {
        "name": "builder-config", "items": [{"key": "allowed-identities", "path": "allowed-identities"}]}


def test_a_claude_pod_refuses_what_its_config_map_or_its_ports_cannot_serve():
    def build(**props) -> None:
        scope = chart()
        ClaudePod(scope, "pod", props=ClaudePodProps(name="x", namespace="agents", image=AGENT, resources=SMALL, **props),
                  storage=_agent_storage(scope, "x", SSH_DIRECTORY),
                  config_map=InstanceConfigMap(scope, "config", props=InstanceConfigMapProps(name="x-config", namespace="agents")))

    with pytest.raises(ValueError, match="known_hosts"):
        build(ssh=SshSetup(private_key=SecretKeyRef(secret_name="ssh", key="id"), image=AGENT))
    with pytest.raises(ValueError, match="allowed-identities"):
        build(auth_proxy=McpSidecar(name="auth-proxy", image=AGENT, resources=SMALL, ports=(("auth", 4180),)))
    with pytest.raises(ValueError, match="port 8080"):
        build(sidecars=(McpSidecar(name="web", image=AGENT, resources=SMALL, ports=(("web", 8080),)),))
