"""The synthesis cache: a hit is byte for byte what synthesis writes, and anything that could change
the output (the instance, the fleet, the toolchain, a damaged entry) is a miss."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
import types
import typing
from collections.abc import Mapping
from decimal import Decimal

import pytest

from claude_constructs import load_instance
from claude_constructs.synthesis import cache as synth_cache
from claude_constructs.config.loader import InstanceConfig
from claude_constructs.config.gitops import load_gitops
from claude_constructs.synthesis.synth import find_instance_files, load_instances, plan, synthesize
from claude_constructs.synthesis.cache import SynthCache, argocd_key, config_key, decode_config, instance_key, tenant_key
from claude_constructs.config.platform import DEFAULT_PLATFORM

from .scenarios import ALL_SCENARIOS, scenario_config

GITOPS = load_gitops({"repoURL": "https://github.com/example/fleet.git", "tenancy": True})


def _configs(count: int, description: str = "cached") -> list[InstanceConfig]:
    return [
        load_instance({"instanceName": f"c{index:02d}", "userid": f"u{index % 3}", "instanceDescription": description,
                       "features": {"golang": index % 2 == 0}})
        for index in range(count)
    ]


def _files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_warm_synthesis_writes_exactly_what_a_cold_one_writes(tmp_path):
    configs = _configs(6)
    cache = SynthCache(tmp_path / "cache")
    cold = synthesize(configs, tmp_path / "cold", GITOPS, cache=cache)
    warm = synthesize(configs, tmp_path / "warm", GITOPS, cache=cache)
    synthesize(configs, tmp_path / "uncached", GITOPS)
    assert (cold.reused, warm.reused) == (0, 6 + 1 + 3)  # six instance charts, the ArgoCD chart, three tenants
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold") == _files(tmp_path / "uncached")
    assert len(_files(tmp_path / "warm")) == 6 + 1 + 3  # instances, argocd, three tenants


def _recording_render(monkeypatch):
    from claude_constructs.synthesis import synth as synth_module

    rendered = []
    real_render = synth_module.render

    def recording_render(configs, folder, gitops=None, **kwargs):
        rendered.append(([c.name for c in configs], gitops is not None and kwargs.get("argocd", True), kwargs.get("tenants")))
        return real_render(configs, folder, gitops, **kwargs)

    monkeypatch.setattr(synth_module, "render", recording_render)
    return rendered


def test_an_edited_instance_is_synthesized_again_with_its_tenant_chart_only(tmp_path, monkeypatch):
    configs = _configs(6)
    cache = SynthCache(tmp_path / "cache")
    synthesize(configs, tmp_path / "dist", GITOPS, cache=cache)
    changed = configs[:2] + [dataclasses.replace(configs[2], description="edited")] + configs[3:]
    rendered = _recording_render(monkeypatch)
    result = synthesize(changed, tmp_path / "dist", GITOPS, cache=cache)
    assert rendered == [(["c02"], False, ["claude-u2"])]  # the ArgoCD chart does not read descriptions
    assert result.reused == 5 + 1 + 2
    synthesize(changed, tmp_path / "uncached", GITOPS)
    assert _files(tmp_path / "dist") == _files(tmp_path / "uncached")


def test_a_new_instance_brings_the_argocd_chart_and_its_tenant_chart_again(tmp_path, monkeypatch):
    configs = _configs(6)
    cache = SynthCache(tmp_path / "cache")
    synthesize(configs[:5], tmp_path / "dist", GITOPS, cache=cache)
    rendered = _recording_render(monkeypatch)
    result = synthesize(configs, tmp_path / "dist", GITOPS, cache=cache)
    assert rendered == [(["c05"], True, ["claude-u2"])]
    assert result.reused == 5 + 2
    synthesize(configs, tmp_path / "uncached", GITOPS)
    assert _files(tmp_path / "dist") == _files(tmp_path / "uncached")


def test_a_damaged_entry_is_a_miss_and_is_written_again(tmp_path):
    configs = _configs(2)
    cache = SynthCache(tmp_path / "cache")
    synthesize(configs, tmp_path / "first", cache=cache)
    entry = cache._path(instance_key(configs[0]))
    entry.write_bytes(entry.read_bytes().replace(b"c00", b"cXX"))
    result = synthesize(configs, tmp_path / "second", cache=cache)
    assert result.reused == 1
    assert _files(tmp_path / "second") == _files(tmp_path / "first")
    assert cache.get(instance_key(configs[0])) == {"c00.k8s.yaml": (tmp_path / "first" / "c00.k8s.yaml").read_bytes()}


@pytest.mark.parametrize("body", [b"[" * 200000 + b"]" * 200000, b'{"config.json": "' + b"[" * 200000 + b'"}', b"[]", b"null", b"{{{", b'{"a": 1}', b'{"a.k8s.yaml": "\\ud800"}', b"\xff\xfe", b'"text"'])
def test_a_planted_entry_with_a_right_checksum_is_a_miss(tmp_path, body):
    """Whoever writes the cache folder can give an entry the right checksum: its body is still only data."""
    configs = _configs(2)
    cache = SynthCache(tmp_path / "cache")
    synthesize(configs, tmp_path / "first", cache=cache)
    for key in (instance_key(configs[0]), config_key(b"x", DEFAULT_PLATFORM)):
        path = cache._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        stored = cache.get(key)
        assert stored is None or decode_config(stored) is None  # a well-formed entry of a nested-too-deep config
    result = synthesize(configs, tmp_path / "second", cache=cache)
    assert result.reused == 1 and _files(tmp_path / "second") == _files(tmp_path / "first")


def test_another_toolchain_misses_every_entry(tmp_path, monkeypatch):
    configs = _configs(2)
    cache = SynthCache(tmp_path / "cache")
    synthesize(configs, tmp_path / "dist", GITOPS, cache=cache)
    monkeypatch.setattr(synth_cache, "toolchain_fingerprint", lambda: "another library version")
    assert synthesize(configs, tmp_path / "dist", GITOPS, cache=cache).reused == 0


def test_the_toolchain_fingerprint_covers_the_code_and_the_cdk8s_environment(monkeypatch):
    compute = synth_cache.toolchain_fingerprint.__wrapped__
    base = compute()
    assert compute() == base
    monkeypatch.setenv("CDK8S_DISABLE_SORT", "1")
    assert compute() != base
    monkeypatch.delenv("CDK8S_DISABLE_SORT")
    monkeypatch.setattr(synth_cache.metadata, "version", lambda package: "0.0.0")
    assert compute() != base


def test_keys_tell_every_scenario_apart_and_equal_configurations_share_one():
    scenarios = [param.values[0] for param in ALL_SCENARIOS]
    configs = [scenario_config(scenario) for scenario in scenarios]
    keys = [instance_key(config) for config in configs]
    for first, first_key in zip(configs, keys):
        assert [first_key == key for key in keys] == [first == other for other in configs]
    assert len(set(keys)) > 20
    assert [instance_key(scenario_config(scenario)) for scenario in scenarios] == keys
    one = configs[0]
    for changed in (
        dataclasses.replace(one, description=one.description + " "),
        dataclasses.replace(one, env={**one.env, "A": "1"}),
        dataclasses.replace(one, resources=dataclasses.replace(one.resources, limits={**one.resources.limits, "cpu": "3"})),
    ):
        assert instance_key(changed) != instance_key(one)


def test_the_fleet_chart_keys_follow_what_those_charts_read():
    configs = _configs(3)
    base = argocd_key(GITOPS, configs)
    assert argocd_key(dataclasses.replace(GITOPS, target_revision="release"), configs) != base
    assert argocd_key(GITOPS, configs[:2]) != base
    assert argocd_key(GITOPS, [dataclasses.replace(configs[0], namespace="elsewhere")] + configs[1:]) != base
    database = dataclasses.replace(configs[0].database, enabled=True)
    assert argocd_key(GITOPS, [dataclasses.replace(configs[0], database=database)] + configs[1:]) != base
    assert argocd_key(GITOPS, [dataclasses.replace(configs[0], description="edited")] + configs[1:]) == base
    keys = [instance_key(c) for c in configs]
    assert tenant_key("claude-u0", keys[:1]) != tenant_key("claude-u0", keys[1:2]) != tenant_key("claude-u1", keys[1:2])


def _leaf_types(annotation, seen):
    origin = typing.get_origin(annotation)
    if origin is None:
        if dataclasses.is_dataclass(annotation):
            if annotation not in seen:
                seen.add(annotation)
                hints = typing.get_type_hints(annotation)
                for field in dataclasses.fields(annotation):
                    assert field.repr, f"{annotation.__name__}.{field.name} is left out of the repr"
                    yield from _leaf_types(hints[field.name], seen)
        else:
            yield annotation
        return
    if origin in (tuple, typing.Union, types.UnionType, Mapping):
        for argument in typing.get_args(annotation):
            if argument is not Ellipsis:
                yield from _leaf_types(argument, seen)
        return
    yield origin


def test_instance_configurations_are_made_of_types_whose_repr_is_complete_and_deterministic():
    # instance_key hashes the configuration's JSON encoding, and argocd_key the repr of its fleet
    # entries: a set (ordered by hash) or an object without a full repr would need another key.
    leaves = set(_leaf_types(InstanceConfig, set()))
    assert leaves <= {str, int, bool, float, Decimal, type(None)}, leaves


def test_unused_entries_are_pruned_and_used_ones_kept(tmp_path):
    cache = SynthCache(tmp_path)
    cache.put("a" * 64, {"a.k8s.yaml": b"a"})
    cache.put("b" * 64, {"b.k8s.yaml": b"b"})
    old = time.time() - (synth_cache.MAX_AGE_DAYS + 1) * 86400
    for key in ("a" * 64, "b" * 64):
        os.utime(cache._path(key), (old, old))
    assert cache.get("a" * 64) == {"a.k8s.yaml": b"a"}  # a hit counts as a use
    assert cache.prune() == 1
    assert cache.get("a" * 64) is not None and cache.get("b" * 64) is None


def test_pruning_removes_only_what_the_cache_wrote(tmp_path):
    cache = SynthCache(tmp_path)
    cache.put("c" * 64, {"c.k8s.yaml": b"c"})
    old = time.time() - (synth_cache.MAX_AGE_DAYS + 1) * 86400
    foreign = [tmp_path / "v1" / "docs" / "precious.txt", tmp_path / "v1" / "cc" / "notes.md",
               tmp_path / "v1" / "dd" / ("e" * 64), tmp_path / "v1" / "docs" / ".entry-abc"]
    for path in foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine")
        os.utime(path, (old, old))
    leftover = tmp_path / "v1" / "cc" / ".entry-k2j4h1"  # a write that never finished
    leftover.write_text("partial")
    for path in (cache._path("c" * 64), leftover):
        os.utime(path, (old, old))
    assert cache.prune() == 2
    assert not cache._path("c" * 64).exists() and not leftover.exists()
    assert all(path.read_text() == "mine" for path in foreign)


def test_plan_with_the_cache_sees_the_same_changes(tmp_path):
    configs = _configs(3)
    cache = SynthCache(tmp_path / "cache")
    synthesize(configs, tmp_path / "dist", GITOPS, cache=cache)
    changed = [dataclasses.replace(configs[0], description="edited")] + configs[1:]
    with_cache = plan(changed, tmp_path / "dist", GITOPS, cache=cache)
    without = plan(changed, tmp_path / "dist", GITOPS)
    assert [(c.sign, c.file, c.key) for c in with_cache] == [(c.sign, c.file, c.key) for c in without]
    assert with_cache and {c.file for c in with_cache} == {"c00.k8s.yaml"}


def test_the_cli_uses_the_cache_folder_and_no_cache_leaves_it_alone(tmp_path, capsys):
    from claude_constructs.cli import main

    folder = tmp_path / "instances"
    folder.mkdir()
    (folder / "one.yaml").write_text("instanceName: one\nuserid: alice\n")
    cache = tmp_path / "cache"
    assert main(["synth", str(folder), "-o", str(tmp_path / "nocache"), "--no-cache", "--cache-dir", str(cache)]) == 0
    assert not cache.exists()
    assert main(["synth", str(folder), "-o", str(tmp_path / "dist"), "--cache-dir", str(cache)]) == 0
    assert "from the cache" not in capsys.readouterr().out
    assert main(["synth", str(folder), "-o", str(tmp_path / "dist"), "--cache-dir", str(cache)]) == 0
    assert "1 chart(s) taken from the cache" in capsys.readouterr().out
    assert _files(tmp_path / "dist") == _files(tmp_path / "nocache")


def test_the_default_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAUDE_INSTANCE_CACHE_DIR", str(tmp_path / "mine"))
    assert synth_cache.default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("CLAUDE_INSTANCE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert synth_cache.default_cache_dir() == tmp_path / "xdg" / "claude-instance"


def test_an_unchanged_fleet_is_written_from_the_cache_without_starting_node(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "instances"
    folder.mkdir()
    for index in range(3):
        (folder / f"i{index}.yaml").write_text(f"instanceName: i{index}\nuserid: u{index}\n")
    (tmp_path / "gitops.yaml").write_text("repoURL: https://github.com/example/fleet.git\ntenancy: true\n")
    script = (
        "import sys; from claude_constructs.cli import main; "
        f"code = main(['synth', {str(folder)!r}, '-o', sys.argv[1], '--gitops', {str(tmp_path / 'gitops.yaml')!r}, "
        f"'--cache-dir', {str(tmp_path / 'cache')!r}]); print('cdk8s' in sys.modules, 'jsii' in sys.modules, code)"
    )
    # Into another folder the second time: every chart from the charts' cache (into the same folder,
    # the fleet is unchanged as a whole: tests/test_unchanged_fleet.py).
    runs = [subprocess.run([sys.executable, "-c", script, str(tmp_path / output)], capture_output=True, text=True,
                           check=True).stdout for output in ("dist", "other")]
    assert runs[0].splitlines()[-1] == "True True 0"
    assert runs[1].splitlines()[-1] == "False False 0"  # not even jsii is imported
    assert "7 chart(s) taken from the cache" in runs[1]


def test_a_cache_that_cannot_be_written_costs_only_speed(tmp_path, capsys):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    configs = _configs(2)
    result = synthesize(configs, tmp_path / "dist", cache=SynthCache(blocker))
    synthesize(configs, tmp_path / "uncached")
    assert result.reused == 0
    assert _files(tmp_path / "dist") == _files(tmp_path / "uncached")
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith(f"warning: the synthesis cache {blocker} cannot be written")


def test_the_no_cache_variable_turns_the_cli_cache_off_unless_a_folder_is_given(tmp_path, monkeypatch):
    from claude_constructs.cli import main

    instance = tmp_path / "one.yaml"
    instance.write_text("instanceName: one\nuserid: alice\n")
    monkeypatch.setenv("CLAUDE_INSTANCE_CACHE_DIR", str(tmp_path / "default"))
    monkeypatch.setenv("CLAUDE_INSTANCE_NO_CACHE", "1")
    assert main(["synth", str(instance), "-o", str(tmp_path / "a")]) == 0
    assert not (tmp_path / "default").exists()
    assert main(["synth", str(instance), "-o", str(tmp_path / "b"), "--cache-dir", str(tmp_path / "given")]) == 0
    assert (tmp_path / "given").is_dir()
    monkeypatch.delenv("CLAUDE_INSTANCE_NO_CACHE")
    assert main(["synth", str(instance), "-o", str(tmp_path / "c")]) == 0
    assert (tmp_path / "default").is_dir()


def test_an_entry_naming_another_file_is_a_miss(tmp_path):
    configs = _configs(1)
    cache = SynthCache(tmp_path / "cache")
    cache.put(instance_key(configs[0]), {"../escaped.k8s.yaml": b"kind: Elsewhere\n"})
    result = synthesize(configs, tmp_path / "dist", cache=cache)
    assert result.reused == 0
    assert not (tmp_path / "escaped.k8s.yaml").exists()
    assert sorted(_files(tmp_path / "dist")) == ["c00.k8s.yaml"]


def test_the_fingerprint_reads_every_module_of_every_layer():
    files = {str(path.relative_to(root)) for root, path in synth_cache.fingerprinted_files()}
    for module in ("config/settings.py", "config/loader.py", "constructs/claude_pod.py", "charts/claude_instance_chart.py",
                   "synthesis/render.py", "cli.py"):
        assert module in files, module


@pytest.mark.parametrize("scenario", ALL_SCENARIOS)
def test_a_stored_configuration_comes_back_equal_with_the_same_key(scenario):
    config = scenario_config(scenario)
    back = synth_cache.decode_config(synth_cache.encode_config(config))
    assert back == config and repr(back) == repr(config)
    assert instance_key(back) == instance_key(config)


def test_the_configuration_classes_have_no_post_init():
    # decode_config sets their fields as their __init__ does, and would skip a __post_init__.
    assert [cls for cls in synth_cache._config_types()[0].values() if hasattr(cls, "__post_init__")] == []


def test_a_configuration_from_the_cache_keeps_the_key_it_has_from_scratch(tmp_path):
    # The key of a configuration read from the cache comes from the entry's bytes, not a new encoding.
    folder = tmp_path / "instances"
    folder.mkdir()
    (folder / "c00.yaml").write_text("instanceName: c00\nuserid: alice\n")
    files = find_instance_files([folder])
    cache = SynthCache(tmp_path / "cache")
    first = load_instances(files, cache=cache)[0]  # validated, then stored
    again_cache = SynthCache(tmp_path / "cache")
    again = load_instances(files, cache=again_cache)[0]  # decoded from the entry
    assert again_cache.encoding(again) is not None and again_cache.encoding(first) is None
    assert instance_key(again, again_cache) == instance_key(again) == instance_key(first, cache) == instance_key(first)


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"@": "os.system", "f": []}', b'{"@": "ImageRef", "f": ["a"]}',
                                  b'{"@": "ImageRef", "f": ["a", "b", "", "IfNotPresent"]}'])
def test_a_config_entry_that_is_not_an_instance_configuration_is_a_miss(body):
    assert synth_cache.decode_config({"config.json": body}) is None


def _fleet(tmp_path, count=3):
    folder = tmp_path / "instances"
    for index in range(count):
        (folder / f"u{index}").mkdir(parents=True, exist_ok=True)
        (folder / f"u{index}" / f"i{index}.yaml").write_text(f"instanceName: i{index}\nuserid: u{index}\n")
    return folder


def test_validated_configurations_are_reused_only_for_the_same_bytes_and_fleet(tmp_path, monkeypatch):
    from claude_constructs.synthesis import synth as synth_module

    folder = _fleet(tmp_path)
    cache = SynthCache(tmp_path / "cache")
    validated = []
    real = synth_module.load_instance_file
    monkeypatch.setattr(synth_module, "load_instance_file", lambda file, **kw: validated.append(file.name) or real(file, **kw))
    first = synth_module.resolve_instances([folder], cache=cache)
    assert sorted(validated) == ["i0.yaml", "i1.yaml", "i2.yaml"]
    validated.clear()
    assert synth_module.resolve_instances([folder], cache=cache) == first and validated == []
    (folder / "u1" / "i1.yaml").write_text("instanceName: i1\nuserid: u1\ninstanceDescription: edited\n")
    again = synth_module.resolve_instances([folder], cache=cache)
    assert validated == ["i1.yaml"] and again[1].description == "edited"
    validated.clear()
    fleet = load_gitops({"repoURL": "https://github.com/example/fleet.git", "platform": {"baseDomain": "example.org"}})
    other = synth_module.resolve_instances([folder], platform=fleet.platform, cache=cache)
    assert sorted(validated) == ["i0.yaml", "i1.yaml", "i2.yaml"]
    assert other[0].ingress.hostname == "i0.example.org"


def test_a_file_the_cache_knows_is_still_refused_in_the_wrong_owner_folder(tmp_path):
    from claude_constructs.config.loader import ConfigError
    from claude_constructs.synthesis import synth as synth_module

    folder = _fleet(tmp_path, 1)
    cache = SynthCache(tmp_path / "cache")
    synth_module.resolve_instances([folder], cache=cache)
    (folder / "u9").mkdir()
    (folder / "u0" / "i0.yaml").rename(folder / "u9" / "i0.yaml")
    with pytest.raises(ConfigError, match="folder of user 'u9'"):
        synth_module.resolve_instances([folder], cache=cache)


def test_an_unchanged_synthesis_leaves_the_output_files_untouched_and_still_finds_orphans(tmp_path):
    from claude_constructs.config.loader import ConfigError

    configs = _configs(4)
    cache = SynthCache(tmp_path / "cache")
    out = tmp_path / "dist"
    synthesize(configs, out, GITOPS, cache=cache)
    before = {path.name: (path.stat().st_ino, path.stat().st_mtime_ns) for path in out.iterdir()}
    files = _files(out)
    assert synthesize(configs, out, GITOPS, cache=cache).reused == 4 + 1 + 3
    assert {path.name: (path.stat().st_ino, path.stat().st_mtime_ns) for path in out.iterdir()} == before
    assert _files(out) == files
    # Removing an instance whose other manifests are all unchanged is still an orphan refusal.
    with pytest.raises(ConfigError, match="without an owner"):
        synthesize(configs[1:], out, GITOPS, cache=cache)
    assert _files(out) == files
