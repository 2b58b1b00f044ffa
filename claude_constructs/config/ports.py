"""One port registry per pod: containers in a pod share one network namespace, so every port
(container ports and probe ports) must be unique within the pod."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RegisteredPort:
    container: str
    name: str
    number: int
    source: str


class PortRegistry:
    def __init__(self) -> None:
        self._by_number: dict[int, RegisteredPort] = {}
        self._by_name: dict[str, RegisteredPort] = {}

    def register(self, container: str, name: str, number: int, *, source: str = "") -> RegisteredPort:
        """Record a port; a number or name already taken in the pod is a ``ValueError`` naming both."""
        port = RegisteredPort(container, name, number, source)
        taken = self._by_number.get(number)
        if taken is not None:
            where = f" (set by '{taken.source}')" if taken.source else " (a fixed port)"
            raise ValueError(
                f"is port {number} of container '{container}', but container '{taken.container}' already "
                f"listens on {number} as '{taken.name}'{where}; containers in a pod share one network: "
                "choose another port"
            )
        if name in self._by_name:
            raise ValueError(f"port name '{name}' of container '{container}' is already used by '{self._by_name[name].container}'")
        if len(name) > 15:
            raise ValueError(f"port name '{name}' is longer than 15 characters")
        self._by_number[number] = port
        self._by_name[name] = port
        return port
