"""claude_constructs: typed cdk8s constructs for Claude Code instances on Kubernetes.

Names are loaded on first use, so that validating configuration never starts Node.js.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from . import _node  # noqa: F401  (first: silences the Node.js end-of-life banner before jsii starts)

_EXPORTS = {
    "ArgoCdChart": "charts.argocd_chart",
    "CiliumEgressPolicy": "constructs.cilium_egress_policy",
    "CiliumEgressPolicyProps": "constructs.cilium_egress_policy",
    "ClaudeInstanceChart": "charts.claude_instance_chart",
    "ClaudePod": "constructs.claude_pod",
    "ClaudePodProps": "constructs.claude_pod",
    "CnpgDatabase": "constructs.cnpg_database",
    "CnpgDatabaseProps": "constructs.cnpg_database",
    "ConfigError": "config.loader",
    "GitOpsConfig": "config.gitops",
    "InstanceAccess": "constructs.instance_access",
    "InstanceAccessProps": "constructs.instance_access",
    "InstanceConfig": "config.loader",
    "InstanceConfigMap": "constructs.instance_config_map",
    "InstanceConfigMapProps": "constructs.instance_config_map",
    "InstanceExposure": "constructs.instance_exposure",
    "InstanceExposureProps": "constructs.instance_exposure",
    "InstanceMonitoring": "constructs.instance_monitoring",
    "InstanceMonitoringProps": "constructs.instance_monitoring",
    "InstanceSleep": "constructs.instance_sleep",
    "InstanceSleepProps": "constructs.instance_sleep",
    "InstanceStorage": "constructs.instance_storage",
    "InstanceStorageProps": "constructs.instance_storage",
    "McpSidecar": "constructs.mcp_sidecar",
    "SessionProtection": "constructs.session_protection",
    "SessionProtectionProps": "constructs.session_protection",
    "TenantNamespace": "constructs.tenant_namespace",
    "TenantNamespaceProps": "constructs.tenant_namespace",
    "WorkspaceBackup": "constructs.workspace_backup",
    "WorkspaceBackupProps": "constructs.workspace_backup",
    "ZeroTrustPolicy": "constructs.zero_trust_policy",
    "ZeroTrustPolicyProps": "constructs.zero_trust_policy",
    "derive_instance_name": "config.loader",
    "load_instance": "config.loader",
    "load_instance_file": "config.loader",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'claude_constructs' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)


def __dir__():
    return __all__


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .charts.argocd_chart import ArgoCdChart
    from .constructs.cilium_egress_policy import CiliumEgressPolicy, CiliumEgressPolicyProps
    from .charts.claude_instance_chart import ClaudeInstanceChart
    from .constructs.claude_pod import ClaudePod, ClaudePodProps
    from .constructs.cnpg_database import CnpgDatabase, CnpgDatabaseProps
    from .config.loader import ConfigError, InstanceConfig, derive_instance_name, load_instance, load_instance_file
    from .config.gitops import GitOpsConfig
    from .constructs.instance_access import InstanceAccess, InstanceAccessProps
    from .constructs.instance_config_map import InstanceConfigMap, InstanceConfigMapProps
    from .constructs.instance_exposure import InstanceExposure, InstanceExposureProps
    from .constructs.instance_monitoring import InstanceMonitoring, InstanceMonitoringProps
    from .constructs.instance_sleep import InstanceSleep, InstanceSleepProps
    from .constructs.instance_storage import InstanceStorage, InstanceStorageProps
    from .constructs.mcp_sidecar import McpSidecar
    from .constructs.session_protection import SessionProtection, SessionProtectionProps
    from .constructs.tenant_namespace import TenantNamespace, TenantNamespaceProps
    from .constructs.workspace_backup import WorkspaceBackup, WorkspaceBackupProps
    from .constructs.zero_trust_policy import ZeroTrustPolicy, ZeroTrustPolicyProps
