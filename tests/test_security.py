"""Security: checkov's Kubernetes checks over every scenario (skips only in .checkov.yaml, each
with its reason), with a fully pinned instance passing the image checks that are skipped."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from .conftest import ROOT

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
IMAGE_CHECKS = ("CKV_K8S_14", "CKV_K8S_43", "CKV_K8S_15")  # tag, digest, pull policy Always


def run_checkov(folder, *extra: str, quiet: bool = True) -> dict:
    assert CHECKOV.exists(), "run `make setup`: checkov is installed in .venv-checkov (its pins clash with pytest's)"
    result = subprocess.run(
        [str(CHECKOV), "-d", str(folder), "--framework", "kubernetes", "--skip-download", *(["--quiet"] if quiet else []), "-o", "json", *extra],
        capture_output=True, text=True, timeout=600, cwd=folder,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    report = json.loads(result.stdout)
    return report[0] if isinstance(report, list) else report


def write_scenarios(folder, scenarios: dict[str, list[dict]]) -> None:
    for name, objects in scenarios.items():
        (folder / f"{name}.yaml").write_text(yaml.safe_dump_all(objects, sort_keys=False))


def failed(report: dict) -> list[str]:
    return [f"{c['check_id']} {c['resource']} ({c['file_path']})" for c in report["results"]["failed_checks"]]


@pytest.fixture(scope="module")
def skipped_checks() -> list[str]:
    return yaml.safe_load((ROOT / ".checkov.yaml").read_text())["skip-check"]


def test_checkov_finds_nothing_in_any_scenario(every_scenario, tmp_path, skipped_checks):
    write_scenarios(tmp_path, every_scenario)
    report = run_checkov(tmp_path, "--skip-check", ",".join(skipped_checks))
    assert failed(report) == []
    assert report["summary"]["passed"] >= 100 * len(every_scenario) // 2


def test_every_skip_has_a_reason():
    lines = (ROOT / ".checkov.yaml").read_text().splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith("- CKV_"):
            previous = [x.strip() for x in lines[:index] if x.strip()][-1]
            assert previous.startswith("#") or previous.startswith("- CKV_"), f"no reason above {line.strip()}"


def test_pinned_images_pass_the_image_checks_without_skipping_them(every_scenario, tmp_path, skipped_checks):
    write_scenarios(tmp_path, {"pinned-images": every_scenario["pinned-images"]})
    report = run_checkov(tmp_path, "--skip-check", ",".join(c for c in skipped_checks if c not in IMAGE_CHECKS), quiet=False)
    assert failed(report) == []
    passed = {c["check_id"] for c in report["results"]["passed_checks"]}
    assert set(IMAGE_CHECKS) <= passed


def test_checkov_does_flag_a_known_bad_manifest(tmp_path):
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad", "namespace": "x"},
        "spec": {"containers": [{"name": "c", "image": "nginx", "securityContext": {"privileged": True}}]},
    }))
    report = run_checkov(tmp_path)
    assert any(c["check_id"] == "CKV_K8S_16" for c in report["results"]["failed_checks"])  # privileged


def test_every_pod_template_meets_pod_security_standards(every_scenario):
    from .oracles import pss

    templates = 0
    for scenario, objects in every_scenario.items():
        for manifest in objects:
            for description, spec, metadata in pss.pod_specs(manifest):
                templates += 1
                for profile in ("baseline", "restricted"):
                    assert pss.violations(spec, metadata, profile) == [], f"{scenario} {description} ({profile})"
    workloads = sum(o["kind"] in ("Deployment", "CronJob") for objects in every_scenario.values() for o in objects)
    assert templates == workloads > len(every_scenario)


def test_checkov_finds_nothing_in_the_fleet_repository(skipped_checks):
    """The example GitOps repository: instances, ArgoCD objects and tenants (quota, limits, RBAC)."""
    report = run_checkov(ROOT / "examples" / "fleet" / "dist", "--skip-check", ",".join(skipped_checks))
    assert failed(report) == []
    assert report["summary"]["passed"] >= 300
