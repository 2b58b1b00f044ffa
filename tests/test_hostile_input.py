"""Careless and hostile input, through the command line exactly as a user runs it.

Each case is one instance file (or an output folder, or a signal): the CLI must exit non-zero with
one clear message naming the setting and the fix, within a second and a bounded amount of memory,
and leave every file outside its own output untouched (and its output as it was).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

OWNER = "userid: alice\n"
NAME = "instanceName: evil\n"


# Runs the CLI and reports its peak memory. A forked child starts with its parent's resident set as
# its high-water mark (Linux keeps it across exec), so the CLI is started from this small process,
# never from the test process (hundreds of MB with the real control plane's fixtures).
_MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def _run(args, cwd, timeout=120, env=None):
    """The CLI in a process of its own: exit code, stdout, stderr, wall seconds, peak memory (MiB)."""
    with tempfile.NamedTemporaryFile(suffix=".maxrss") as peak:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-c", _MEASURE, peak.name, sys.executable, "-m", "claude_constructs.cli", *args], cwd=cwd,
            capture_output=True, text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        seconds = time.monotonic() - started
        return result.returncode, result.stdout, result.stderr, seconds, int(Path(peak.name).read_text() or 0) / 1024


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its content hash and mode: what must not change."""
    return {
        str(p.relative_to(folder)): f"{hashlib.sha256(p.read_bytes()).hexdigest()} {oct(p.stat().st_mode)}"
        for p in sorted(folder.rglob("*")) if p.is_file()
    } | {str(p.relative_to(folder)) + "/": oct(p.stat().st_mode) for p in sorted(folder.rglob("*")) if p.is_dir()}


