"""ClaudeInstanceChart: one Claude Code instance, composed from the library's constructs."""

from __future__ import annotations

import cdk8s
from constructs import Construct

from claude_constructs.constructs.claude_pod import ClaudePod
from claude_constructs.config.loader import InstanceConfig, sleeps_when_idle
from claude_constructs.constructs.instance_access import InstanceAccess
from claude_constructs.constructs.instance_config_map import InstanceConfigMap
from claude_constructs.constructs.instance_exposure import InstanceExposure
from claude_constructs.constructs.instance_monitoring import InstanceMonitoring
from claude_constructs.charts.instance_props import (
    access_props, backup_props, cilium_egress_props, config_map_props, database_props, exposure_props, monitoring_props,
    protection_props, sleep_props, storage_props, zero_trust_props,
)
from claude_constructs.charts.pod_props import pod_props
from claude_constructs.constructs.instance_storage import InstanceStorage
from claude_constructs.constructs.session_protection import SessionProtection
from claude_constructs.constructs.zero_trust_policy import ZeroTrustPolicy


class ClaudeInstanceChart(cdk8s.Chart):
    """A chart holding every object of one instance; synthesized to ``{instance}.k8s.yaml``.

    Construct ids are part of the contract (they are stable, and object names are explicit).
    """

    def __init__(self, scope: Construct, id: str | None = None, *, config: InstanceConfig) -> None:
        super().__init__(scope, id or config.name)
        self.config = config
        self.storage = InstanceStorage(self, "Storage", props=storage_props(config))
        self.config_map = InstanceConfigMap(self, "Config", props=config_map_props(config))
        rbac = config.rbac
        self.access = (
            InstanceAccess(self, "Access", props=access_props(config)) if rbac.create or rbac.create_service_account else None
        )
        self.pod = ClaudePod(self, "Pod", props=pod_props(config), storage=self.storage, config_map=self.config_map)
        self.exposure = InstanceExposure(self, "Exposure", props=exposure_props(config))
        self.protection = SessionProtection(self, "Protection", props=protection_props(config))
        self.monitoring = InstanceMonitoring(self, "Monitoring", props=monitoring_props(config))
        self.backup = None
        if config.backup.snapshots or config.backup.schedule:
            from claude_constructs.constructs.workspace_backup import WorkspaceBackup

            self.backup = WorkspaceBackup(self, "Backup", props=backup_props(config))
        self.network_policy = (
            ZeroTrustPolicy(self, "NetworkPolicy", props=zero_trust_props(config)) if config.network_policy.enabled else None
        )
        # Each CRD binding loads its assembly into Node.js when imported (Cilium's alone costs
        # a quarter of a second): they are imported only when an instance uses them.
        self.egress_hosts = None
        if config.network_policy.cilium:
            from claude_constructs.constructs.cilium_egress_policy import CiliumEgressPolicy

            self.egress_hosts = CiliumEgressPolicy(self, "EgressHosts", props=cilium_egress_props(config))
        self.sleep = None
        if sleeps_when_idle(config):
            from claude_constructs.constructs.instance_sleep import InstanceSleep

            self.sleep = InstanceSleep(self, "Sleep", props=sleep_props(config))
        self.database = None
        if config.database.enabled:
            from claude_constructs.constructs.cnpg_database import CnpgDatabase

            self.database = CnpgDatabase(self, "Database", props=database_props(config))
