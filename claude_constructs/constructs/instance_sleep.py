"""InstanceSleep: an idle instance scales to zero and wakes on the next request (KEDA and its HTTP add-on)."""

from __future__ import annotations

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.constructs.kube import custom_metadata, metadata, new_object
from claude_constructs.config.names import object_name
from claude_constructs.config.loader import InstanceConfig

HTTP_SCALER_METADATA = "httpscaledobject.keda.sh/skip-scaledobject-creation"


def activity_query(config: InstanceConfig) -> str:
    """PromQL for the agent's own activity: Claude Code's token usage and active time, from its
    OpenTelemetry metrics as Prometheus names them. Above zero while the agent works, browser or not."""
    pods = f'namespace="{config.namespace}",pod=~"{config.name}-.*"'
    return (f"sum(rate(claude_code_token_usage_tokens_total{{{pods}}}[5m]) or vector(0))"
            f" + sum(rate(claude_code_active_time_seconds_total{{{pods}}}[5m]) or vector(0))")


class InstanceSleep(Construct):
    """Under the hood, unless the instance is suspended (then nothing may wake it):

    - the HTTPScaledObject ``{instance}``, which makes KEDA's interceptor route the instance's host
      to its Service and count its requests; it creates no ScaledObject of its own
      (``skip-scaledobject-creation``), so that one ScaledObject can combine every trigger;
    - the ScaledObject ``{instance}`` scaling the Deployment between 0 and 1: awake while the
      interceptor sees requests (the HTTP add-on's ``external-push`` scaler), while the agent works
      (a Prometheus query of Claude Code's metrics), and during working hours (a ``cron`` trigger);
      asleep after ``sleep.idleAfter`` with none of them;
    - the ExternalName Service ``{instance}-wake`` the Ingress sends requests to: the interceptor,
      which holds them while the pod starts.
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        from imports.sh.keda import (
            ScaledObject,
            ScaledObjectSpec,
            ScaledObjectSpecScaleTargetRef,
            ScaledObjectSpecTriggers,
        )
        from imports.sh.keda.http import (
            HttpScaledObject,
            HttpScaledObjectSpec,
            HttpScaledObjectSpecReplicas,
            HttpScaledObjectSpecScaleTargetRef,
        )

        sleep = config.sleep
        self.wake_service = new_object(
            k8s.KubeService, self,
            "Wake",
            metadata=metadata(config, object_name(config.name, "wake"), "exposure", kind="Service"),
            spec=k8s.ServiceSpec(
                type="ExternalName",
                external_name=f"{sleep.interceptor_service}.{sleep.interceptor.namespace}.svc.cluster.local",
                ports=[k8s.ServicePort(name="http", port=sleep.interceptor_port, protocol="TCP")],
            ),
        )
        meta = custom_metadata(config, config.name, "scaling", kind="HTTPScaledObject")
        self.http_scaled_object = HttpScaledObject(
            self,
            "Http",
            metadata=type(meta)(name=meta.name, namespace=meta.namespace, labels=meta.labels,
                                annotations={**meta.annotations, HTTP_SCALER_METADATA: "true"}),
            spec=HttpScaledObjectSpec(
                hosts=[config.ingress.hostname],
                scale_target_ref=HttpScaledObjectSpecScaleTargetRef(
                    api_version="apps/v1", kind="Deployment", name=config.name, service=config.name,
                    port=config.service.port,
                ),
                replicas=HttpScaledObjectSpecReplicas(min=0, max=1),
                scaledown_period=sleep.idle_seconds,
            ),
        )
        triggers = [
            ScaledObjectSpecTriggers(
                type="external-push", name="requests",
                metadata={"httpScaledObject": config.name, "scalerAddress": sleep.scaler_address},
            ),
            ScaledObjectSpecTriggers(
                type="prometheus", name="agent-activity",
                metadata={"serverAddress": sleep.prometheus_url, "query": activity_query(config),
                          "threshold": "1", "activationThreshold": "0"},
            ),
        ]
        if sleep.start:
            triggers.append(ScaledObjectSpecTriggers(
                type="cron", name="working-hours",
                metadata={"timezone": sleep.timezone, "start": sleep.start, "end": sleep.end, "desiredReplicas": "1"},
            ))
        self.scaled_object = ScaledObject(
            self,
            "Resource",
            metadata=custom_metadata(config, config.name, "scaling", kind="ScaledObject"),
            spec=ScaledObjectSpec(
                scale_target_ref=ScaledObjectSpecScaleTargetRef(api_version="apps/v1", kind="Deployment", name=config.name),
                min_replica_count=0,
                max_replica_count=1,
                cooldown_period=sleep.idle_seconds,
                triggers=triggers,
            ),
        )
