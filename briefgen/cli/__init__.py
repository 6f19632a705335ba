"""The ``briefgen`` command line: one Typer app, its commands in this package's modules.

Exit codes: see :data:`briefgen.cli.console.EXIT_CODES` (printed by ``--help``).

The modules that declare commands evaluate their annotations at import, without
``from __future__ import annotations``: Typer reads every command's signature on each start,
``--help`` included, and compiling some 370 annotations from strings was a sixth of
``briefgen --help`` (tests/architecture/test_layers.py holds them to it).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from briefgen.cli import archive, commands, followup, nextsession, proof, serve, sign
from briefgen.cli.console import EXIT_CODES
from briefgen.cli.templates import templates_app

app = typer.Typer(
    name="briefgen",
    help="Meeting documents for Vietnamese secretariats: minutes, conclusion notices, "
    "invitations, briefing packs and task reports, in DOCX, PDF and HTML.\n\n" + EXIT_CODES,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Help and usage errors printed by click, not Rich: Rich's help formatter (with its
    # Markdown parser) cost half of `briefgen --help`. Commands still print through Rich.
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        from briefgen import __version__

        typer.echo(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_show_version,
        help="Print briefgen's version and exit.")) -> None:
    """The options before a command."""


commands.register(app)
followup.register(app)
sign.register(app)
archive.register(app)
nextsession.register(app)
serve.register(app)
proof.register(app)
app.add_typer(templates_app, name="templates")


def words_for_metavars(command: Any) -> None:
    """Help in words, not Python notation: ``MEETING``, ``FORM...``, ``--out OUT`` (Typer
    would print ``{meeting}``, ``<list[Path]>``, ``<path>``); a metavar a command declares
    itself (``--jobs N``) is kept. Read by the parameters' kind, as click and Typer name it."""
    for param in command.params:
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        if param.param_type_name == "argument":
            word = (param.name or "value").upper()
            param.metavar = f"{word.removesuffix('S')}..." if param.nargs == -1 else word
        else:
            param.metavar = max(param.opts, key=len).lstrip("-").upper().replace("-", "_")
    for sub in getattr(command, "commands", {}).values():
        words_for_metavars(sub)


def main() -> None:
    """Run the CLI, then leave without tearing down every object one by one: after a long
    report that teardown took seconds (bench/FIGURES.md), and everything is written and
    closed by then."""
    try:
        command = typer.main.get_command(app)
        words_for_metavars(command)
        command(prog_name="briefgen")
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
