"""The layering rule of briefgen/__init__.py holds: no import, function-level ones included,
reaches up a layer (import-linter's layers contract in pyproject.toml), and so no cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT = Path(sys.executable).parent / "lint-imports"


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
                          capture_output=True, text=True, cwd=root, timeout=300)


def test_no_import_against_the_layers() -> None:
    proc = lint(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_an_upward_import_inside_a_function_is_caught(tmp_path: Path) -> None:
    """The check can fail: a copy of the package whose view imports a renderer in a function."""
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(ROOT / "briefgen", copy / "briefgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    vi = copy / "briefgen" / "view" / "vi.py"
    vi.write_text(vi.read_text(encoding="utf-8") + "\n\ndef _probe() -> None:\n"
                  "    from briefgen.render import html  # noqa: F401\n", encoding="utf-8")
    proc = subprocess.run([str(LINT), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
                          capture_output=True, text=True, cwd=copy, timeout=300,
                          env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "briefgen.view is not allowed to import briefgen.render" in proc.stdout
    assert "briefgen.view.vi -> briefgen.render.html" in proc.stdout


def import_cycles(package: str) -> list[list[str]]:
    """Every set of the package's modules that import one another round (its strongly
    connected components), function-level imports included, from grimp's graph (the import
    graph import-linter reads)."""
    import grimp

    graph = grimp.build_graph(package, cache_dir=None)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph.find_modules_directly_imported_by(module)):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = stack[stack.index(module):]
            del stack[stack.index(module):]
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle() -> None:
    assert import_cycles("briefgen") == []


def test_an_import_cycle_inside_a_function_is_caught(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: a package whose two modules import each other, one in a function."""
    package = tmp_path / "roundabout"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from roundabout import b\n")
    (package / "b.py").write_text("def late() -> None:\n    from roundabout import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("roundabout") == [["roundabout.a", "roundabout.b"]]


def test_no_module_over_500_lines() -> None:
    """No module of the package or its tools (the Word template builder included) is longer."""
    sizes = {p: len(p.read_text(encoding="utf-8").splitlines())
             for folder in ("briefgen", "tools") for p in (ROOT / folder).rglob("*.py")}
    assert ROOT / "tools" / "docx_templates" / "base.py" in sizes  # the walk reaches the builder
    over = {p.relative_to(ROOT): n for p, n in sizes.items() if n > 500}
    assert not over, over


def test_command_modules_evaluate_their_annotations_at_import() -> None:
    """Typer reads every command's signature on each start: annotations postponed to strings
    were compiled on every ``briefgen --help`` (briefgen/cli/__init__.py)."""
    import ast

    def declares_commands(tree: ast.Module) -> bool:  # a parameter typed Annotated[...]
        return any(isinstance(node, ast.FunctionDef) and any(
            "Annotated" in ast.unparse(arg.annotation) for arg in node.args.args
            if arg.annotation is not None) for node in ast.walk(tree))

    def postpones(tree: ast.Module) -> bool:
        return any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
                   and any(alias.name == "annotations" for alias in node.names)
                   for node in tree.body)

    trees = {path.name: ast.parse(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "briefgen" / "cli").glob("*.py"))}
    declaring = [name for name, tree in trees.items() if declares_commands(tree)]
    assert len(declaring) >= 5, declaring
    assert not [name for name in declaring if postpones(trees[name])]
