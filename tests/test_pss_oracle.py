"""The Pod Security Standards oracle (tests/oracles/pss.py), tested on known cases before it is used."""

from __future__ import annotations

import copy

import pytest

from tests.oracles.pss import (
    APPARMOR,
    BASELINE_CONTROLS,
    CAPABILITIES,
    HOST_NAMESPACES,
    HOST_PATH_VOLUMES,
    HOST_PORTS,
    HOST_PROCESS,
    PRIVILEGE_ESCALATION,
    PRIVILEGED,
    PROC_MOUNT,
    RESTRICTED_CONTROLS,
    RESTRICTED_ONLY_CONTROLS,
    RUNNING_AS_NON_ROOT,
    RUNNING_AS_NON_ROOT_USER,
    SAFE_SYSCTLS,
    SECCOMP,
    SELINUX,
    SYSCTLS,
    VOLUME_TYPES,
    pod_specs,
    violated_controls,
    violations,
)

HARDENED = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}


def restricted_pod() -> dict:
    """A pod that passes every restricted control: pod-level non-root and seccomp, hardened containers."""
    return {
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 1000,
            "runAsGroup": 1000,
            "fsGroup": 1000,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "initContainers": [
            {"name": "init", "image": "busybox", "securityContext": copy.deepcopy(HARDENED)},
        ],
        "containers": [
            {
                "name": "app",
                "image": "nginx",
                "ports": [{"containerPort": 8080, "name": "http"}],
                "securityContext": {**copy.deepcopy(HARDENED), "readOnlyRootFilesystem": True},
                "volumeMounts": [{"name": "config", "mountPath": "/etc/app"}],
            },
        ],
        "volumes": [
            {"name": "config", "configMap": {"name": "app-config"}},
            {"name": "scratch", "emptyDir": {}},
        ],
    }


def container(pod: dict, name: str) -> dict:
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for candidate in pod.get(field, []):
            if candidate["name"] == name:
                return candidate
    raise KeyError(name)


def container_context(pod: dict, name: str) -> dict:
    return container(pod, name).setdefault("securityContext", {})


# --- The known-good pod ------------------------------------------------------------------------


def test_the_known_good_pod_with_an_init_container_passes_restricted_and_baseline():
    pod = restricted_pod()
    assert pod["initContainers"]
    assert violations(pod, {}, "restricted") == []
    assert violations(pod, {}, "baseline") == []


def test_every_allowed_value_of_every_control_passes_restricted():
    pod = restricted_pod()
    pod["securityContext"]["appArmorProfile"] = {"type": "RuntimeDefault"}
    pod["securityContext"]["seLinuxOptions"] = {"type": "container_t", "level": "s0:c123,c456"}
    pod["securityContext"]["sysctls"] = [{"name": name, "value": "1"} for name in sorted(SAFE_SYSCTLS)]
    pod["securityContext"]["windowsOptions"] = {"hostProcess": False}
    pod["hostNetwork"] = pod["hostPID"] = pod["hostIPC"] = False
    app = container_context(pod, "app")
    app.update(
        {
            "privileged": False,
            "procMount": "Default",
            "runAsNonRoot": True,
            "runAsUser": 65532,
            "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]},
            "seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/app.json"},
            "appArmorProfile": {"type": "Localhost", "localhostProfile": "app"},
            "seLinuxOptions": {"type": "container_engine_t"},
        }
    )
    container(pod, "app")["ports"].append({"containerPort": 9090, "hostPort": 0})
    container_context(pod, "init")["seLinuxOptions"] = {"type": "container_init_t"}
    pod["ephemeralContainers"] = [{"name": "debug", "image": "busybox", "securityContext": copy.deepcopy(HARDENED)}]
    pod["volumes"] += [
        {"name": "secret", "secret": {"secretName": "s"}},
        {"name": "projected", "projected": {"sources": []}},
        {"name": "downward", "downwardAPI": {"items": []}},
        {"name": "claim", "persistentVolumeClaim": {"claimName": "data"}},
        {"name": "csi", "csi": {"driver": "secrets-store.csi.k8s.io"}},
        {"name": "ephemeral", "ephemeral": {"volumeClaimTemplate": {"spec": {}}}},
    ]
    metadata = {
        "annotations": {
            "container.apparmor.security.beta.kubernetes.io/app": "runtime/default",
            "container.apparmor.security.beta.kubernetes.io/init": "localhost/k8s-apparmor-example",
            "unrelated.example.com/annotation": "unconfined",
        }
    }
    assert violations(pod, metadata, "restricted") == []


