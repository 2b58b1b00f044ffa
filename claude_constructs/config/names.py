"""Object names derived from the instance name. People and other systems refer to these names,
so they are explicit and stable: renaming a PVC loses its data."""

from __future__ import annotations

# Every suffix appended to the instance name, so that validation can bound the name's length.
SUFFIXES = {
    "workspace": "-workspace",
    "home": "-home",
    "config": "-config",
    "tls": "-tls",
    "db": "-db",
    "db_owner": "-db-owner",
    "hasura": "-hasura",
    "deny_all": "-deny-all",
    "allow": "-allow",
    "egress_hosts": "-hosts",
    "dashboard": "-dashboard",
    "snapshots": "-snapshots",
    "wake": "-wake",
}
MAX_INSTANCE_NAME_LENGTH = 63 - max(len(s) for s in SUFFIXES.values())


def object_name(instance: str, kind: str) -> str:
    return instance + SUFFIXES[kind]
