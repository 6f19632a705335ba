"""What changed in the task register between two sessions' meeting files: tasks done since,
newly late, new, dropped, and deadlines moved (``briefgen diff OLD NEW``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefgen.model.meeting import Meeting, Task, TaskStatus

LATE = (TaskStatus.late, TaskStatus.at_risk)


@dataclass(frozen=True)
class Moved:
    task: Task
    before: dt.date | None
    after: dt.date | None


@dataclass
class RegisterChanges:
    """The register of ``new`` against the register of ``old``, task by task (by id)."""

    done: list[Task] = field(default_factory=list)  # done now, not done before
    newly_late: list[Task] = field(default_factory=list)  # late or at risk now, not before
    new: list[Task] = field(default_factory=list)  # in the new register only
    dropped: list[Task] = field(default_factory=list)  # in the old register only
    moved: list[Moved] = field(default_factory=list)  # deadline changed

def register_changes(old: Meeting, new: Meeting) -> RegisterChanges:
    """Compare two registers by task id, each list in the new (or old) register's order."""
    before = {t.id: t for t in old.tasks}
    after = {t.id: t for t in new.tasks}
    changes = RegisterChanges(
        new=[t for t in new.tasks if t.id not in before],
        dropped=[t for t in old.tasks if t.id not in after])
    for t in new.tasks:
        was = before.get(t.id)
        if was is None:
            continue
        if t.status is TaskStatus.done and was.status is not TaskStatus.done:
            changes.done.append(t)
        if t.status in LATE and was.status not in LATE:
            changes.newly_late.append(t)
        if t.deadline != was.deadline:
            changes.moved.append(Moved(t, was.deadline, t.deadline))
    return changes