# (id, file content, the path the message must name, a word of the fix)
HOSTILE_FILES = [
    ("duplicate-key", NAME + OWNER + "userid: bob\n", "", "given twice"),
    ("billion-laughs", NAME + OWNER + "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)), "", "alias"),
    ("deep-nesting", NAME + OWNER + "env: " + "[" * 200 + "]" * 200 + "\n", "", "deeper"),
    ("very-deep-nesting", NAME + OWNER + "env: " + "[" * 20000 + "]" * 20000 + "\n", "", "nesting depth"),
    ("python-tag", NAME + OWNER + "instanceDescription: !!python/object/apply:os.system [id]\n", "", "not allowed"),
    ("octal-becomes-text", NAME + OWNER + "image: {tag: latest}\nenv: {UMASK: 0777}\nresources: {limits: {memory: 0777}}\n",
     "resources.limits.memory", "0777"),
    ("yes-is-not-true", NAME + OWNER + "features: {golang: yes}\n", "features.golang", "true or false"),
    ("float-is-text", NAME + OWNER + "image: {tag: 1.10}\nreplicaCount: 1.0\n", "replicaCount", "whole number"),
    ("missing-userid", NAME, "userid", "is missing"),
    ("missing-name", OWNER, "instanceName", "is missing"),
    ("trailing-newline-name", 'instanceName: "evil\\n"\n' + OWNER, "instanceName", "DNS-1123"),
    ("system-namespace", NAME + OWNER + "namespace: kube-system\n", "namespace", "system namespace"),
    ("argocd-namespace", NAME + OWNER + "namespace: argocd\n", "namespace", "ArgoCD"),
    ("database-namespace", NAME + OWNER + "namespace: database\n", "namespace", "database namespace"),
    ("other-users-namespace", NAME + OWNER + "namespace: claude-bob\n", "namespace", "claude-alice"),
    ("userid-into-system", NAME + "userid: system\nnamespace: kube-public\n", "namespace", "system namespace"),
    ("open-internet-ports", NAME + OWNER + "networkPolicy: {internetPorts: [443, 5432]}\n", "networkPolicy.internetPorts[1]", "fewer"),
    ("open-api-server-cidr", NAME + OWNER + "networkPolicy: {apiServer: {cidrs: [0.0.0.0/0]}}\n", "networkPolicy.apiServer.cidrs[0]", "narrow"),
    ("otlp-to-other-tenant", NAME + OWNER + "networkPolicy: {otlp: {namespace: claude-bob}}\n", "networkPolicy.otlp.namespace", "fleet"),
    ("dns-to-other-tenant", NAME + OWNER + "networkPolicy: {dns: {namespace: claude-bob}}\n", "networkPolicy.dns", "fleet"),
    ("shared-url-other-namespace", NAME + OWNER + "mcpServers: {context7: {mode: shared, url: 'http://api.claude-bob.svc.cluster.local/mcp'}}\n",
     "mcpServers.context7.url", "context7-mcp.claude.svc.cluster.local"),
    ("shared-url-any-port", NAME + OWNER + "mcpServers: {context7: {mode: shared, url: 'http://evil.example.com:25/mcp'}}\n",
     "mcpServers.context7.url", "443"),
    ("shared-url-metadata", NAME + OWNER + "mcpServers: {context7: {mode: shared, url: 'http://169.254.169.254/latest'}}\n",
     "mcpServers.context7.url", "IP address"),
    ("database-postgres", NAME + OWNER + "database: {enabled: true, name: postgres}\n", "database.name", "claude_"),
    ("database-template1", NAME + OWNER + "database: {enabled: true, name: template1}\n", "database.name", "claude_"),
    ("role-pg", NAME + OWNER + "database: {enabled: true, owner: pg_read_all_data}\n", "database.owner", "PostgreSQL"),
    ("role-superuser", NAME + OWNER + "database: {enabled: true, owner: postgres}\n", "database.owner", "PostgreSQL"),
    ("database-other-cluster", NAME + OWNER + "database: {enabled: true, cluster: production}\n", "database.cluster", "fleet"),
    ("hostname-hijack", NAME + OWNER + "ingress: {hostname: grafana.example.com}\n", "ingress.hostname", "domain of this fleet"),
    ("hostname-ip", NAME + OWNER + "ingress: {hostname: 10.0.0.1}\n", "ingress.hostname", "IP address"),
    ("dashboard-into-kube-system", NAME + OWNER + "metrics: {dashboard: true, dashboardNamespace: kube-system}\n",
     "metrics.dashboardNamespace", "own namespace"),
    ("image-two-tags", NAME + OWNER + "image: {repository: 'ghcr.io/a/b:1'}\n", "image.repository", "tag or digest"),
    ("image-uppercase", NAME + OWNER + "image: {repository: 'ghcr.io/A/B'}\n", "image.repository", "lowercase"),
    ("env-name-newline", NAME + OWNER + 'env: {"A\\n": x}\n', "env.A\\n", "environment variable"),  # shown escaped
    ("another-users-file", NAME + "userid: bob\naccess: {collaborators: [mallory]}\n", "", "folder of user 'alice'"),
    ("own-sign-in-proxy-image", NAME + OWNER + "access: {image: {repository: docker.io/attacker/steal, tag: v1}}\n",
     "access.image", "fleet's setting"),
    ("no-sign-in", NAME + OWNER + "access: {mode: gateway}\n", "access.mode", "allowGateway"),
    ("no-network-policy", NAME + OWNER + "networkPolicy: {enabled: false}\n", "networkPolicy.enabled", "fleet's setting"),
    ("ingress-server-alias", NAME + OWNER + "ingress: {annotations: {nginx.ingress.kubernetes.io/server-alias: grafana.example.com}}\n",
     "ingress.annotations.nginx.ingress.kubernetes.io/server-alias", "ingressAnnotations"),
    ("ingress-snippet", NAME + OWNER + "ingress: {annotations: {nginx.ingress.kubernetes.io/configuration-snippet: 'proxy_pass http://x;'}}\n",
     "ingress.annotations.nginx.ingress.kubernetes.io/configuration-snippet", "ingressAnnotations"),
    ("sign-in-host", "instanceName: auth\n" + OWNER, "instanceName", "the fleet's own"),
    ("rbac-create-pods", NAME + OWNER + "rbac: {rules: [{apiGroups: [''], resources: [pods], verbs: [create]}]}\n",
     "rbac.rules[0].verbs", "may only read"),
    ("egress-to-cluster-by-name", NAME + OWNER + "networkPolicy: {cilium: true, allowedEgressHosts: ['*.svc.cluster.local']}\n",
     "networkPolicy.allowedEgressHosts[0]", "public host"),
    ("explicit-int-tag", NAME + OWNER + "replicaCount: !!int 0777\n", "", "does not fit"),
    ("huge-number", NAME + OWNER + "replicaCount: " + "9" * 5000 + "\n", "replicaCount", "whole number"),
    ("collaborator-injection", NAME + OWNER + "access: {collaborators: ['bob,mallory']}\n", "access.collaborators[0]", "user name"),
    ("url-password", NAME + OWNER + "gitClone: {repository: 'https://me:hunter22@github.com/a/b.git'}\n", "gitClone.repository", "inline credentials"),
    ("url-query-token", NAME + OWNER + "mcpServers: {context7: {mode: shared, url: 'https://mcp.example.com/mcp?token=abcdef123'}}\n",
     "mcpServers.context7.url", "inline credentials"),
    ("jwt", NAME + OWNER + "env: {T: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U}\n",
     "env.T", "inline credentials"),
    ("bearer-header", NAME + OWNER + "env: {OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer abcdefghijklmnop1234'}\n",
     "env.OTEL_EXPORTER_OTLP_HEADERS", "inline credentials"),
    ("ingress-annotation-value-directive", NAME + OWNER + "ingress: {annotations: {nginx.ingress.kubernetes.io/proxy-body-size: "
     "'1m; location /x { proxy_pass http://x; }'}}\n", "ingress.annotations.nginx.ingress.kubernetes.io/proxy-body-size", "one word"),
    ("not-utf8", None, "", "UTF-8"),
    ("too-large", NAME + OWNER + "instanceDescription: " + "x" * (1024 * 1024) + "\n", "", "larger than"),
]


@pytest.fixture
def repo(tmp_path):
    """A fleet repository with one good instance, synthesized once."""
    (tmp_path / "instances" / "alice").mkdir(parents=True)
    (tmp_path / "instances" / "alice" / "good.yaml").write_text("instanceName: good\nuserid: alice\ntemplate: minimal\n")
    (tmp_path / "README.md").write_text("my repository\n")
    code, _, err, _, _ = _run(["synth", "--jobs", "1"], tmp_path)
    assert code == 0, err
    (tmp_path / "dist" / ".gitkeep").write_text("")
    (tmp_path / "dist" / "README.md").write_text("generated by claude-instance\n")
    return tmp_path


@pytest.mark.parametrize("content, path, fix", [pytest.param(c, p, f, id=i) for i, c, p, f in HOSTILE_FILES])
def test_a_hostile_instance_file_is_one_clear_error_and_changes_nothing(repo, content, path, fix):
    evil = repo / "instances" / "alice" / "evil.yaml"
    if content is None:
        evil.write_bytes(b"instanceName: evil\nuserid: alice\ninstanceDescription: caf\xe9\n")
    else:
        evil.write_text(content)
    before = _tree(repo)
    for command in (["validate"], ["synth", "--jobs", "1"], ["diff", "--exit-code"]):
        code, out, err, seconds, peak = _run(command, repo)
        assert code == 1, (command, out, err)
        assert "Traceback" not in err and err.startswith("error: "), err
        assert str(evil) in err or "evil.yaml" in err, err
        if path:
            assert f"'{path}'" in err, err
        assert fix in err, err
        assert _tree(repo) == before, f"{command} changed files"
        assert seconds < 10 and peak < 300, (command, seconds, peak)  # a process start is most of it
    code, *_ , seconds, _ = _run(["validate"], repo)
    assert seconds < 5


BOBS = "instanceName: sneaky\nuserid: bob\naccess: {collaborators: [alice]}\n"


@pytest.mark.parametrize("how", ["link-to-a-file-elsewhere", "user-folders-as-arguments", "a-user-folder-from-elsewhere",
                                 "the-file-from-elsewhere"])
def test_a_file_in_alices_folder_cannot_be_bobs_however_it_is_named(repo, how):
    folder = repo / "instances" / "alice"
    if how == "link-to-a-file-elsewhere":
        (repo / "docs").mkdir()
        (repo / "docs" / "notes.yaml").write_text(BOBS)
        (folder / "sneaky.yaml").symlink_to(Path("..", "..", "docs", "notes.yaml"))
    else:
        (folder / "sneaky.yaml").write_text(BOBS)
        (repo / "instances" / "bob").mkdir()
        (repo / "instances" / "bob" / "bobs.yaml").write_text("instanceName: bobs\nuserid: bob\n")
    paths, cwd = {
        "link-to-a-file-elsewhere": ([], repo),
        "user-folders-as-arguments": (["instances/alice", "instances/bob"], repo),
        "a-user-folder-from-elsewhere": ([str(folder)], repo.parent),
        "the-file-from-elsewhere": ([str(folder / "sneaky.yaml")], repo.parent),
    }[how]
    before = _tree(repo)
    for command in (["validate"], ["synth", "--jobs", "1", "-o", str(repo / "dist")]):
        code, out, err, _, _ = _run(command + paths, cwd)
        assert code == 1, (command, out, err)
        assert "Traceback" not in err and "sneaky.yaml" in err, err
        assert ("symbolic link" if how == "link-to-a-file-elsewhere" else "folder of user 'alice'") in err, err
        assert _tree(repo) == before


def test_a_linked_user_folder_or_a_fifo_is_refused_not_left_out(repo):
    elsewhere = repo.parent / f"{repo.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.yaml").write_text("instanceName: x\nuserid: bob\n")
    (repo / "instances" / "bob").symlink_to(elsewhere)
    code, _, err, _, _ = _run(["synth", "--jobs", "1"], repo)
    assert code == 1 and "instances/bob is a symbolic link" in err, err
    (repo / "instances" / "bob").unlink()
    os.mkfifo(repo / "instances" / "alice" / "pipe.yaml")
    code, _, err, _, _ = _run(["synth", "--jobs", "1"], repo)
    assert code == 1 and "pipe.yaml is not a regular file" in err, err


