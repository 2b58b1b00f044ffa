"""The labels and annotations of an instance's objects, from its configuration: the constructs take
them as props (``labels``, ``annotations``, ``pod_selector``)."""

from __future__ import annotations

from claude_constructs.config.loader import InstanceConfig
from claude_constructs.constructs import labels
from claude_constructs.constructs.labels import INSTANCE_LABEL, LABEL_PREFIX, MANAGED_BY, PART_OF, USER_LABEL


def selector_labels(config: InstanceConfig) -> dict[str, str]:
    """The Deployment selector: the instance's name only, so it never changes (it is immutable in the API)."""
    return labels.selector_labels(config.name)


def instance_labels(config: InstanceConfig, component: str) -> dict[str, str]:
    return {
        **selector_labels(config),
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": MANAGED_BY,
        USER_LABEL: config.userid,
        INSTANCE_LABEL: config.name,
    }


def traceability_annotations(config: InstanceConfig) -> dict[str, str]:
    return {
        f"{LABEL_PREFIX}/description": config.description,
        f"{LABEL_PREFIX}/instance": config.name,
        f"{LABEL_PREFIX}/user": config.userid,
    }
