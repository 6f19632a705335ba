"""``briefgen extract``: the files an archival PDF embeds, given back byte for byte in the tree
they came from, so the archived document can be rendered again."""

from pathlib import Path, PurePosixPath
from typing import Annotated

import typer

from briefgen.cli.console import add_command, new_table, out


def register(app: typer.Typer) -> None:
    add_command(app, extract)


#: The longest part of a path most file systems take, in bytes (ext4, NTFS, APFS).
MAX_NAME_BYTES = 255


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
    sheets, annexes, images and response log, each byte for byte at its path from the
    meeting file's folder (data/reg.csv stays in data/)."""
    from briefgen.errors import InputError, Problem
    from briefgen.load.limits import MAX_ARCHIVE_BYTES, read_limited
    from briefgen.publish import guard_targets
    from briefgen.render.archive import embedded_files

    def refused(message: str) -> InputError:
        return InputError([Problem(str(pdf), 1, 1, "", message)])

    data = read_limited(pdf, MAX_ARCHIVE_BYTES, "PDF")
    if not data.startswith(b"%PDF-"):
        raise refused("not a PDF file")
    try:
        embedded = embedded_files(data)
    except Exception as exc:  # pypdf's errors for a damaged file are many and unrelated
        raise refused(f"a damaged PDF ({exc})") from None
    if not embedded:
        raise refused("embeds no file: render the document with --pdf-variant pdf/a-3u to "
                      "archive it with its meeting file")
    for name, contents in embedded.items():
        why = _unsafe(name) or (f"embeds {len(contents)} files named '{name}'" if
                                len(contents) > 1 else "")
        if why:
            raise refused(f"{why}: not an archive briefgen made, nothing was written")
    folder = out_dir or pdf.parent
    files = {folder / name: contents[0] for name, contents in embedded.items()}
    guard_targets(files, inputs=[pdf], force=force)  # nothing is written if any is refused
    _write_all(folder, files)
    table = new_table(title=f"Extracted from {pdf.name} into {folder}")
    table.add_column("file")
    table.add_column("bytes", justify="right")
    for name, contents in embedded.items():
        table.add_row(name, f"{len(contents[0]):,}")
    out.print(table)


def _unsafe(name: str) -> str:
    """Why the embedded ``name`` cannot be restored inside the folder ('' when it can): it
    must be a relative path of plain parts, each short enough for any file system."""
    parts = name.split("/")
    if not name or PurePosixPath(name).is_absolute() or "\\" in name or "\0" in name \
            or any(p in ("", ".", "..") for p in parts):
        return f"embeds a file named {name!r}, which is not a path inside a folder"
    if any(len(p.encode("utf-8")) > MAX_NAME_BYTES for p in parts):
        return (f"embeds a file named '{name[:40]}…', a name longer than the "
                f"{MAX_NAME_BYTES} bytes file systems take")
    return ""


def _write_all(folder: Path, files: dict[Path, bytes]) -> None:
    """Write every file inside ``folder`` all or none: each staged beside its target and
    flushed first (no link in the way may lead out of the folder), then all renamed into
    place; if staging fails, what was staged and the folders made for it are removed."""
    import contextlib

    from briefgen.errors import EnvironmentFault
    from briefgen.publish import stage_synced

    made = [d for path in files for d in (path.parent, *path.parent.parents)
            if not d.exists() and d.is_relative_to(folder)]
    staged: list[tuple[Path, Path]] = []
    path = folder
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.parent.resolve().is_relative_to(folder.resolve()):
                raise EnvironmentFault(path, "a link in the way leads out of the folder",
                                       "give --out an empty folder; nothing was written")
            staged.append((stage_synced(path, content), path))
        for temp, path in staged:
            temp.replace(path)
    except (OSError, EnvironmentFault) as exc:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for d in sorted(set(made), key=lambda d: len(d.parts), reverse=True):
            with contextlib.suppress(OSError):
                d.rmdir()
        if isinstance(exc, EnvironmentFault):
            raise
        raise EnvironmentFault.from_os_error(exc, path, "nothing was written") from None
