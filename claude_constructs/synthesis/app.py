"""The cdk8s App of a fleet: one chart per instance, and the ArgoCD and tenant charts."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from claude_constructs.config.loader import InstanceConfig
from claude_constructs.config.gitops import FleetEntry, GitOpsConfig, fleet_entries, tenant_chart_id
from claude_constructs.synthesis import MANIFEST_SUFFIX
from claude_constructs.synthesis.node_channel import use_direct_kernel

if TYPE_CHECKING:
    import cdk8s



def build_app(
    configs: Sequence[InstanceConfig],
    outdir: str | Path,
    gitops: GitOpsConfig | None = None,
    *,
    argocd_configs: Sequence[InstanceConfig] | None = None,
    argocd: bool = True,
    tenants: Collection[str] | None = None,
) -> cdk8s.App:
    """A cdk8s App with one chart per instance and, when ``gitops`` is given, the fleet charts of
    ``argocd_configs`` (default: the same instances): the ArgoCD chart (unless ``argocd`` is false)
    and, with tenancy, one tenant chart per namespace (``tenants``: only these)."""
    app = _app(outdir)
    from claude_constructs.charts.claude_instance_chart import ClaudeInstanceChart

    for config in configs:
        ClaudeInstanceChart(app, config.name, config=config)
    if gitops is not None:
        fleet = configs if argocd_configs is None else argocd_configs
        _fleet_charts(app, gitops, fleet_entries(fleet) if argocd else None,
                      [(ns, members) for ns, members in sorted(by_namespace(fleet).items())
                       if gitops.tenancy and (tenants is None or ns in tenants)])
    return app


def build_fleet_app(outdir: str | Path, gitops: GitOpsConfig, entries: Sequence[FleetEntry] | None,
                    tenants: Sequence[tuple[str, Sequence[InstanceConfig]]]) -> cdk8s.App:
    """A cdk8s App with only fleet charts, from what they read of the instances: the ArgoCD chart
    of ``entries`` (none when None) and the tenant charts of ``tenants`` (each namespace with its
    instances)."""
    app = _app(outdir)
    _fleet_charts(app, gitops, entries, tenants)
    return app


def _app(outdir: str | Path) -> cdk8s.App:
    # cdk8s is imported here: validating, listing and planning never start Node.js.
    use_direct_kernel()
    import cdk8s

    # Absolute: the jsii Node.js process keeps the working directory it started in.
    return cdk8s.App(
        outdir=str(Path(outdir).resolve()),
        yaml_output_type=cdk8s.YamlOutputType.FILE_PER_CHART,
        output_file_extension=MANIFEST_SUFFIX,
    )


def _fleet_charts(app: cdk8s.App, gitops: GitOpsConfig, entries: Sequence[FleetEntry] | None,
                  tenants: Sequence[tuple[str, Sequence[InstanceConfig]]]) -> None:
    import cdk8s

    from claude_constructs.charts.argocd_chart import ArgoCdChart
    from claude_constructs.charts.instance_props import tenant_props
    from claude_constructs.constructs.tenant_namespace import TenantNamespace

    if entries is not None:
        ArgoCdChart(app, gitops=gitops, entries=entries)
    for namespace, members in tenants:
        TenantNamespace(cdk8s.Chart(app, tenant_chart_id(namespace)), "Tenant", props=tenant_props(namespace, members))


def by_namespace(configs: Sequence[InstanceConfig]) -> dict[str, list[InstanceConfig]]:
    groups: dict[str, list[InstanceConfig]] = {}
    for config in configs:
        groups.setdefault(config.namespace, []).append(config)
    return groups