def test_a_minimal_pod_passes_baseline_but_not_restricted():
    pod = {"containers": [{"name": "app", "image": "nginx"}]}
    assert violations(pod, None, "baseline") == []
    assert violated_controls(pod, None, "restricted") == {
        PRIVILEGE_ESCALATION,
        RUNNING_AS_NON_ROOT,
        SECCOMP,
        CAPABILITIES,
    }


def test_restricted_is_the_default_profile():
    pod = {"containers": [{"name": "app", "image": "nginx"}]}
    assert violations(pod) == violations(pod, None, "restricted")


def test_each_violation_reads_control_then_place_then_problem():
    pod = restricted_pod()
    pod["hostNetwork"] = True
    container_context(pod, "init")["runAsUser"] = 0
    found = violations(pod, {}, "restricted")
    assert found == [
        "Host Namespaces: spec.hostNetwork: is True, must be unset or false",
        "Running as Non-root user: initContainers[init]: securityContext.runAsUser is 0",
    ]


def test_an_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="privileged"):
        violations(restricted_pod(), {}, "privileged")


def test_the_control_lists_name_eleven_baseline_and_four_restricted_only_controls():
    assert len(BASELINE_CONTROLS) == 11
    assert len(RESTRICTED_ONLY_CONTROLS) == 4
    assert set(RESTRICTED_CONTROLS) == set(BASELINE_CONTROLS) | set(RESTRICTED_ONLY_CONTROLS)


# --- Baseline controls: flagged by both profiles -----------------------------------------------


def with_pod_host_process(pod):
    pod["securityContext"]["windowsOptions"] = {"hostProcess": True}


def with_container_host_process(pod):
    container_context(pod, "app")["windowsOptions"] = {"hostProcess": True}


def with_host_network(pod):
    pod["hostNetwork"] = True


def with_host_pid(pod):
    pod["hostPID"] = True


def with_host_ipc(pod):
    pod["hostIPC"] = True


def with_privileged_ephemeral_container(pod):
    pod["ephemeralContainers"] = [
        {"name": "debug", "image": "busybox", "securityContext": {**copy.deepcopy(HARDENED), "privileged": True}}
    ]


def with_sys_admin_added(pod):
    container_context(pod, "app")["capabilities"]["add"] = ["SYS_ADMIN"]


def with_net_raw_added_to_init_container(pod):
    container_context(pod, "init")["capabilities"]["add"] = ["NET_RAW"]


def with_host_path_volume(pod):
    pod["volumes"].append({"name": "host", "hostPath": {"path": "/var/run/docker.sock"}})


def with_host_port_on_init_container(pod):
    container(pod, "init")["ports"] = [{"containerPort": 80, "hostPort": 80}]


def with_pod_apparmor_unconfined(pod):
    pod["securityContext"]["appArmorProfile"] = {"type": "Unconfined"}


def with_container_apparmor_unconfined(pod):
    container_context(pod, "init")["appArmorProfile"] = {"type": "Unconfined"}


def with_custom_selinux_type(pod):
    container_context(pod, "app")["seLinuxOptions"] = {"type": "spc_t"}


def with_selinux_user(pod):
    pod["securityContext"]["seLinuxOptions"] = {"user": "system_u"}


def with_selinux_role(pod):
    container_context(pod, "init")["seLinuxOptions"] = {"type": "container_t", "role": "system_r"}


def with_unmasked_proc_mount(pod):
    container_context(pod, "app")["procMount"] = "Unmasked"


def with_pod_seccomp_unconfined(pod):
    pod["securityContext"]["seccompProfile"] = {"type": "Unconfined"}


def with_container_seccomp_unconfined(pod):
    container_context(pod, "init")["seccompProfile"] = {"type": "Unconfined"}


def with_unsafe_sysctl(pod):
    pod["securityContext"]["sysctls"] = [
        {"name": "net.ipv4.tcp_syncookies", "value": "1"},
        {"name": "kernel.msgmax", "value": "65536"},
    ]


BASELINE_CASES = [
    (HOST_PROCESS, with_pod_host_process),
    (HOST_PROCESS, with_container_host_process),
    (HOST_NAMESPACES, with_host_network),
    (HOST_NAMESPACES, with_host_pid),
    (HOST_NAMESPACES, with_host_ipc),
    (PRIVILEGED, with_privileged_ephemeral_container),
    (CAPABILITIES, with_sys_admin_added),
    (CAPABILITIES, with_net_raw_added_to_init_container),
    (HOST_PATH_VOLUMES, with_host_path_volume),
    (HOST_PORTS, with_host_port_on_init_container),
    (APPARMOR, with_pod_apparmor_unconfined),
    (APPARMOR, with_container_apparmor_unconfined),
    (SELINUX, with_custom_selinux_type),
    (SELINUX, with_selinux_user),
    (SELINUX, with_selinux_role),
    (PROC_MOUNT, with_unmasked_proc_mount),
    (SECCOMP, with_pod_seccomp_unconfined),
    (SECCOMP, with_container_seccomp_unconfined),
    (SYSCTLS, with_unsafe_sysctl),
]


