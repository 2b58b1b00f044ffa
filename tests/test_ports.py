from __future__ import annotations

import cdk8s
import pytest

from claude_constructs import McpSidecar, load_instance
from claude_constructs.config.ports import PortRegistry
from .conftest import scratch_app


def test_a_taken_port_names_both_containers():
    registry = PortRegistry()
    registry.register("claude-web", "http", 8080)
    with pytest.raises(ValueError, match="container 'hasura'.*container 'claude-web' already listens on 8080"):
        registry.register("hasura", "graphql", 8080)


def test_a_taken_port_name_is_refused():
    registry = PortRegistry()
    registry.register("a", "mcp", 9000)
    with pytest.raises(ValueError, match="already used by 'a'"):
        registry.register("b", "mcp", 9001)


def test_port_names_are_at_most_15_characters():
    with pytest.raises(ValueError, match="longer than 15"):
        PortRegistry().register("a", "a-very-long-port-name", 9000)


def test_a_sidecar_registers_its_ports_in_the_pods_registry():
    config = load_instance()
    registry = PortRegistry()
    registry.register("claude-web", "http", 8080)
    scope = cdk8s.Chart(scratch_app(), "c")
    sidecar = McpSidecar(scope, "ok", registry=registry, name="extra", image=config.image, resources=config.resources,
                         ports=[("extra", 9100)])
    assert sidecar.container.ports[0].container_port == 9100
    assert sidecar.container.readiness_probe.tcp_socket is not None
    with pytest.raises(ValueError, match="'extra' already listens on 9100"):
        McpSidecar(scope, "clash", registry=registry, name="other", image=config.image, resources=config.resources,
                   ports=[("other", 9100)])
