"""Upgrade safety: no immutable field changes between two configurations of one instance, and no
volume shrinks, unless the change is refused with an explanation (and nothing is written)."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_constructs.cli import main as cli
from claude_constructs.synthesis.upgrade import upgrade_problems

from .conftest import find, synth_values

BASE = {"instanceName": "stable", "userid": "user1", "instanceDescription": "Backend API development"}


def write(path, values):
    path.write_text(yaml.safe_dump(values))


def test_editing_description_features_and_resources_changes_nothing_immutable(tmp_path):
    before = synth_values(BASE)
    after = synth_values({**BASE, "instanceDescription": "Something else: entirely #2",
                          "features": {"golang": False, "graphql": True, "ansible": True}, "database": {"enabled": True},
                          "resources": {"limits": {"memory": "4Gi"}}, "storage": {"workspace": {"size": "20Gi"}}})
    assert upgrade_problems(before, after) == []
    assert find(before, "Deployment")["spec"]["selector"] == find(after, "Deployment")["spec"]["selector"]


def test_shrinking_a_volume_is_refused_and_nothing_is_written(tmp_path, capsys):
    instance, out = tmp_path / "i.yaml", tmp_path / "dist"
    write(instance, {**BASE, "storage": {"workspace": {"size": "20Gi"}}})
    assert cli(["synth", str(instance), "-o", str(out)]) == 0
    before = (out / "stable.k8s.yaml").read_bytes()
    write(instance, {**BASE, "storage": {"workspace": {"size": "10Gi"}}})
    assert cli(["synth", str(instance), "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert "'storage.workspace.size' shrinks PVC stable-workspace from 20Gi to 10Gi" in error and "keep '20Gi' or more" in error
    assert (out / "stable.k8s.yaml").read_bytes() == before


def test_growing_a_volume_is_fine(tmp_path):
    instance, out = tmp_path / "i.yaml", tmp_path / "dist"
    write(instance, BASE)
    assert cli(["synth", str(instance), "-o", str(out)]) == 0
    write(instance, {**BASE, "storage": {"workspace": {"size": "11Gi"}, "home": {"size": "1536Mi"}}})
    assert cli(["synth", str(instance), "-o", str(out)]) == 0


def test_changing_storage_class_or_access_mode_is_refused():
    before = synth_values({**BASE, "storage": {"home": {"storageClass": "longhorn"}}})
    after = synth_values({**BASE, "storage": {"home": {"storageClass": "fast", "accessMode": "ReadWriteOncePod"}}})
    assert [p.path for p in upgrade_problems(before, after)] == ["storage.home.storageClass", "storage.home.accessMode"]


def test_changing_the_database_name_is_refused():
    before = synth_values({**BASE, "database": {"enabled": True}})
    after = synth_values({**BASE, "database": {"enabled": True, "name": "claude_renamed"}})
    problems = upgrade_problems(before, after)
    assert [p.path for p in problems] == ["database.name", "database.name"]
    assert sorted(p.message.split(",")[0] for p in problems) == [
        "changes the name of Database stable-db", "changes the name of DatabaseRole stable-db-owner"]


def test_a_changed_selector_is_detected():
    before = synth_values(BASE)
    after = [dict(o) for o in before]
    deployment = find(after, "Deployment")
    deployment["spec"] = {**deployment["spec"], "selector": {"matchLabels": {"app": "other"}}}
    assert [p.path for p in upgrade_problems(before, after)] == ["instanceName"]


_changes = st.fixed_dictionaries({}, optional={
    "instanceDescription": st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), min_size=1, max_size=200)
    .filter(lambda t: t.strip() and "\ufeff" not in t),
    "features": st.fixed_dictionaries({}, optional={k: st.booleans() for k in ("golang", "typescript", "ansible")}),
    "resources": st.fixed_dictionaries({"limits": st.fixed_dictionaries({"memory": st.sampled_from(["2Gi", "3Gi", "8Gi"])})}),
    "storage": st.fixed_dictionaries({"workspace": st.fixed_dictionaries({"size": st.sampled_from(["10Gi", "12Gi", "100Gi"])})}),
    "mcpServers": st.fixed_dictionaries({"context7": st.fixed_dictionaries({"mode": st.sampled_from(["sidecar", "shared"])})}),
    "rbac": st.fixed_dictionaries({"create": st.booleans()}),
})


@settings(max_examples=25, deadline=None)
@given(first=_changes, second=_changes)
def test_any_two_configurations_keep_the_immutable_fields(first, second):
    before = synth_values({**BASE, **first})
    after = synth_values({**BASE, **second})
    problems = upgrade_problems(before, after)
    # Only a workspace shrink can be refused between these configurations, and it always is.
    size = lambda values: int(values.get("storage", {}).get("workspace", {}).get("size", "10Gi")[:-2])  # noqa: E731
    assert [p.path for p in problems] == (["storage.workspace.size"] if size(second) < size(first) else [])
    assert find(before, "Deployment")["spec"]["selector"] == find(after, "Deployment")["spec"]["selector"]
