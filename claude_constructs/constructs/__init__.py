"""The constructs. Each takes props of its own (frozen dataclasses with defaults) and knows nothing
of the instance file: ``ClaudePod`` (``ClaudePodProps``), ``ZeroTrustPolicy``
(``ZeroTrustPolicyProps``), ``InstanceStorage`` (``InstanceStorageProps``), ``CnpgDatabase``
(``CnpgDatabaseProps``), ``InstanceAccess`` (``InstanceAccessProps``), ``InstanceExposure``
(``InstanceExposureProps``), ``SessionProtection`` (``SessionProtectionProps``), ``InstanceConfigMap``
(``InstanceConfigMapProps``), ``InstanceMonitoring`` (``InstanceMonitoringProps``),
``InstanceSleep`` (``InstanceSleepProps``), ``WorkspaceBackup`` (``WorkspaceBackupProps``),
``CiliumEgressPolicy`` (``CiliumEgressPolicyProps``), ``TenantNamespace``
(``TenantNamespaceProps``), and ``McpSidecar``, a container value the pod takes. The charts layer
maps an instance's configuration onto them (``charts.instance_props``, ``charts.pod_props``, and
``charts.instance_labels`` for its labels and annotations). They import only the instance-file
layer's small value types and constants (images, resources, Secret references, port numbers),
never the charts, synthesis or the CLI."""
