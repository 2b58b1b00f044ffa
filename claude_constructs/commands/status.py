"""The state of the fleet in the live cluster, read with the official Kubernetes Python client.

Read-only: for each instance of the repository, its Deployment, pods and claims, by the names and
labels the constructs give them. No cluster, no credentials or a missing permission is one
``StatusError`` that says which and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from claude_constructs.charts.instance_labels import selector_labels
from claude_constructs.config.names import object_name
from claude_constructs.config.loader import InstanceConfig

# Container waiting reasons that will not clear by themselves (kubelet's and the image puller's).
FAILING_REASONS = frozenset({
    "CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError",
    "CreateContainerError", "RunContainerError",
})


class StatusError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class ClaimState:
    name: str
    phase: str  # Pending, Bound, Lost, or "missing"
    capacity: str  # as the cluster reports it, or "-"


@dataclass(frozen=True, slots=True)
class InstanceState:
    name: str
    userid: str
    namespace: str
    state: str  # running, asleep, suspended, pending, failing, not deployed
    since: str  # RFC 3339 time of the change the state comes from, or "-"
    reason: str  # a short why for pending and failing, else ""
    claims: tuple[ClaimState, ...]


def load_client(context: str | None = None):
    """The CoreV1 and AppsV1 APIs of the current kubeconfig (or the in-cluster service account)."""
    from kubernetes import client, config
    from kubernetes.config.config_exception import ConfigException

    try:
        config.load_kube_config(context=context)
    except (ConfigException, FileNotFoundError, TypeError) as kube_error:
        try:
            config.load_incluster_config()
        except ConfigException:
            raise StatusError(
                f"no cluster to read: {kube_error} (set KUBECONFIG or ~/.kube/config, pick one with --context, "
                "or run inside the cluster with a service account)"
            ) from None
    return client.CoreV1Api(), client.AppsV1Api()


def _call(what: str, namespace: str, function, *args, **kwargs):
    from kubernetes.client.exceptions import ApiException
    from urllib3.exceptions import HTTPError

    try:
        return function(*args, **kwargs)
    except ApiException as error:
        if error.status == 404:
            return None
        if error.status in (401, 403):
            raise StatusError(
                f"the cluster refused to let this account {what} in namespace {namespace!r} (HTTP {error.status}): "
                f"grant it get and list on deployments, pods and persistentvolumeclaims there"
            ) from None
        raise StatusError(f"reading {what} in {namespace!r} failed: HTTP {error.status} {error.reason}") from None
    except (HTTPError, OSError) as error:
        raise StatusError(f"the cluster did not answer ({error.__class__.__name__}: {error}): check the kubeconfig's server") from None


def _time(value) -> str:
    return value.isoformat().replace("+00:00", "Z") if value is not None else "-"


def instance_state(config: InstanceConfig, core, apps) -> InstanceState:
    namespace = config.namespace
    claims = []
    for volume in ("workspace", "home"):
        if getattr(config.storage, volume).enabled:
            name = object_name(config.name, volume)
            claim = _call("read persistentvolumeclaims", namespace, core.read_namespaced_persistent_volume_claim, name, namespace)
            if claim is None:
                claims.append(ClaimState(name, "missing", "-"))
            else:
                capacity = (claim.status.capacity or {}).get("storage", "-") if claim.status else "-"
                claims.append(ClaimState(name, (claim.status.phase if claim.status else None) or "Pending", capacity))

    def state(value: str, since="-", reason: str = "") -> InstanceState:
        return InstanceState(config.name, config.userid, namespace, value, since, reason, tuple(claims))

    deployment = _call("read deployments", namespace, apps.read_namespaced_deployment, config.name, namespace)
    if deployment is None:
        return state("not deployed", reason="no Deployment: not synced yet, or removed")
    conditions = {c.type: c for c in (deployment.status.conditions or [])} if deployment.status else {}
    if not deployment.spec.replicas:
        since = _time(conditions["Available"].last_transition_time) if "Available" in conditions else "-"
        return state("suspended" if config.suspended else "asleep", since)

    selector = ",".join(f"{key}={value}" for key, value in sorted(selector_labels(config).items()))
    pods = _call("list pods", namespace, core.list_namespaced_pod, namespace, label_selector=selector)
    for pod in (pods.items if pods else []):
        for status in (pod.status.init_container_statuses or []) + (pod.status.container_statuses or []):
            waiting = status.state.waiting if status.state else None
            if waiting and waiting.reason in FAILING_REASONS:
                return state("failing", _time(pod.status.start_time), f"{status.name}: {waiting.reason}")
    for kind in ("ReplicaFailure", "Progressing"):
        condition = conditions.get(kind)
        if condition and (kind == "ReplicaFailure" and condition.status == "True" or condition.reason == "ProgressDeadlineExceeded"):
            return state("failing", _time(condition.last_transition_time), condition.message or condition.reason or kind)
    available = conditions.get("Available")
    if deployment.status.available_replicas and available and available.status == "True":
        return state("running", _time(available.last_transition_time))
    pending = [pod for pod in (pods.items if pods else [])]
    since = _time(min((p.metadata.creation_timestamp for p in pending), default=None)) if pending else "-"
    reason = next((c.message or c.reason for p in pending for c in (p.status.conditions or [])
                   if c.type == "PodScheduled" and c.status != "True"), "") if pending else "no pod yet"
    return state("pending", since, reason or "starting")


def fleet_status(configs: Sequence[InstanceConfig], *, context: str | None = None) -> list[InstanceState]:
    core, apps = load_client(context)
    return [instance_state(config, core, apps) for config in sorted(configs, key=lambda c: (c.userid, c.name))]
