"""Reading back the manifests that synthesis wrote."""

from __future__ import annotations

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ManifestLoader(_Base):
    """PyYAML's safe loader, except that a plain ``=`` is text (YAML 1.1 gives it the ``value``
    tag, which PyYAML cannot construct; the YAML writer of cdk8s leaves ``=`` unquoted)."""


ManifestLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def load_manifests(text: str) -> list[dict]:
    return [document for document in yaml.load_all(text, Loader=ManifestLoader) if document]
