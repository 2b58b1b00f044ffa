"""Which output folders ``synth`` refuses by their path alone: read before Node.js is started or the
configuration's schema imported (``cli``), and again where the folder is written (``synth``)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence


def refusal(outdir: Path, inputs: Sequence[str | Path] = ()) -> str | None:
    """Why ``outdir`` (resolved) is not the tool's to write, or None: a file, the file system root, the
    home folder, a repository's root, or a folder that holds or lies inside one of ``inputs``."""
    if outdir.exists() and not outdir.is_dir():
        return "is a file, not a folder: name the folder for the manifests, such as dist/"
    if outdir == Path(outdir.anchor) or outdir == Path.home().resolve():
        return "is the root or home folder: name a folder of its own, such as dist/"
    if (outdir / ".git").exists():
        return "is the root of a repository: write the manifests into a folder of their own, such as dist/"
    for raw in inputs:
        source = Path(raw).resolve()
        if source == outdir or outdir in source.parents or (source.is_dir() and source in outdir.parents):
            return f"holds or lies inside the input {raw}: write the manifests into a separate folder, such as dist/"
    return None
