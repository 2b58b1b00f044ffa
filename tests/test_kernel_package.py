"""What ``claude-instance synth`` runs in cdk8s's kernel changes nothing in what it writes.

The manifest writer writes the bytes cdk8s's own writer writes: the two run side by side in one
Node.js process (``manifest_writer_check.js``), with the cdk8s and
constructs packages jsii loads into its kernel, laid out as the kernel lays them out: over every
scenario's objects, over generated documents (keys and strings full of what YAML gives a meaning
to), and through the CLI against ``cdk8s synth``'s app. Objects created in one batch are the objects
created one by one."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import cdk8s
import constructs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from claude_constructs.synthesis import kernel_package
from cdk8s_plus_28 import k8s

from .conftest import ROOT, scratch_app
from .scenarios import ALL_SCENARIOS, scenario_config

CHECKER = Path(__file__).with_name("manifest_writer_check.js")


def _unpack(package, into: Path) -> None:
    (tarball,) = (Path(package.__file__).parent / "_jsii").glob("*.jsii.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(into / "staging", filter="data")
    (into / "staging" / "package").rename(into / package.__name__)


@pytest.fixture(scope="module")
def writers(tmp_path_factory):
    """Send a list of documents, get what each writer writes for them."""
    root = tmp_path_factory.mktemp("kernel")
    modules = root / "node_modules"
    modules.mkdir()
    for package in (cdk8s, constructs):
        _unpack(package, modules)
    with tarfile.open(fileobj=io.BytesIO(kernel_package.package_tarball())) as archive:
        archive.extractall(modules / "staging", filter="data")
    (modules / "staging" / "package").rename(modules / kernel_package.NAME)
    shutil.copy(CHECKER, root / CHECKER.name)
    process = subprocess.Popen(["node", "--preserve-symlinks", str(root / CHECKER.name)], cwd=root,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def write(documents: list) -> dict:
        process.stdin.write(json.dumps(documents) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        assert line, "the checker stopped"
        return json.loads(line)

    yield write
    process.stdin.close()
    assert process.wait(timeout=30) == 0


def test_the_package_is_the_one_the_kernel_loads():
    names = {member.name for member in tarfile.open(fileobj=io.BytesIO(kernel_package.package_tarball()))}
    assert names == {f"package/{name}" for name in kernel_package.FILES}
    assert kernel_package.package_tarball() == kernel_package.package_tarball()  # jsii's package cache keys on these bytes


def test_every_scenario_is_written_as_cdk8s_writes_it(writers, every_scenario):
    scenarios = every_scenario
    assert len(scenarios) == len(ALL_SCENARIOS)
    for name, objects in scenarios.items():
        written = writers(objects)
        assert written["fast"] == written["stock"], name
        assert written["handedBack"] == 0, name  # every object written by the writer itself


TRICKY = [
    "", " ", "yes", "No", "ON", "off", "y", "n", "~", "null", "Null", "true", "False", "1", "-1", "+1", "0o17", "017",
    "0x1F", "0b101", "1_000", "1:20", "1.5", ".5", "1e3", "-.inf", ".NaN", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
    "<<", "=", "---", "...", "--- x", "%TAG", "- a", "? a", ": a", "a: b", "a #b", "#a", "a#b", "&a", "*a", "!a", "|",
    ">", "'a'", '"a"', "@a", "`a", "[a]", "{a}", "a,b", "a\nb", "a\n", "a\n\n", "\na", " a", "a ", "a\n b", "a \nb",
    "\t", "a\tb", "é", "\u2028", "\x00", "\x7f", "\x85", "\ufeff", "😀", "\\", "a'b\"c", "\r\n", "--- |\n  x",
]


def test_text_yaml_gives_a_meaning_to_is_written_as_cdk8s_writes_it(writers):
    """Each tricky string as a value, a sequence item and a key, at several depths, in maps inside
    sequences: written by the writer itself (asking the library how), never handed back whole."""
    for depth in range(4):
        values = {f"v{index}": text for index, text in enumerate(TRICKY)}
        document = {"items": [{"name": "first", **values}, list(TRICKY), values], "data": values}
        for _ in range(depth):
            document = {"spec": document, "list": [document]}
        written = writers([document, {"kind": "x", "data": values}])
        assert written["fast"] == written["stock"], depth
        assert written["handedBack"] == 0, depth
    keys = {text: text for text in TRICKY if "\n" not in text and "\r" not in text}
    written = writers([{"data": keys}])
    assert written["fast"] == written["stock"]


CHARACTERS = st.sampled_from(list("ab Z09:-#'\"\n\t.,/?&*!|>%@`[]{}~=<\\") + ["é", "\u2028", "\x00", "\x85", "😀", "\r"])
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(CHARACTERS, max_size=12), st.text(max_size=6))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
                      max_leaves=24)
DOCUMENTS = st.lists(st.one_of(st.dictionaries(TEXT, VALUES, max_size=6), VALUES), min_size=1, max_size=4)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=DOCUMENTS)
def test_generated_documents_are_written_as_cdk8s_writes_them(writers, documents):
    written = writers(documents)
    assert written["fast"] == written["stock"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.dictionaries(TEXT, st.dictionaries(TEXT, st.one_of(TEXT, st.lists(TEXT, max_size=3)), max_size=5), max_size=5))
def test_manifest_shaped_documents_are_written_as_cdk8s_writes_them(writers, values):
    # Mostly the fast path: a map of maps of strings and lists, as Kubernetes objects are.
    document = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "labels": {"a": "b"}}, "data": values}
    written = writers([document, document])
    assert written["fast"] == written["stock"]


# Near the strings the writer writes as they are, without asking the library (``writtenAsItIs``):
# the words and floats YAML 1.1 reads as something else, in every case, and the characters around.
WORDS = ["y", "Y", "n", "N", "yes", "Yes", "YES", "yEs", "no", "No", "NO", "nO", "true", "True", "TRUE", "tRue",
         "false", "False", "FALSE", "on", "On", "ON", "oN", "off", "Off", "OFF", "oFF", "null", "Null", "NULL", "nULL",
         "e5", "E5", "e-5", "e+5", "e05", "e5a", "ee5", "a.e5", "x", "a-b", "a/b", "a@b", "a:b", "a:", "a_b", "a.b",
         "image:1.0", "ghcr.io/org/image@sha256:0f", "a..b", "a--", "a/", "inf", "nan", "NaN", "Infinity", "a1e5"]
WORDLIKE = st.one_of(st.sampled_from(WORDS), st.text(st.sampled_from(list("aeEyYnNoOfFtTrRuUlLsS0159_./@-:+ ")),
                                                     min_size=1, max_size=8))


def test_words_yaml_1_1_reads_as_other_types_are_written_as_cdk8s_writes_them(writers):
    values = {f"v{index}": word for index, word in enumerate(WORDS)}
    written = writers([{"data": values, "items": [list(WORDS), {word: word for word in WORDS}]}])
    assert written["fast"] == written["stock"]
    assert written["handedBack"] == 0


def test_a_key_too_long_for_one_line_is_written_as_cdk8s_writes_it(writers):
    for length in (1023, 1024, 1025, 2000):  # beyond 1,024 characters the library writes `? key`
        written = writers([{"data": {"k" * length: "v", "x": "k" * length}}])
        assert written["fast"] == written["stock"], length


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(WORDLIKE, min_size=1, max_size=12))
def test_strings_like_names_are_written_as_cdk8s_writes_them(writers, words):
    document = {"metadata": {"name": words[0], "labels": {word: word for word in words}},
                "spec": {"items": words, "nested": [{"name": word, "value": [word]} for word in words]}}
    written = writers([document])
    assert written["fast"] == written["stock"]


def test_the_cli_writes_what_cdk8s_synth_writes(tmp_path):
    """``claude-instance synth`` (workers, the manifest writer) against main.py's app in a process
    that keeps cdk8s's writer, over the example fleet with its GitOps charts."""
    fleet = ROOT / "examples" / "fleet"
    cli = subprocess.run([sys.executable, "-m", "claude_constructs.cli", "synth", "instances", "-o", str(tmp_path / "cli"),
                          "--gitops", "gitops.yaml", "--no-cache"], capture_output=True, text=True, cwd=fleet)
    assert cli.returncode == 0, cli.stderr
    stock = subprocess.run([sys.executable, str(ROOT / "main.py"), "instances"], capture_output=True, text=True, cwd=fleet,
                           env={**os.environ, "CDK8S_OUTDIR": str(tmp_path / "stock")})
    assert stock.returncode == 0, stock.stderr
    written = {path.name: path.read_bytes() for path in (tmp_path / "cli").iterdir() if path.suffix == ".yaml"}
    expected = {path.name: path.read_bytes() for path in (tmp_path / "stock").iterdir()}
    assert len(expected) > 5 and written == expected


