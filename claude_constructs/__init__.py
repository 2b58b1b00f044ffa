"""claude_constructs: typed cdk8s constructs for Claude Code instances on Kubernetes.

Names are loaded on first use, so that validating configuration never starts Node.js.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from . import _node  # noqa: F401  (first: silences the Node.js end-of-life banner before jsii starts)

_EXPORTS = {
    "ArgoCdChart": "argocd_chart",
    "CiliumEgressPolicy": "cilium_egress_policy",
    "ClaudeInstanceChart": "claude_instance_chart",
    "ClaudePod": "claude_pod",
    "CnpgDatabase": "cnpg_database",
    "CnpgDatabaseProps": "cnpg_database",
    "ConfigError": "config",
    "GitOpsConfig": "gitops",
    "InstanceAccess": "instance_access",
    "InstanceConfig": "config",
    "InstanceConfigMap": "instance_config_map",
    "InstanceExposure": "instance_exposure",
    "InstanceMonitoring": "instance_monitoring",
    "InstanceStorage": "instance_storage",
    "InstanceStorageProps": "instance_storage",
    "McpSidecar": "mcp_sidecar",
    "SessionProtection": "session_protection",
    "TenantNamespace": "tenant_namespace",
    "WorkspaceBackup": "workspace_backup",
    "ZeroTrustPolicy": "zero_trust_policy",
    "ZeroTrustPolicyProps": "zero_trust_policy",
    "derive_instance_name": "config",
    "load_instance": "config",
    "load_instance_file": "config",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'claude_constructs' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)


def __dir__():
    return __all__


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .argocd_chart import ArgoCdChart
    from .cilium_egress_policy import CiliumEgressPolicy
    from .claude_instance_chart import ClaudeInstanceChart
    from .claude_pod import ClaudePod
    from .cnpg_database import CnpgDatabase, CnpgDatabaseProps
    from .config import ConfigError, InstanceConfig, derive_instance_name, load_instance, load_instance_file
    from .gitops import GitOpsConfig
    from .instance_access import InstanceAccess
    from .instance_config_map import InstanceConfigMap
    from .instance_exposure import InstanceExposure
    from .instance_monitoring import InstanceMonitoring
    from .instance_storage import InstanceStorage, InstanceStorageProps
    from .mcp_sidecar import McpSidecar
    from .session_protection import SessionProtection
    from .tenant_namespace import TenantNamespace
    from .workspace_backup import WorkspaceBackup
    from .zero_trust_policy import ZeroTrustPolicy, ZeroTrustPolicyProps