def test_validation_of_a_hostile_file_takes_under_a_second(repo):
    """Time spent on the file itself (the process start is measured apart)."""
    from claude_constructs.config.loader import ConfigError
    from claude_constructs.synthesis.synth import load_instances

    evil = repo / "instances" / "alice" / "evil.yaml"
    for _, content, _, _ in HOSTILE_FILES:
        if content is None:
            continue
        evil.write_text(content)
        started = time.monotonic()
        with pytest.raises(ConfigError):
            load_instances([evil], roots=[repo / "instances"])
        assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("target", ["repo-root", "instances", "a-file", "home", "foreign-manifest", "a-dangling-link"])
def test_output_folders_that_are_not_the_tools_are_refused(repo, target, monkeypatch):
    env = {}
    nowhere = repo.parent / f"{repo.name}-nowhere" / "deeper"
    if target == "a-dangling-link":
        (repo / "out").symlink_to(nowhere)
        output = "out"
    elif target == "repo-root":
        (repo / ".git").mkdir()
        output = "."
    elif target == "instances":
        output = "instances"
    elif target == "a-file":
        output = "README.md"
    elif target == "home":
        env = {"HOME": str(repo / "home")}
        (repo / "home").mkdir()
        output = str(repo / "home")
    else:
        (repo / "dist" / "hand-written.k8s.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: mine}\n")
        output = "dist"
    before = _tree(repo)
    code, out, err, _, _ = _run(["synth", "-o", output, "--jobs", "1"], repo, env=env)
    assert code == 1 and err.startswith("error: '--output'") and "Traceback" not in err, err
    assert _tree(repo) == before and not nowhere.parent.exists()