@pytest.mark.parametrize(("control", "change"), BASELINE_CASES, ids=[change.__name__ for _, change in BASELINE_CASES])
def test_a_baseline_violation_is_flagged_by_both_profiles(control, change):
    pod = restricted_pod()
    change(pod)
    assert control in violated_controls(pod, {}, "baseline")
    assert control in violated_controls(pod, {}, "restricted")


def test_an_unconfined_apparmor_annotation_is_flagged_by_both_profiles():
    metadata = {"annotations": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}}
    for profile in ("baseline", "restricted"):
        assert violations(restricted_pod(), metadata, profile) == [
            (
                "AppArmor: metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: "
                "is 'unconfined', must be runtime/default or localhost/*"
            )
        ]


def test_a_host_path_volume_fails_baseline_and_restricted_also_as_a_volume_type():
    pod = restricted_pod()
    with_host_path_volume(pod)
    assert violations(pod, {}, "baseline") == ["HostPath Volumes: volumes[host]: is a hostPath volume"]
    assert violated_controls(pod, {}, "restricted") == {HOST_PATH_VOLUMES, VOLUME_TYPES}


def test_host_namespaces_name_every_shared_namespace():
    pod = restricted_pod()
    pod["hostNetwork"] = pod["hostPID"] = pod["hostIPC"] = True
    found = violations(pod, {}, "baseline")
    assert [violation.split(": ")[1] for violation in found] == ["spec.hostNetwork", "spec.hostPID", "spec.hostIPC"]


def test_a_host_port_of_zero_is_no_host_port():
    pod = restricted_pod()
    container(pod, "app")["ports"] = [{"containerPort": 8080, "hostPort": 0}]
    assert violations(pod, {}, "baseline") == []


def test_every_baseline_capability_may_be_added_under_baseline():
    pod = restricted_pod()
    container_context(pod, "app")["capabilities"]["add"] = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]  # fmt: skip
    assert violations(pod, {}, "baseline") == []


def test_a_selinux_level_alone_is_allowed():
    pod = restricted_pod()
    pod["securityContext"]["seLinuxOptions"] = {"level": "s0:c1,c2"}
    assert violations(pod, {}, "restricted") == []


def test_a_sysctl_added_after_the_1_29_safe_set_is_flagged():
    pod = restricted_pod()
    pod["securityContext"]["sysctls"] = [{"name": "net.ipv4.tcp_rmem", "value": "4096 87380 6291456"}]
    assert violated_controls(pod, {}, "baseline") == {SYSCTLS}


# --- Restricted-only controls: flagged by restricted, not by baseline --------------------------


def with_nfs_volume(pod):
    pod["volumes"].append({"name": "share", "nfs": {"server": "nfs.example.com", "path": "/export"}})


def with_git_repo_volume(pod):
    pod["volumes"].append({"name": "repo", "gitRepo": {"repository": "https://example.com/repo.git"}})


def with_allow_privilege_escalation_missing(pod):
    del container_context(pod, "app")["allowPrivilegeEscalation"]


def with_allow_privilege_escalation_true(pod):
    container_context(pod, "init")["allowPrivilegeEscalation"] = True


def with_run_as_non_root_nowhere(pod):
    del pod["securityContext"]["runAsNonRoot"]


def with_run_as_non_root_false_on_one_container(pod):
    container_context(pod, "app")["runAsNonRoot"] = False


def with_run_as_non_root_false_on_the_pod(pod):
    pod["securityContext"]["runAsNonRoot"] = False
    for name in ("init", "app"):
        container_context(pod, name)["runAsNonRoot"] = True


def with_pod_run_as_user_zero(pod):
    pod["securityContext"]["runAsUser"] = 0


def with_container_run_as_user_zero(pod):
    container_context(pod, "app")["runAsUser"] = 0


def with_seccomp_on_some_containers_only(pod):
    del pod["securityContext"]["seccompProfile"]
    container_context(pod, "app")["seccompProfile"] = {"type": "RuntimeDefault"}


def with_drop_all_missing(pod):
    container_context(pod, "init")["capabilities"] = {"drop": ["NET_RAW"]}


def with_chown_added(pod):
    container_context(pod, "app")["capabilities"]["add"] = ["CHOWN"]


