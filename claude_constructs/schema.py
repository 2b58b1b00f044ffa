"""A JSON Schema of the instance file, for editors (completion, hover text, type checks as you type).

Generated from the same declarations the loader checks against (the defaults tree, its free
mappings and nullable keys) and the reference's descriptions, so it cannot drift from them. It
describes the file's shape and types; the loader's rules that span several settings or the fleet
(`platform` in gitops.yaml) are checked by `claude-instance validate`, not by the schema.
"""

from __future__ import annotations

import json
from typing import Any

from ._defaults import DEFAULTS, FREE_MAPPINGS, NULLABLE
from ._reference import describe

SCHEMA_ID = "https://claude-constructs.invalid/instance.schema.json"

# Settings with a fixed set of values (the loader refuses any other).
ENUMS = {
    "image.pullPolicy": ["Always", "IfNotPresent", "Never"],
    "service.type": ["ClusterIP"],
    "access.mode": ["oauth2-proxy", "gateway"],
    "database.reclaimPolicy": ["delete", "retain"],
    "networkPolicy.egressProfile": ["default", "none"],
    "storage.workspace.accessMode": ["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"],
    "storage.home.accessMode": ["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"],
    "mcpServers.context7.mode": ["sidecar", "shared"],
    "mcpServers.playwrightBrowser.mode": ["sidecar", "shared"],
    "mcpServers.dockerhubMcp.mode": ["sidecar", "shared"],
}
SECRET_REF = {
    "type": "object", "additionalProperties": False, "required": ["secretName", "secretKey"],
    "properties": {"secretName": {"type": "string"}, "secretKey": {"type": "string"}},
}


def _node(value: Any, path: str) -> dict:
    if path in FREE_MAPPINGS:
        node: dict = {"type": "object", "additionalProperties": SECRET_REF if path == "secretEnv" else {"type": "string"}}
    elif isinstance(value, dict):
        node = {
            "type": "object", "additionalProperties": False,
            "properties": {key: _node(child, f"{path}.{key}" if path else key) for key, child in value.items()},
        }
    elif isinstance(value, bool):
        node = {"type": "boolean", "default": value}
    elif isinstance(value, int):
        node = {"type": "integer", "default": value}
    elif isinstance(value, str):
        node = {"type": "string", "default": value}
    elif isinstance(value, list):
        items = {"type": "integer"} if value and isinstance(value[0], int) else {"type": "string"}
        node = {"type": "array", "items": items, "default": value}
    elif value is None:
        node = {"type": ["array", "null"], "items": {"type": "object"}}
    else:  # pragma: no cover - the defaults hold only these types
        raise TypeError(f"{path}: {type(value).__name__}")
    if path in NULLABLE and "null" not in node["type"]:
        node["type"] = [node["type"], "null"]
    if path in ENUMS:
        node["enum"] = ENUMS[path]
    if text := describe(path):
        node["description"] = text
    return node


def instance_schema() -> dict:
    schema = _node(DEFAULTS, "")
    schema["properties"]["initContainer"] = {
        "type": "object", "description": "The first chart version's git clone: read as `gitClone`, with a note (rewrite it).",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Claude Code instance (claude_constructs)",
        **schema,
        "required": ["instanceName", "userid"],
    }


def schema_text() -> str:
    return json.dumps(instance_schema(), indent=2, sort_keys=True) + "\n"
