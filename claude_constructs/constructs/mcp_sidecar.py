"""McpSidecar: one MCP server or tool container that runs beside the agent in its pod."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from cdk8s_plus_28 import k8s

from claude_constructs.constructs.container import build_container, exec_probe, http_probe, tcp_probe
from claude_constructs.config.ports import PortRegistry
from claude_constructs.config.loader import ImageRef, Resources, SecretKeyRef


@dataclass(frozen=True, kw_only=True)
class McpSidecar:
    """A sidecar container of a pod, with its own ports.

    Like cdk8s-plus's ``Container``, a value the workload takes, not a construct: it creates no
    object of its own, and each construct would cost a call into Node.js. ``container(registry)``
    registers its ports in the pod's ``PortRegistry`` (a port another container already uses is a
    ``ValueError`` naming both) and returns the container. Its readiness and liveness probe runs
    ``health_command``, or else checks its first port (TCP, or HTTP on ``health_path``); a sidecar
    with neither is a ``ValueError`` when it is made.
    """

    name: str
    image: ImageRef
    resources: Resources
    ports: tuple[tuple[str, int], ...] = ()  # (port name, number); the first is probed
    command: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    secret_env: Mapping[str, SecretKeyRef] = field(default_factory=dict)
    extra_env: tuple[k8s.EnvVar, ...] = ()  # entries built by hand (e.g. valueFrom a field)
    volume_mounts: tuple[k8s.VolumeMount, ...] = ()
    working_dir: str | None = None
    health_path: str | None = None  # probe this HTTP path on the first port instead of a TCP check
    health_command: tuple[str, ...] = ()  # or run this command

    def __post_init__(self) -> None:
        for name in ("ports", "command", "args", "extra_env", "volume_mounts", "health_command"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not self.health_command and not self.ports:
            raise ValueError(f"sidecar '{self.name}' has no port to probe: give it a health_command")

    def container(self, registry: PortRegistry) -> k8s.Container:
        for port_name, number in self.ports:
            registry.register(self.name, port_name, number)
        if self.health_command:
            probe = exec_probe(self.health_command, period=60, delay=10)
        else:
            first = self.ports[0][0]
            probe = http_probe(first, self.health_path) if self.health_path else tcp_probe(first)
        return build_container(
            name=self.name,
            image=self.image,
            resources=self.resources,
            ports=self.ports,
            command=self.command,
            args=self.args,
            env=self.env,
            secret_env=self.secret_env,
            extra_env=self.extra_env,
            volume_mounts=self.volume_mounts,
            working_dir=self.working_dir,
            liveness=probe,
            readiness=probe,
        )
