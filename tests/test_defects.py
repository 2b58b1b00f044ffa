"""The original chart's defects (DESIGN.md section 5), one test each: each fails if its defect returns."""

from __future__ import annotations

import time

import yaml

from claude_constructs import load_instance
from claude_constructs.cli import main as cli

from .conftest import ROOT, container, containers, env_of, find, kinds, pod_spec, synth_example, synth_values

CRD_DIR = ROOT / "crds"


def test_1_kubeconfig_is_a_secret_reference_not_an_object_of_kind_config():
    objects = synth_values({"kubeconfig": {"secretName": "kubeconfigs"}})
    assert "Config" not in kinds(objects)
    volume = next(v for v in pod_spec(objects)["volumes"] if v["name"] == "kubeconfig")
    assert volume["secret"]["secretName"] == "kubeconfigs"
    for c in containers(objects, init=False):
        mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
        if c["name"] != "claude-web":  # only the agent (and Ansible) act on clusters
            assert "/home/code/.kube/config" not in mounts, c["name"]
            continue
        assert mounts["/home/code/.kube/config"]["name"] == "kubeconfig", c["name"]
        assert mounts["/home/code/.kube/config"]["readOnly"] is True


def test_2_inline_certificates_and_keys_are_refused(tmp_path):
    path = tmp_path / "i.yaml"
    path.write_text(
        "instanceName: abc\nkubeconfigs:\n  clusters:\n    cc: |\n      users:\n      - user:\n"
        "          client-key-data: LS0tLS1CRUdJTi\n"
    )
    out = tmp_path / "dist"
    assert cli(["synth", str(path), "--output", str(out)]) == 1
    assert not out.exists()


