"""The harness itself: a control plane that cannot start is an error that carries its log."""

from __future__ import annotations

import pytest

from .controlplane import ControlPlane, ControlPlaneError

pytestmark = pytest.mark.cluster


def test_a_control_plane_that_cannot_start_fails_with_its_log():
    broken = ControlPlane(extra_args={"kube-apiserver": ["--no-such-flag"]})
    try:
        with pytest.raises(ControlPlaneError) as error:
            broken.start(timeout=60)
        message = str(error.value)
        assert "kube-apiserver exited before it was ready" in message
        assert "unknown flag: --no-such-flag" in message  # from the apiserver's own log
        assert "----- etcd (running)" in message
    finally:
        broken.stop()
    assert not any(p.alive() for p in broken.processes)
    assert not broken.folder.exists()
