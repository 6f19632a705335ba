"""Small facts declared once and read everywhere: the formats, the archival variants, the exit
codes, the "did you mean" of every message (issue 26)."""

from __future__ import annotations

import ast

from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.cli.commands import FORMATS
from briefgen.cli.console import ExitCode
from briefgen.errors import NEAR_CUTOFF, did_you_mean, near
from briefgen.model.profile import PDF_VARIANTS
from briefgen.render import RENDERERS
from tests.conftest import REFERENCE, ROOT
from tests.readers import squash


def test_the_cli_offers_the_renderers_formats() -> None:
    """The CLI keeps its own tuple so that --help does not import the renderers: it must be
    theirs, in their order."""
    assert tuple(RENDERERS) == FORMATS


def test_help_names_every_archival_variant_and_exit_code() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == ExitCode.done
    for code in ExitCode:
        assert f"{code.value} {code.meaning}" in squash(result.output)
    render = CliRunner().invoke(app, ["render", "--help"])
    assert all(variant in render.output for variant in PDF_VARIANTS)


def test_an_unknown_variant_is_refused_with_the_known_ones() -> None:
    result = CliRunner().invoke(app, ["render", str(REFERENCE), "--pdf-variant", "pdf/a-2b"])
    assert result.exit_code == ExitCode.bad_input
    assert all(variant in squash(result.output) for variant in PDF_VARIANTS)


def test_no_command_exits_with_a_bare_number() -> None:
    """``typer.Exit(2)`` in a command would be a second list of what the codes mean."""
    bare = []
    for path in sorted((ROOT / "briefgen" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("Exit")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                bare.append(f"{path.name}:{node.lineno}")
    assert not bare


def test_one_did_you_mean_with_one_cut_off() -> None:
    """Only errors.py asks difflib; every message's hint is ``near``'s."""
    users = [path.relative_to(ROOT) for path in (ROOT / "briefgen").rglob("*.py")
             if "difflib" in {alias.name for node in ast.walk(ast.parse(path.read_text(
                 encoding="utf-8"))) if isinstance(node, ast.Import) for alias in node.names}]
    assert [str(p) for p in users] == ["briefgen/errors.py"]
    assert near("minuts", ["minutes", "notice"]) == "minutes"
    assert near("zzz", ["minutes", "notice"]) is None
    assert did_you_mean("titel", ["title"], "doc.") == "; did you mean 'doc.title'?"
    assert 0 < NEAR_CUTOFF < 1


# Attributes other libraries keep private, and the one module that may read each: there it is
# documented, and pyproject.toml bounds the library's version (not the standard library's).
FENCED = {"_page_box": "briefgen/render/weasy.py", "_style": "briefgen/load/cells.py",
          "_processes": "briefgen/batch/workers.py"}


def test_private_attributes_of_libraries_are_read_behind_one_fence() -> None:
    readers: dict[str, set[str]] = {name: set() for name in FENCED}
    for path in (ROOT / "briefgen").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            named = node.attr if isinstance(node, ast.Attribute) else (
                node.args[1].value if isinstance(node, ast.Call) and ast.unparse(node.func)
                == "getattr" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
                else None)
            if named in readers:
                readers[named].add(str(path.relative_to(ROOT)))
    assert readers == {name: {module} for name, module in FENCED.items()}
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"weasyprint>=62,<' in pyproject and '"openpyxl>=3.1,<' in pyproject
