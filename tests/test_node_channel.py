"""The two shortcuts past jsii's Python runtime hold the output the same.

``node_channel`` starts jsii's kernel without its relay process, and ``new_object`` writes its
create request itself. This test process runs jsii as it ships (the conftest imports cdk8s first);
the direct kernel runs in fresh processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cdk8s
from cdk8s_plus_28 import k8s

from claude_constructs.constructs.kube import new_object, port_ref, quantity
from .conftest import ROOT, scratch_app

DIRECT = """
import json, os, sys
from claude_constructs.synthesis.node_channel import use_direct_kernel
use_direct_kernel()
import cdk8s
from jsii._runtime import kernel
process = kernel.provider._process._process
children = open(f"/proc/{process.pid}/task/{process.pid}/children").read().split()
print(json.dumps({"args": process.args, "children": children}))
"""


def test_synthesis_starts_the_kernel_as_one_nodejs_process():
    result = subprocess.run([sys.executable, "-c", DIRECT], capture_output=True, text=True, check=True, cwd=ROOT)
    started = json.loads(result.stdout)
    command = " ".join(started["args"])
    assert command.endswith("lib/program.js") and "jsii-runtime.js" not in command
    assert started["children"] == []  # no relay: the kernel itself
    assert "end-of-life" not in result.stderr  # the relay's banner is not printed either


STOCK_THEN_SYNTH = """
import sys
import cdk8s  # jsii starts as it ships, before build_app could change how
from pathlib import Path
from claude_constructs.synthesis.synth import find_instance_files, load_instances
FLEET = Path("examples/fleet/instances")
from claude_constructs.synthesis.app import build_app
from jsii._runtime import kernel
assert "jsii-runtime.js" in " ".join(kernel.provider._process._process.args)
build_app(load_instances(find_instance_files([FLEET]), roots=[FLEET]), sys.argv[1]).synth()
"""

DIRECT_SYNTH = """
import sys
from pathlib import Path
from claude_constructs.synthesis.synth import find_instance_files, load_instances
FLEET = Path("examples/fleet/instances")
from claude_constructs.synthesis.app import build_app
app = build_app(load_instances(find_instance_files([FLEET]), roots=[FLEET]), sys.argv[1])
from jsii._runtime import kernel
assert "jsii-runtime.js" not in " ".join(kernel.provider._process._process.args)
app.synth()
"""


def test_the_direct_kernel_writes_the_bytes_jsii_writes(tmp_path):
    for name, script in (("stock", STOCK_THEN_SYNTH), ("direct", DIRECT_SYNTH)):
        subprocess.run([sys.executable, "-c", script, str(tmp_path / name)], check=True, cwd=ROOT,
                       capture_output=True, env={**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "1"})
    stock = {p.name: p.read_bytes() for p in sorted((tmp_path / "stock").iterdir())}
    direct = {p.name: p.read_bytes() for p in sorted((tmp_path / "direct").iterdir())}
    assert len(stock) == len(list((ROOT / "examples/fleet/instances").rglob("*.yaml"))) and stock == direct


def _both(cls, **props):
    """The object made by new_object and by the generated constructor, each in a chart of its own."""
    made = []
    for build in (lambda scope: new_object(cls, scope, "o", **props), lambda scope: cls(scope, "o", **props)):
        chart = cdk8s.Chart(scratch_app(), "c")
        build(chart)
        made.append(chart.to_json())
    return made


def test_new_object_makes_what_the_generated_constructor_makes():
    # Quantities and ports (references), an empty struct where one is required, maps, lists, numbers.
    pod_spec = k8s.PodSpec(containers=[k8s.Container(
        name="c", image="i", ports=[k8s.ContainerPort(container_port=8080, name="http")],
        resources=k8s.ResourceRequirements(limits={"memory": quantity("1Gi"), "cpu": quantity("500m")}),
        readiness_probe=k8s.Probe(tcp_socket=k8s.TcpSocketAction(port=port_ref("http")), period_seconds=20),
        security_context=k8s.SecurityContext(run_as_non_root=True, run_as_user=1000),
    )])
    ours, theirs = _both(
        k8s.KubeDeployment, metadata=k8s.ObjectMeta(name="d", labels={"a": "b"}, annotations={}),
        spec=k8s.DeploymentSpec(selector=k8s.LabelSelector(match_labels={"a": "b"}),
                                template=k8s.PodTemplateSpec(metadata=k8s.ObjectMeta(labels={"a": "b"}), spec=pod_spec)),
    )
    assert ours == theirs
    assert ours[0]["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"] == {"cpu": "500m", "memory": "1Gi"}
    ours, theirs = _both(k8s.KubeNetworkPolicy, metadata=k8s.ObjectMeta(name="deny"),
                         spec=k8s.NetworkPolicySpec(pod_selector=k8s.LabelSelector(), policy_types=["Ingress"]))
    assert ours == theirs and ours[0]["spec"]["podSelector"] == {}


def test_new_object_writes_enums_as_jsii_does():
    from imports.io.cnpg.postgresql import (
        DatabaseRole, DatabaseRoleSpec, DatabaseRoleSpecDatabaseRoleReclaimPolicy, DatabaseRoleSpecEnsure,
    )

    ours, theirs = _both(DatabaseRole, metadata=cdk8s.ApiObjectMetadata(name="r"), spec=DatabaseRoleSpec(
        cluster={"name": "pg"}, name="r", ensure=DatabaseRoleSpecEnsure.PRESENT,
        database_role_reclaim_policy=DatabaseRoleSpecDatabaseRoleReclaimPolicy.DELETE, login=True))
    assert ours == theirs and ours[0]["spec"]["ensure"] == "present"


def test_new_object_refuses_what_it_cannot_write():
    import pytest

    with pytest.raises(TypeError, match="cannot pass object to Node.js"):
        new_object(k8s.KubeConfigMap, cdk8s.Chart(scratch_app(), "c"), "o",
                   metadata=k8s.ObjectMeta(name="x"), data={"a": object()})


def _synth_without(tmp_path, **env):
    out = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "claude_constructs.cli", "synth", str(ROOT / "examples/fleet/instances"), "-o", str(out)],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "CI": "true", **env},
    )
    return result, out


def test_without_nodejs_synthesis_says_so_and_writes_nothing(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result, out = _synth_without(tmp_path, PATH=str(empty))
    assert result.returncode == 1 and not out.exists()
    assert result.stderr.strip().splitlines() == [
        "error: Node.js ('node') was not found on the PATH: cdk8s runs in Node.js; install Node.js 20 or later "
        "(see the README), or set JSII_NODE to its path; nothing was changed"]


def test_a_nodejs_that_fails_to_start_is_one_error(tmp_path):
    broken = tmp_path / "node"
    broken.write_text("#!/bin/sh\necho 'node: bad option' >&2\nexit 9\n")
    broken.chmod(0o755)
    result, out = _synth_without(tmp_path, JSII_NODE=str(broken))
    assert result.returncode == 1 and not out.exists()
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: Node.js ({broken}) did not start the cdk8s kernel: it exited with code 9; nothing was changed")


def test_an_object_nodejs_refuses_is_named_in_the_error():
    import pytest

    from claude_constructs.constructs.kube import _create

    scope = cdk8s.Chart(scratch_app(), "c")
    obj = k8s.KubeConfigMap.__new__(k8s.KubeConfigMap)
    with pytest.raises(RuntimeError, match=r"^creating KubeConfigMap 'x': .*deserialize"):
        _create(k8s.KubeConfigMap, obj, [{"$jsii.byref": scope.__jsii_ref__.ref}, "x", {"metadata": "not a struct"}],
                "KubeConfigMap 'x'")


RUN_JOB = """
import json, sys, pathlib
from claude_constructs.synthesis.synth import find_instance_files, load_instances
from claude_constructs.synthesis.render import run_job, Job
FLEET = pathlib.Path("examples/fleet/instances")
run_job(Job(tuple(load_instances(find_instance_files([FLEET]), roots=[FLEET]))), sys.argv[1])
from jsii._runtime import kernel
print(json.dumps(kernel.provider._process._process.args))
"""


def test_a_synthesis_job_runs_on_the_direct_kernel(tmp_path):
    # A job queues its objects (which imports cdk8s) before it builds its App: the kernel must be
    # started directly all the same.
    result = subprocess.run([sys.executable, "-c", RUN_JOB, str(tmp_path)], capture_output=True, text=True, check=True, cwd=ROOT)
    command = " ".join(json.loads(result.stdout))
    assert command.endswith("lib/program.js") and "jsii-runtime.js" not in command
    assert any(tmp_path.glob("*.k8s.yaml"))


PRESTARTED = """
import json, sys
from pathlib import Path
from claude_constructs.synthesis import node_channel
from claude_constructs.synthesis.render import prestart
prestart([sys.argv[2]])
early = node_channel._EARLY.get("process")
assert "jsii" not in sys.modules  # started before Python imports jsii
from claude_constructs.synthesis.synth import find_instance_files, load_instances
from claude_constructs.synthesis.render import Job, run_job
FLEET = Path(sys.argv[2])
run_job(Job(tuple(load_instances(find_instance_files([FLEET]), roots=[FLEET]))), sys.argv[1])
from jsii._runtime import kernel
print(json.dumps({"early": early.pid if early else None, "used": kernel.provider._process._process.pid}))
"""


def test_a_small_synthesis_uses_the_kernel_started_before_its_imports(tmp_path):
    """``render.prestart`` starts the kernel (and its loads of cdk8s) before Python imports jsii,
    for a fleet too small for workers; jsii then speaks to that one, and writes the same files."""
    fleet = ROOT / "examples" / "fleet" / "instances"
    run = subprocess.run([sys.executable, "-c", PRESTARTED, str(tmp_path / "early"), str(fleet)], capture_output=True,
                         text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    pids = json.loads(run.stdout)
    assert pids["early"] is not None and pids["early"] == pids["used"]
    plain = subprocess.run([sys.executable, "-c", RUN_JOB, str(tmp_path / "plain")], capture_output=True, text=True,
                           check=True, cwd=ROOT)
    assert plain.returncode == 0
    early = {p.name: p.read_bytes() for p in (tmp_path / "early").iterdir()}
    assert len(early) == 3 and early == {p.name: p.read_bytes() for p in (tmp_path / "plain").iterdir()}


def test_a_fleet_worth_workers_starts_no_kernel_in_the_cli_process(tmp_path):
    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(40):
        (folder / f"i{index:02d}.yaml").write_text(f"instanceName: i{index:02d}\nuserid: u1\n")
    check = ("import sys; from claude_constructs.synthesis import node_channel, render; render.prestart([sys.argv[1]]); "
             "print(bool(node_channel._EARLY))")
    result = subprocess.run([sys.executable, "-c", check, str(folder)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
    (folder / "i00.yaml").unlink()
    result = subprocess.run([sys.executable, "-c", check, str(folder)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "True"


LAZY_START = """
import json
from claude_constructs.synthesis import node_channel
node_channel.start_kernel_on_first_call()
import cdk8s
from cdk8s_plus_28 import k8s
before = node_channel.kernel_started()
quantity = k8s.Quantity.from_string("1Gi")  # a call into Node.js: the kernel starts, and is sent the kept loads
print(json.dumps([before, node_channel.kernel_started(), quantity.value, [load["name"] for load in node_channel.LOADS]]))
"""


def test_a_lazy_start_starts_the_kernel_at_the_first_call_with_the_loads_kept(tmp_path):
    result = subprocess.run([sys.executable, "-c", LAZY_START], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    before, after, value, loads = json.loads(result.stdout)
    assert (before, after, value) == (False, True, "1Gi")
    assert loads == ["constructs", "cdk8s", "cdk8s-plus-28"]


CHILDREN = """
import subprocess, sys
from claude_constructs import cli
code = cli.main(sys.argv[1:])
own = subprocess.run(["pgrep", "-P", str(__import__("os").getpid())], capture_output=True, text=True).stdout.split()
print(code, len(own))
"""


def test_a_refused_synthesis_stops_the_nodejs_it_started_early(tmp_path):
    """A small fleet starts Node.js before anything is imported (``prestart_kernel``). When nothing
    needs it (a validation error, an unchanged fleet), it is stopped before the process ends, before
    the folder it reads jsii's kernel from is removed: nothing but the error on stderr (a Node.js
    still starting said it could not find program.js), and no child left running."""
    folder = tmp_path / "instances" / "u1"
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text("instanceName: x1\nuserid: u1\nbogus: 1\n")
    for _ in range(3):
        run = subprocess.run([sys.executable, "-c", CHILDREN, "synth", "--cache-dir", "cache"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
        assert run.stdout.split() == ["1", "0"], run
        assert run.stderr.startswith("error: instances/u1/x.yaml: 'bogus' is not a known setting"), run.stderr
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
