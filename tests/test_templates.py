from __future__ import annotations

import pytest

from claude_constructs import ConfigError, load_instance
from claude_constructs.cli import main as cli
from claude_constructs.config.platform import Platform
from claude_constructs.config.templates import TEMPLATES

from .conftest import synth_chart
from .schemas import schema_errors


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_synthesizes_valid_output(name):
    config = load_instance({"template": name})
    for resource in synth_chart(config):
        assert schema_errors(resource) == []


# How each template's description names what it runs.
SPOKEN = {"golang": "Go", "typescript": "TypeScript", "postgres": "Postgres", "graphql": "GraphQL",
          "context7": "Context7", "playwrightBrowser": "Playwright", "dockerhubMcp": "Docker Hub"}


@pytest.mark.parametrize("name", sorted(set(TEMPLATES) - {"minimal"}))
def test_a_template_s_description_names_every_sidecar_it_runs(name):
    description, _ = TEMPLATES[name]
    config = load_instance({"template": name})
    running = [f for f in ("golang", "typescript", "postgres", "graphql") if getattr(config.features, f)]
    running += [server.key for server in config.mcp_servers if server.enabled]
    if "every MCP server" in description:
        running = [key for key in running if key in ("golang", "typescript", "postgres", "graphql")]
    assert [key for key in running if SPOKEN[key] not in description] == []


def test_a_template_sets_features_and_the_file_overrides_it():
    config = load_instance({"template": "go-backend"})
    assert config.features.golang and config.features.postgres and config.database.enabled
    assert not config.features.typescript
    overridden = load_instance({"template": "go-backend", "features": {"typescript": True}, "database": {"cluster": "pg2"}},
                               platform=Platform(database_clusters=("postgresql", "pg2")))
    assert overridden.features.typescript and overridden.features.golang
    assert overridden.database.cluster == "pg2" and overridden.database.enabled, "mappings merge key by key"


def test_minimal_template_has_no_sidecars():
    config = load_instance({"template": "minimal"})
    assert not any(server.enabled for server in config.mcp_servers)


def test_unknown_template_is_refused_with_a_suggestion():
    with pytest.raises(ConfigError) as error:
        load_instance({"template": "go-backnd"})
    assert error.value.paths == ("template",) and "did you mean 'go-backend'" in str(error.value)


def test_templates_are_listed_and_new_can_start_from_one(tmp_path, capsys):
    assert cli(["templates"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == list(TEMPLATES)
    assert cli(["new", "--description", "Web shop", "--user", "ann", "--template", "typescript-web",
                "--instances", str(tmp_path)]) == 0
    written = next((tmp_path / "ann").iterdir()).read_text()
    assert "template: typescript-web" in written and "features" not in written
