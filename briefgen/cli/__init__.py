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

import typer

from briefgen.cli import archive, commands, followup, nextsession, sign
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
commands.register(app)
followup.register(app)
sign.register(app)
archive.register(app)
nextsession.register(app)
app.add_typer(templates_app, name="templates")


def main() -> None:
    """Run the CLI, then leave without tearing down every object one by one: after a
    4,400-task report that teardown took 2.7 s, and everything is written and closed by then."""
    try:
        app()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