def _chart_objects(config, deferred: bool) -> list[dict]:
    from claude_constructs.charts.claude_instance_chart import ClaudeInstanceChart

    app = scratch_app()
    with kernel_package.deferred_objects() if deferred else contextlib.nullcontext():
        chart = ClaudeInstanceChart(app, config.name, config=config)
    return cdk8s.Testing.synth(chart)


def test_objects_created_in_one_batch_are_the_objects_created_one_by_one():
    for scenario in ALL_SCENARIOS:
        config = scenario_config(scenario.values[0])
        assert _chart_objects(config, True) == _chart_objects(config, False), scenario.id


def test_a_batched_object_is_the_object_its_construct_holds():
    """After the batch each object has its reference: the escape hatch finds the same object."""
    from claude_constructs.charts.claude_instance_chart import ClaudeInstanceChart

    config = scenario_config(ALL_SCENARIOS[0].values[0])
    with kernel_package.deferred_objects():
        chart = ClaudeInstanceChart(scratch_app(), config.name, config=config)
        pod = chart.node.find_child("Pod")  # a call that reads the tree: what is queued is made first
        assert hasattr(pod.resource, "__jsii_ref__")
    resource = cdk8s.ApiObject.of(pod.resource)
    assert resource is pod.resource and resource.kind == "Deployment"
    resource.add_json_patch(cdk8s.JsonPatch.add("/metadata/labels/extra", "yes"))
    assert cdk8s.Testing.synth(chart)[[o["kind"] for o in cdk8s.Testing.synth(chart)].index("Deployment")]["metadata"]["labels"]["extra"] == "yes"


