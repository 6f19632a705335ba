"""``briefgen next``: the next session's meeting file, started from this one."""

from pathlib import Path
from typing import Annotated

import typer

from briefgen.cli.console import MeetingArg, add_command, date_option, new_table, out


def register(app: typer.Typer) -> None:
    """Add ``briefgen next`` to the app."""
    add_command(app, next_session, "next")


def next_session(
    meeting: MeetingArg,
    out_file: Annotated[Path, typer.Option(
        "--out", help="The new meeting file, in MEETING's folder (so that it can name MEETING "
        "as previous.file).", show_default=False)],
    date: Annotated[str | None, typer.Option(
        "--date", help="The next session's date: 2025-05-28, or as clerks write it (28/05/2025). "
        "Default: the date of MEETING's next: block.", show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite NEXT (and the register copy and response log beside it) "
        "when they exist.")] = False,
) -> None:
    """Start the next session's meeting file from this one: its title, chair, time and venue
    from MEETING's next: block (what it cannot give is listed), units, people, points, agenda
    and the register carried as written (a CSV/XLSX register is copied beside NEXT), one new task per
    conclusion naming lead units, previous: naming this meeting, and the response log carried;
    statements, recommendations, conclusions and annexes left for the clerk to write."""
    from briefgen.followup.nextsession import next_meeting

    done = next_meeting(meeting, date_option(date, "--date") if date else None, out_file,
                        force=force)
    table = new_table(title=f"Written: {done.out}")
    for column in ("what", "detail"):
        table.add_column(column, overflow="fold")
    table.add_row("tasks carried", f"{done.carried:,}, with their status and answers")
    table.add_row("new tasks", ", ".join(done.new_tasks) or "none")
    if done.no_task:
        table.add_row("no task made", "conclusions " + ", ".join(map(str, done.no_task))
                      + " name no lead unit; add their tasks by hand if they assign work")
    table.add_row("register", str(done.register) if done.register else f"tasks: in {done.out.name}")
    if done.responses:
        table.add_row("response log", f"{done.responses} (answers carried over)")
    out.print(table)
    for line in done.taken:
        out.print(f"from the next: block of {meeting.name}: {line}", markup=False)
    for line in done.not_carried:
        out.print(f"not carried: {line}", markup=False)
    out.print(f"To fill in {done.out.name}: check meeting: (time, chairs, kind), rewrite the "
              "agenda, and after the session write the statements, recommendations and "
              "conclusions; documents are numbered and dated when issued.", markup=False)