RESTRICTED_ONLY_CASES = [
    (VOLUME_TYPES, with_nfs_volume),
    (VOLUME_TYPES, with_git_repo_volume),
    (PRIVILEGE_ESCALATION, with_allow_privilege_escalation_missing),
    (PRIVILEGE_ESCALATION, with_allow_privilege_escalation_true),
    (RUNNING_AS_NON_ROOT, with_run_as_non_root_nowhere),
    (RUNNING_AS_NON_ROOT, with_run_as_non_root_false_on_one_container),
    (RUNNING_AS_NON_ROOT, with_run_as_non_root_false_on_the_pod),
    (RUNNING_AS_NON_ROOT_USER, with_pod_run_as_user_zero),
    (RUNNING_AS_NON_ROOT_USER, with_container_run_as_user_zero),
    (SECCOMP, with_seccomp_on_some_containers_only),
    (CAPABILITIES, with_drop_all_missing),
    (CAPABILITIES, with_chown_added),
]


@pytest.mark.parametrize(
    ("control", "change"), RESTRICTED_ONLY_CASES, ids=[change.__name__ for _, change in RESTRICTED_ONLY_CASES]
)
def test_a_restricted_only_violation_is_flagged_by_restricted_and_not_by_baseline(control, change):
    pod = restricted_pod()
    change(pod)
    assert violated_controls(pod, {}, "restricted") == {control}
    assert violations(pod, {}, "baseline") == []


def test_every_control_has_a_known_bad_case():
    covered = {control for control, _ in BASELINE_CASES + RESTRICTED_ONLY_CASES}
    assert covered == set(RESTRICTED_CONTROLS)
    assert {control for control, _ in BASELINE_CASES} == set(BASELINE_CONTROLS)


def test_an_init_container_running_as_root_with_chown_added_fails_restricted_only():
    pod = restricted_pod()
    init = container_context(pod, "init")
    init["runAsUser"] = 0
    init["capabilities"]["add"] = ["CHOWN"]
    assert violations(pod, {}, "restricted") == [
        "Running as Non-root user: initContainers[init]: securityContext.runAsUser is 0",
        "Capabilities: initContainers[init]: capabilities.add has 'CHOWN', only 'NET_BIND_SERVICE' is allowed",
    ]
    assert violations(pod, {}, "baseline") == []


def test_a_container_missing_allow_privilege_escalation_fails_restricted_only():
    pod = restricted_pod()
    del container_context(pod, "app")["allowPrivilegeEscalation"]
    assert violations(pod, {}, "restricted") == [
        "Privilege Escalation: containers[app]: securityContext.allowPrivilegeEscalation is unset, must be false"
    ]
    assert violations(pod, {}, "baseline") == []


def test_seccomp_on_some_containers_and_not_on_the_pod_fails_restricted_for_the_others():
    pod = restricted_pod()
    with_seccomp_on_some_containers_only(pod)
    assert violations(pod, {}, "restricted") == [
        (
            "Seccomp: initContainers[init]: no seccompProfile, on the container or the pod; "
            "must be RuntimeDefault or Localhost"
        )
    ]


def test_seccomp_on_every_container_and_not_on_the_pod_passes_restricted():
    pod = restricted_pod()
    del pod["securityContext"]["seccompProfile"]
    container_context(pod, "init")["seccompProfile"] = {"type": "Localhost", "localhostProfile": "p.json"}
    container_context(pod, "app")["seccompProfile"] = {"type": "RuntimeDefault"}
    assert violations(pod, {}, "restricted") == []


def test_a_pod_level_unconfined_seccomp_is_not_repaired_by_container_profiles():
    pod = restricted_pod()
    pod["securityContext"]["seccompProfile"] = {"type": "Unconfined"}
    container_context(pod, "app")["seccompProfile"] = {"type": "RuntimeDefault"}
    found = violations(pod, {}, "restricted")
    assert "Seccomp: spec.securityContext: seccompProfile.type is 'Unconfined', must be unset, RuntimeDefault or Localhost" in found
    assert any(violation.startswith("Seccomp: initContainers[init]: no seccompProfile") for violation in found)


def test_run_as_non_root_on_the_pod_overridden_to_false_by_one_container_fails():
    pod = restricted_pod()
    container_context(pod, "app")["runAsNonRoot"] = False
    assert violations(pod, {}, "restricted") == [
        "Running as Non-root: containers[app]: securityContext.runAsNonRoot is False, must be true or unset"
    ]


def test_run_as_non_root_on_every_container_and_not_on_the_pod_passes():
    pod = restricted_pod()
    del pod["securityContext"]["runAsNonRoot"]
    for name in ("init", "app"):
        container_context(pod, name)["runAsNonRoot"] = True
    assert violations(pod, {}, "restricted") == []