def test_an_object_nodejs_refuses_in_a_batch_is_named():
    from claude_constructs.constructs.kube import new_object

    chart = cdk8s.Chart(scratch_app(), "c")
    with pytest.raises(RuntimeError, match=r"creating KubeConfigMap 'twice': .*twice"):
        with kernel_package.deferred_objects():
            new_object(k8s.KubeConfigMap, chart, "twice", metadata=k8s.ObjectMeta(name="a"))
            new_object(k8s.KubeConfigMap, chart, "twice", metadata=k8s.ObjectMeta(name="b"))


def test_nothing_is_created_when_building_failed():
    from claude_constructs.constructs.kube import new_object

    chart = cdk8s.Chart(scratch_app(), "c")
    with pytest.raises(ValueError):
        with kernel_package.deferred_objects():
            new_object(k8s.KubeConfigMap, chart, "made", metadata=k8s.ObjectMeta(name="a"))
            raise ValueError("the chart failed")
    assert chart.node.try_find_child("made") is None
    new_object(k8s.KubeConfigMap, chart, "after", metadata=k8s.ObjectMeta(name="a"))  # and creating is immediate again
    assert chart.node.try_find_child("after") is not None


JOBS_IN_ONE_PROCESS = """
import json, sys, pathlib
from claude_constructs.synthesis.synth import find_instance_files, load_instances, resolve_gitops
from claude_constructs.config.gitops import fleet_entries
from claude_constructs.synthesis.render import FleetJob, Job, run_job
from jsii._kernel.providers.process import _NodeProcess
from jsii._reference_map import _refs
from jsii._runtime import kernel
FLEET = pathlib.Path("examples/fleet")
configs = tuple(load_instances(find_instance_files([FLEET / "instances"]), roots=[FLEET / "instances"]))
gitops = resolve_gitops(FLEET / "gitops.yaml")
fleet = FleetJob(gitops, fleet_entries(configs), (("claude-alice", tuple(c for c in configs if c.namespace == "claude-alice")),))
calls = []
stock = _NodeProcess.send
def send(self, request, response_type):
    calls.append(type(request).__name__)
    return stock(self, request, response_type)
_NodeProcess.send = send
rows = []
for number in range(6):
    calls.clear()
    job = Job(configs) if number % 2 == 0 else fleet
    run_job(job, sys.argv[1] + f"/{number}")
    rows.append({"calls": list(calls), "objects": kernel.provider.stats().objectCount, "python": len(_refs._refs)})
print(json.dumps(rows))
"""


