"""The instance file's JSON Schema agrees with the loader: what loads validates, and a file of the
wrong shape or types is refused by both."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from claude_constructs import ConfigError, load_instance
from claude_constructs.cli import main as cli
from claude_constructs.config.schema import instance_schema, schema_text

from .conftest import EXAMPLE_FILES, ROOT
from .scenarios import OPTION_SCENARIOS

VALIDATOR = jsonschema.Draft202012Validator(instance_schema())


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(instance_schema())


@pytest.mark.parametrize("path", EXAMPLE_FILES + sorted((ROOT / "examples" / "fleet" / "instances").rglob("*.yaml"))
                         + sorted((ROOT / "instances").rglob("*.yaml")), ids=lambda p: p.name)
def test_every_example_file_validates(path):
    assert list(VALIDATOR.iter_errors(yaml.safe_load(path.read_text()))) == []


@pytest.mark.parametrize("name", sorted(OPTION_SCENARIOS))
def test_every_scenario_validates(name):
    values = {"instanceName": "x", "userid": "alice", **OPTION_SCENARIOS[name]}
    assert [e.message for e in VALIDATOR.iter_errors(values)] == []


@pytest.mark.parametrize("values", [
    {"instanceName": "x", "userid": "a", "instanceNme": "typo"},
    {"instanceName": "x", "userid": "a", "features": {"golang": "yes"}},
    {"instanceName": "x", "userid": "a", "image": {"pullPolicy": "Sometimes"}},
    {"instanceName": "x", "userid": "a", "service": {"port": "8080"}},
    {"instanceName": "x"},
])
def test_the_schema_and_the_loader_both_refuse_a_wrong_shape(values):
    assert list(VALIDATOR.iter_errors(values))
    with pytest.raises(ConfigError):
        load_instance(values, require_name=True)


def test_schema_command_prints_it(capsys, tmp_path):
    assert cli(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["required"] == ["instanceName", "userid"]
    assert cli(["schema", "-o", str(tmp_path / "s.json")]) == 0
    assert json.loads((tmp_path / "s.json").read_text()) == instance_schema()


def test_new_writes_a_file_that_points_at_the_schema_it_validates_against(tmp_path):
    instances = tmp_path / "instances"
    assert cli(["new", "--description", "Go service", "--user", "alice", "--feature", "golang", "--instances", str(instances)]) == 0
    [path] = (instances / "alice").glob("*.yaml")
    first = path.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema_path = (path.parent / first.split("=", 1)[1]).resolve()
    schema = json.loads(schema_path.read_text())
    assert schema == instance_schema()
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(path.read_text()))) == []


def test_new_leaves_a_schema_file_that_is_not_ours_alone(tmp_path, capsys):
    instances = tmp_path / "instances"
    instances.mkdir()
    (instances / "instance.schema.json").write_text('{"title": "mine"}')
    assert cli(["new", "--description", "x", "--user", "alice", "--instances", str(instances)]) == 0
    assert (instances / "instance.schema.json").read_text() == '{"title": "mine"}'
    assert "left as it is" in capsys.readouterr().err


@pytest.mark.parametrize("folder", ["instances", "examples/fleet/instances"])
def test_the_committed_schema_files_are_current(folder):
    assert (ROOT / folder / "instance.schema.json").read_text() == schema_text(), "run `claude-instance schema -o ...`"


def test_the_schema_describes_types_defaults_and_allowed_values_from_the_declarations():
    schema = instance_schema()
    network = schema["properties"]["networkPolicy"]["properties"]
    assert network["allowDNS"]["type"] == "boolean" and network["allowDNS"]["default"] is True
    assert network["egressProfile"]["enum"] == ["default", "none"]
    assert "additionalProperties" in schema and schema["additionalProperties"] is False
    bad = {"instanceName": "x", "userid": "a", "networkPolicy": {"allowDns": True}}
    assert list(VALIDATOR.iter_errors(bad))


def _leaves(node: dict, path: str = ""):
    for key, value in node.get("properties", {}).items():
        here = f"{path}.{key}" if path else key
        yield from _leaves(value, here) if "properties" in value else [(here, value)]


def test_each_place_shows_its_own_defaults_not_those_of_a_shared_model():
    leaves = dict(_leaves(instance_schema()))
    # One model at several places, each with its defaults (what an editor shows on hover and completes).
    assert leaves["disruptionBudget.enabled"]["default"] is True
    assert leaves["verticalPodAutoscaler.enabled"]["default"] is False
    assert (leaves["golang.port"]["default"], leaves["typescript.port"]["default"]) == (8002, 8003)
    assert leaves["mcpServers.context7.port"]["default"] == 8101
    assert leaves["storage.workspace.size"]["default"] == "10Gi"
    assert leaves["access.image.tag"]["default"] == "v7.15.6" and leaves["postgres.tag"]["default"] == "16-alpine"
    assert leaves["resources.requests.memory"]["default"] == "512Mi"
    assert leaves["golang.resources.requests.memory"]["default"] == "128Mi"
    # And every default is a value its own schema accepts (a shared model's port 0 was below its minimum 1024).
    for path, leaf in leaves.items():
        if path == "initContainer":  # not a setting of today, no default
            continue
        assert not list(jsonschema.Draft202012Validator(leaf).iter_errors(leaf["default"])), path


def test_the_schema_accepts_the_earlier_spelling_the_loader_reads():
    values = {"instanceName": "x", "userid": "a", "resources": {"requests": {"ephemeral-storage": "1Gi"}}}
    assert list(VALIDATOR.iter_errors(values)) == []
    assert load_instance(values).resources.requests["ephemeral-storage"] == "1Gi"
    assert list(VALIDATOR.iter_errors({**values, "resources": {"requests": {"ephemeral_storage": "1Gi"}}}))
