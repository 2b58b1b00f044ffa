"""The constructs. The workload-neutral ones (``ZeroTrustPolicy``, ``InstanceStorage``,
``CnpgDatabase``, ``InstanceAccess``, ``InstanceExposure``, ``SessionProtection``, ``McpSidecar``)
take props of their own; the others build one part of a Claude
Code instance from its ``InstanceConfig``. They import the instance-file layer, never the charts,
synthesis or the CLI."""
