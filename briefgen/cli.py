"""The ``briefgen`` command line. It parses arguments and calls the library; nothing more.

Exit codes: 0 done; 2 bad input or usage (every problem as FILE:LINE:COL: field: message);
1 an internal error, with one line asking to report it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from briefgen import __version__
from briefgen.errors import InputError

app = typer.Typer(
    name="briefgen",
    help="Meeting documents for Vietnamese secretariats: minutes, conclusion notices, "
    "invitations, briefing packs and task reports, in DOCX, PDF and HTML.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

MeetingArg = Annotated[Path, typer.Argument(help="The meeting file (YAML).", show_default=False)]
TemplatesOpt = Annotated[
    Path | None, typer.Option("--templates", help="A customised template set (falls back to the defaults).")
]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Labels: vi (default) or en.")]


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
            err.print(f"{n} problem{'s' if n > 1 else ''} found; nothing was written.", markup=False)
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort):
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
    doc: Annotated[str, typer.Option("--doc", help="Documents, comma-separated: minutes,notice.")] = "minutes",
    fmt: Annotated[str, typer.Option("--format", help="Formats, comma-separated: docx,pdf,html.")] = "docx,pdf,html",
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Render documents of one meeting into DOCX, PDF and HTML."""
    from briefgen.documents import DOCS
    from briefgen.model import load_meeting
    from briefgen.render import FORMATS

    docs = _split(doc, DOCS, "document")
    formats = _split(fmt, FORMATS, "format")
    m, _ = load_meeting(meeting)
    written = _render(m, docs, formats, out_dir, templates, lang)
    _summary(written)


def _render(m: Any, docs: list[str], formats: list[str], out_dir: Path, templates: Path | None,
            lang: str | None) -> list[tuple[Path, int]]:
    from briefgen.documents import plan
    from briefgen.render import RENDERERS
    from briefgen.writer import inside, write_all

    mv, jobs = plan(m, docs, formats, templates, lang)
    renderers = {f: RENDERERS[f](templates) for f in formats}
    files = {inside(out_dir, job.file_name): renderers[job.fmt].render(mv, job.doc) for job in jobs}
    write_all(files)
    return [(path, len(data)) for path, data in files.items()]


def _summary(written: list[tuple[Path, int]]) -> None:
    table = Table(title="Written", show_lines=False)
    table.add_column("file")
    table.add_column("bytes", justify="right")
    for path, size in written:
        table.add_row(str(path), f"{size:,}")
    out.print(table)


@app.command()
@reports_errors
def batch(
    meeting: MeetingArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Output root; files go to OUT/<meeting-id>/.")] = Path("out"),
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Render every document in every format into OUT/<meeting-id>/."""
    from briefgen.documents import DOCS
    from briefgen.model import load_meeting
    from briefgen.render import FORMATS
    from briefgen.view.build import safe_stem

    m, _ = load_meeting(meeting)
    target = out_dir / safe_stem(m.meeting.id)
    _summary(_render(m, list(DOCS), list(FORMATS), target, templates, lang))


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
    app()
