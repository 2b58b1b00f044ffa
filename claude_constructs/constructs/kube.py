"""Builders for the Kubernetes L1 structs the constructs share (resources, security, env, network peers).

Each jsii call crosses into the Node.js process, so values used everywhere (quantities, the
security contexts) are built once and shared."""

from __future__ import annotations

import enum
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Protocol, TypeVar

from constructs import Construct
from jsii._reference_map import register_reference  # see new_object
from jsii._runtime import kernel as jsii_kernel

import cdk8s
from cdk8s_plus_28 import k8s

from claude_constructs.config.loader import PeerSelector
from claude_constructs.constructs.labels import gitops_annotations

USER_ID = 1000
GROUP_ID = 1000
TOKEN_VOLUME = "kube-api-access"
TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
TOKEN_EXPIRATION_SECONDS = 3600
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"
T = TypeVar("T")


def new_object(cls: type[T], scope: Construct, id: str, **props: Any) -> T:
    """``cls(scope, id, **props)`` for a generated L1 class (Kubernetes or CRD): the same object with
    the same output, created in one request written here.

    The props are built as the typed structs first (the generated constructors check and normalize
    them), then written as the JSON the Node.js side reads: each struct by its own name mapping,
    references (quantities, ports) by their ids, enums by their member. jsii's Python runtime would
    send the same request, after walking the props three times (measured: about a fifth of the time
    it takes to build an instance). The snapshots and dist/ tests hold the bytes the same."""
    module = sys.modules[cls.__module__]
    typed = getattr(module, f"{cls.__name__}Props")(**props)
    obj = cls.__new__(cls)
    scope_ref = {"$jsii.byref": scope.__jsii_ref__.ref}
    if _queue is not None:
        _queue.defer(obj, cls.__jsii_type__, [scope_ref, id, typed])
    else:
        _create(cls, obj, [scope_ref, id, _wire(typed)], f"{cls.__name__} '{id}'")
    return obj


class ObjectQueue(Protocol):
    def defer(self, obj: Any, fqn: str, args: list) -> None:
        """Queue ``obj``, made of ``args``: JSON values, structs, enum members and jsii objects
        (written as ``batch_default`` writes them)."""

    def value(self, cls: type[T], method: str, args: list) -> T:
        """What the static factory ``cls.method(*args)`` returns (a quantity, a port), made with the
        queued objects; the same object for the same call until the queue is taken."""


_queue: ObjectQueue | None = None


def defer_objects(queue: ObjectQueue | None) -> None:
    """From now on ``new_object`` hands each object, its fqn and its create args to ``queue`` instead
    of creating it, and ``quantity`` and ``port_ref`` ask it for their values; the queue makes them
    later (``synthesis.kernel_package``). None: create at once again."""
    global _queue
    _queue = queue


EMPTY = {"$jsii.map": {}}  # Node.js reads a bare {} as a missing value, where a struct is required


_NAMES: dict[type, Mapping[str, str] | None] = {}  # a type's jsii name mapping (None: not a struct)
_PLAIN = (str, bool, int, float)


def _wire(value: Any) -> Any:
    # The most common kinds first, by exact type: this runs for every value of every object.
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float:
        return value
    try:
        names = _NAMES[kind]
    except KeyError:
        names = _NAMES[kind] = None if isinstance(value, _PLAIN) else getattr(kind, "__jsii_name_mapping__", None)
    if names is not None:
        wired = {names[key]: item if type(item) is str else _wire(item)
                 for key, item in value._values.items() if item is not None}
        return wired or EMPTY
    if kind is dict:
        return {key: item if type(item) is str else _wire(item) for key, item in value.items()} or EMPTY
    if kind is list or kind is tuple:
        return [item if type(item) is str else _wire(item) for item in value]
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, (list, tuple)):
        return [_wire(item) for item in value]
    if isinstance(value, dict):
        return {key: _wire(item) for key, item in value.items()} or EMPTY
    if isinstance(value, enum.Enum):
        return {"$jsii.enum": f"{value.__jsii_type__}/{value.value}"}
    ref = getattr(value, "__jsii_ref__", None)
    if ref is not None:
        return {"$jsii.byref": ref.ref}
    raise TypeError(f"cannot pass {type(value).__name__} to Node.js: {value!r}")


