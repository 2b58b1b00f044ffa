"""The instance file: each setting's declaration (``settings``), the loader that validates a file
into an immutable ``InstanceConfig`` (``loader``), the fleet's settings (``platform``, ``gitops``),
and what is generated from the declarations (``reference``, ``schema``).

The lowest layer: it imports nothing else of the package, and never starts Node.js.
"""

from claude_constructs.config.loader import (  # noqa: F401  (the public names of this layer)
    ConfigError,
    InstanceConfig,
    Problem,
    derive_instance_name,
    instance_problems,
    load_instance,
    load_instance_file,
)