def test_a_synthesis_job_is_one_call_into_nodejs_that_keeps_nothing(tmp_path):
    """A job (an App of instance charts, or the fleet charts) builds its whole tree as pending
    objects, its quantities and ports too, and sends it in one call that synthesizes it; the kernel
    and jsii's map of Python objects hold no more objects after six jobs than after the first of
    each kind (which load the CRD packages)."""
    result = subprocess.run([sys.executable, "-O", "-c", JOBS_IN_ONE_PROCESS, str(tmp_path)], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    # The first fleet job loads the ArgoCD CRDs' package (the first job of all, cdk8s and the writer).
    assert [call for call in rows[1]["calls"] if call != "LoadRequest"] == ["StaticInvokeRequest"], rows[1]
    for row in rows[2:]:
        assert row["calls"] == ["StaticInvokeRequest"], row
        assert (row["objects"], row["python"]) == (rows[1]["objects"], rows[1]["python"]), rows
    for number in range(6):
        assert len(list((tmp_path / str(number)).glob("*.k8s.yaml"))) == (3 if number % 2 == 0 else 2)


def test_a_quantity_is_queued_with_the_objects_that_use_it():
    """Within a deferral ``quantity`` and ``port_ref`` make no call of their own: the same value is
    one queued object until the queue is made, then the object Node.js made."""
    from claude_constructs.constructs.kube import port_ref, quantity

    chart = cdk8s.Chart(scratch_app(), "c")
    with kernel_package.deferred_objects():
        memory, again, port = quantity("3Gi"), quantity("3Gi"), port_ref(8080)
        assert memory is again and memory.__jsii_ref__.ref.startswith(kernel_package.PENDING)
        k8s.KubeLimitRange(chart, "limits", spec=k8s.LimitRangeSpec(limits=[
            k8s.LimitRangeItem(type="Container", max={"memory": memory})]))
    assert not memory.__jsii_ref__.ref.startswith(kernel_package.PENDING)
    assert memory.value == "3Gi" and port.value == 8080
    assert cdk8s.Testing.synth(chart)[0]["spec"]["limits"][0]["max"] == {"memory": "3Gi"}
    assert quantity("3Gi") is quantity("3Gi") and quantity("3Gi") is not memory  # made at once, and kept, outside


def test_a_construct_nodejs_refuses_in_a_batch_is_named():
    chart = cdk8s.Chart(scratch_app(), "c")
    with pytest.raises(RuntimeError, match=r"creating Construct 'twice': .*twice"):
        with kernel_package.deferred_objects():
            constructs.Construct(chart, "twice")
            constructs.Construct(chart, "twice")


def test_a_pending_construct_is_made_before_a_call_that_reads_it():
    """Constructs and charts are queued too; reading one (a get, an invoke, a static call) makes
    everything queued first, so the Python objects are those jsii returns."""
    app = scratch_app()
    with kernel_package.deferred_objects():
        chart = cdk8s.Chart(app, "c", namespace="space")
        inner = constructs.Construct(chart, "inner")
        assert chart.namespace == "space"  # a get: made first
        assert cdk8s.Chart.of(inner) is chart  # a static call with a pending-made argument
        later = constructs.Construct(inner, "later")
    assert later.node.path == "c/inner/later" and inner.node.find_child("later") is later


def test_a_construct_that_overrides_a_jsii_member_is_created_the_stock_way():
    """Within a deferral a construct is queued in one step, unless its class overrides a member of
    the jsii class (jsii must tell Node.js of the override): that one is made at once, as jsii
    makes it. jsii's create is its own again after."""
    import jsii

    class Described(constructs.Construct):
        def to_string(self) -> str:
            return "described"

    stock = jsii.create
    chart = cdk8s.Chart(scratch_app(), "c")
    with kernel_package.deferred_objects():
        plain = constructs.Construct(chart, "plain")
        assert plain.__jsii_ref__.ref.startswith(kernel_package.PENDING)
        described = Described(chart, "described")  # what is queued is made first, then it
        assert not described.__jsii_ref__.ref.startswith(kernel_package.PENDING)
        assert not plain.__jsii_ref__.ref.startswith(kernel_package.PENDING)
        assert jsii.create is not stock
    assert jsii.create is stock
    assert [child.node.id for child in chart.node.children] == ["plain", "described"]