def test_synth_keeps_files_it_did_not_write_and_the_folders_mode(repo):
    (repo / "dist").chmod(0o750)
    (repo / "instances" / "alice" / "second.yaml").write_text("instanceName: second\nuserid: alice\ntemplate: minimal\n")
    code, _, err, _, _ = _run(["synth", "--jobs", "1"], repo)
    assert code == 0, err
    assert sorted(p.name for p in (repo / "dist").iterdir()) == [".gitkeep", "README.md", "good.k8s.yaml", "second.k8s.yaml"]
    assert (repo / "dist").stat().st_mode & 0o777 == 0o750
    assert not [p for p in repo.iterdir() if p.name.startswith(".dist")], "a staging folder was left behind"


def test_a_broken_manifest_in_the_output_is_one_clear_error(repo):
    manifest = repo / "dist" / "good.k8s.yaml"
    text = manifest.read_text()
    manifest.write_text("<<<<<<< HEAD\n" + text + "=======\n" + text + ">>>>>>> theirs\n")
    (repo / "instances" / "alice" / "good.yaml").write_text("instanceName: good\nuserid: alice\ntemplate: minimal\nsuspended: true\n")
    before = _tree(repo)
    for command in (["synth", "--jobs", "1"], ["diff"]):
        code, _, err, _, _ = _run(command, repo)
        assert code == 1 and "good.k8s.yaml" in err and "merge conflict" in err and "Traceback" not in err, err
        assert _tree(repo) == before


