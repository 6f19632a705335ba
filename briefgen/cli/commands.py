"""The meeting commands: validate, render, batch, init, schema, version. Each parses its
arguments and calls the library (briefgen.documents, briefgen.batch); nothing more."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from briefgen import __version__
from briefgen.assets import DEFAULT_SET, TemplateSet
from briefgen.cli.console import (
    LangOpt,
    MeetingArg,
    TemplatesOpt,
    add_command,
    at_least,
    check_lang,
    err,
    new_table,
    out,
    print_located,
    split_choices,
)
from briefgen.cli.proof import ProofOpt, Proofreader, check, report
from briefgen.cli.sign import SigningTimeOpt, SignOpt, render_signing
from briefgen.errors import InputError

if TYPE_CHECKING:
    # the library is imported by the commands that use it, not by --help
    from briefgen.batch import Output
    from briefgen.model.meeting import Meeting

OutOpt = Annotated[Path, typer.Option("--out", help="Output folder.")]
PdfVariantOpt = Annotated[str | None, typer.Option(
    "--pdf-variant", help="Archival PDF: pdf/a-3u (or pdf/a-3b), embedding the meeting file "
    "and its sheets; 'none' for a plain PDF whatever the profile says.", show_default=False)]


def pdf_variant(value: str | None) -> str | None:
    """The --pdf-variant asked for: None to follow the profile, '' for none."""
    if value is None:
        return None
    from briefgen.model.profile import PDF_VARIANTS

    (chosen,) = split_choices(value, (*PDF_VARIANTS, "none"), "pdf variant")
    return "" if chosen == "none" else chosen
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Refuse warnings (blanks to fill, dates that look wrong) as errors: exit 2.")]
FORMATS = ("docx", "pdf", "html")  # the renderers' names and suffixes (briefgen.render.FORMATS), kept
# here so that --help does not import the renderers
RENDERERS_SUFFIX = {"docx": ".docx", "pdf": ".pdf", "html": ".html"}


def register(app: typer.Typer) -> None:
    """Add the meeting commands to ``app``."""
    for command in (validate, render, batch, explain, init):
        add_command(app, command)
    add_command(app, schema, checked=False)
    add_command(app, version, checked=False)


def load_checked(meeting: Path, strict: bool, templates: TemplateSet = DEFAULT_SET,
                 making: list[str] | None = None) -> "Meeting":
    """The validated meeting, its profile known to the template set in use; its warnings
    (for the documents ``making`` being made, or all) printed, or (``strict``) refused as
    problems."""
    return checked(meeting, strict, templates, making)[0]


def checked(meeting: Path, strict: bool, templates: TemplateSet = DEFAULT_SET,
            making: list[str] | None = None) -> tuple["Meeting", tuple[str, set[str]]]:
    """:func:`load_checked`, and what ``--proof`` needs of the same reading: the meeting's id
    and the kinds of document some warning names a blank of (a blank on a page of another
    kind is one no warning named)."""
    from briefgen import kinds
    from briefgen.model import load_meeting
    from briefgen.model.profile import choose_profile, load_profiles, unknown_profile
    from briefgen.model.warnings import warned_kinds

    m, smap = load_meeting(meeting)
    named = m.meeting.profile
    folder = templates.folder("profiles")
    if named:
        known = load_profiles(folder)
        if named not in known:
            raise InputError([smap.problem(("meeting", "profile"), "meeting.profile",
                                           unknown_profile(named, known))])
    from briefgen.view.build import load_labels
    from briefgen.view.checks import meeting_warnings
    from briefgen.view.forms import form_problems

    wrong = form_problems(m, smap, load_labels(m.meeting.language, templates))
    if wrong:
        raise InputError(wrong)
    profile = choose_profile(folder, m.meeting.regime, m.meeting.date, named)
    made = kinds.made(m)
    warnings = meeting_warnings(m, smap, profile, made, making)
    if warnings and strict:
        raise InputError(warnings)
    print_located(warnings, "warnings")
    if warnings:
        n = len(warnings)
        err.print(f"{n:,} warning{'s' * (n > 1)}: the documents render, with blanks to fill "
                  "where they say so (--strict refuses them).", markup=False)
    return m, (m.meeting.id, warned_kinds(m, smap, made, profile.header.undated))


def validate(meeting: MeetingArg, strict: StrictOpt = False) -> None:
    """Check a meeting file and report every problem; exit 0 when it is good, 2 when not.

    Warnings (blanks to fill, dates that look wrong) are printed and exit 0, unless --strict."""
    m = load_checked(meeting, strict)
    out.print(f"{meeting}: ok ({len(m.tasks)} tasks, {len(m.points)} connection points, "
              f"{len(m.agenda)} agenda groups)", markup=False)


def render(
    meeting: MeetingArg,
    doc: Annotated[str, typer.Option(
        "--doc", help="Documents, comma-separated: minutes, notice, invitation, pack, report, "
        "request (or any other registered kind)."
    )] = "minutes",
    fmt: Annotated[str, typer.Option("--format", help="Formats, comma-separated.")] = "docx,pdf,html",
    point: Annotated[str | None, typer.Option(
        "--point", help="Connection point id, for an invitation or a pack narrowed to it.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit id, for a task report.")] = None,
    out_dir: OutOpt = Path("out"),
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
    strict: StrictOpt = False,
    variant: PdfVariantOpt = None,
    sign: SignOpt = None,
    signing_time: SigningTimeOpt = None,
    proof: ProofOpt = False,
) -> None:
    """Render documents of one meeting into DOCX, PDF and HTML (and sign the PDFs with
    --sign, before anything is written)."""
    from briefgen import kinds
    from briefgen.documents import plan, render_into
    from briefgen.model.validate import meeting_inputs
    from briefgen.settings import Settings

    asked = split_choices(doc, kinds.names(), "document")
    formats = split_choices(fmt, FORMATS, "format")
    check_lang(lang)
    finish, _ = render_signing(sign, signing_time)
    settings = Settings(templates=TemplateSet(templates), lang=lang,
                        pdf_variant=pdf_variant(variant))
    m, warned = checked(meeting, strict, settings.templates, making=asked)
    _check_scope(m, point, unit)
    mv, jobs = plan(m, asked, formats, settings, base_dir=meeting.parent,
                    scope={"point": point, "unit": unit}, meeting_file=meeting,
                    signed=finish is not None)
    files = render_into(out_dir, mv, jobs, settings, waiting=lambda: err.print(
        f"another briefgen run is writing into {out_dir}; waiting…", markup=False),
        finish=finish, inputs=meeting_inputs(m, meeting))
    for name in asked:
        if not any(job.doc.kind == name for job in jobs):
            err.print(f"no {name} made: {kinds.get(name).scope.lacking}", markup=False)
    if not files:
        out.print("Nothing to write.")
        return
    table = new_table(title=f"Written to {out_dir}")
    table.add_column("file")
    table.add_column("bytes", justify="right")
    for path, data in files.items():
        table.add_row(path.name, f"{len(data):,}")
    out.print(table)
    if proof:
        report(check(list(files), warned=warned, templates=templates))


def _explain_sentence(doc: str, key: str, text: str, mine: bool, chosen: object,
                      fields: tuple[str, ...]) -> None:
    """One sentence of ``explain``, in lines that wrap between words at the terminal's width
    (a key or field name is never cut): the key that replaces it, the sentence, its form and
    the others that fit, its fields."""
    import textwrap

    width = max(40, out.width)

    def para(line: str) -> None:
        out.print(textwrap.fill(line, width, initial_indent="  ", subsequent_indent="    ",
                                break_long_words=False, break_on_hyphens=False), markup=False)

    out.print()
    out.print(f"documents.{doc}.text.{key}" + (" (yours)" if mine else ""), style="bold",
              markup=False)
    para(text or "(none)")
    form = getattr(chosen, "form", "")
    if form and not mine:
        others = ", ".join(getattr(chosen, "others", ())) or "none"
        para(f"form: {form} (documents.{doc}.forms.{key}); other forms that fit: {others}")
    para("made from: " + ("your text" if mine else ", ".join(fields) or "the labels"))


def explain(
    meeting: MeetingArg,
    doc: Annotated[str, typer.Option("--doc", help="The document: notice, invitation, ...")
                   ] = "notice",
    point: Annotated[str | None, typer.Option("--point", help="Its connection point.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Its unit.")] = None,
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show the sentences briefgen writes for a document, each with the fields of the meeting
    file it comes from and the key that replaces it with your own words
    (documents.<doc>.text.<key>)."""
    from briefgen import kinds
    from briefgen.documents import plan
    from briefgen.settings import Settings

    name = split_choices(doc, kinds.names(), "document")[0]
    check_lang(lang)
    settings = Settings(templates=TemplateSet(templates), lang=lang)
    m = load_checked(meeting, strict=False, templates=settings.templates, making=[name])
    _check_scope(m, point, unit)
    kind = kinds.get(name)
    _, jobs = plan(m, [name], ["html"], settings,
                   base_dir=meeting.parent, scope={"point": point, "unit": unit})
    if not jobs:
        raise typer.BadParameter(f"the meeting makes no {name}")
    made = jobs[0].doc
    own = getattr(m.documents, name).text if name in type(m.documents).model_fields else None
    forms = getattr(made.extra, "forms", None) or {}
    out.print(f"{name}{f' ({made.scope})' if made.scope else ''}: the sentences briefgen "
              "writes", style="bold", markup=False)
    for sentence in kind.sentences:
        mine = own is not None and getattr(own, sentence.key) is not None
        _explain_sentence(name, sentence.key, sentence.read(made), mine,
                          forms.get(sentence.key), sentence.fields)


