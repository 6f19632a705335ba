"""``briefgen extract``: the meeting file an archival PDF embeds, given back byte for byte so
the archived document can be rendered again."""

from pathlib import Path
from typing import Annotated

import typer

from briefgen.cli.console import add_command, new_table, out


def register(app: typer.Typer) -> None:
    add_command(app, extract)


def extract(
    pdf: Annotated[Path, typer.Argument(help="An archival PDF (rendered with --pdf-variant).",
                                        show_default=False)],
    out_dir: Annotated[Path | None, typer.Option(
        "--out", help="Where to write the files (default: beside the PDF).", show_default=False)
                       ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files already there.")
                     ] = False,
) -> None:
    """Write back the files an archival PDF embeds as its source: the meeting file, its
    sheets and the response log, each byte for byte under its own name."""
    from briefgen.errors import EnvironmentFault, InputError, Problem
    from briefgen.publish import write_synced
    from briefgen.render.archive import embedded_files

    def refused(message: str) -> InputError:
        return InputError([Problem(str(pdf), 1, 1, "", message)])

    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, pdf) from None
    if not data.startswith(b"%PDF-"):
        raise refused("not a PDF file")
    try:
        files = embedded_files(data)
    except Exception as exc:  # pypdf's errors for a damaged file are many and unrelated
        raise refused(f"a damaged PDF ({exc})") from None
    if not files:
        raise refused("embeds no file: render the document with --pdf-variant pdf/a-3u to "
                      "archive it with its meeting file")
    folder = out_dir or pdf.parent
    safe = {name: Path(name).name for name in files}
    clashes = [n for n in safe.values() if (folder / n).exists()]
    if clashes and not force:
        raise refused(f"{', '.join(clashes)} already in {folder}: give --out for another "
                      "folder, or --force to overwrite")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            write_synced(folder / safe[name], content)
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, folder) from None
    table = new_table(title=f"Extracted from {pdf.name} into {folder}")
    table.add_column("file")
    table.add_column("bytes", justify="right")
    for name, content in files.items():
        table.add_row(safe[name], f"{len(content):,}")
    out.print(table)
