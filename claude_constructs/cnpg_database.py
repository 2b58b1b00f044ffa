"""CnpgDatabase: the instance's PostgreSQL database in a shared CloudNativePG cluster."""

from __future__ import annotations

from constructs import Construct

from imports.io.cnpg import postgresql as cnpg

from ._kube import custom_metadata
from .config import InstanceConfig

RECLAIM_POLICIES = {"delete": "delete", "retain": "retain"}


class CnpgDatabase(Construct):
    """Under the hood: creates a CNPG ``Database`` ``{instance}-db`` in the database namespace and,
    unless ``database.owner`` names an existing role, a ``DatabaseRole`` that owns it (login, its
    password read by the operator from the Secret ``{instance}-db-owner`` in the database namespace).
    Both carry ``database.reclaimPolicy``. Only fields of the vendored CRD schema are set.
    """

    def __init__(self, scope: Construct, id: str, *, config: InstanceConfig) -> None:
        super().__init__(scope, id)
        db = config.database
        policy = RECLAIM_POLICIES[db.reclaim_policy]
        self.role = None
        if db.creates_owner_role:
            self.role = cnpg.DatabaseRole(
                self,
                "Owner",
                metadata=custom_metadata(config, f"{db.object_name}-owner", "database", kind="DatabaseRole",
                                         namespace=db.namespace),
                spec=cnpg.DatabaseRoleSpec(
                    cluster=cnpg.DatabaseRoleSpecCluster(name=db.cluster),
                    name=db.owner,
                    login=True,
                    ensure=cnpg.DatabaseRoleSpecEnsure.PRESENT,
                    comment=f"owner of the database of Claude Code instance {config.name}",
                    password_secret=cnpg.DatabaseRoleSpecPasswordSecret(name=db.owner_password_secret),
                    database_role_reclaim_policy=_enum(cnpg.DatabaseRoleSpecDatabaseRoleReclaimPolicy, policy),
                ),
            )
        self.resource = cnpg.Database(
            self,
            "Resource",
            metadata=custom_metadata(config, db.object_name, "database", kind="Database", namespace=db.namespace),
            spec=cnpg.DatabaseSpec(
                cluster=cnpg.DatabaseSpecCluster(name=db.cluster),
                name=db.database_name,
                owner=db.owner,
                ensure=cnpg.DatabaseSpecEnsure.PRESENT,
                database_reclaim_policy=_enum(cnpg.DatabaseSpecDatabaseReclaimPolicy, policy),
            ),
        )


def _enum(enum_type, value: str):
    return getattr(enum_type, value.upper())