def test_3_network_policy_allows_dns_internet_and_the_cnpg_namespace():
    objects = synth_example("with-database.yaml")
    egress = find(objects, "NetworkPolicy", "i9j0k1l2-allow")["spec"]["egress"]
    dns = next(r for r in egress if {"port": 53, "protocol": "UDP"} in r.get("ports", []))
    # DNS: kube-system selected by its *namespace* label, and the DNS pods by their pod label.
    assert dns["to"][0]["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "kube-system"}
    assert dns["to"][0]["podSelector"]["matchLabels"] == {"k8s-app": "kube-dns"}
    internet = next(r for r in egress if {"port": 443, "protocol": "TCP"} in r.get("ports", []))
    assert internet["to"][0]["ipBlock"]["cidr"] == "0.0.0.0/0"
    assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"} <= set(internet["to"][0]["ipBlock"]["except"])
    database = next(r for r in egress if {"port": 5432, "protocol": "TCP"} in r.get("ports", []))
    assert database["to"][0]["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "database"}
    assert database["to"][0]["podSelector"]["matchLabels"] == {"cnpg.io/cluster": "postgresql"}


def test_4_hasura_does_not_share_the_agents_port():
    objects = synth_values({"features": {"graphql": True}, "database": {"enabled": True}})
    hasura_ports = {p["containerPort"] for p in container(objects, "hasura")["ports"]}
    main_ports = {p["containerPort"] for p in container(objects, "claude-web")["ports"]}
    assert not hasura_ports & main_ports
    assert env_of(container(objects, "hasura"))["HASURA_GRAPHQL_SERVER_PORT"] == str(hasura_ports.pop())


def test_5_output_does_not_depend_on_time(tmp_path):
    assert cli(["synth", str(ROOT / "examples" / "everything.yaml"), "-o", str(tmp_path / "a")]) == 0
    time.sleep(1.1)
    assert cli(["synth", str(ROOT / "examples" / "everything.yaml"), "-o", str(tmp_path / "b")]) == 0
    first = (tmp_path / "a" / "f00dcafe0001.k8s.yaml").read_bytes()
    assert first == (tmp_path / "b" / "f00dcafe0001.k8s.yaml").read_bytes()
    assert b"created-at" not in first


def test_6_defaults_reference_no_secret_that_must_exist_first():
    objects = synth_values()
    spec = pod_spec(objects)
    for c in containers(objects):
        for env in c.get("env", []):
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            assert ref is None or ref.get("optional") is True, f"{c['name']} {env['name']}"
    for volume in spec["volumes"]:
        if "secret" in volume:
            assert volume["secret"].get("optional") is True, volume["name"]


def test_6_impossible_combination_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "i.yaml"
    path.write_text("instanceName: abc\nfeatures:\n  postgres: true\n")
    assert cli(["synth", str(path), "-o", str(tmp_path / "dist")]) == 1
    assert not (tmp_path / "dist").exists()


def test_7_init_and_tool_containers_run_restricted():
    objects = synth_example("everything.yaml")
    for name in ("ssh-setup", "git-clone", "ansible", "postgres"):
        context = container(objects, name)["securityContext"]
        assert context["runAsNonRoot"] is True and context["runAsUser"] == 1000, name
        assert context["capabilities"] == {"drop": ["ALL"]}, name
        assert context["allowPrivilegeEscalation"] is False, name


def test_8_role_is_explicit_and_its_token_is_mounted():
    objects = synth_values()
    role = find(objects, "Role")
    for rule in role["rules"]:
        assert "*" not in rule["verbs"] + rule["resources"] + rule["apiGroups"]
        assert not {"secrets", "pods/exec", "networkpolicies", "roles", "rolebindings"} & set(rule["resources"])
    main = container(objects, "claude-web")
    token_mount = next(m for m in main["volumeMounts"] if m["mountPath"] == "/var/run/secrets/kubernetes.io/serviceaccount")
    volume = next(v for v in pod_spec(objects)["volumes"] if v["name"] == token_mount["name"])
    assert volume["projected"]["sources"][0]["serviceAccountToken"]["expirationSeconds"] == 3600
    binding = find(objects, "RoleBinding")
    assert binding["subjects"][0]["name"] == pod_spec(objects)["serviceAccountName"]
    egress = find(objects, "NetworkPolicy", "a1b2c3d4-allow")["spec"]["egress"]
    assert any({"port": 6443, "protocol": "TCP"} in r.get("ports", []) for r in egress), "API server unreachable"


def test_8_without_rbac_there_is_no_token_at_all():
    objects = synth_values({"rbac": {"create": False}})
    assert "Role" not in kinds(objects)
    assert all("projected" not in v for v in pod_spec(objects)["volumes"])


def test_9_probes_can_fail():
    objects = synth_values()
    main = container(objects, "claude-web")
    liveness = main["livenessProbe"]["exec"]["command"]
    # No shell: a shell's own command line would contain the pattern and always match.
    assert liveness[0] == "pgrep" and "sh" not in liveness and "/bin/sh" not in liveness
    readiness = main["readinessProbe"]["exec"]["command"]
    assert readiness != ["test", "-d", "/workspace"]
    cloned = container(synth_values({"gitClone": {"repository": "https://github.com/a/b.git"}}), "claude-web")
    assert cloned["readinessProbe"]["exec"]["command"] == ["test", "-d", "/workspace/.git"]
    for sidecar in containers(objects, init=False)[1:]:
        assert sidecar["livenessProbe"].get("tcpSocket") or sidecar["livenessProbe"].get("httpGet"), sidecar["name"]


def test_10_user_strings_survive_the_written_yaml(tmp_path):
    description = "API: v2 # rewrite\n'quoted' \"double\" - list: [x]"
    path = tmp_path / "i.yaml"
    path.write_text(yaml.safe_dump({"instanceName": "abc", "instanceDescription": description, "userid": 12345}))
    assert cli(["synth", str(path), "-o", str(tmp_path / "dist")]) == 0
    documents = list(yaml.safe_load_all((tmp_path / "dist" / "abc.k8s.yaml").read_text()))
    deployment = find(documents, "Deployment")
    assert deployment["metadata"]["annotations"]["claude-constructs/description"] == description
    assert deployment["metadata"]["labels"]["claude-constructs/user"] == "12345"
    assert env_of(container(documents, "claude-web"))["CLAUDE_USERID"] == "12345"


class _UniqueKeyLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = {key for key in keys if keys.count(key) > 1}
        assert not duplicates, f"duplicate keys {duplicates} at line {node.start_mark.line}"
        return super().construct_mapping(node, deep=deep)


def test_11_no_duplicate_keys_and_cnpg_fields_exist_in_the_crd(tmp_path):
    assert cli(["synth", str(ROOT / "examples" / "everything.yaml"), "-o", str(tmp_path)]) == 0
    documents = list(yaml.load_all((tmp_path / "f00dcafe0001.k8s.yaml").read_text(), Loader=_UniqueKeyLoader))
    for kind, crd in (("Database", "databases.yaml"), ("DatabaseRole", "databaseroles.yaml")):
        schema = yaml.safe_load((CRD_DIR / "postgresql.cnpg.io" / crd).read_text())["spec"]["versions"][0]["schema"]
        allowed = set(schema["openAPIV3Schema"]["properties"]["spec"]["properties"])
        spec = find(documents, kind)["spec"]
        assert set(spec) <= allowed, f"{kind}: {set(spec) - allowed}"
        assert "instance" not in spec


def test_helm_values_database_instance_key_is_accepted_but_never_written():
    config = load_instance({"database": {"enabled": True, "instance": 1}})
    assert config.database.enabled
