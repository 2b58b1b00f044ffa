from __future__ import annotations

import pytest

from claude_constructs import McpSidecar, load_instance
from claude_constructs.config.ports import PortRegistry


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
    container = McpSidecar(name="extra", image=config.image, resources=config.resources, ports=[("extra", 9100)]).container(registry)
    assert container.ports[0].container_port == 9100
    assert container.readiness_probe.tcp_socket is not None
    other = McpSidecar(name="other", image=config.image, resources=config.resources, ports=[("other", 9100)])
    with pytest.raises(ValueError, match="'extra' already listens on 9100"):
        other.container(registry)


def test_a_sidecar_without_a_port_needs_a_health_command():
    config = load_instance()
    with pytest.raises(ValueError, match="sidecar 'quiet' has no port to probe: give it a health_command"):
        McpSidecar(name="quiet", image=config.image, resources=config.resources)
    container = McpSidecar(name="quiet", image=config.image, resources=config.resources,
                           health_command=["true"]).container(PortRegistry())
    assert container.liveness_probe.exec.command == ["true"]