"""One way to build a container: every container of the pod, init containers included, gets the
restricted security context, requests and limits, and explicit image pull policy."""

from __future__ import annotations

from typing import Mapping, Protocol, Sequence

from cdk8s_plus_28 import k8s

from claude_constructs.constructs.kube import container_security_context, env_secret, env_value, port_ref, resource_requirements
from claude_constructs.config.loader import SecretKeyRef
from claude_constructs.constructs.kube import ResourceAmounts


class ContainerImage(Protocol):
    """What a container takes of an image (the loader's ``ImageRef`` is one)."""

    @property
    def ref(self) -> str: ...

    @property
    def pull_policy(self) -> str: ...


def build_container(
    *,
    name: str,
    image: ContainerImage,
    resources: ResourceAmounts,
    ports: Sequence[tuple[str, int]] = (),
    command: Sequence[str] = (),
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    secret_env: Mapping[str, SecretKeyRef] | None = None,
    extra_env: Sequence[k8s.EnvVar] = (),
    volume_mounts: Sequence[k8s.VolumeMount] = (),
    working_dir: str | None = None,
    liveness: k8s.Probe | None = None,
    readiness: k8s.Probe | None = None,
) -> k8s.Container:
    variables = [env_value(key, value) for key, value in (env or {}).items()]
    variables += [env_secret(key, ref.secret_name, ref.key) for key, ref in (secret_env or {}).items()]
    variables += list(extra_env)
    return k8s.Container(
        name=name,
        image=image.ref,
        image_pull_policy=image.pull_policy,
        command=list(command) or None,
        args=list(args) or None,
        working_dir=working_dir,
        ports=[k8s.ContainerPort(name=port_name, container_port=number, protocol="TCP") for port_name, number in ports]
        or None,
        env=variables or None,
        volume_mounts=list(volume_mounts) or None,
        resources=resource_requirements(resources),
        security_context=container_security_context(),
        liveness_probe=liveness,
        readiness_probe=readiness,
        termination_message_policy="FallbackToLogsOnError",
    )


def tcp_probe(port_name: str, *, period: int = 20, delay: int = 10) -> k8s.Probe:
    """Fails when nothing listens on the port."""
    return k8s.Probe(
        tcp_socket=k8s.TcpSocketAction(port=port_ref(port_name)),
        initial_delay_seconds=delay,
        period_seconds=period,
        timeout_seconds=5,
        failure_threshold=3,
    )


def http_probe(port_name: str, path: str, *, period: int = 20, delay: int = 10) -> k8s.Probe:
    """Fails on a non-2xx/3xx answer or no answer."""
    return k8s.Probe(
        http_get=k8s.HttpGetAction(port=port_ref(port_name), path=path),
        initial_delay_seconds=delay,
        period_seconds=period,
        timeout_seconds=5,
        failure_threshold=3,
    )


def exec_probe(command: Sequence[str], *, period: int, delay: int) -> k8s.Probe:
    return k8s.Probe(
        exec=k8s.ExecAction(command=list(command)),
        initial_delay_seconds=delay,
        period_seconds=period,
        timeout_seconds=5,
        failure_threshold=3,
    )
