"""InstanceExposure: how people and other services reach a workload."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import new_object, object_metadata, port_ref


@dataclass(frozen=True, kw_only=True, slots=True)
class ServicePort:
    name: str
    port: int  # the Service's port
    target: int | str  # the pod's port: its number or its name


@dataclass(frozen=True, kw_only=True, slots=True)
class IngressRoute:
    """One host name, all paths, to a Service port (its name or number), with TLS from ``tls_secret``."""

    host: str
    tls_secret: str
    service: str
    service_port: int | str
    class_name: str = ""  # empty: the cluster's default IngressClass
    annotations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class InstanceExposureProps:
    name: str  # of the Service and the Ingress
    namespace: str
    pod_selector: Mapping[str, str]
    ports: tuple[ServicePort, ...]
    ingress: IngressRoute | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotations


class InstanceExposure(Construct):
    """Under the hood: creates a ClusterIP Service ``{name}`` with ``ports`` and, with an
    ``ingress``, an Ingress ``{name}`` for its host (path ``/``, prefix) with TLS.

    For a Claude Code instance: the Service maps ``service.port`` (8080) to the sign-in proxy's port
    (or, with ``access.mode: gateway``, to the agent's HTTP port, and ``service.mcpPort``, 81, to its
    MCP port); the Ingress is for ``{instance}.{baseDomain}`` (or ``ingress.hostname``) with TLS from
    ``{instance}-tls`` (issued by cert-manager with the default annotations), and routes to KEDA's
    interceptor while the instance may sleep.
    """

    def __init__(self, scope: Construct, id: str, *, props: InstanceExposureProps) -> None:
        super().__init__(scope, id)
        self.service = new_object(
            k8s.KubeService, self,
            "Resource",
            metadata=object_metadata(props, "Service", props.name),
            spec=k8s.ServiceSpec(
                type="ClusterIP",
                selector=dict(props.pod_selector),
                ports=[k8s.ServicePort(name=p.name, port=p.port, target_port=port_ref(p.target), protocol="TCP")
                       for p in props.ports],
            ),
        )
        self.ingress = None
        route = props.ingress
        if route is None:
            return
        port = (k8s.ServiceBackendPort(number=route.service_port) if isinstance(route.service_port, int)
                else k8s.ServiceBackendPort(name=route.service_port))
        self.ingress = new_object(
            k8s.KubeIngress, self,
            "Ingress",
            metadata=object_metadata(props, "Ingress", props.name, annotations=route.annotations),
            spec=k8s.IngressSpec(
                ingress_class_name=route.class_name or None,
                tls=[k8s.IngressTls(hosts=[route.host], secret_name=route.tls_secret)],
                rules=[
                    k8s.IngressRule(
                        host=route.host,
                        http=k8s.HttpIngressRuleValue(
                            paths=[
                                k8s.HttpIngressPath(
                                    path="/",
                                    path_type="Prefix",
                                    backend=k8s.IngressBackend(service=k8s.IngressServiceBackend(name=route.service, port=port)),
                                )
                            ]
                        ),
                    )
                ],
            ),
        )
