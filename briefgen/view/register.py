"""The task register as the documents print it: task rows, counts by status and by owner,
what is overdue, what the owners answered. The view builder's share of the register
(:class:`briefgen.view.build.ViewBuilder` has these parts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from briefgen.model.history import ANSWER_FIELDS
from briefgen.model.meeting import Meeting, Task, TaskStatus, Unit
from briefgen.view import vi
from briefgen.view.model import (
    AnswerRow,
    CountRow,
    RegisterView,
    ResponsesView,
    TaskView,
    UnitCountRow,
)

PROGRESS = (TaskStatus.done, TaskStatus.on_track)
# What an owner reports beside the status (briefgen collect): a task with any is an answer.
REPORTED = tuple(f for f in ANSWER_FIELDS if f != "status")


class RegisterParts:
    """Units named, and the register's rows and counts, from the builder's meeting."""

    m: Meeting
    L: dict[str, Any]
    lang: str
    units: dict[str, Unit]
    task_no: dict[str, int]

    def unit_names(self, ids: Iterable[str]) -> str:
        return self.listing([self.units[i].name for i in ids])

    def unit_cell(self, ids: Iterable[str]) -> str:
        """Units as a table cell prints them: a cell opens with a capital, as a sentence does
        ("các cơ quan đảng ở Trung ương" in a sentence, "Các cơ quan …" alone in a cell)."""
        return vi.sentence_case(self.unit_names(ids))

    def listing(self, names: list[str]) -> str:
        """'A', 'A và B', 'A, B và C'."""
        return vi.joined(names, self.L["and"])

    def task(self, t: Task) -> TaskView:
        return TaskView(
            no=vi.two_digits(self.task_no[t.id]), id=t.id,
            title=t.title or self.L["blank"],
            owners=self.unit_cell(t.owners), owner_ids=tuple(t.owners),
            status=self.L["status"][t.status.value], status_key=t.status.value,
            deadline=vi.date_short(t.deadline) if t.deadline else "",
            report_now=t.report_now, notes=t.notes or "")

    def tasks(self, tasks: Iterable[Task]) -> list[TaskView]:
        return [self.task(t) for t in tasks]

    def register(self, tasks: list[Task]) -> RegisterView:
        L = self.L
        progress = [t for t in tasks if t.status in PROGRESS]
        by_owner = Counter(tuple(t.owners) for t in progress)
        first_seen: dict[tuple[str, ...], int] = {}
        for i, t in enumerate(progress):
            first_seen.setdefault(tuple(t.owners), i)
        # The article's order: most tasks first, ties in register order.
        rows = [CountRow(self.unit_names(owners), n) for owners, n in sorted(
            by_owner.items(), key=lambda kv: (-kv[1], first_seen[kv[0]]))]
        breakdown = "; ".join(L["breakdown_item"].format(count=r.count, owners=r.label)
                              for r in rows)
        total, report_now = len(tasks), sum(t.report_now for t in tasks)
        statuses = Counter(t.status for t in tasks)
        return RegisterView(
            total=total, progress=len(progress), report_now=report_now,
            # None done says so, not "0/44 ..., gồm: ."; an empty register says only that.
            progress_text=L["progress_line"].format(
                done=len(progress), total=total, label=L["progress_statuses_label"],
                breakdown=breakdown) if progress else
            L["progress_none"].format(label=L["progress_statuses_label"]) if total else "",
            summary_text=L["register_line"].format(total=total, report_now=report_now)
            if total else "",
            by_owner=rows,
            by_status=[CountRow(L["status"][s.value], statuses[s]) for s in TaskStatus
                       if statuses[s]],
            tasks=self.tasks(tasks),
        )

    def unit_rows(self, tasks: list[Task]) -> list[UnitCountRow]:
        """Tasks by owner unit and status; a shared task counts for each of its owners."""
        counts: dict[str, Counter[TaskStatus]] = {}
        for t in tasks:
            for owner in t.owners:
                counts.setdefault(owner, Counter())[t.status] += 1
        rows = [UnitCountRow(self.unit_cell([u]), [c[s] for s in TaskStatus], sum(c.values()))
                for u, c in counts.items()]
        return sorted(rows, key=lambda r: (-r.total, vi.text_key(r.unit)))

    def status_labels(self) -> list[str]:
        return [self.L["status"][s.value] for s in TaskStatus]

    def overdue(self, tasks: Iterable[Task]) -> list[TaskView]:
        """Tasks past their deadline on the meeting's date and not done."""
        today = self.m.meeting.date
        return self.tasks(t for t in tasks if t.deadline and t.deadline < today
                          and t.status is not TaskStatus.done)

    def numbered(self, views: list[TaskView]) -> list[TaskView]:
        """Tasks as a list of their own numbers them: 1, 2, 3 (their id in its own column)."""
        return [replace(v, no=str(i)) for i, v in enumerate(views, 1)]

    def overdue_note(self, tasks: Iterable[Task]) -> str:
        """A sentence for the late or at-risk tasks that have no deadline ('' when none): no
        overdue list can hold them, and "none overdue" alone would hide them."""
        late = (TaskStatus.late, TaskStatus.at_risk)
        count = sum(t.status in late and t.deadline is None for t in tasks)
        return self.L["overdue_no_deadline"].format(count=count) if count else ""

    def responses(self, tasks: list[Task]) -> ResponsesView | None:
        """Who answered the report request among the owners of ``tasks``, and what they
        said; None before any answer is logged (briefgen collect)."""
        m, L = self.m, self.L
        responses = m.latest_responses()
        if not responses:
            return None
        owners = list(dict.fromkeys(o for t in tasks for o in t.owners))
        answered = {r.unit for r in responses}
        answered_tasks = {task for r in responses for task in r.answers}
        asked = [u for u in owners if u in answered or any(
            u in t.owners and t.status is not TaskStatus.done for t in tasks)]
        now = [t for t in tasks if t.report_now]

        def row(t: Task) -> AnswerRow:
            status = L["status"][t.status.value]
            if t.finished:
                when = L["answer_done_on" if t.status is TaskStatus.done else "answer_expected"]
                status = f"{status} ({when.format(date=vi.date_short(t.finished))})"
            progress = [t.progress or "", L["answer_contact"].format(contact=t.contact)
                        if t.contact else ""]
            return AnswerRow(no=vi.two_digits(self.task_no[t.id]), title=t.title or L["blank"],
                             owners=self.unit_cell(t.owners), status=status,
                             progress=vi.sentence_case("; ".join(p for p in progress if p)),
                             delay_reason=t.delay_reason or "", proposals=t.proposals or "")

        late = (TaskStatus.late, TaskStatus.at_risk)
        return ResponsesView(
            summary=L["responses_summary"].format(
                answered=sum(u in answered for u in asked), asked=len(asked),
                now_answered=sum(t.id in answered_tasks for t in now), now_total=len(now)),
            unanswered_intro=L["responses_unanswered"],
            unanswered=vi.sort_texts([self.units[u].name for u in asked if u not in answered]),
            answers=[row(t) for t in tasks if t.id in answered_tasks
                     or any(getattr(t, f) for f in REPORTED)],
            still_late=[row(t) for t in tasks if t.status in late])

