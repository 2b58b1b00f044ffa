"""Node.js, which runs cdk8s behind jsii."""

from __future__ import annotations

import functools
import os
import subprocess


@functools.cache
def node_major() -> str | None:
    """The major version of the ``node`` on the PATH, or None without one."""
    try:
        version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return version.strip().lstrip("v").split(".")[0]


def quiet_node_warnings() -> None:
    """Silence jsii's Node.js end-of-life banner for the Node found here (it wants the major version)."""
    if "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION" not in os.environ and node_major():
        os.environ["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = node_major()


quiet_node_warnings()
