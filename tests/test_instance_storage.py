from __future__ import annotations

import cdk8s
import pytest

from claude_constructs import InstanceStorage, load_instance
from claude_constructs.charts.instance_props import storage_props

from .conftest import scratch_app, find, pod_spec, synth_values


def test_claims_are_named_after_the_instance_with_their_sizes():
    objects = synth_values({"storage": {"workspace": {"size": "50Gi", "storageClass": "longhorn"}}})
    workspace = find(objects, "PersistentVolumeClaim", "a1b2c3d4-workspace")
    assert workspace["spec"] == {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "50Gi"}},
                                 "storageClassName": "longhorn"}
    home = find(objects, "PersistentVolumeClaim", "a1b2c3d4-home")
    assert home["spec"]["resources"]["requests"]["storage"] == "1Gi"
    assert "storageClassName" not in home["spec"], "an empty storage class means the cluster default"


def test_scratch_volumes_are_size_limited_empty_dirs():
    volumes = {v["name"]: v for v in pod_spec(synth_values())["volumes"]}
    expected = {"tmp": "10Gi", "cache": "5Gi", "npm-cache": "1Gi", "claude-lock": "10Mi", "ssh-directory": "10Mi", "home-root": "256Mi"}
    for name, size in expected.items():
        assert volumes[name]["emptyDir"] == {"sizeLimit": size}, name


def test_disabled_claim_becomes_an_empty_dir_of_the_same_size():
    objects = synth_values({"storage": {"workspace": {"enabled": False, "size": "3Gi"}}})
    assert [o["metadata"]["name"] for o in objects if o["kind"] == "PersistentVolumeClaim"] == ["a1b2c3d4-home"]
    workspace = next(v for v in pod_spec(objects)["volumes"] if v["name"] == "workspace")
    assert workspace == {"name": "workspace", "emptyDir": {"sizeLimit": "3Gi"}}


def test_mounts_are_at_the_seed_readme_paths():
    app = scratch_app()
    storage = InstanceStorage(cdk8s.Chart(app, "c"), "s", props=storage_props(load_instance()))
    paths = {m.name: m.mount_path for m in storage.mounts("workspace", "home", "tmp", "cache", "npm-cache", "claude-lock", "ssh-directory")}
    assert paths == {
        "workspace": "/workspace", "home": "/home/code/.claude", "tmp": "/tmp", "cache": "/home/code/.cache",
        "npm-cache": "/home/code/.npm", "claude-lock": "/home/code/.claude.json.lock", "ssh-directory": "/home/code/.ssh",
    }


def test_mounting_an_unknown_volume_is_an_error():
    app = scratch_app()
    storage = InstanceStorage(cdk8s.Chart(app, "c"), "s", props=storage_props(load_instance({"ssh": {"enabled": False}})))
    with pytest.raises(ValueError, match="no volume named"):
        storage.mounts("ssh-directory")
