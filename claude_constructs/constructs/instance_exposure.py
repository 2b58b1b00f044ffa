"""InstanceExposure: how people and other services reach the instance."""

from __future__ import annotations

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import metadata, new_object, port_ref
from claude_constructs.constructs.labels import selector_labels
from claude_constructs.config.names import object_name
from claude_constructs.config.loader import AUTH_PROXY_PORT_NAME, InstanceConfig, serves_through_proxy, sleeps_when_idle


class InstanceExposure(Construct):
    """Under the hood: creates a ClusterIP Service ``{instance}`` (``service.port``, 8080, to the
    agent's HTTP port; ``service.mcpPort``, 81, to its MCP port) and, with ``ingress.enabled``, an
    Ingress for ``{instance}.{baseDomain}`` (or ``ingress.hostname``) with TLS from the Secret
    ``{instance}-tls`` (issued by cert-manager with the default annotations).
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        self.service = new_object(
            k8s.KubeService, self,
            "Resource",
            metadata=metadata(config, config.name, "exposure", kind="Service"),
            spec=k8s.ServiceSpec(
                type="ClusterIP",
                selector=selector_labels(config),
                ports=self._ports(config),
            ),
        )
        self.ingress = None
        if not config.ingress.enabled:
            return
        if not config.access.proxy and config.access.mode != "gateway":  # pragma: no cover - refused by validation
            raise ValueError("an Ingress needs authentication in front of the instance")
        ingress = config.ingress
        self.ingress = new_object(
            k8s.KubeIngress, self,
            "Ingress",
            metadata=metadata(config, config.name, "exposure", kind="Ingress", annotations=ingress.annotations),
            spec=k8s.IngressSpec(
                ingress_class_name=ingress.class_name or None,
                tls=[k8s.IngressTls(hosts=[ingress.hostname], secret_name=ingress.tls_secret_name)],
                rules=[
                    k8s.IngressRule(
                        host=ingress.hostname,
                        http=k8s.HttpIngressRuleValue(
                            paths=[
                                k8s.HttpIngressPath(
                                    path="/",
                                    path_type="Prefix",
                                    backend=self._backend(config),
                                )
                            ]
                        ),
                    )
                ],
            ),
        )

    @staticmethod
    def _ports(config: InstanceConfig) -> list[k8s.ServicePort]:
        """Behind the sign-in proxy, only its port: the agent's own ports stay inside the pod."""
        if serves_through_proxy(config):
            return [k8s.ServicePort(name="http", port=config.service.port, target_port=port_ref(AUTH_PROXY_PORT_NAME), protocol="TCP")]
        return [
            k8s.ServicePort(name="http", port=config.service.port, target_port=port_ref("http"), protocol="TCP"),
            k8s.ServicePort(name="mcp", port=config.service.mcp_port, target_port=port_ref("mcp"), protocol="TCP"),
        ]

    @staticmethod
    def _backend(config: InstanceConfig) -> k8s.IngressBackend:
        """The instance's Service; while it may sleep, KEDA's interceptor, which wakes it."""
        if sleeps_when_idle(config):
            return k8s.IngressBackend(service=k8s.IngressServiceBackend(
                name=object_name(config.name, "wake"), port=k8s.ServiceBackendPort(number=config.sleep.interceptor_port)))
        return k8s.IngressBackend(service=k8s.IngressServiceBackend(name=config.name, port=k8s.ServiceBackendPort(name="http")))
