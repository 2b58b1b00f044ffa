"""claude_constructs: typed cdk8s constructs for Claude Code instances on Kubernetes."""

from . import _node  # noqa: F401  (first: silences the Node.js banner before jsii starts)
from .cilium_egress_policy import CiliumEgressPolicy
from .claude_instance_chart import ClaudeInstanceChart
from .claude_pod import ClaudePod
from .cnpg_database import CnpgDatabase
from .config import ConfigError, InstanceConfig, derive_instance_name, load_instance, load_instance_file
from .instance_access import InstanceAccess
from .instance_config_map import InstanceConfigMap
from .instance_exposure import InstanceExposure
from .instance_storage import InstanceStorage
from .mcp_sidecar import McpSidecar
from .zero_trust_policy import ZeroTrustPolicy

__all__ = [
    "CiliumEgressPolicy",
    "ClaudeInstanceChart",
    "ClaudePod",
    "CnpgDatabase",
    "ConfigError",
    "InstanceAccess",
    "InstanceConfig",
    "InstanceConfigMap",
    "InstanceExposure",
    "InstanceStorage",
    "McpSidecar",
    "ZeroTrustPolicy",
    "derive_instance_name",
    "load_instance",
    "load_instance_file",
]
