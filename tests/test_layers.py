"""The package's layers: each module imports only its own layer and those below it, and the
modules' top-level imports form no circle; no construct knows the instance configuration."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "claude_constructs"
# Lowest first: the instance file, the constructs, the charts, synthesis, the commands and the CLI.
LAYERS = {"_node": 0, "config": 1, "constructs": 2, "charts": 3, "synthesis": 4, "commands": 5, "cli": 5}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULE_NAMES = {_module(path) for path in PACKAGE.rglob("*.py")}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def _imports(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("claude_constructs"):
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & MODULE_NAMES
            # ``from package import submodule`` needs the submodule; its package is a parent, set up first.
            found.update(submodules or {node.module})
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("claude_constructs"))
    return found


MODULES = {_module(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", [m for m in MODULES if _layer(m) is not None])
def test_a_module_imports_no_layer_above_its_own(module):
    own = _layer(module)
    above = sorted(name for name in _imports(MODULES[module], top_level_only=False)
                   if name in MODULES and (_layer(name) or 0) > own)
    assert above == [], f"{module} (layer {own}) imports {above}"


def test_the_top_level_imports_form_no_circle():
    graph = {module: {name for name in _imports(path, top_level_only=True) if name in MODULES and name != module}
             for module, path in MODULES.items()}
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for name in sorted(graph[module]):
            if state.get(name) == "open":
                circle = trail[trail.index(name):] + [name] if name in trail else [module, name]
                pytest.fail(f"import circle: {' -> '.join(circle)}")
            if name not in state:
                visit(name, trail + [name])
        state[module] = "done"

    for module in MODULES:
        if module not in state:
            visit(module, [module])


def test_every_folder_of_the_package_is_a_known_layer():
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"}
    assert folders <= set(LAYERS), folders - set(LAYERS)


CONSTRUCT_MODULES = [m for m in MODULES if m.split(".")[1:2] == ["constructs"]]


@pytest.mark.parametrize("module", CONSTRUCT_MODULES)
def test_no_construct_knows_the_instance_configuration(module):
    """The constructs take props of their own; only the charts layer maps an ``InstanceConfig`` onto
    them. Neither imported, nor named in a signature or annotation, nor mentioned in the text."""
    source = MODULES[module].read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names}
    named = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    named |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert "InstanceConfig" not in imported | named, module
    assert re.search(r"\bInstanceConfig\b", source) is None, f"{module} mentions InstanceConfig"
