"""Instance templates: named starting points that an instance file selects with ``template:`` and
overrides key by key (mappings merge, everything else is replaced by the file's value)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

_NO_MCP = {"context7": {"enabled": False}, "playwrightBrowser": {"enabled": False}, "dockerhubMcp": {"enabled": False}}

TEMPLATES: dict[str, tuple[str, dict]] = {
    "minimal": (
        "the agent alone: no language servers, no MCP servers, no database",
        {"features": {"golang": False, "typescript": False, "postgres": False, "graphql": False, "ansible": False},
         "mcpServers": _NO_MCP},
    ),
    "go-backend": (
        "Go language server, Postgres client and a CNPG database, Context7 docs and the Docker Hub MCP server",
        {"features": {"golang": True, "typescript": False, "postgres": True},
         "database": {"enabled": True},
         "mcpServers": {"playwrightBrowser": {"enabled": False}}},
    ),
    "typescript-web": (
        "TypeScript language server and a Playwright browser for the web UI, Context7 docs",
        {"features": {"golang": False, "typescript": True},
         "mcpServers": {"dockerhubMcp": {"enabled": False}}},
    ),
    "fullstack-with-database": (
        "Go and TypeScript language servers, Postgres, Hasura GraphQL, a CNPG database, every MCP server",
        {"features": {"golang": True, "typescript": True, "postgres": True, "graphql": True},
         "database": {"enabled": True},
         "resources": {"limits": {"memory": "4Gi", "cpu": "2000m"}},
         "storage": {"workspace": {"size": "20Gi"}}},
    ),
}


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict:
    result = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = deep_merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result
