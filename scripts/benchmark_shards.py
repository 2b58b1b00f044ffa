#!/usr/bin/env python3
"""Benchmark: a fleet of N generated instances synthesized as a CI matrix of K runners would, one
after the other on this machine: `claude-instance synth --shard k/K` for each k (cold, no cache),
then `claude-instance merge` of the shard folders into dist/ (which synthesizes the ArgoCD and
tenant charts). With --compare, also one unsharded cold `synth` of the same fleet, and a check that
the merged dist/ is byte-identical to it. Each step is a new process; the peak memory is of its
whole process tree, as in scripts/benchmark.py.

    .venv/bin/python scripts/benchmark_shards.py 10000 4 --compare
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from benchmark import GITOPS, synth_command, timed, write_instances  # noqa: E402


def main(argv: list[str]) -> None:
    count, shards = int(argv[0]), int(argv[1])
    compare = "--compare" in argv
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        instances, gitops = work / "instances", work / "gitops.yaml"
        instances.mkdir()
        write_instances(instances, count)
        gitops.write_text(yaml.safe_dump(GITOPS))
        print(f"| step | wall (s) | peak memory, process tree (MB) | files |")
        print("|---|---:|---:|---:|")
        walls = []
        for shard in range(1, shards + 1):
            out = work / f"shard-{shard}"
            wall, peak = timed(synth_command(instances, out, None, gitops) + ["--shard", f"{shard}/{shards}"])
            walls.append(wall)
            print(f"| synth --shard {shard}/{shards} | {wall:.1f} | {peak / 2**20:.0f} | {len(list(out.iterdir()))} |", flush=True)
        merged = work / "dist"
        command = [sys.executable, "-m", "claude_constructs.cli", "merge", *(str(work / f"shard-{k}") for k in range(1, shards + 1)),
                   "--instances", str(instances), "-o", str(merged), "--gitops", str(gitops), "--no-cache"]
        wall, peak = timed(command)
        print(f"| merge | {wall:.1f} | {peak / 2**20:.0f} | {len(list(merged.iterdir()))} |", flush=True)
        print(f"\nWall time of a {shards}-runner CI matrix (the slowest shard, then the merge): {max(walls) + wall:.1f} s; "
              f"all shards one after the other: {sum(walls):.1f} s")
        if compare:
            single = work / "single"
            wall, peak = timed(synth_command(instances, single, None, gitops))
            same = {p.name: p.read_bytes() for p in single.iterdir()} == {p.name: p.read_bytes() for p in merged.iterdir()}
            print(f"One unsharded cold synth: {wall:.1f} s, {peak / 2**20:.0f} MB; merged dist/ byte-identical to it: {same}")


if __name__ == "__main__":
    main(sys.argv[1:])
