"""The ``briefgen`` command line. It parses arguments and calls the library; nothing more.

Exit codes: 0 done; 2 bad input or usage (every problem as FILE:LINE:COL: field: message);
1 an internal error, with one line asking to report it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from briefgen import __version__
from briefgen.cli_templates import templates_app
from briefgen.errors import InputError

app = typer.Typer(
    name="briefgen",
    help="Meeting documents for Vietnamese secretariats: minutes, conclusion notices, "
    "invitations, briefing packs and task reports, in DOCX, PDF and HTML.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(templates_app, name="templates")
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

MeetingArg = Annotated[Path, typer.Argument(help="The meeting file (YAML).", show_default=False)]
TemplatesOpt = Annotated[Path | None, typer.Option(
    "--templates", help="A customised template set; what it lacks comes from the defaults.")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Labels: vi (default) or en.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Output folder.")]


def reports_errors(func: F) -> F:
    """Turn input problems into exit 2 and anything unexpected into exit 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                err.print(str(problem), markup=False)
            n = len(exc.problems)
            err.print(f"{n} problem{'s' if n > 1 else ''}; nothing was written.", markup=False)
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except Exception as exc:
            err.print(f"internal error: {type(exc).__name__}: {exc}. Please report it "
                      f"(briefgen {__version__}).", markup=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _split(value: str, allowed: tuple[str, ...], what: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise typer.BadParameter(f"unknown {what} {', '.join(bad) or value!r}; "
                                 f"choose from {', '.join(allowed)}")
    return list(dict.fromkeys(items))


def _check_lang(lang: str | None) -> None:
    if lang not in (None, "vi", "en"):
        raise typer.BadParameter(f"unknown language {lang!r}; choose vi or en")


@app.command()
@reports_errors
def validate(meeting: MeetingArg) -> None:
    """Check a meeting file and report every problem; exit 0 when it is good, 2 when not."""
    from briefgen.model import load_meeting

    m, _ = load_meeting(meeting)
    out.print(f"{meeting}: ok ({len(m.tasks)} tasks, {len(m.points)} connection points, "
              f"{len(m.agenda)} agenda groups)", markup=False)


@app.command()
@reports_errors
def render(
    meeting: MeetingArg,
    doc: Annotated[str, typer.Option(
        "--doc", help="Documents, comma-separated: minutes, notice, invitation, pack, report."
    )] = "minutes",
    fmt: Annotated[str, typer.Option("--format", help="Formats, comma-separated.")] = "docx,pdf,html",
    point: Annotated[str | None, typer.Option(
        "--point", help="Connection point id, for an invitation or a pack narrowed to it.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit id, for a task report.")] = None,
    out_dir: OutOpt = Path("out"),
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Render documents of one meeting into DOCX, PDF and HTML."""
    from briefgen.documents import DOCS, plan
    from briefgen.model import load_meeting
    from briefgen.render import FORMATS, RENDERERS
    from briefgen.writer import inside, write_all

    kinds, formats = _split(doc, DOCS, "document"), _split(fmt, FORMATS, "format")
    _check_lang(lang)
    m, _smap = load_meeting(meeting)
    _check_scope(m, point, unit)
    mv, jobs = plan(m, kinds, formats, base_dir=meeting.parent, templates=templates, lang=lang,
                    scope={"invitation": point, "pack": point, "report": unit})
    renderers = {f: RENDERERS[f](templates) for f in formats}
    files = {inside(out_dir, j.file_name): renderers[j.fmt].render(mv, j.doc) for j in jobs}
    write_all(files)
    table = Table(title=f"Written to {out_dir}")
    table.add_column("file")
    table.add_column("bytes", justify="right")
    for path, data in files.items():
        table.add_row(path.name, f"{len(data):,}")
    out.print(table)


def _check_scope(m: Any, point: str | None, unit: str | None) -> None:
    if point is not None and point not in {p.id for p in m.points if not p.central}:
        known = ", ".join(p.id for p in m.points if not p.central)
        raise typer.BadParameter(f"no connection point '{point}' to invite; known: {known}")
    if unit is not None and unit not in {o for t in m.tasks for o in t.owners}:
        raise typer.BadParameter(f"unit '{unit}' owns no task in the register")


def _batch_table(rows: list[tuple[str, int, int | None, float | None]], title: str) -> None:
    table = Table(title=title)
    table.add_column("file")
    table.add_column("bytes", justify="right")
    table.add_column("pages", justify="right")
    table.add_column("seconds", justify="right")
    for name, size, pages, secs in rows:
        table.add_row(name, f"{size:,}", "" if pages is None else str(pages),
                      "unchanged" if secs is None else f"{secs:.2f}")
    out.print(table)


@app.command()
@reports_errors
def batch(
    meeting: MeetingArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Output root; files go to OUT/<meeting-id>/.")
                       ] = Path("out"),
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1,
                                             help="Parallel workers (default: all cores).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Render everything, even unchanged.")] = False,
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Render every document for every connection point and unit, in every format.

    Only what changed since the last run is rendered again; an index.html and a
    manifest.json (sha256, size, pages of every file) are written beside the documents."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from briefgen.batch import run_batch
    from briefgen.model import load_meeting

    _check_lang(lang)
    m, _ = load_meeting(meeting)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("rendering", total=None)

        def advance(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=name)

        result = run_batch(m, meeting, out_dir, templates=templates, lang=lang, jobs=jobs,
                           force=force, progress=advance)
    rendered = result.rendered
    if rendered:
        _batch_table([(o.name, o.size, o.pages, o.seconds) for o in rendered],
                       f"Rendered into {result.folder}")
    out.print(f"{len(rendered)} of {len(result.outputs)} files rendered"
              f"{'' if rendered else ' (nothing changed since the last run)'} in "
              f"{result.seconds:.1f} s; index: {result.folder / 'index.html'}", markup=False)


@app.command()
@reports_errors
def init(
    meeting: Annotated[Path, typer.Argument(help="Where to write the new meeting file.")
                       ] = Path("meeting.yaml"),
) -> None:
    """Write a commented skeleton of a meeting file to fill in (never overwrites a file)."""
    from briefgen.assets import find_template

    if meeting.exists():
        raise InputError.single(meeting, "already exists; give a new file name")
    skeleton = find_template("meeting-skeleton.yaml").read_bytes()
    from briefgen.writer import write_all

    write_all({meeting.resolve(): skeleton})
    out.print(f"wrote {meeting}; fill it in, then: briefgen validate {meeting}", markup=False)


@app.command()
def schema() -> None:
    """Print the meeting file's JSON Schema (for editors that complete and check YAML)."""
    from briefgen.model import Meeting

    sys.stdout.write(json.dumps(Meeting.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


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
