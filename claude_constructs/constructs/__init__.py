"""The constructs. The workload-neutral ones take props of their own (frozen dataclasses with
defaults) and know nothing of the instance file: ``ZeroTrustPolicy`` (``ZeroTrustPolicyProps``),
``InstanceStorage`` (``InstanceStorageProps``), ``CnpgDatabase`` (``CnpgDatabaseProps``),
``InstanceAccess`` (``InstanceAccessProps``), ``InstanceExposure`` (``InstanceExposureProps``),
``SessionProtection`` (``SessionProtectionProps``), ``InstanceConfigMap``
(``InstanceConfigMapProps``), ``InstanceMonitoring`` (``InstanceMonitoringProps``),
``InstanceSleep`` (``InstanceSleepProps``), ``WorkspaceBackup`` (``WorkspaceBackupProps``),
``CiliumEgressPolicy`` (``CiliumEgressPolicyProps``), ``TenantNamespace``
(``TenantNamespaceProps``) and ``McpSidecar`` (options of its own); ``charts.instance_props`` maps
an instance's configuration onto them. ``ClaudePod`` still builds the pod of a Claude Code instance
from its ``InstanceConfig``. They import the instance-file layer, never the charts, synthesis or
the CLI."""
