"""Schema validation of synthesized objects: the Kubernetes OpenAPI schemas that kubernetes-validate
ships (strict: unknown fields rejected), and the vendored CRDs for custom resources.

kubernetes-validate rebuilds its validator for every object; here one validator per schema is kept,
built exactly as ``kubernetes_validate.validate(..., strict=True)`` builds it (a test compares both).
"""

from __future__ import annotations

import re
from functools import lru_cache

import jsonschema
from kubernetes_validate import utils
from referencing import Registry, Resource

from .oracles import crd

KUBERNETES_VERSIONS = ("1.28", utils.latest_version())


class SchemaNotFound(Exception):
    pass


@lru_cache(maxsize=None)
def _validator(kind: str, api_version: str, version: str) -> jsonschema.Draft202012Validator:
    schema_version = [v for v in utils.all_versions() if utils.major_minor(v) <= utils.major_minor(version)][-1]
    folder = f"kubernetes-json-schema/v{schema_version}-local-strict"
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    try:
        schema = utils.schema_contents(f"{folder}/{kind.lower()}-{group_version}.json", version)
    except FileNotFoundError:
        raise SchemaNotFound(f"no Kubernetes {version} schema for {api_version} {kind}") from None
    definitions = utils.schema_contents(f"{folder}/_definitions.json", version)
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.Draft202012Validator(schema, registry=registry)


def kubernetes_errors(resource: dict, version: str) -> list[str]:
    validator = _validator(resource["kind"], resource["apiVersion"], version)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(resource))


def schema_errors(resource: dict) -> list[str]:
    """Every problem the API server's schemas find in ``resource``; an unknown kind is a problem."""
    if crd.known(resource.get("apiVersion"), resource.get("kind")):
        return crd.errors(resource)
    problems = []
    for version in KUBERNETES_VERSIONS:
        try:
            problems += [f"{version} {e}" for e in kubernetes_errors(resource, version)]
        except SchemaNotFound as error:
            problems.append(str(error))
    return problems
