"""InstanceSleep: an idle workload scales to zero and wakes on the next request (KEDA and its HTTP add-on)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_28 import k8s
from constructs import Construct

from claude_constructs.config.names import object_name
from claude_constructs.constructs.kube import custom_metadata, new_object, object_metadata

HTTP_SCALER_METADATA = "httpscaledobject.keda.sh/skip-scaledobject-creation"


def activity_query(namespace: str, name: str) -> str:
    """PromQL for a Claude Code agent's own activity: its token usage and active time, from its
    OpenTelemetry metrics as Prometheus names them, for the pods of the Deployment ``name``. Above
    zero while the agent works, browser or not."""
    pods = f'namespace="{namespace}",pod=~"{name}-.*"'
    return (f"sum(rate(claude_code_token_usage_tokens_total{{{pods}}}[5m]) or vector(0))"
            f" + sum(rate(claude_code_active_time_seconds_total{{{pods}}}[5m]) or vector(0))")


@dataclass(frozen=True, kw_only=True, slots=True)
class WorkingHours:
    """Awake from ``start`` to ``end`` (cron schedules, such as ``0 8 * * 1-5``) in ``timezone`` (IANA)."""

    timezone: str
    start: str
    end: str


@dataclass(frozen=True, kw_only=True, slots=True)
class InstanceSleepProps:
    """A Deployment and its Service ``name``, scaled between 0 and 1 replica by KEDA."""

    name: str  # of the Deployment and its Service, and of the scalers
    namespace: str
    host: str  # the host name whose requests wake the workload (its Ingress routes to ``{name}-wake``)
    service_port: int  # the port of the Service ``name`` the interceptor forwards requests to
    idle_seconds: int  # asleep after this long without requests, activity or working hours
    # PromQL that is above zero while the workload works on its own (``activity_query``); empty: none.
    activity_query: str = ""
    prometheus_url: str = "http://prometheus-operated.monitoring.svc:9090"  # where ``activity_query`` runs
    working_hours: WorkingHours | None = None  # none: no cron trigger
    # KEDA's HTTP add-on: its interceptor (a Service, its namespace and port) and its external scaler.
    interceptor_service: str = "keda-add-ons-http-interceptor-proxy"
    interceptor_namespace: str = "keda"
    interceptor_port: int = 8080
    scaler_address: str = "keda-add-ons-http-external-scaler.keda:9090"
    labels: Mapping[str, str] = field(default_factory=dict)  # of the scalers
    wake_labels: Mapping[str, str] | None = None  # of the Service ``{name}-wake``; none: ``labels``
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotations


class InstanceSleep(Construct):
    """Under the hood (for a Claude Code instance, unless it is suspended: then nothing may wake it):

    - the HTTPScaledObject ``{name}``, which makes KEDA's interceptor route the ``host`` to the
      Service ``{name}`` and count its requests; it creates no ScaledObject of its own
      (``skip-scaledobject-creation``), so that one ScaledObject can combine every trigger;
    - the ScaledObject ``{name}`` scaling the Deployment between 0 and 1: awake while the
      interceptor sees requests (the HTTP add-on's ``external-push`` scaler), while the workload
      works (the Prometheus ``activity_query``; for an instance, of Claude Code's metrics), and
      during ``working_hours`` (a ``cron`` trigger); asleep after ``idle_seconds`` with none of them
      (an instance's ``sleep.idleAfter``);
    - the ExternalName Service ``{name}-wake`` the Ingress sends requests to: the interceptor,
      which holds them while the pod starts.
    """

    def __init__(self, scope: Construct, id: str, *, props: InstanceSleepProps) -> None:
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

        self.props = props
        wake_labels = props.labels if props.wake_labels is None else props.wake_labels
        self.wake_service = new_object(
            k8s.KubeService, self,
            "Wake",
            metadata=object_metadata(props, "Service", object_name(props.name, "wake"), labels=wake_labels),
            spec=k8s.ServiceSpec(
                type="ExternalName",
                external_name=f"{props.interceptor_service}.{props.interceptor_namespace}.svc.cluster.local",
                ports=[k8s.ServicePort(name="http", port=props.interceptor_port, protocol="TCP")],
            ),
        )
        self.http_scaled_object = HttpScaledObject(
            self,
            "Http",
            metadata=custom_metadata(props, "HTTPScaledObject", props.name, annotations={HTTP_SCALER_METADATA: "true"}),
            spec=HttpScaledObjectSpec(
                hosts=[props.host],
                scale_target_ref=HttpScaledObjectSpecScaleTargetRef(
                    api_version="apps/v1", kind="Deployment", name=props.name, service=props.name, port=props.service_port,
                ),
                replicas=HttpScaledObjectSpecReplicas(min=0, max=1),
                scaledown_period=props.idle_seconds,
            ),
        )
        triggers = [
            ScaledObjectSpecTriggers(
                type="external-push", name="requests",
                metadata={"httpScaledObject": props.name, "scalerAddress": props.scaler_address},
            ),
        ]
        if props.activity_query:
            triggers.append(ScaledObjectSpecTriggers(
                type="prometheus", name="agent-activity",
                metadata={"serverAddress": props.prometheus_url, "query": props.activity_query,
                          "threshold": "1", "activationThreshold": "0"},
            ))
        if props.working_hours is not None:
            hours = props.working_hours
            triggers.append(ScaledObjectSpecTriggers(
                type="cron", name="working-hours",
                metadata={"timezone": hours.timezone, "start": hours.start, "end": hours.end, "desiredReplicas": "1"},
            ))
        self.scaled_object = ScaledObject(
            self,
            "Resource",
            metadata=custom_metadata(props, "ScaledObject", props.name),
            spec=ScaledObjectSpec(
                scale_target_ref=ScaledObjectSpecScaleTargetRef(api_version="apps/v1", kind="Deployment", name=props.name),
                min_replica_count=0,
                max_replica_count=1,
                cooldown_period=props.idle_seconds,
                triggers=triggers,
            ),
        )