def batch_default(value: Any) -> Any:
    """``json.dumps``'s ``default`` for the args of a queued object, which an object batch reads
    (kernel/object_batch.js): a struct as its fields by their jsii names, an enum member and a
    jsii object as jsii writes them. The JSON values around them are written by json's C encoder;
    an empty map may stay ``{}`` there (the batch makes no difference between the two)."""
    kind = type(value)
    try:
        names = _NAMES[kind]
    except KeyError:
        names = _NAMES[kind] = getattr(kind, "__jsii_name_mapping__", None)
    if names is not None:
        return {names[key]: item for key, item in value._values.items() if item is not None}
    ref = getattr(value, "__jsii_ref__", None)
    if ref is not None:
        return {"$jsii.byref": ref.ref}
    if isinstance(value, enum.Enum) and hasattr(value, "__jsii_type__"):
        return {"$jsii.enum": f"{value.__jsii_type__}/{value.value}"}
    raise TypeError(f"cannot pass {type(value).__name__} to Node.js: {value!r}")


def _create(cls: type, obj: Any, args: list, what: str) -> None:
    """What ``jsii.create(cls, obj, args)`` does, for args already in the form jsii writes."""
    node = jsii_kernel.provider._process
    request = {"api": "create", "fqn": cls.__jsii_type__, "args": args, "overrides": [],
               "interfaces": [iface.__jsii_type__ for iface in getattr(cls, "__jsii_ifaces__", [])]}
    node._process.stdin.write(json.dumps(request).encode() + b"\n")
    node._process.stdin.flush()
    answer = node._next_message()
    if "ok" not in answer:
        raise RuntimeError(f"creating {what}: {answer.get('error', answer)}")
    obj.__jsii_ref__ = answer["ok"]
    register_reference(obj)


def quantity(text: str) -> k8s.Quantity:
    if _queue is not None:  # made with the objects that use it, like them
        return _queue.value(k8s.Quantity, "fromString", [text])
    return _made_quantity(text)


def port_ref(value: int | str) -> k8s.IntOrString:
    method = "fromNumber" if isinstance(value, int) else "fromString"
    if _queue is not None:
        return _queue.value(k8s.IntOrString, method, [value])
    return _made_port_ref(value)


@lru_cache(maxsize=None)
def _made_quantity(text: str) -> k8s.Quantity:
    return k8s.Quantity.from_string(text)


@lru_cache(maxsize=None)
def _made_port_ref(value: int | str) -> k8s.IntOrString:
    return k8s.IntOrString.from_number(value) if isinstance(value, int) else k8s.IntOrString.from_string(value)


class ObjectProps(Protocol):
    """What a construct's props say of every object it makes (``sync_waves``, when they have it:
    ArgoCD's sync-wave annotations, and objects kept from pruning)."""

    @property
    def namespace(self) -> str: ...

    @property
    def labels(self) -> Mapping[str, str]: ...

    @property
    def annotations(self) -> Mapping[str, str]: ...


def _metadata_fields(props: ObjectProps, kind: str, name: str, namespace: str | None,
                     labels: Mapping[str, str] | None, annotations: Mapping[str, str] | None) -> dict[str, Any]:
    waves = gitops_annotations(kind) if getattr(props, "sync_waves", False) else {}
    return {"name": name, "namespace": props.namespace if namespace is None else namespace,
            "labels": dict(props.labels if labels is None else labels),
            "annotations": {**props.annotations, **waves, **(annotations or {})}}


def object_metadata(props: ObjectProps, kind: str, name: str, *, namespace: str | None = None,
                    labels: Mapping[str, str] | None = None, annotations: Mapping[str, str] | None = None) -> k8s.ObjectMeta:
    """The metadata of a ``kind`` object a construct makes: the props' namespace, labels and
    annotations, with the sync-wave annotations of ``kind`` when the props ask for them. ``labels``
    replaces the props' labels, ``annotations`` are added last."""
    return k8s.ObjectMeta(**_metadata_fields(props, kind, name, namespace, labels, annotations))


