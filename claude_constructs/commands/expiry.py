"""Expiry in git: a scheduled CI job runs `claude-instance expire`, which edits the files of expired
instances (`suspended: true`, or removes them after a grace period) and prints what it changed, so
the change is a reviewable commit. Synthesis never reads the date: output stays a pure function of
the files."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml

from claude_constructs.config.yaml_files import load_values
from claude_constructs.config.loader import ConfigError, Problem, load_instance_file
from claude_constructs.config.platform import Platform

_SUSPENDED = re.compile(r"suspended:(?P<rest>[^\r\n]*)(?P<end>\r?\n?)")  # linear: no nested repetition


@dataclass(frozen=True, slots=True)
class Expiry:
    file: Path
    name: str
    expires: str
    action: str  # "suspend" or "remove"


def plan_expiry(
    files: Sequence[Path], today: datetime.date, remove_after: int | None = None, platform: Platform | None = None
) -> list[Expiry]:
    """The instances whose ``expires`` date has come: to suspend (when running), or to remove once
    ``remove_after`` days have passed since. Files are validated first (an invalid one is an error)."""
    actions = []
    for file in files:
        config = load_instance_file(file, platform=platform)
        if not config.expires:
            continue
        expired = datetime.date.fromisoformat(config.expires)
        if expired > today:
            continue
        if remove_after is not None and (today - expired).days >= remove_after:
            actions.append(Expiry(file, config.name, config.expires, "remove"))
        elif not config.suspended:
            actions.append(Expiry(file, config.name, config.expires, "suspend"))
    return actions


def suspended_text(text: str, expires: str) -> str:
    """The file's text with ``suspended: true``: the top-level line is changed in place (its comment
    kept), or one is added; every other line stays as it was."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        match = _SUSPENDED.fullmatch(line)
        if match:
            _, hash_sign, comment = match["rest"].partition("#")
            comment = f"  #{comment}" if hash_sign else ""
            lines[index] = f"suspended: true{comment}{match['end'] or chr(10)}"
            return "".join(lines)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines) + f"suspended: true  # expired on {expires} (claude-instance expire)\n"


def apply_expiry(action: Expiry) -> None:
    """Carry out one action; an edit that would change anything but ``suspended`` is refused."""
    write_expiry(action, edited_text(action))


def write_expiry(action: Expiry, edited: str | None) -> None:
    """Carry out one action whose edit ``edited_text`` prepared (None: the file is removed)."""
    if action.action == "remove":
        action.file.unlink()
        return
    temporary = action.file.with_name(f".{action.file.name}.expire")
    temporary.write_text(edited, encoding="utf-8")
    temporary.replace(action.file)


def edited_text(action: Expiry) -> str | None:
    """The file's text after the action (None for a removal), or a ``ConfigError`` when the edit
    would change anything but ``suspended``: nothing is written yet, so every file can be checked
    before the first one changes."""
    if action.action == "remove":
        return None
    text = action.file.read_text(encoding="utf-8")
    edited = suspended_text(text, action.expires)
    before = load_values(text) or {}
    try:
        after = load_values(edited) or {}
    except yaml.YAMLError:
        after = {}
    if after.get("suspended") is not True or {k: v for k, v in after.items() if k != "suspended"} != {
        k: v for k, v in before.items() if k != "suspended"
    }:
        raise ConfigError([Problem("suspended", "cannot be set in this file's layout without touching other lines: "
                                   "set 'suspended: true' by hand")], source=str(action.file))
    return edited
