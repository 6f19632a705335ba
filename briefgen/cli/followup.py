"""The commands between sessions: ``requests`` (a letter and a response form per owner unit)
and ``collect`` (returned forms merged into the register)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from briefgen.assets import TemplateSet
from briefgen.cli.commands import FORMATS, OutOpt, StrictOpt, load_checked
from briefgen.cli.console import (
    LangOpt,
    MeetingArg,
    TemplatesOpt,
    add_command,
    check_lang,
    date_option,
    err,
    new_table,
    out,
    print_located,
    split_choices,
)

if TYPE_CHECKING:
    from briefgen.model.meeting import Meeting
    from briefgen.view.build import ViewBuilder
    from briefgen.view.model import ChangesView

DateOpt = Annotated[str | None, typer.Option(
    help="A date: 2025-05-28, or as clerks write it (28/05/2025).", show_default=False)]


def register(app: typer.Typer) -> None:
    for command in (requests, collect, diff):
        add_command(app, command)


def requests(
    meeting: MeetingArg,
    unit: Annotated[str | None, typer.Option(
        "--unit", help="Only this owner unit (default: every unit with a task not done).")] = None,
    due: DateOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="Letter formats, comma-separated.")
                   ] = "docx,pdf",
    out_dir: OutOpt = Path("out"),
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Ask every owner unit with open tasks for its report: a letter (công văn đề nghị báo
    cáo) and a response form (XLSX) pre-filled with the unit's open tasks, for it to fill in
    and send back to `briefgen collect`."""
    from briefgen.documents import plan, render_into
    from briefgen.followup.forms import form_bytes
    from briefgen.kinds.request import form_stem
    from briefgen.model.validate import meeting_inputs
    from briefgen.settings import Settings

    formats = split_choices(fmt, FORMATS, "format")
    check_lang(lang)
    due_date = date_option(due, "--due")
    settings = Settings(templates=TemplateSet(templates), lang=lang)
    m = load_checked(meeting, strict, settings.templates, making=["request"])
    open_units = m.open_units()
    if unit is not None and unit not in open_units:
        raise typer.BadParameter(f"unit '{unit}' owns no task that is not done; units with "
                                 f"open tasks: {', '.join(open_units) or 'none'}")
    asked = [unit] if unit else open_units
    if due_date:
        docs = m.documents
        m = m.model_copy(update={"documents": docs.model_copy(update={
            "request": docs.request.model_copy(update={"due": due_date})})})
    forms = {f"{form_stem(m.meeting.id, u)}.xlsx": form_bytes(m, u, due=m.documents.request.due)
             for u in asked}
    mv, jobs = plan(m, ["request"], formats, settings, base_dir=meeting.parent,
                    scope={"unit": unit})
    files = render_into(out_dir, mv, jobs, settings, more=forms,
                        inputs=meeting_inputs(m, meeting))
    table = new_table(title=f"Requests written to {out_dir}")
    for column in ("unit", "open tasks", "files"):
        table.add_column(column)
    for u in asked:
        made = sorted(p.name for p in files if p.stem.endswith(f"-{u}"))
        table.add_row(u, f"{len(m.open_tasks(u)):,}", ", ".join(made))
    out.print(table)


def collect(
    meeting: MeetingArg,
    forms: Annotated[list[Path], typer.Argument(help="Returned response forms (XLSX).",
                                                show_default=False)],
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="Merge the good forms and list the refused ones (default: if any "
        "form is refused, merge nothing).")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Take a unit's new form over the answer already merged from it.")
                       ] = False,
    received: Annotated[str | None, typer.Option(
        help="The day the forms arrived, recorded in the response log: 2025-05-28, or as "
        "clerks write it (28/05/2025). Default: today.", show_default=False)] = None,
) -> None:
    """Merge the answers of returned response forms into the task register: every cell is
    checked first; the register is rewritten in its own format (the version before is kept
    beside it) and each accepted form is recorded in the response log."""
    from briefgen.followup.collect import collect as run
    from briefgen.followup.register import previous_path, register_file
    from briefgen.model.validate import responses_path
    from briefgen.publish import guard_targets

    reg = register_file(meeting).path  # what collect writes: never one of the forms it reads
    guard_targets([reg, previous_path(reg), responses_path(meeting)], inputs=forms,
                  option="FORMS")
    done = run(meeting, forms, skip_bad=skip_bad, replace=replace,
               received=date_option(received, "--received"))
    for file, problems in done.refused.items():
        err.print(f"refused {file}:", markup=False)
        print_located(problems)
    if done.merged:
        table = new_table(title="Merged")
        for column in ("unit", "form", "tasks answered", "left blank"):
            table.add_column(column, overflow="fold")
        for f in done.merged:
            table.add_row(f.unit, Path(f.file).name, f"{len(f.answers):,}",
                          f"{len(f.blank):,}: {', '.join(f.blank)}" if f.blank else "none")
        out.print(table)
        day = f"{done.received:%d/%m/%Y}" if done.received else ""
        out.print(f"received on {day} (given with --received)" if done.received_given else
                  f"received on {day}: today, the day collect ran; give --received DD/MM/YYYY "
                  "for the day the forms arrived", markup=False)
    for f in done.already:
        out.print(f"{Path(f.file).name}: unit {f.unit}'s answers are already merged; nothing "
                  "to change", markup=False)
    for f in done.unanswered:
        out.print(f"{Path(f.file).name}: returned by unit {f.unit} with nothing filled in; "
                  "not merged", markup=False)
    for c in done.conflicts:
        out.print(f"conflict on task {c.task}: {c.kept[0]} answered {c.kept[1]}, {c.other[0]} "
                  f"answered {c.other[1]}; the register keeps {c.kept[0]}'s answer (the first "
                  "owner's), the log keeps both", markup=False)
    if done.register:
        out.print(f"{len(done.changed):,} tasks changed in {done.register} (the version before: "
                  f"{done.previous})", markup=False)
    elif not done.refused or done.merged:
        out.print("nothing changed in the register", markup=False)
    if done.refused:
        out.print(f"{len(done.refused):,} forms refused (listed above); the others were merged",
                  markup=False)


