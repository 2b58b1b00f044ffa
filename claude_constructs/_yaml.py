"""Reading YAML: instance and GitOps files, and the manifests that synthesis wrote back."""

from __future__ import annotations

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ManifestLoader(_Base):
    """PyYAML's safe loader, except that a plain ``=`` is text (YAML 1.1 gives it the ``value``
    tag, which PyYAML cannot construct; the YAML writer of cdk8s leaves ``=`` unquoted)."""


ManifestLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def load_manifests(text: str) -> list[dict]:
    return [document for document in yaml.load_all(text, Loader=ManifestLoader) if document]


def load_values(text: str):
    """A settings file (instance, gitops.yaml): ``yaml.safe_load``'s constructor and resolver on
    libyaml's parser (about ten times faster on a fleet; it is also stricter about a few escapes
    and directives, and lenient about a tab after a value)."""
    return yaml.load(text, Loader=_ValuesLoader)


_ValuesLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
