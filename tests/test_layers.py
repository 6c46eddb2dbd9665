"""The layering the docstrings promise, checked: only coach/render/ imports Rich, core modules
never import the renderers, and commands stay thin (parse flags, one core call, render)."""

from __future__ import annotations

import ast
from pathlib import Path

import coach

PACKAGE = Path(coach.__file__).parent
# Edges: they parse flags or run the program and hand output to coach.render.
EDGES = {"cli.py", "commands"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE), ast.parse(path.read_text("utf-8"))


def _imports(tree) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_the_render_package_imports_rich():
    offenders = [str(rel) for rel, tree in _modules() if rel.parts[0] != "render"
                 and any(m == "rich" or m.startswith("rich.") for m in _imports(tree))]
    assert offenders == []


def test_core_modules_do_not_import_the_renderers():
    offenders = [str(rel) for rel, tree in _modules()
                 if rel.parts[0] not in (*EDGES, "render")
                 and any(m.startswith("coach.render") for m in _imports(tree))]
    assert offenders == []


def test_no_command_module_is_over_300_lines():
    long = {path.name: n for path in (PACKAGE / "commands").glob("*.py")
            if (n := len(path.read_text("utf-8").splitlines())) > 300}
    assert long == {}
