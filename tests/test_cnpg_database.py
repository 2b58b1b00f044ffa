from __future__ import annotations

from .conftest import find, kinds, synth_values


def test_database_and_owner_role_in_the_database_namespace():
    objects = synth_values({"instanceName": "abc-1", "features": {"postgres": True}, "database": {"enabled": True}})
    database = find(objects, "Database", "abc-1-db")
    assert database["metadata"]["namespace"] == "database"
    assert database["spec"] == {"cluster": {"name": "postgresql"}, "databaseReclaimPolicy": "delete", "ensure": "present",
                                "name": "claude_abc_1", "owner": "claude_abc_1"}
    role = find(objects, "DatabaseRole", "abc-1-db-owner")
    assert role["metadata"]["namespace"] == "database"
    assert role["spec"]["name"] == "claude_abc_1" and role["spec"]["login"] is True
    assert role["spec"]["passwordSecret"] == {"name": "abc-1-db-owner"}
    assert role["spec"]["databaseRoleReclaimPolicy"] == "delete"


def test_reclaim_policy_retain():
    objects = synth_values({"database": {"enabled": True, "reclaimPolicy": "retain"}})
    assert find(objects, "Database")["spec"]["databaseReclaimPolicy"] == "retain"
    assert find(objects, "DatabaseRole")["spec"]["databaseRoleReclaimPolicy"] == "retain"


def test_an_existing_owner_gets_no_role():
    objects = synth_values({"database": {"enabled": True, "owner": "claude", "name": "claude_custom"}})
    assert "DatabaseRole" not in kinds(objects)
    assert find(objects, "Database")["spec"]["owner"] == "claude"
    assert find(objects, "Database")["spec"]["name"] == "claude_custom"