def _check_scope(m: Any, point: str | None, unit: str | None) -> None:
    if point is not None and point not in {p.id for p in m.points if not p.central}:
        known = ", ".join(p.id for p in m.points if not p.central)
        raise typer.BadParameter(f"no connection point '{point}' to invite; known: {known}")
    if unit is not None and unit not in {o for t in m.tasks for o in t.owners}:
        raise typer.BadParameter(f"unit '{unit}' owns no task in the register")


def _batch_table(rows: list[tuple[str, int, int | None, float | None]], title: str) -> None:
    table = new_table(title=title)
    table.add_column("file")
    table.add_column("bytes", justify="right")
    table.add_column("pages", justify="right")
    table.add_column("seconds", justify="right")
    for name, size, pages, secs in rows:
        table.add_row(name, f"{size:,}", "" if pages is None else str(pages),
                      "unchanged" if secs is None else f"{secs:.2f}")
    out.print(table)


def _kinds_table(rendered: list["Output"], title: str) -> None:
    """What a batch rendered, by document kind: files, pages (PDF) and seconds of work."""
    by_kind: dict[str, list[Output]] = {}
    for o in rendered:
        by_kind.setdefault(o.kind, []).append(o)
    table = new_table(title=title)
    for column, justify in (("document", "left"), ("files", "right"), ("pages", "right"),
                            ("seconds", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for kind, outputs in by_kind.items():
        table.add_row(kind, f"{len(outputs):,}", f"{sum(o.pages or 0 for o in outputs):,}",
                      f"{sum(o.seconds or 0 for o in outputs):.1f}")
    out.print(table)


def batch(
    meeting: MeetingArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Output root; files go to OUT/<meeting-id>/.")
                       ] = Path("out"),
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", metavar="N", callback=at_least(1),
        help="Parallel workers, at least 1 (default: all cores).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Render everything, even unchanged.")] = False,
    fmt: Annotated[str, typer.Option(
        "--format", help="Formats, comma-separated (pdf for PDFs only).")] = "docx,pdf,html",
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
    strict: StrictOpt = False,
    wait: Annotated[float, typer.Option(
        "--wait", metavar="SECONDS", callback=at_least(0),
        help="Seconds to wait for another run writing into the same folder before refusing.")] = 120.0,
    variant: PdfVariantOpt = None,
    sign: SignOpt = None,
    signing_time: SigningTimeOpt = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="List every file rendered (default: a summary by document).")
                       ] = False,
    proof: ProofOpt = False,
) -> None:
    """Render every document for every connection point and unit, in every format.

    Only what changed since the last run is rendered again; an index.html and a
    manifest.json (sha256, size, pages of every file) are written beside the documents.
    OUT/<meeting-id> switches to the new set of files at once: a run that is interrupted,
    killed or out of disk space leaves the previous set whole. Outputs of points or units
    no longer in the meeting are removed (and listed); files put there by hand are kept."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from briefgen.batch import run_batch
    from briefgen.settings import Settings

    formats = split_choices(fmt, FORMATS, "format")
    check_lang(lang)
    finish, signing = render_signing(sign, signing_time)
    from briefgen import kinds

    settings = Settings(templates=TemplateSet(templates), lang=lang,
                        pdf_variant=pdf_variant(variant), jobs=jobs, force=force, wait=wait)
    m, warned = checked(meeting, strict, settings.templates,
                        [k.name for k in kinds.KINDS.values() if k.in_batch])
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("remaining"), TimeRemainingColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("planning: what changed since the last run", total=None)

        def advance(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total,  # no name yet: the start
                       description=f"rendering {name or f'{total:,} files'}")

        def waiting() -> None:
            err.print(f"another briefgen run is writing into {out_dir}; "
                      f"waiting up to {wait:g} s…", markup=False)

        reader = Proofreader(warned=warned, templates=templates) if proof else None
        result = run_batch(m, meeting, out_dir, settings, progress=advance, waiting=waiting,
                           formats=[f for f in FORMATS if f in formats], finish=finish,
                           signing=signing, proof=reader)
    rendered = result.rendered
    if rendered and verbose:
        _batch_table([(o.name, o.size, o.pages, o.seconds) for o in rendered],
                       f"Rendered into {result.folder}")
    elif rendered:
        _kinds_table(rendered, f"Rendered into {result.folder} (--verbose lists every file)")
    # A file of a format this run did not make is dropped too: the folder holds what was asked.
    suffixes = tuple(RENDERERS_SUFFIX[f] for f in FORMATS if f not in formats)
    unasked = [name for name in result.removed if suffixes and name.endswith(suffixes)]
    gone = [name for name in result.removed if name not in unasked]
    if gone:
        out.print(f"removed {len(gone)} files of points or units no longer in the "
                  f"meeting: {', '.join(gone)}", markup=False)
    if unasked:
        out.print(f"removed {len(unasked)} files in formats this run did not make (--format "
                  f"{','.join(formats)}): {', '.join(unasked)}", markup=False)
    out.print(f"{len(rendered)} of {len(result.outputs)} files rendered"
              f"{'' if rendered else ' (nothing changed since the last run)'} in "
              f"{result.seconds:.1f} s; index: {result.folder / 'index.html'}", markup=False)
    if reader is not None:  # nothing changed since the last run: the proof reads it now
        report(reader.result or check([result.folder / o.name for o in result.outputs],
                                      warned=reader.warned, templates=templates))


def init(
    meeting: Annotated[Path, typer.Argument(help="Where to write the new meeting file.")
                       ] = Path("meeting.yaml"),
) -> None:
    """Write a commented skeleton of a meeting file to fill in (never overwrites a file)."""
    from briefgen.assets import find_template
    from briefgen.writer import write_all

    if meeting.exists():
        raise InputError.single(meeting, "already exists; give a new file name")
    skeleton = find_template("meeting-skeleton.yaml").read_bytes()

    write_all({meeting.resolve(): skeleton})
    out.print(f"wrote {meeting}; fill it in, then: briefgen validate {meeting}", markup=False)


def schema() -> None:
    """Print the meeting file's JSON Schema (for editors that complete and check YAML)."""
    import json

    from briefgen.model import Meeting

    sys.stdout.write(json.dumps(Meeting.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


def version() -> None:
    """Print the version."""
    out.print(__version__)
