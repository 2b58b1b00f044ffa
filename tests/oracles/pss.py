"""An oracle for the Kubernetes Pod Security Standards, profiles ``baseline`` and ``restricted``.

Written from the published standard (kubernetes.io/docs/concepts/security/pod-security-standards)
and cross-checked, where the page is terse, against the reference implementation in
k8s.io/pod-security-admission (``policy/check_*.go``). It answers one question: which controls of
a profile does this pod spec (plus its metadata, for the AppArmor annotations) violate?

What it implements (``violations``), each control named as on the published page:

Baseline
* HostProcess: ``windowsOptions.hostProcess`` unset/false, pod level and every container.
* Host Namespaces: ``hostNetwork``, ``hostPID``, ``hostIPC`` unset/false.
* Privileged Containers: ``securityContext.privileged`` unset/false on every container.
* Capabilities: ``capabilities.add`` only from the default set (AUDIT_WRITE, CHOWN, ...).
* HostPath Volumes: no ``hostPath`` volume.
* Host Ports: every ``ports[*].hostPort`` unset or 0.
* AppArmor: ``container.apparmor.security.beta.kubernetes.io/*`` annotations only
  ``runtime/default`` or ``localhost/*``; ``appArmorProfile.type`` (pod or container) unset,
  ``RuntimeDefault`` or ``Localhost``.
* SELinux: ``seLinuxOptions.type`` unset or one of container_t, container_init_t,
  container_kvm_t, container_engine_t; ``user`` and ``role`` unset (pod and containers).
* /proc Mount Type: ``procMount`` unset or ``Default``.
* Seccomp: ``seccompProfile.type`` (pod or container), when set, ``RuntimeDefault`` or
  ``Localhost`` (so never ``Unconfined``).
* Sysctls: ``spec.securityContext.sysctls[*].name`` only from the safe set.

Restricted (everything above, plus)
* Volume Types: every volume is configMap, csi, downwardAPI, emptyDir, ephemeral,
  persistentVolumeClaim, projected or secret.
* Privilege Escalation: ``allowPrivilegeEscalation`` explicitly false on every container.
* Running as Non-root: ``runAsNonRoot`` true at pod level or on every container, and nothing
  sets it false.
* Running as Non-root user: ``runAsUser`` never 0, pod or container.
* Seccomp: a valid profile at pod level, or on every container (on top of the baseline rule).
* Capabilities: every container drops ``ALL`` and adds nothing but ``NET_BIND_SERVICE``.

"Every container" means ``containers``, ``initContainers`` and ``ephemeralContainers``, as the
reference implementation visits all three.

Points where the standard is ambiguous or version-dependent, and the choice made here:

* Windows pods (``spec.os.name: windows``) are exempt, since policy version 1.25, from the
  restricted Privilege Escalation, Capabilities and Seccomp controls (the page marks them "Linux
  only"). The exemption is implemented for the restricted part of those controls only; the
  baseline Capabilities and Seccomp rules still apply to Windows pods here. The reference
  implementation lets the restricted checks *replace* the baseline ones, so it would admit a
  Windows pod adding e.g. SYS_ADMIN under ``restricted`` but not under ``baseline``: this oracle
  is stricter and flags it under both.
* The page lists AppArmor annotation values ``runtime/default``, ``localhost/*`` and undefined;
  the reference implementation also accepts an empty string. Empty is accepted here too.
* Seccomp and AppArmor "allowed values" are read as an allow-list: a profile object whose type is
  missing or unknown is a violation, not only ``Unconfined`` (the API server would reject such a
  value anyway).
* Sysctls: the safe set is the one of policy versions 1.29 to 1.31 (listed on the
  page at 1.29). Policy version 1.32 added ``net.ipv4.tcp_rmem`` and ``net.ipv4.tcp_wmem``; they are
  NOT in the set here, so this oracle flags them although a 1.32+ cluster admits them. Sysctls
  newer than that are not known either.
* User namespaces (``hostUsers: false``): newer policy versions (1.33+/1.35) skip Running as
  Non-root, Running as Non-root user and the baseline /proc Mount Type control for such pods. Not
  implemented: this oracle applies them to every pod, as the 1.28 standard does.
* Probe and lifecycle ``host`` fields (a baseline control since policy version 1.34) and the
  optional "Non-root groups" control are not part of this oracle.
* Capability names are compared exactly, as the reference implementation does: ``drop: [all]`` or
  ``add: [CAP_CHOWN]`` do not count as ``ALL`` / ``CHOWN``.
* A volume with more than one source (which the API rejects) passes Volume Types only if every
  source is allowed; a volume with no source at all is a violation.
* ``restricted`` reports a hostPath volume under both HostPath Volumes and Volume Types (the
  reference implementation folds the first into the second).

Values are read as in a manifest (camelCase keys, JSON types); a field that must be "unset or
false" is a violation for any other value, and one that must be "true"/"false" is a violation
unless it is exactly that boolean.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

BASELINE = "baseline"
RESTRICTED = "restricted"
PROFILES = (BASELINE, RESTRICTED)

# Control names, as on the published page.
HOST_PROCESS = "HostProcess"
HOST_NAMESPACES = "Host Namespaces"
PRIVILEGED = "Privileged Containers"
CAPABILITIES = "Capabilities"
HOST_PATH_VOLUMES = "HostPath Volumes"
HOST_PORTS = "Host Ports"
APPARMOR = "AppArmor"
SELINUX = "SELinux"
PROC_MOUNT = "/proc Mount Type"
SECCOMP = "Seccomp"
SYSCTLS = "Sysctls"
VOLUME_TYPES = "Volume Types"
PRIVILEGE_ESCALATION = "Privilege Escalation"
RUNNING_AS_NON_ROOT = "Running as Non-root"
RUNNING_AS_NON_ROOT_USER = "Running as Non-root user"

BASELINE_CONTROLS = (
    HOST_PROCESS,
    HOST_NAMESPACES,
    PRIVILEGED,
    CAPABILITIES,
    HOST_PATH_VOLUMES,
    HOST_PORTS,
    APPARMOR,
    SELINUX,
    PROC_MOUNT,
    SECCOMP,
    SYSCTLS,
)
# Controls the restricted profile adds; Seccomp and Capabilities are tightened, not new.
RESTRICTED_ONLY_CONTROLS = (
    VOLUME_TYPES,
    PRIVILEGE_ESCALATION,
    RUNNING_AS_NON_ROOT,
    RUNNING_AS_NON_ROOT_USER,
)
RESTRICTED_CONTROLS = BASELINE_CONTROLS + RESTRICTED_ONLY_CONTROLS

BASELINE_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)
RESTRICTED_ADDABLE_CAPABILITIES = frozenset({"NET_BIND_SERVICE"})
DROP_ALL = "ALL"

APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
APPARMOR_RUNTIME_DEFAULT = "runtime/default"
APPARMOR_LOCALHOST_PREFIX = "localhost/"
PROFILE_TYPES = frozenset({"RuntimeDefault", "Localhost"})  # seccompProfile and appArmorProfile

SELINUX_TYPES = frozenset({"container_t", "container_init_t", "container_kvm_t", "container_engine_t"})

DEFAULT_PROC_MOUNT = "Default"

SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)

RESTRICTED_VOLUME_SOURCES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)

CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")

# Kinds whose pod template is at spec.template; CronJob is handled apart.
TEMPLATE_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"})


def _unset_or_false(value: Any) -> bool:
    return value is None or value is False


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _containers(pod_spec: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(where, container) of every container, init container and ephemeral container."""
    for field in CONTAINER_LISTS:
        for index, container in enumerate(_list(pod_spec.get(field))):
            container = _mapping(container)
            name = container.get("name")
            label = name if isinstance(name, str) and name else f"#{index}"
            yield f"{field}[{label}]", container


