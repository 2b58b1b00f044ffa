"""McpSidecar: one MCP server or tool container that runs beside the agent in its pod."""

from __future__ import annotations

from typing import Mapping, Sequence

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.container import build_container, exec_probe, http_probe, tcp_probe
from claude_constructs.config.ports import PortRegistry
from claude_constructs.config.loader import ImageRef, Resources, SecretKeyRef


class McpSidecar(Construct):
    """A sidecar container of the instance pod, with its own ports.

    Under the hood: creates no object of its own; it contributes ``container`` to the pod of its
    ``ClaudePod`` and registers each of its ports in the pod's ``PortRegistry`` (a port another
    container already uses is a ``ValueError`` naming both). Its readiness and liveness probe runs
    ``health_command``, or else checks its first port (TCP, or HTTP on ``health_path``).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        registry: PortRegistry,
        name: str,
        image: ImageRef,
        resources: Resources,
        ports: Sequence[tuple[str, int]] = (),
        command: Sequence[str] = (),
        args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        secret_env: Mapping[str, SecretKeyRef] | None = None,
        extra_env: Sequence[k8s.EnvVar] = (),
        volume_mounts: Sequence[k8s.VolumeMount] = (),
        working_dir: str | None = None,
        health_path: str | None = None,
        health_command: Sequence[str] = (),
    ) -> None:
        super().__init__(scope, id)
        self.name = name
        self.ports = tuple(ports)
        for port_name, number in self.ports:
            registry.register(name, port_name, number)
        if health_command:
            probe = exec_probe(health_command, period=60, delay=10)
        elif self.ports:
            first = self.ports[0][0]
            probe = http_probe(first, health_path) if health_path else tcp_probe(first)
        else:
            raise ValueError(f"sidecar '{name}' has no port to probe: give it a health_command")
        self.container = build_container(
            name=name,
            image=image,
            resources=resources,
            ports=self.ports,
            command=command,
            args=args,
            env=env,
            secret_env=secret_env,
            extra_env=extra_env,
            volume_mounts=volume_mounts,
            working_dir=working_dir,
            liveness=probe,
            readiness=probe,
        )
