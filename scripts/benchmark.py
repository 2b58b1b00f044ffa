#!/usr/bin/env python3
"""Benchmark: `claude-instance synth` of a fleet of N generated instances with mixed feature sets and
its GitOps objects (ArgoCD, one tenant per user), each run a new process as CI runs it: cold (no
cache, no previous output), then unchanged (cache filled, output present), then with one instance
file edited. Reports wall time, time per instance, the peak memory of the whole process tree
(Python and the synthesis kernels, Node.js processes, sampled from /proc every 20 ms) and the output size;
first, `make setup`'s synthesis of the repository's one instance, five times; and for N >= 1,000
three more cold runs, each followed by cdk8s alone over its output (the ratio is what compares).

    .venv/bin/python scripts/benchmark.py            # N = 1, 100, 1000, 2000
    .venv/bin/python scripts/benchmark.py 1 100      # chosen sizes
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

FEATURE_MIXES = [
    {"golang": True, "typescript": True},                                   # the seed defaults
    {"golang": False, "typescript": False},                                 # minimal
    {"golang": True, "postgres": True},                                     # Go backend with a database
    {"typescript": True, "graphql": True, "postgres": True, "ansible": True},  # full stack
]


SAMPLE_SECONDS = 0.02
GITOPS = {"repoURL": "https://github.com/example-org/claude-instances.git", "tenancy": True}


def write_instances(folder: Path, count: int) -> None:
    for index in range(count):
        features = FEATURE_MIXES[index % len(FEATURE_MIXES)]
        user = f"user{index % 97:03d}"
        values = {
            "instanceName": f"bench-{index:05d}",
            "instanceDescription": f"Benchmark instance {index}: {', '.join(k for k, v in features.items() if v)}",
            "userid": user,
            "features": features,
        }
        if features.get("postgres") or features.get("graphql"):
            values["database"] = {"enabled": True}
        if index % 5 == 0:
            values["mcpServers"] = {"playwrightBrowser": {"mode": "shared"}}
        (folder / user).mkdir(exist_ok=True)
        (folder / user / f"bench-{index:05d}.yaml").write_text(yaml.safe_dump(values))


def tree_rss(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry), int(fields[1])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def synth_command(instances: Path, out: Path, cache: Path | None, gitops: Path, jobs: int | None = None) -> list[str]:
    command = [sys.executable, "-m", "claude_constructs.cli", "synth", str(instances), "-o", str(out), "--gitops", str(gitops)]
    command += ["--jobs", str(jobs)] if jobs else []
    return command + (["--cache-dir", str(cache)] if cache else ["--no-cache"])


def synth(instances: Path, out: Path, cache: Path | None, gitops: Path, jobs: int | None = None) -> tuple[float, int]:
    """One `claude-instance synth` in a fresh process: wall time and peak memory of its tree."""
    return timed(synth_command(instances, out, cache, gitops, jobs))


def timed(command: list[str]) -> tuple[float, int]:
    """Run ``command`` in a fresh process: its wall time and the peak memory of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "CI": "true"})
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - started
    _, stderr = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{command[3]} failed: {stderr.decode()}")
    return wall, peak


