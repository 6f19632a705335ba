"""``briefgen templates``: list a template set, copy the defaults, document the variables,
check a set. Arguments in, library calls out (briefgen.template_set), nothing more."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from briefgen.cli.console import ExitCode, err, new_table, out, reports_errors

templates_app = typer.Typer(
    help="Bring your own templates: list a template set, copy the defaults to edit, see every "
    "variable templates can use, and check a set before rendering with it.",
    no_args_is_help=True,
    rich_markup_mode=None,  # as the main app: help printed by click
)
SetArg = Annotated[Path, typer.Argument(help="The template set's folder.", show_default=False)]


@templates_app.command("list")
@reports_errors
def list_templates(
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="A customised template set; what it lacks comes from the defaults.")
    ] = None,
) -> None:
    """List every template file rendering uses, and where it comes from.

    Each file's document, format and regime, and whether it is the set's own or a default.
    """
    from briefgen.assets import DEFAULT_TEMPLATES
    from briefgen.template_set.files import list_templates as catalogue

    rows = catalogue(templates)
    title = (f"Template set {templates} (falling back to the defaults)" if templates
             else f"Default template set ({DEFAULT_TEMPLATES})")
    table = new_table(title=title)
    for column in ("file", "document", "format", "regime", "origin"):
        table.add_column(column)
    for row in rows:
        table.add_row(row.relative, row.document, row.format, row.regime or "", row.origin)
    out.print(table)


@templates_app.command()
@reports_errors
def copy(folder: Annotated[Path, typer.Argument(
        help="A new (or empty) folder to copy the default set into.", show_default=False)],
         ) -> None:
    """Copy the default template set into FOLDER, ready to edit.

    FOLDER must be new or empty. Files you delete from it are taken from the defaults.
    """
    from briefgen.template_set.files import copy_defaults

    files = copy_defaults(folder)
    out.print(f"Copied {len(files)} template files into {folder}. Next:\n"
              f"  1. Edit what you want to change: {folder}/html/*.html and *.css (HTML and PDF), "
              f"{folder}/docx/<regime>/<document>.docx (Word), {folder}/labels/vi.yaml "
              f"(wording). Delete the files you leave as they are: the defaults fill in.\n"
              f"  2. See what templates can use: briefgen templates vars\n"
              f"  3. Check the set: briefgen templates check {folder}\n"
              f"  4. Render with it: briefgen render MEETING.yaml --templates {folder}",
              markup=False)


@templates_app.command("vars")
@reports_errors
def variables(
    fmt: Annotated[str, typer.Option("--format", help="md (markdown) or json.")] = "md",
) -> None:
    """Print every variable a template can use, with its type and an example.

    Examples come from the reference meeting. Filters, tests and globals are listed too.

    docs/template-variables.md is this output.
    """
    import json

    from briefgen.template_set.reference import variable_reference, variables_markdown

    if fmt not in ("md", "json"):
        raise typer.BadParameter(f"unknown format {fmt!r}; choose md or json")
    reference = variable_reference()
    text = variables_markdown(reference) if fmt == "md" else \
        json.dumps(reference, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.write(text)


@templates_app.command()
@reports_errors
def check(folder: SetArg) -> None:
    """Check a template set before rendering with it; exit 0 when clean, 2 when not.

    Finds syntax errors, includes and loads from outside the set, and unknown variables.

    HTML and CSS problems are placed as FILE:LINE, Word ones as FILE:PARAGRAPH (with its text).

    Word paragraphs count from the top of the document, table cells included.

    Tags Word split across runs are warned about. render reports a broken template alike.
    """
    from briefgen.template_set.check import check_set

    report = check_set(folder)
    for warning in report.warnings:
        err.print(str(warning), markup=False)
    for problem in report.problems:
        err.print(str(problem), markup=False)
    n, w = len(report.problems), len(report.warnings)
    warned = f" ({w} warning{'s' if w != 1 else ''})" if w else ""
    if n:
        err.print(f"{n} problem{'s' if n != 1 else ''}{warned} in {folder}.", markup=False)
        raise typer.Exit(ExitCode.bad_input)
    out.print(f"{folder}: {report.templates} templates checked, no problems{warned}.",
              markup=False)
