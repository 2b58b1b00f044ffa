"""Node.js, which runs cdk8s behind jsii."""

from __future__ import annotations

import os
import subprocess


def quiet_node_warnings() -> None:
    """Silence jsii's Node.js end-of-life banner for the Node found here (it wants the major version)."""
    if "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION" in os.environ:
        return
    try:
        version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return
    os.environ["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = version.strip().lstrip("v").split(".")[0]


quiet_node_warnings()
