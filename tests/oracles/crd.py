"""Custom resources checked against their CRD's openAPIV3Schema as the API server would.

The structural schema is turned into a JSON Schema in which an object with declared properties
accepts no other field (strict field validation / pruning), unless the schema says
``x-kubernetes-preserve-unknown-fields``. ``nullable`` admits null, ``x-kubernetes-int-or-string``
admits both. ``allOf``/``anyOf``/``oneOf`` are kept as value validations, as in a structural schema. CEL rules (``x-kubernetes-validations``) are not evaluated.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml

CRD_DIR = Path(__file__).resolve().parent.parent.parent / "crds"


def _strict(schema: dict) -> dict:
    schema = dict(schema)
    if schema.get("x-kubernetes-int-or-string"):
        schema.pop("type", None)
        schema["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if schema.pop("nullable", False) and "type" in schema:
        schema["type"] = [schema["type"], "null"]
    if "properties" in schema:
        schema["properties"] = {key: _strict(value) for key, value in schema["properties"].items()}
        if not schema.get("x-kubernetes-preserve-unknown-fields") and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
    if isinstance(schema.get("additionalProperties"), dict):
        schema["additionalProperties"] = _strict(schema["additionalProperties"])
    if isinstance(schema.get("items"), dict):
        schema["items"] = _strict(schema["items"])
    # allOf/anyOf/oneOf/not are value validations in a structural schema: their properties do not
    # declare fields (the CRD's own properties do), so they are left as they are.
    return schema


@lru_cache(maxsize=None)
def _validators() -> dict[tuple[str, str], jsonschema.protocols.Validator]:
    validators = {}
    for path in sorted(CRD_DIR.rglob("*.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            for version in spec["versions"]:
                schema = _strict(version["schema"]["openAPIV3Schema"])
                # The API server validates metadata itself: names, namespace, labels are checked elsewhere.
                schema["properties"]["metadata"] = {"type": "object"}
                schema["properties"].setdefault("apiVersion", {"type": "string"})
                schema["properties"].setdefault("kind", {"type": "string"})
                api_version = f"{spec['group']}/{version['name']}"
                validators[(api_version, spec["names"]["kind"])] = jsonschema.Draft7Validator(schema)
    return validators


def known(api_version: str, kind: str) -> bool:
    return (api_version, kind) in _validators()


def errors(resource: dict) -> list[str]:
    """Every schema violation of a custom resource; a kind without a vendored CRD is an error."""
    validator = _validators().get((resource.get("apiVersion"), resource.get("kind")))
    if validator is None:
        return [f"no vendored CRD for {resource.get('apiVersion')} {resource.get('kind')}"]
    return sorted(f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in validator.iter_errors(resource))