def test_run_as_non_root_missing_on_one_container_without_pod_default_fails_for_that_container():
    pod = restricted_pod()
    del pod["securityContext"]["runAsNonRoot"]
    container_context(pod, "app")["runAsNonRoot"] = True
    found = violations(pod, {}, "restricted")
    assert len(found) == 1
    assert found[0].startswith("Running as Non-root: initContainers[init]: ")


def test_ephemeral_containers_are_checked_like_the_others():
    pod = restricted_pod()
    pod["ephemeralContainers"] = [{"name": "debug", "image": "busybox"}]
    found = violations(pod, {}, "restricted")
    assert found == [
        (
            "Privilege Escalation: ephemeralContainers[debug]: securityContext.allowPrivilegeEscalation is unset, "
            "must be false"
        ),
        "Capabilities: ephemeralContainers[debug]: capabilities.drop does not include 'ALL'",
    ]


def test_drop_all_is_matched_exactly():
    pod = restricted_pod()
    container_context(pod, "app")["capabilities"] = {"drop": ["all"]}
    assert violated_controls(pod, {}, "restricted") == {CAPABILITIES}


def test_a_windows_pod_is_exempt_from_the_linux_only_restricted_controls():
    pod = {
        "os": {"name": "windows"},
        "securityContext": {"runAsNonRoot": True},
        "containers": [{"name": "app", "image": "mcr.microsoft.com/windows/nanoserver"}],
    }
    assert violations(pod, {}, "restricted") == []


def test_a_windows_pod_still_obeys_the_baseline_capabilities():
    pod = {
        "os": {"name": "windows"},
        "securityContext": {"runAsNonRoot": True},
        "containers": [{"name": "app", "image": "i", "securityContext": {"capabilities": {"add": ["SYS_ADMIN"]}}}],
    }
    assert violated_controls(pod, {}, "restricted") == {CAPABILITIES}
    assert violated_controls(pod, {}, "baseline") == {CAPABILITIES}


def test_a_volume_without_a_source_is_not_an_allowed_volume_type():
    pod = restricted_pod()
    pod["volumes"].append({"name": "nothing"})
    assert violations(pod, {}, "restricted") == ["Volume Types: volumes[nothing]: has no volume source"]


# --- pod_specs ---------------------------------------------------------------------------------


def test_pod_specs_finds_the_template_of_a_deployment():
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {
                    "labels": {"app": "web"},
                    "annotations": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"},
                },
                "spec": restricted_pod(),
            },
        },
    }
    [(description, spec, metadata)] = pod_specs(deployment)
    assert "Deployment/web" in description
    assert spec == restricted_pod()
    assert metadata["labels"] == {"app": "web"}
    assert violated_controls(spec, metadata, "baseline") == {APPARMOR}


def test_pod_specs_finds_the_job_template_of_a_cronjob():
    pod = restricted_pod()
    container_context(pod, "init")["runAsUser"] = 0
    cronjob = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "backup"},
        "spec": {
            "schedule": "0 3 * * *",
            "jobTemplate": {"spec": {"template": {"metadata": {"labels": {"job": "backup"}}, "spec": pod}}},
        },
    }
    [(description, spec, metadata)] = pod_specs(cronjob)
    assert "CronJob/backup" in description
    assert spec == pod
    assert metadata == {"labels": {"job": "backup"}}
    assert violated_controls(spec, metadata, "restricted") == {RUNNING_AS_NON_ROOT_USER}


@pytest.mark.parametrize("kind", ["StatefulSet", "DaemonSet", "ReplicaSet", "Job"])
def test_pod_specs_finds_spec_template_of_the_other_workload_kinds(kind):
    manifest = {"kind": kind, "metadata": {"name": "w"}, "spec": {"template": {"spec": restricted_pod()}}}
    [(description, spec, metadata)] = pod_specs(manifest)
    assert description.startswith(f"{kind}/w")
    assert spec == restricted_pod()
    assert metadata == {}


def test_pod_specs_reads_a_bare_pod_with_its_own_metadata():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "annotations": {}}, "spec": restricted_pod()}
    [(description, spec, metadata)] = pod_specs(pod)
    assert description == "Pod/p"
    assert spec == restricted_pod()
    assert metadata["name"] == "p"


@pytest.mark.parametrize("manifest", [{"kind": "Service", "spec": {"template": {}}}, {"kind": "ConfigMap"}, {}, None])
def test_pod_specs_ignores_other_kinds(manifest):
    assert pod_specs(manifest) == []
