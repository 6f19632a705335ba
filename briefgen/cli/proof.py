"""``briefgen proof``: every page of generated documents read as a reader sees it, against
the rules of docs/proof.md; and the ``--proof`` that ``render`` and ``batch`` take."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefgen.cli.console import ExitCode, TemplatesOpt, add_command, err, out

if TYPE_CHECKING:  # the library is imported by the commands that use it, not by --help
    from briefgen.proof import Proof

ProofOpt = Annotated[bool, typer.Option(
    "--proof", help="Read every page made as a reader sees it (docs/proof.md): rows cut "
    "between pages, names broken, closing blocks alone, headings out of sequence; exit 2 "
    "on any finding.")]


def register(app: typer.Typer) -> None:
    add_command(app, proof)


def proof(
    folder: Annotated[Path, typer.Argument(
        help="An output folder (or one PDF or DOCX file).", show_default=False)],
    docx: Annotated[bool, typer.Option(
        "--docx/--no-docx", help="Lay out each DOCX with LibreOffice and proof it too.")] = True,
    templates: TemplatesOpt = None,
) -> None:
    """Proof generated documents: every PDF as a reader sees it and every DOCX through
    LibreOffice's PDF of it. Prints each finding with its document, page and rule; exit 2
    if there is any."""
    paths = [folder] if folder.is_file() else sorted(
        p for p in folder.iterdir() if p.suffix in (".pdf", ".docx"))
    report(check(paths, docx, templates=templates))


def check(paths: list[Path], docx: bool = True, warned: tuple[str, set[str]] | None = None,
          templates: Path | None = None) -> "Proof":
    """The proof of ``paths``; with ``warned`` (the meeting's id, the kinds of document its
    warnings name blanks of), blanks no warning named are findings too; ``templates``: the
    custom set they were made with (its profiles' recipients labels)."""
    from briefgen.proof import proof_files, unwarned

    result = proof_files(paths, docx=docx, templates=templates)
    if warned is not None:
        result.findings += unwarned(result, *warned)
    return result


def report(result: "Proof") -> None:
    """Print the findings; exit 2 if there are any."""
    for finding in result.findings:
        out.print(str(finding), markup=False, highlight=False, soft_wrap=True)
    blanks = sum(n for counted in result.blanks.values() for _, n in counted)
    n = len(result.findings)
    err.print(f"{n:,} finding{'s' * (n != 1)}; {blanks:,} official blank{'s' * (blanks != 1)} "
              "left to fill.", markup=False)
    if n:
        raise typer.Exit(ExitCode.bad_input)


class Proofreader:
    """The batch's ``proof``: reads the staged documents once and keeps what it found."""

    def __init__(self, docx: bool = True, warned: tuple[str, set[str]] | None = None,
                 templates: Path | None = None) -> None:
        self.docx = docx
        self.warned = warned
        self.templates = templates
        self.result: Proof | None = None

    def __call__(self, folder: Path, names: list[str]
                 ) -> dict[str, tuple[list[str], list[tuple[int, int]]]]:
        self.result = check([folder / n for n in names if n.endswith((".pdf", ".docx"))],
                            self.docx, self.warned, self.templates)
        return {n: ([f"page {f.page}: {f.rule}: {f.detail}" for f in self.result.of(n)],
                    self.result.blanks.get(n, [])) for n in names}
