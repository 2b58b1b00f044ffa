"""CnpgDatabase: a PostgreSQL database, and the role that owns it, in a shared CloudNativePG cluster."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from constructs import Construct

from claude_constructs.constructs.kube import custom_metadata, new_object


@dataclass(frozen=True, kw_only=True, slots=True)
class CnpgDatabaseProps:
    name: str  # the Database object; its owner role's object is ``{name}-owner``
    namespace: str  # where the CNPG cluster runs
    cluster: str
    database: str  # the PostgreSQL database name
    owner: str  # the role owning it
    create_owner_role: bool = True  # False: ``owner`` is an existing role
    owner_password_secret: str = ""  # the Secret with the role's password; empty: ``{name}-owner``
    reclaim_policy: Literal["delete", "retain"] = "retain"  # what deleting the objects does to the data
    comment: str = ""  # on the role
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    sync_waves: bool = False  # ArgoCD sync-wave annotations, and objects kept from pruning


class CnpgDatabase(Construct):
    """Under the hood: creates a CNPG ``Database`` and, with ``create_owner_role``, a ``DatabaseRole``
    that owns it (login, its password read by the operator from ``owner_password_secret`` in the
    cluster's namespace). Both carry ``reclaim_policy``. Only fields of the vendored CRD schema are
    set. For a Claude Code instance: ``{instance}-db`` in ``database.namespace``, with the role
    ``{instance}-db-owner`` unless ``database.owner`` names an existing one.
    """

    def __init__(self, scope: Construct, id: str, *, props: CnpgDatabaseProps) -> None:
        # The CNPG bindings load their assembly into Node.js when imported: only when a database is made.
        from imports.io.cnpg import postgresql as cnpg

        super().__init__(scope, id)
        self.role = None
        if props.create_owner_role:
            self.role = new_object(
                cnpg.DatabaseRole, self,
                "Owner",
                metadata=custom_metadata(props, "DatabaseRole", f"{props.name}-owner"),
                spec=cnpg.DatabaseRoleSpec(
                    cluster=cnpg.DatabaseRoleSpecCluster(name=props.cluster),
                    name=props.owner,
                    login=True,
                    ensure=cnpg.DatabaseRoleSpecEnsure.PRESENT,
                    comment=props.comment or None,
                    password_secret=cnpg.DatabaseRoleSpecPasswordSecret(name=props.owner_password_secret or f"{props.name}-owner"),
                    database_role_reclaim_policy=_enum(cnpg.DatabaseRoleSpecDatabaseRoleReclaimPolicy, props.reclaim_policy),
                ),
            )
        self.resource = new_object(
            cnpg.Database, self,
            "Resource",
            metadata=custom_metadata(props, "Database", props.name),
            spec=cnpg.DatabaseSpec(
                cluster=cnpg.DatabaseSpecCluster(name=props.cluster),
                name=props.database,
                owner=props.owner,
                ensure=cnpg.DatabaseSpecEnsure.PRESENT,
                database_reclaim_policy=_enum(cnpg.DatabaseSpecDatabaseReclaimPolicy, props.reclaim_policy),
            ),
        )



def _enum(enum_type, value: str):
    return getattr(enum_type, value.upper())
