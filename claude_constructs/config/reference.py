"""The configuration reference in the README, generated from the settings' declarations so it cannot drift.

``python -m claude_constructs.config.reference`` rewrites the table in README.md; a test fails when the
README's table differs from what this module generates, or when a setting has no description.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from pydantic import BaseModel

from claude_constructs.config import settings
from claude_constructs.config.settings import InstanceFile, settings_of


def rows(model: type[BaseModel] = InstanceFile, defaults: dict | None = None, prefix: str = "") -> list[tuple[str, object, str]]:
    """(path, default, description) of every setting, in the file's order; a section's own row has no default."""
    found: list[tuple[str, object, str]] = []
    defaults = settings.DEFAULTS if defaults is None else defaults
    for key, (nested, info) in settings_of(model).items():
        path = f"{prefix}.{key}" if prefix else key
        if nested is None:
            found.append((path, defaults[key], info.description or ""))
            continue
        if info.description:
            found.append((path, _SECTION, info.description))
        found.extend(rows(nested, defaults[key], path))
    return found


_SECTION = object()


def leaf_paths() -> list[tuple[str, object]]:
    return [(path, default) for path, default, _ in rows() if default is not _SECTION]


def describe(path: str) -> str | None:
    return next((text for row, _, text in rows() if row == path), None) or None


def reference_table() -> str:
    rows_ = ["| Key | Default | Description |", "|---|---|---|"]
    for path, default, text in rows():
        if default is _SECTION:
            rows_.append(f"| `{path}` | | {text} |")
            continue
        shown = json.dumps(default) if not isinstance(default, str) or not default else f"`{default!s}`"
        shown = shown.replace("\n", "\\n").replace("|", "\\|")
        if len(shown) > 60:
            shown = shown[:57] + "..."
        rows_.append(f"| `{path}` | {shown} | {text} |")
    return "\n".join(rows_) + "\n"


START = "<!-- configuration-reference:start -->\n"
END = "<!-- configuration-reference:end -->"


def update_readme(readme: Path) -> bool:
    text = readme.read_text(encoding="utf-8")
    updated = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: START + reference_table() + END, text, flags=re.S)
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":  # pragma: no cover
    changed = update_readme(Path(sys.argv[1] if len(sys.argv) > 1 else "README.md"))
    print("README.md updated" if changed else "README.md already up to date")