def diff(
    old: Annotated[Path, typer.Argument(help="The earlier session's meeting file.",
                                        show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later session's meeting file.",
                                        show_default=False)],
    fmt: Annotated[str, typer.Option(
        "--format", help="text: a table on the terminal; html: a page written to --out.")
                   ] = "text",
    out_file: Annotated[Path | None, typer.Option(
        "--out", help="The HTML page to write (with --format html).", show_default=False)
                        ] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite the page --out names when it exists.")] = False,
    templates: TemplatesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show what changed in the task register between two sessions: tasks done since, newly
    late, new, dropped, deadlines moved, and the state of the tasks each conclusion of the
    earlier session created. The same section the later session's pack and report print:
    OLD's register as it stood at its session (before collect wrote answers into it) against
    NEW's register now (with the answers collected into OLD since NEW was made)."""
    from briefgen.model import load_meeting
    from briefgen.model.history import at_session
    from briefgen.model.validate import meeting_inputs
    from briefgen.publish import guard_targets
    from briefgen.view.build import ViewBuilder
    from briefgen.view.changes import compare

    (chosen,) = split_choices(fmt, ("text", "html"), "format")
    if chosen == "html" and out_file is None:
        raise typer.BadParameter("--format html writes a page: give its file with --out")
    check_lang(lang)
    after = later_session(old, new)
    before = after.earlier or at_session(load_meeting(old, earlier=False)[0], old)
    if chosen == "html" and out_file is not None:  # before anything is built or written
        guard_targets([out_file], inputs=[*meeting_inputs(before, old),
                                          *meeting_inputs(after, new)], force=force)
    b = ViewBuilder(after, TemplateSet(templates), lang)
    view = compare(b, before)
    if chosen == "html" and out_file is not None:
        _write_changes_page(out_file, b, view, old, new)
        out.print(f"{view.summary}\nwritten to {out_file}", markup=False)
        return
    _print_changes(b.L, view)


def later_session(old: Path, new: Path) -> "Meeting":
    """NEW as its documents read it: when its previous.file is OLD, with the answers
    collected into OLD since and OLD's register as it stood at its session."""
    from briefgen.model import load_meeting

    after, _ = load_meeting(new, earlier=False)
    named = after.previous.file if after.previous else None
    if named and (new.parent / named).resolve() == old.resolve():
        after, _ = load_meeting(new)
    return after


def _print_changes(L: dict[str, Any], view: "ChangesView") -> None:
    if view.rows:
        table = new_table()
        for column in ("id", *L["change_columns"][1:]):
            table.add_column(column, overflow="fold")
        for r in view.rows:
            table.add_row(r.id, r.title, r.owners, r.change, r.detail)
        out.print(table)
    if view.conclusions:
        table = new_table(title=L["changes_conclusions"])
        for column in L["followed_columns"]:
            table.add_column(column, overflow="fold")
        for k in view.conclusions:
            table.add_row(k.no, k.text, k.tasks)
        out.print(table)
    out.print(view.summary, markup=False)


def _write_changes_page(path: Path, b: "ViewBuilder", view: "ChangesView", old: Path,
                        new: Path) -> None:
    from briefgen.errors import EnvironmentFault
    from briefgen.publish import write_synced
    from briefgen.render.html import changes_page

    page = changes_page(b, view, old.name, new.name)
    try:
        write_synced(path, page.encode("utf-8"))
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, path) from None