def _security_context(container: Mapping[str, Any]) -> Mapping[str, Any]:
    return _mapping(container.get("securityContext"))


def _is_windows(pod_spec: Mapping[str, Any]) -> bool:
    return _mapping(pod_spec.get("os")).get("name") == "windows"


# --- Baseline controls -------------------------------------------------------------------------


def _host_process(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    value = _mapping(pod_sc.get("windowsOptions")).get("hostProcess")
    if not _unset_or_false(value):
        yield HOST_PROCESS, "spec.securityContext", f"windowsOptions.hostProcess is {value!r}, must be unset or false"
    for where, container in _containers(pod_spec):
        value = _mapping(_security_context(container).get("windowsOptions")).get("hostProcess")
        if not _unset_or_false(value):
            yield HOST_PROCESS, where, f"securityContext.windowsOptions.hostProcess is {value!r}, must be unset or false"


def _host_namespaces(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        value = pod_spec.get(field)
        if not _unset_or_false(value):
            yield HOST_NAMESPACES, f"spec.{field}", f"is {value!r}, must be unset or false"


def _privileged(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for where, container in _containers(pod_spec):
        value = _security_context(container).get("privileged")
        if not _unset_or_false(value):
            yield PRIVILEGED, where, f"securityContext.privileged is {value!r}, must be unset or false"


def _added_capabilities(container: Mapping[str, Any]) -> list:
    return _list(_mapping(_security_context(container).get("capabilities")).get("add"))


def _capabilities_baseline(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for where, container in _containers(pod_spec):
        for capability in _added_capabilities(container):
            if capability not in BASELINE_CAPABILITIES:
                yield CAPABILITIES, where, f"capabilities.add has {capability!r}, outside the baseline default set"


def _host_path_volumes(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for index, volume in enumerate(_list(pod_spec.get("volumes"))):
        volume = _mapping(volume)
        if volume.get("hostPath") is not None:
            yield HOST_PATH_VOLUMES, f"volumes[{volume.get('name', f'#{index}')}]", "is a hostPath volume"


def _host_ports(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for where, container in _containers(pod_spec):
        for port in _list(container.get("ports")):
            value = _mapping(port).get("hostPort")
            if value is not None and value != 0:
                yield HOST_PORTS, where, f"ports has hostPort {value!r}, must be unset or 0"


def _apparmor(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for key, value in sorted(_mapping(_mapping(metadata).get("annotations")).items()):
        if not isinstance(key, str) or not key.startswith(APPARMOR_ANNOTATION_PREFIX):
            continue
        # The reference implementation also accepts an empty value; the page lists only
        # runtime/default, localhost/* and undefined.
        allowed = value == "" or value == APPARMOR_RUNTIME_DEFAULT or (
            isinstance(value, str) and value.startswith(APPARMOR_LOCALHOST_PREFIX)
        )
        if not allowed:
            yield APPARMOR, f"metadata.annotations[{key}]", f"is {value!r}, must be runtime/default or localhost/*"
    profile = pod_sc.get("appArmorProfile")
    if profile is not None and _mapping(profile).get("type") not in PROFILE_TYPES:
        yield APPARMOR, "spec.securityContext", (
            f"appArmorProfile.type is {_mapping(profile).get('type')!r}, must be unset, RuntimeDefault or Localhost"
        )
    for where, container in _containers(pod_spec):
        profile = _security_context(container).get("appArmorProfile")
        if profile is not None and _mapping(profile).get("type") not in PROFILE_TYPES:
            yield APPARMOR, where, (
                f"securityContext.appArmorProfile.type is {_mapping(profile).get('type')!r}, "
                "must be unset, RuntimeDefault or Localhost"
            )


def _selinux_problems(options: Any) -> list[str]:
    if options is None:
        return []
    options = _mapping(options)
    problems = []
    selinux_type = options.get("type")
    if selinux_type not in (None, "") and selinux_type not in SELINUX_TYPES:
        problems.append(f"seLinuxOptions.type is {selinux_type!r}, must be unset or one of {sorted(SELINUX_TYPES)}")
    for field in ("user", "role"):
        if options.get(field) not in (None, ""):
            problems.append(f"seLinuxOptions.{field} is {options.get(field)!r}, must be unset")
    return problems


def _selinux(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for problem in _selinux_problems(pod_sc.get("seLinuxOptions")):
        yield SELINUX, "spec.securityContext", problem
    for where, container in _containers(pod_spec):
        for problem in _selinux_problems(_security_context(container).get("seLinuxOptions")):
            yield SELINUX, where, f"securityContext.{problem}"


def _proc_mount(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for where, container in _containers(pod_spec):
        value = _security_context(container).get("procMount")
        if value is not None and value != DEFAULT_PROC_MOUNT:
            yield PROC_MOUNT, where, f"securityContext.procMount is {value!r}, must be unset or Default"


def _seccomp_type(security_context: Mapping[str, Any]) -> tuple[bool, Any]:
    """(is the profile set, its type)."""
    profile = security_context.get("seccompProfile")
    return profile is not None, _mapping(profile).get("type")


def _seccomp_baseline(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    is_set, profile_type = _seccomp_type(pod_sc)
    if is_set and profile_type not in PROFILE_TYPES:
        yield SECCOMP, "spec.securityContext", (
            f"seccompProfile.type is {profile_type!r}, must be unset, RuntimeDefault or Localhost"
        )
    for where, container in _containers(pod_spec):
        is_set, profile_type = _seccomp_type(_security_context(container))
        if is_set and profile_type not in PROFILE_TYPES:
            yield SECCOMP, where, (
                f"securityContext.seccompProfile.type is {profile_type!r}, must be unset, RuntimeDefault or Localhost"
            )


def _sysctls(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for sysctl in _list(pod_sc.get("sysctls")):
        name = _mapping(sysctl).get("name")
        if name not in SAFE_SYSCTLS:
            yield SYSCTLS, "spec.securityContext", f"sysctl {name!r} is not in the safe set"


BASELINE_CHECKS = (
    _host_process,
    _host_namespaces,
    _privileged,
    _capabilities_baseline,
    _host_path_volumes,
    _host_ports,
    _apparmor,
    _selinux,
    _proc_mount,
    _seccomp_baseline,
    _sysctls,
)


# --- Restricted controls -----------------------------------------------------------------------


def _volume_types(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    for index, volume in enumerate(_list(pod_spec.get("volumes"))):
        volume = _mapping(volume)
        where = f"volumes[{volume.get('name', f'#{index}')}]"
        sources = [key for key, value in volume.items() if key != "name" and value is not None]
        if not sources:
            yield VOLUME_TYPES, where, "has no volume source"
        for source in sources:
            if source not in RESTRICTED_VOLUME_SOURCES:
                yield VOLUME_TYPES, where, f"is a {source} volume, only {sorted(RESTRICTED_VOLUME_SOURCES)} are allowed"


def _privilege_escalation(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    if _is_windows(pod_spec):  # Linux-only control since policy version 1.25
        return
    for where, container in _containers(pod_spec):
        value = _security_context(container).get("allowPrivilegeEscalation")
        if value is not False:
            shown = "unset" if value is None else repr(value)
            yield PRIVILEGE_ESCALATION, where, f"securityContext.allowPrivilegeEscalation is {shown}, must be false"


def _running_as_non_root(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    pod_value = pod_sc.get("runAsNonRoot")
    if pod_value is not None and pod_value is not True:
        yield RUNNING_AS_NON_ROOT, "spec.securityContext", f"runAsNonRoot is {pod_value!r}, must be true or unset"
    for where, container in _containers(pod_spec):
        value = _security_context(container).get("runAsNonRoot")
        if value is None:
            if pod_value is not True:
                yield RUNNING_AS_NON_ROOT, where, (
                    "securityContext.runAsNonRoot is unset and the pod does not set runAsNonRoot: true"
                )
        elif value is not True:
            yield RUNNING_AS_NON_ROOT, where, f"securityContext.runAsNonRoot is {value!r}, must be true or unset"


def _is_root(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value == 0


def _running_as_non_root_user(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    if _is_root(pod_sc.get("runAsUser")):
        yield RUNNING_AS_NON_ROOT_USER, "spec.securityContext", "runAsUser is 0"
    for where, container in _containers(pod_spec):
        if _is_root(_security_context(container).get("runAsUser")):
            yield RUNNING_AS_NON_ROOT_USER, where, "securityContext.runAsUser is 0"


def _seccomp_restricted(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    # Bad values are reported by the baseline rule; this adds the requirement that a valid
    # profile covers every container.
    if _is_windows(pod_spec):  # Linux-only control since policy version 1.25
        return
    is_set, profile_type = _seccomp_type(pod_sc)
    pod_valid = is_set and profile_type in PROFILE_TYPES
    for where, container in _containers(pod_spec):
        is_set, _ = _seccomp_type(_security_context(container))
        if not is_set and not pod_valid:
            yield SECCOMP, where, (
                "no seccompProfile, on the container or the pod; must be RuntimeDefault or Localhost"
            )


def _capabilities_restricted(pod_spec, pod_sc, metadata) -> Iterator[tuple[str, str, str]]:
    if _is_windows(pod_spec):  # Linux-only control since policy version 1.25
        return
    for where, container in _containers(pod_spec):
        dropped = _list(_mapping(_security_context(container).get("capabilities")).get("drop"))
        if DROP_ALL not in dropped:
            yield CAPABILITIES, where, "capabilities.drop does not include 'ALL'"
        for capability in _added_capabilities(container):
            if capability not in RESTRICTED_ADDABLE_CAPABILITIES:
                yield CAPABILITIES, where, f"capabilities.add has {capability!r}, only 'NET_BIND_SERVICE' is allowed"


RESTRICTED_CHECKS = (
    _volume_types,
    _privilege_escalation,
    _running_as_non_root,
    _running_as_non_root_user,
    _seccomp_restricted,
    _capabilities_restricted,
)


# --- Public interface --------------------------------------------------------------------------


def violations(pod_spec: dict, metadata: dict | None = None, profile: str = "restricted") -> list[str]:
    """Every violated control, as 'control-name: container-or-field: what is wrong'. Empty list = compliant.

    pod_spec is a PodSpec dict as in a manifest (camelCase keys). metadata is the pod (template)
    metadata, read for the AppArmor annotations. 'restricted' includes every 'baseline' control.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown Pod Security Standards profile {profile!r}, expected one of {PROFILES}")
    pod_spec = _mapping(pod_spec)
    pod_sc = _mapping(pod_spec.get("securityContext"))
    metadata = _mapping(metadata)
    checks = BASELINE_CHECKS + (RESTRICTED_CHECKS if profile == RESTRICTED else ())
    found: dict[str, None] = {}  # ordered, without duplicates
    for check in checks:
        for control, where, problem in check(pod_spec, pod_sc, metadata):
            found[f"{control}: {where}: {problem}"] = None
    return list(found)


def violated_controls(pod_spec: dict, metadata: dict | None = None, profile: str = "restricted") -> set[str]:
    """The names of the violated controls (the part of each violation before the first ': ')."""
    return {violation.split(": ", 1)[0] for violation in violations(pod_spec, metadata, profile)}


def pod_specs(manifest: dict) -> list[tuple[str, dict, dict]]:
    """(description, pod_spec, pod_metadata) of every pod template in a manifest.

    Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job (spec.template), CronJob
    (spec.jobTemplate.spec.template). Other kinds: [].
    """
    if not isinstance(manifest, Mapping):
        return []
    kind = manifest.get("kind")
    name = _mapping(manifest.get("metadata")).get("name", "")
    description = f"{kind}/{name}"
    spec = _mapping(manifest.get("spec"))
    if kind == "Pod":
        return [(description, dict(spec), dict(_mapping(manifest.get("metadata"))))]
    if kind in TEMPLATE_KINDS:
        template = _mapping(spec.get("template"))
        path = "spec.template"
    elif kind == "CronJob":
        template = _mapping(_mapping(_mapping(spec.get("jobTemplate")).get("spec")).get("template"))
        path = "spec.jobTemplate.spec.template"
    else:
        return []
    return [
        (
            f"{description} {path}",
            dict(_mapping(template.get("spec"))),
            dict(_mapping(template.get("metadata"))),
        )
    ]