def custom_metadata(props: ObjectProps, kind: str, name: str, *, namespace: str | None = None,
                    labels: Mapping[str, str] | None = None,
                    annotations: Mapping[str, str] | None = None) -> cdk8s.ApiObjectMetadata:
    """``object_metadata`` for the CRD classes, which take cdk8s's own metadata type."""
    return cdk8s.ApiObjectMetadata(**_metadata_fields(props, kind, name, namespace, labels, annotations))


class ResourceAmounts(Protocol):
    """Requests and limits by Kubernetes resource name (the loader's ``Resources`` is one)."""

    @property
    def requests(self) -> Mapping[str, str]: ...

    @property
    def limits(self) -> Mapping[str, str]: ...


def resource_requirements(resources: ResourceAmounts) -> k8s.ResourceRequirements:
    return k8s.ResourceRequirements(
        requests={name: quantity(value) for name, value in resources.requests.items()},
        limits={name: quantity(value) for name, value in resources.limits.items()},
    )


def container_security_context() -> k8s.SecurityContext:
    """Pod Security Standards "restricted", plus a read-only root filesystem."""
    return k8s.SecurityContext(
        allow_privilege_escalation=False,
        capabilities=k8s.Capabilities(drop=["ALL"]),
        privileged=False,
        read_only_root_filesystem=True,
        run_as_non_root=True,
        run_as_user=USER_ID,
        run_as_group=GROUP_ID,
        seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
    )


def pod_security_context() -> k8s.PodSecurityContext:
    return k8s.PodSecurityContext(
        fs_group=GROUP_ID,
        fs_group_change_policy="OnRootMismatch",
        run_as_non_root=True,
        run_as_user=USER_ID,
        run_as_group=GROUP_ID,
        seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
    )


def env_value(name: str, value: str) -> k8s.EnvVar:
    return k8s.EnvVar(name=name, value=value)


def env_secret(name: str, secret_name: str, key: str, *, optional: bool = False) -> k8s.EnvVar:
    return k8s.EnvVar(
        name=name,
        value_from=k8s.EnvVarSource(
            secret_key_ref=k8s.SecretKeySelector(name=secret_name, key=key, optional=optional or None)
        ),
    )


def service_account_token_volume(name: str = TOKEN_VOLUME) -> k8s.Volume:
    """What the legacy automount provides, but with a token that expires after an hour."""
    return k8s.Volume(
        name=name,
        projected=k8s.ProjectedVolumeSource(
            default_mode=0o444,
            sources=[
                k8s.VolumeProjection(
                    service_account_token=k8s.ServiceAccountTokenProjection(
                        path="token", expiration_seconds=TOKEN_EXPIRATION_SECONDS
                    )
                ),
                k8s.VolumeProjection(
                    config_map=k8s.ConfigMapProjection(
                        name="kube-root-ca.crt", items=[k8s.KeyToPath(key="ca.crt", path="ca.crt")]
                    )
                ),
                k8s.VolumeProjection(
                    downward_api=k8s.DownwardApiProjection(
                        items=[
                            k8s.DownwardApiVolumeFile(
                                path="namespace", field_ref=k8s.ObjectFieldSelector(field_path="metadata.namespace")
                            )
                        ]
                    )
                ),
            ],
        ),
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Pods:
    """Pods of one namespace, selected by the namespace's name *and* the pods' labels (both must match)."""

    namespace: str
    pod_labels: Mapping[str, str] = field(default_factory=dict)


def network_peer(selector: Pods | PeerSelector) -> k8s.NetworkPolicyPeer:
    """Namespace *and* pod selector in one peer: both must match."""
    return k8s.NetworkPolicyPeer(
        namespace_selector=k8s.LabelSelector(match_labels={NAMESPACE_NAME_LABEL: selector.namespace}),
        pod_selector=k8s.LabelSelector(match_labels=dict(selector.pod_labels)),
    )


def network_port(number: int, protocol: str = "TCP") -> k8s.NetworkPolicyPort:
    return k8s.NetworkPolicyPort(port=port_ref(number), protocol=protocol)