@pytest.mark.parametrize("change", ["rename", "other-user", "volume-off", "removed"])
def test_changes_that_orphan_data_need_the_flag_in_every_command(repo, change):
    good = repo / "instances" / "alice" / "good.yaml"
    if change == "rename":
        good.write_text("instanceName: better\nuserid: alice\ntemplate: minimal\n")
    elif change == "other-user":  # the file moves to bob's folder with him
        (repo / "instances" / "bob").mkdir()
        (repo / "instances" / "bob" / "good.yaml").write_text("instanceName: good\nuserid: bob\ntemplate: minimal\n")
        good.unlink()
    elif change == "volume-off":
        good.write_text("instanceName: good\nuserid: alice\ntemplate: minimal\nstorage: {home: {enabled: false}}\n")
    else:
        good.unlink()
    before = _tree(repo)
    for command in (["validate"], ["synth", "--jobs", "1"], ["diff", "--exit-code"]):
        code, _, err, _, _ = _run(command, repo)
        assert code == 1 and "--allow-orphaned-data" in err and "good-home" in err, (command, err)
        assert _tree(repo) == before
    code, _, err, _, _ = _run(["synth", "--jobs", "1", "--allow-orphaned-data"], repo)
    assert code == 0, err


def test_diff_into_a_closed_pipe_ends_quietly(repo):
    (repo / "instances" / "alice" / "good.yaml").write_text("instanceName: good\nuserid: alice\ntemplate: minimal\nsuspended: true\n")
    result = subprocess.run(
        f"{sys.executable} -m claude_constructs.cli diff --show | head -1", shell=True, cwd=repo, capture_output=True,
        text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.stdout.count("\n") == 1 and result.stderr == "", result.stderr


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_synth_leaves_the_previous_output_whole(repo, number):
    for index in range(60):
        (repo / "instances" / "alice" / f"more{index}.yaml").write_text(f"instanceName: more{index}\nuserid: alice\n")
    before = _tree(repo)
    process = subprocess.Popen(
        [sys.executable, "-m", "claude_constructs.cli", "synth", "--jobs", "2", "--allow-orphaned-data"], cwd=repo,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while not _kernels(process.pid) and time.monotonic() < deadline:  # interrupt it while its kernels synthesize
        time.sleep(0.05)
    kernels = _kernels(process.pid)
    assert kernels, "no synthesis kernel started"
    time.sleep(0.5)
    process.send_signal(number)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip().splitlines() == ["interrupted: nothing was changed"], err
    assert _tree(repo) == before
    assert not [p for p in repo.iterdir() if p.name.startswith(".dist")], "a staging folder was left behind"
    assert not [pid for pid in kernels if _running(pid)], "a synthesis kernel outlived the interrupted run"


def _kernels(parent: int) -> list[int]:
    """The synthesis kernels (Node.js running jsii's program.js) ``parent`` started."""
    found = subprocess.run(["pgrep", "-P", str(parent), "-f", "program.js"], capture_output=True, text=True).stdout
    return [int(pid) for pid in found.split()]


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_values_yaml_1_1_reads_as_tags_are_read_back_from_the_output(repo):
    """cdk8s writes `<<` and `=` plain (YAML 1.2 text); reading the previous output (the upgrade
    check, diff) takes them as the text they are, not as YAML 1.1's merge and value tags."""
    instance = repo / "instances" / "alice" / "tags.yaml"
    instance.write_text("instanceName: tags\nuserid: alice\ntemplate: minimal\nenv: {X: '<<', Y: '='}\n")
    assert _run(["synth", "--jobs", "1"], repo)[0] == 0
    assert "value: <<\n" in (repo / "dist" / "tags.k8s.yaml").read_text()
    instance.write_text(instance.read_text() + "instanceDescription: edited\n")
    for command in (["diff"], ["synth", "--jobs", "1"]):
        code, out, err, _, _ = _run(command, repo)
        assert code == 0 and "Traceback" not in err and "not readable YAML" not in err, (command, out, err)


@pytest.mark.parametrize("case", ["an-instance-named-like-another-s-snapshot-account", "an-instance-named-like-the-tenant-role"])
def test_two_charts_that_write_the_same_object_are_refused(repo, case):
    folder = repo / "instances" / "alice"
    if case == "an-instance-named-like-another-s-snapshot-account":
        (folder / "x.yaml").write_text("instanceName: x\nuserid: alice\ntemplate: minimal\nbackup: {schedule: '@daily'}\n")
        (folder / "xs.yaml").write_text("instanceName: x-snapshots\nuserid: alice\ntemplate: minimal\n")
        expected = "x-snapshots.k8s.yaml and x.k8s.yaml both write the ServiceAccount claude-alice/x-snapshots"
    else:
        (repo / "gitops.yaml").write_text("repoURL: https://github.com/example/fleet.git\ntenancy: true\n")
        (folder / "cu.yaml").write_text("instanceName: claude-user\nuserid: alice\ntemplate: minimal\n")
        expected = "claude-user.k8s.yaml and tenant-claude-alice.k8s.yaml both write the Role claude-alice/claude-user"
    before = _tree(repo / "dist")
    code, out, err, _, _ = _run(["synth", "--jobs", "1"], repo)
    assert code == 1 and "Traceback" not in err and expected in err, err
    assert _tree(repo / "dist") == before


def test_the_objects_of_a_manifest_are_read_whatever_their_layout():
    from claude_constructs.synthesis.synth import _identities

    written = (b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    a: |\n      name: fake\n"
               b"  name: real\n  namespace: ns\ndata: {}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"123\"\n"
               b"---\nkind: Secret\napiVersion: v1\nmetadata: {namespace: ns, name: other}\n")
    assert list(_identities(written)) == [(b"v1", b"ConfigMap", b"ns", b"real"), (b"v1", b"Namespace", b"", b"123"),
                                          (b"v1", b"Secret", b"ns", b"other")]


@pytest.mark.parametrize("where", ["_before_anything_is_imported", "_optimized_when_worth_it"])
def test_an_interrupt_before_the_command_s_own_handlers_is_one_line(repo, monkeypatch, capsys, where):
    import claude_constructs.cli as cli_module

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.chdir(repo)
    monkeypatch.setattr(cli_module, where, interrupted)
    monkeypatch.setattr(cli_module, "_WHOLE_PROCESS", True)
    before = _tree(repo)
    assert cli_module.main(["synth", "--jobs", "1"]) == 130
    assert capsys.readouterr().err.strip() == "interrupted: nothing was changed"
    assert _tree(repo) == before


def test_an_object_larger_than_a_cluster_takes_is_refused(repo):
    env = {f"V{index:05d}": "x" for index in range(30000)}  # a 360 KB file, a 1.5 MB Deployment
    (repo / "instances" / "alice" / "big.yaml").write_text(yaml.safe_dump(
        {"instanceName": "big", "userid": "alice", "template": "minimal", "env": env}, width=1000))
    before = _tree(repo / "dist")
    code, _, err, _, _ = _run(["synth", "--jobs", "1"], repo)
    assert code == 1 and "big.k8s.yaml writes the Deployment claude-alice/big in" in err and "more than the 1 MiB" in err, err
    assert _tree(repo / "dist") == before


def test_a_link_or_a_fifo_named_on_the_command_line_is_refused_not_read(repo):
    secret = repo.parent / f"{repo.name}-ci.env"
    secret.write_text("AWS_SECRET_ACCESS_KEY: hunter2\n")
    (repo / "instances" / "alice" / "x.yaml").symlink_to(secret)
    os.mkfifo(repo / "instances" / "alice" / "p.yaml")
    for name, expected in (("x.yaml", "is a symbolic link"), ("p.yaml", "is not a regular file")):
        code, _, err, _, _ = _run(["validate", f"instances/alice/{name}"], repo, timeout=20)
        assert code == 1 and expected in err and "AWS_SECRET_ACCESS_KEY" not in err, err


def test_a_file_in_a_sub_folder_or_of_a_user_named_instances_is_still_its_folder_s(repo):
    (repo / "instances" / "alice" / "sub").mkdir()
    (repo / "instances" / "alice" / "sub" / "evil.yaml").write_text("instanceName: evil1\nuserid: bob\n")
    code, _, err, _, _ = _run(["synth", "instances/alice/sub", "-o", str(repo / "dist")], repo)
    assert code == 1 and "folder of user 'alice'" in err, err
    (repo / "instances" / "alice" / "sub" / "evil.yaml").unlink()
    (repo / "instances" / "instances" / "bob").mkdir(parents=True)
    (repo / "instances" / "instances" / "bob" / "b.yaml").write_text("instanceName: bb\nuserid: bob\n")
    code, _, err, _, _ = _run(["validate", "instances/instances"], repo)
    assert code == 1 and "folder of user 'instances'" in err, err


def test_an_instance_named_like_the_root_application_is_refused(repo):
    (repo / "gitops.yaml").write_text("repoURL: https://github.com/example/fleet.git\nproject: claude-instances\n")
    (repo / "instances" / "alice" / "i.yaml").write_text("instanceName: instances\nuserid: alice\ntemplate: minimal\n")
    before = _tree(repo / "dist")
    code, _, err, _, _ = _run(["synth", "--jobs", "1"], repo)
    assert code == 1 and "argocd.k8s.yaml writes twice the Application argocd/claude-instances" in err, err
    assert _tree(repo / "dist") == before