def run(count: int) -> list[dict]:
    """Cold (no cache, no previous output), then again with the cache filled and nothing changed,
    then with one instance file edited."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        instances, out, cache, gitops = work / "instances", work / "dist", work / "cache", work / "gitops.yaml"
        instances.mkdir()
        write_instances(instances, count)
        gitops.write_text(yaml.safe_dump(GITOPS))
        rows = []
        wall, peak = synth(instances, out, None, gitops)
        rows.append(("cold", wall, peak))
        if count >= 1000:  # one synthesis kernel: the memory of one Node.js process fewer
            shutil.rmtree(out)
            wall, peak = synth(instances, out, None, gitops, jobs=1)
            rows.append(("cold, --jobs 1", wall, peak))
        synth(instances, out, cache, gitops)  # fills the cache
        wall, peak = synth(instances, out, cache, gitops)
        rows.append(("unchanged", wall, peak))
        edited = next(instances.rglob("*.yaml"))
        values = yaml.safe_load(edited.read_text())
        edited.write_text(yaml.safe_dump({**values, "instanceDescription": "Edited: " + values["instanceDescription"]}))
        wall, peak = synth(instances, out, cache, gitops)
        rows.append(("one edited", wall, peak))
        size = sum(p.stat().st_size for p in out.iterdir())
        files = len(list(out.iterdir()))
        floor = cdk8s_floor(out)
        if count >= 1000:
            # The machine's speed drifts by a third within minutes: cold runs and cdk8s alone, in turns.
            floor["pairs"] = []
            for _ in range(PAIRS):
                shutil.rmtree(out)
                cold, _ = synth(instances, out, None, gitops)
                floor["pairs"].append((cold, cdk8s_floor(out)["seconds"]))
    results = [{"n": count, "run": run, "wall": wall, "per_instance_ms": wall / count * 1000, "peak_mb": peak / 2**20,
                "output_mb": size / 2**20, "files": files} for run, wall, peak in rows]
    return results, floor


SETUP_RUNS = 5
PAIRS = 3


def as_make_setup() -> list[float]:
    """``make setup``'s synthesis: the repository's one instance file, no gitops.yaml, a cache folder
    that is still empty, no previous output (``SETUP_RUNS`` runs, each a new process)."""
    walls = []
    for _ in range(SETUP_RUNS):
        with tempfile.TemporaryDirectory() as work:
            work = Path(work)
            shutil.copytree(Path(__file__).parent.parent / "instances", work / "instances")
            command = [sys.executable, "-m", "claude_constructs.cli", "synth", "--cache-dir", str(work / "cache")]
            started = time.perf_counter()
            subprocess.run(command, cwd=work, check=True, capture_output=True, env={**os.environ, "CI": "true"})
            walls.append(time.perf_counter() - started)
    return walls


def cdk8s_floor(out: Path) -> dict:
    """The same manifests synthesized again by cdk8s alone, in pure Node.js on one core."""
    script = Path(__file__).with_name("cdk8s_floor.js")
    result = subprocess.run(["node", str(script), str(out)], capture_output=True, text=True, check=True,
                            cwd=script.parent.parent)
    return json.loads(result.stdout)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1, 100, 1000, 2000]
    print(f"# {platform.node()}: {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, "
          f"Node.js {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}")
    setup = sorted(as_make_setup())
    print(f"make setup's synthesis (one instance, no GitOps, an empty cache), {SETUP_RUNS} runs: "
          f"median {setup[len(setup) // 2]:.2f} s, fastest {setup[0]:.2f} s, slowest {setup[-1]:.2f} s\n")
    print("| N | run | wall (s) | per instance (ms) | peak memory, process tree (MB) | output (MB, files) |")
    print("|---:|---|---:|---:|---:|---:|")
    cold, floors = {}, {}
    for count in sizes:
        results, floors[count] = run(count)
        for r in results:
            if r["run"] == "cold":
                cold[count] = r["wall"]
            print(f"| {count:,} | {r['run']} | {r['wall']:.2f} | {r['per_instance_ms']:.1f} | {r['peak_mb']:.0f} | "
                  f"{r['output_mb']:.1f}, {r['files']} |", flush=True)
    if 1000 in cold and 2000 in cold:
        print(f"\n2,000 / 1,000 cold wall-time ratio: {cold[2000] / cold[1000]:.2f}")
    print("\ncdk8s alone (the same objects as plain ApiObjects in pure Node.js, one core, Apps of 25 charts):")
    for count, floor in floors.items():
        print(f"- N = {count:,}: {floor['manifests']} manifests in {floor['seconds']:.2f} s "
              f"({floor['ms_per_manifest']:.1f} ms each; files differing from claude-instance's: {floor['different']})")
        if floor.get("pairs"):
            ratios = sorted(cold / alone for cold, alone in floor["pairs"])
            listed = ", ".join(f"{cold:.2f} s / {alone:.2f} s" for cold, alone in floor["pairs"])
            print(f"  cold synth / cdk8s alone, {len(ratios)} runs in turns: {listed}; median ratio "
                  f"{ratios[len(ratios) // 2]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
