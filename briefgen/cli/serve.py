"""``briefgen serve``: the meeting's documents in the browser while the clerk edits
(briefgen/serve/, docs/serve.md)."""

from pathlib import Path
from typing import Annotated

import typer

from briefgen.cli.console import LangOpt, TemplatesOpt, add_command, check_lang


def register(app: typer.Typer) -> None:
    add_command(app, serve)


def serve(
    meeting: Annotated[Path, typer.Argument(
        help="The meeting file (YAML), or a folder of meeting files.", show_default=False)],
    out_dir: Annotated[Path, typer.Option(
        "--out", help="Output root the browser's batch writes to (OUT/<meeting-id>/).")
                       ] = Path("out"),
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on: 127.0.0.1 (this machine only) unless you mean "
        "to open it to a network; read docs/serve.md first.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port; 0 takes any free one.")] = 8765,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Another name browsers reach this machine by (the Host header "
        "they send), besides the address listened on; repeat for several.")] = None,
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
) -> None:
    """A local workspace in the browser, for one meeting or every meeting in a folder: the
    meeting at a glance, each document's pages, redrawn when the meeting file or a sheet is
    saved; blanks filled in place, batch and returned forms from the page. Prints its
    address with a token every request needs."""
    from briefgen.assets import TemplateSet
    from briefgen.serve.server import serve as run
    from briefgen.settings import Settings

    check_lang(lang)
    if not meeting.exists():
        raise typer.BadParameter(f"{meeting}: no such file or folder")
    run(meeting, out_root=out_dir, host=host, port=port,
        settings=Settings(templates=TemplateSet(templates), lang=lang), allow_hosts=tuple(allow_host or ()))
