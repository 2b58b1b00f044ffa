"""Any input: generated instance values either synthesize output that passes every check (schemas,
Pod Security Standards, unique ports, no credentials), or raise exactly one ``ConfigError`` (a
``ValueError``) whose problems name config paths. No other exception escapes, and nothing is written."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from claude_constructs import ConfigError, load_instance
from claude_constructs.cli import main as cli

from .conftest import containers, synth_chart
from .oracles import pss
from .schemas import schema_errors

KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"

tricky_text = st.one_of(
    st.text(max_size=1000),
    st.sampled_from(["key: value", "# comment", "'single' \"double\"", "multi\nline\n", "ünïcödé ✓ 漢字", "- item", "*anchor",
                     "&ref", "{a: b}", "[x]", "null", "true", "0x10", "%TAG", "@at", "`tick`", "x" * 1000, "", "   ",
                     "=", "\x7f", "tab\there", "bell\x07", "\u2028line separator", "\ufeffbom"]),
)
names = st.one_of(
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,60}[a-z0-9])?", fullmatch=True),
    st.text(max_size=70),
    st.integers(min_value=0, max_value=10**15),
)
user_ids = st.one_of(st.integers(min_value=-10, max_value=10**12), names)
quantities = st.one_of(
    st.sampled_from(["1Gi", "10Gi", "512Mi", "250m", "1", "0", "-1Gi", "512m", "1.5Gi", "1e3", "abc", "", "10GB", " 1Gi"]),
    st.integers(min_value=-5, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
)
ports = st.one_of(st.integers(min_value=-5, max_value=70_000), st.sampled_from([80, 81, 5900, 6901, 8002, 8003, 8080, 8081, 8101, 8831]))
wrong_types = st.one_of(st.none(), st.booleans(), st.integers(), st.lists(st.integers(), max_size=2),
                        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2), st.just(KEY))
features = st.fixed_dictionaries({}, optional={k: st.one_of(st.booleans(), wrong_types) for k in
                                               ("golang", "typescript", "postgres", "graphql", "ansible")})

instance_values = st.fixed_dictionaries(
    {},
    optional={
        "instanceName": names,
        "instanceDescription": st.one_of(tricky_text, st.integers(), wrong_types),
        "userid": user_ids,
        "namespace": names,
        "features": st.one_of(features, wrong_types),
        "database": st.fixed_dictionaries({}, optional={"enabled": st.booleans(), "existingSecret": names,
                                                        "reclaimPolicy": st.sampled_from(["delete", "retain", "keep"])}),
        "storage": st.fixed_dictionaries({}, optional={
            "workspace": st.fixed_dictionaries({}, optional={"size": quantities, "enabled": st.booleans()}),
            "tmp": st.fixed_dictionaries({"size": quantities}),
        }),
        "resources": st.fixed_dictionaries({}, optional={
            "requests": st.fixed_dictionaries({}, optional={"cpu": quantities, "memory": quantities}),
            "limits": st.fixed_dictionaries({}, optional={"cpu": quantities, "memory": quantities}),
        }),
        "golang": st.fixed_dictionaries({"port": ports}),
        "typescript": st.fixed_dictionaries({"port": ports}),
        "graphql": st.fixed_dictionaries({"hasura": st.fixed_dictionaries({"port": ports})}),
        "mcpServers": st.fixed_dictionaries({}, optional={
            "context7": st.fixed_dictionaries({}, optional={"port": ports, "mode": st.sampled_from(["sidecar", "shared", "x"])}),
            "dockerhubMcp": st.fixed_dictionaries({"port": ports}),
        }),
        "env": st.dictionaries(st.text(max_size=12), st.one_of(tricky_text, st.integers(), wrong_types), max_size=3),
        "ssh": st.one_of(st.just({"privateKey": KEY}), st.fixed_dictionaries({"enabled": st.booleans()})),
        "kubeconfigs": st.just({"clusters": {"cc": "users:\n- user:\n    client-key-data: AAAA\n"}}),
        "unknownKey": wrong_types,
        "gitClone": st.fixed_dictionaries({"repository": st.one_of(st.just("https://github.com/a/b.git"), tricky_text)}),
        "configMap": st.fixed_dictionaries({"systemPrompt": st.one_of(tricky_text, wrong_types)}),
    },
)


# Text YAML can carry: no control characters but tab and newline, no surrogates or non-characters.
printable_text = st.text(alphabet=st.one_of(
    st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp"), blacklist_characters="\ufeff"), st.sampled_from("\t\n")
))


@st.composite
def valid_instance_values(draw) -> dict:
    """Configurations meant to be accepted, across the features and options."""
    chosen = draw(st.fixed_dictionaries({k: st.booleans() for k in ("golang", "typescript", "postgres", "graphql", "ansible")}))
    needs_database = chosen["postgres"] or chosen["graphql"]
    values = {
        "instanceName": draw(st.from_regex(r"[a-z0-9]([a-z0-9-]{0,51}[a-z0-9])?", fullmatch=True)),
        "instanceDescription": draw(printable_text.filter(str.strip)),
        "userid": draw(st.one_of(st.integers(min_value=0, max_value=10**9), st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True))),
        "features": chosen,
        "database": {"enabled": needs_database or draw(st.booleans()), "reclaimPolicy": draw(st.sampled_from(["delete", "retain"]))},
        "storage": {"workspace": {"size": draw(st.sampled_from(["1Gi", "10Gi", "250Gi"])), "enabled": draw(st.booleans())}},
        "resources": {"requests": {"cpu": draw(st.sampled_from(["100m", "250m"])), "memory": draw(st.sampled_from(["256Mi", "512Mi"]))},
                      "limits": {"cpu": draw(st.sampled_from(["1", "2000m"])), "memory": draw(st.sampled_from(["1Gi", "4Gi"]))}},
        "mcpServers": {name: {"enabled": draw(st.booleans()), "mode": draw(st.sampled_from(["sidecar", "shared"]))}
                       for name in ("context7", "playwrightBrowser", "dockerhubMcp")},
        "env": draw(st.dictionaries(st.from_regex(r"[A-Z][A-Z0-9_]{0,10}", fullmatch=True).filter(lambda n: not n.endswith(("TOKEN", "SECRET", "KEY", "PASSWORD")) and n not in ("HOME", "EDITOR")),
                                    printable_text, max_size=3)),
        "rbac": {"create": draw(st.booleans())},
        "networkPolicy": {"enabled": True, "cilium": draw(st.booleans())},
        "ingress": {"enabled": draw(st.booleans())},
        "ssh": {"enabled": draw(st.booleans())},
        "configMap": {"systemPrompt": draw(printable_text)},
    }
    if draw(st.booleans()):
        values["gitClone"] = {"repository": "https://github.com/example/repo.git"}
    if draw(st.booleans()):
        values["kubeconfig"] = {"secretName": "kubeconfigs"}
    return values


def assert_valid_output(objects: list[dict]) -> None:
    for resource in objects:
        assert schema_errors(resource) == [], resource["kind"]
        for description, spec, metadata in pss.pod_specs(resource):
            assert pss.violations(spec, metadata, "restricted") == [], description
    numbers = [p["containerPort"] for c in containers(objects, init=False) for p in c.get("ports", [])]
    assert len(numbers) == len(set(numbers))
    text = json.dumps(objects)
    assert "PRIVATE KEY" not in text and "client-key-data" not in text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=instance_values)
@example(values={"instanceDescription": "API: v2 # rewrite", "userid": 12345})
@example(values={"golang": {"port": 8080}})
@example(values={"ssh": {"privateKey": KEY}})
@example(values={"instanceDescription": "=", "configMap": {"systemPrompt": "\x7f"}})
def test_any_input_gives_valid_output_or_one_clear_error(values):
    try:
        config = load_instance(values)
    except ConfigError as error:
        event("refused")
        assert error.problems
        for problem in error.problems:
            assert problem.path, f"a problem without a config path: {problem}"
            # Named as the file spells it, control characters escaped (the message stays one line).
            shown = "".join(c.encode("unicode_escape").decode() if ord(c) < 32 or 0x7f <= ord(c) <= 0x9f
                            or c in "\u2028\u2029" else c for c in problem.path)
            assert f"'{shown}'" in str(error)
        return
    event("synthesized")
    assert_valid_output(synth_chart(config))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=valid_instance_values())
def test_accepted_configurations_synthesize_valid_output(values):
    try:
        config = load_instance(values)
    except ConfigError as error:  # a strategy gap, reported with the config that caused it
        raise AssertionError(f"refused a configuration meant to be valid: {error}\n{values}") from None
    assert_valid_output(synth_chart(config))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=instance_values)
@example(values={"instanceDescription": "="})
@example(values={"configMap": {"systemPrompt": "\x7f"}})
@example(values={"instanceDescription": "\u2028 and \ufeff"})
def test_any_instance_file_is_synthesized_or_refused_without_writing(values):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        instance = folder / "instance.yaml"
        instance.write_text(yaml.safe_dump({"instanceName": "fixed", "userid": "alice", **values}, allow_unicode=True))
        out = folder / "dist"
        code = cli(["synth", str(instance), "-o", str(out)])
        assert code in (0, 1)
        if code == 1:
            assert not out.exists()
        else:
            assert cli(["synth", str(instance), "-o", str(out)]) == 0, "the written manifest does not read back"
            assert [p.name for p in out.iterdir()] == [f"{load_instance(yaml.safe_load(instance.read_text())).name}.k8s.yaml"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(["a", " ", "\t", "\n", "\r", "#", ":", "- ", "b " * 30, "c" * 70]), max_size=6)
                .map("".join), min_size=20, max_size=20))
def test_every_text_accepted_reads_back_from_the_manifest_as_written(tmp_path_factory, texts):
    """What the loader accepts, the manifest writer writes and libyaml (as Kubernetes' Go reader)
    reads back as the same text: a text YAML readers would misread is refused instead."""
    from claude_constructs.config.yaml_files import load_manifests
    from claude_constructs.synthesis.synth import synthesize

    accepted = {}
    for index, text in enumerate(texts):
        try:
            load_instance({"instanceName": f"t{index}", "userid": "u", "env": {"V": text}})
        except ConfigError as error:
            assert error.paths == ("env.V",), str(error)
            continue
        accepted[f"t{index}"] = text
    event(f"{len(accepted)} of 20 accepted")
    folder = tmp_path_factory.mktemp("roundtrip")
    configs = [load_instance({"instanceName": name, "userid": "u", "env": {"V": text}, "template": "minimal"})
               for name, text in accepted.items()]
    synthesize(configs, folder / "dist", jobs=1)
    for name, text in accepted.items():
        documents = load_manifests((folder / "dist" / f"{name}.k8s.yaml").read_text())
        deployment = next(d for d in documents if d["kind"] == "Deployment")
        env = {e["name"]: e.get("value") for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
        assert env["V"] == text
