"""What changed since the previous session, for the pack, the task report and ``briefgen
diff``: the register compared task by task with the previous session's meeting file, and
each of that session's conclusions with the state of the tasks it created."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import fields
from typing import Any

from briefgen.model.changes import RegisterChanges, register_changes
from briefgen.model.meeting import Meeting, Task, TaskStatus
from briefgen.view import vi
from briefgen.view.build import ViewBuilder
from briefgen.view.model import ChangeRow, ChangesView, FollowedConclusion


def changes_view(b: ViewBuilder, tasks: Iterable[Task] | None = None,
                 owners: Collection[str] | None = None) -> ChangesView | None:
    """The changes since the meeting ``previous.file`` names (None without one), narrowed
    to ``tasks`` and, for tasks no longer in the register, to those ``owners`` owned."""
    earlier = b.m.earlier
    if earlier is None:
        return None
    return compare(b, earlier, tasks, owners)


def compare(b: ViewBuilder, earlier: Meeting, tasks: Iterable[Task] | None = None,
            owners: Collection[str] | None = None) -> ChangesView:
    """``b``'s meeting against ``earlier``, worded by ``b`` (its labels and numbering)."""
    L = b.L
    found = register_changes(earlier, b.m)
    if tasks is not None:
        found = _narrowed(found, {t.id for t in tasks}, owners)
    old_no = {t.id: i for i, t in enumerate(earlier.tasks, 1)}
    names = {u.id: u.name for u in earlier.units} | {u.id: u.name for u in b.m.units}
    kind = L["change_kind"]

    def when(d: dt.date | None) -> str:
        return vi.date_short(d) if d else L["change_no_deadline"]

    def row(t: Task, change: str, detail: str, no: int | None = None) -> ChangeRow:
        return ChangeRow(no=vi.two_digits(no or b.task_no[t.id]), id=t.id, title=t.title or L["blank"],
                         owners=vi.sentence_case(b.listing([names.get(o, o) for o in t.owners])),
                         change=kind[change], detail=detail)

    rows = [
        *(row(t, "done", L["change_finished"].format(date=when(t.finished)) if t.finished
              else "") for t in found.done),
        *(row(t, "newly_at_risk" if t.status is TaskStatus.at_risk else "newly_late",
              t.delay_reason or "") for t in found.newly_late),
        *(row(t, "new", L["change_deadline"].format(date=when(t.deadline)) if t.deadline
              else L["change_no_deadline"]) for t in found.new),
        *(row(t, "dropped", "", old_no[t.id]) for t in found.dropped),
        *(row(moved.task, "moved", _moved(L, moved.before, moved.after, when))
          for moved in found.moved)]
    session = b.m.previous
    title, date = (session.title, b.date(session.date)) if session else ("", "")
    counts = ", ".join(L["change_counts"][part.name].format(count=len(items))
                       for part in fields(found) if (items := getattr(found, part.name)))
    summary = (L["changes_summary"].format(title=title, date=date, counts=counts) if rows
               else L["changes_none"].format(title=title, date=date))
    return ChangesView(summary=summary, rows=rows,
                       conclusions=_followed(b, earlier, tasks))


def _moved(L: dict[str, Any], before: dt.date | None, after: dt.date | None,
           when: Callable[[dt.date | None], str]) -> str:
    """A deadline moved, set where there was none, or removed."""
    if before is None:
        return L["change_deadline_set"].format(date=when(after))
    if after is None:
        return L["change_deadline_removed"].format(date=when(before))
    return L["change_moved"].format(before=when(before), after=when(after))


def _narrowed(found: RegisterChanges, ids: set[str], owners: Collection[str] | None
              ) -> RegisterChanges:
    return RegisterChanges(
        done=[t for t in found.done if t.id in ids],
        newly_late=[t for t in found.newly_late if t.id in ids],
        new=[t for t in found.new if t.id in ids],
        dropped=[t for t in found.dropped if owners is None or set(t.owners) & set(owners)],
        moved=[m for m in found.moved if m.task.id in ids])


def _followed(b: ViewBuilder, earlier: Meeting, tasks: Iterable[Task] | None
              ) -> list[FollowedConclusion]:
    """Each conclusion of the previous session and the tasks here that it created
    (``conclusion: n``); narrowed to ``tasks``, only the conclusions with a task among them."""
    if earlier.conclusions is None:
        return []
    L = b.L
    scope = None if tasks is None else {t.id for t in tasks}
    made: dict[int, list[Task]] = {}
    for t in b.m.tasks:
        if t.conclusion is not None:
            made.setdefault(t.conclusion, []).append(t)
    rows = []
    for no, item in enumerate(earlier.conclusions.items, 1):
        own = made.get(no, [])
        if scope is not None and not any(t.id in scope for t in own):
            continue
        state = "; ".join(L["followed_task"].format(
            no=vi.two_digits(b.task_no[t.id]), status=L["status"][t.status.value]) for t in own)
        rows.append(FollowedConclusion(no=str(no), text=item.text,
                                       tasks=state or L["followed_none"]))
    return rows

