"""The register's history between sessions: what the register said at a session, and every
answer since (the response log: who sent it, and when).

``briefgen collect`` keeps the register as it stood at the session in
``<meeting>.history.yaml`` before it first writes answers into it; the response log keeps
each answer. So "what changed since the previous session" compares the register as it stood
at that session with the register now, whatever order the clerk runs ``collect`` and
``next`` in: answers collected into the earlier session's file after ``next`` carried its
register are taken into the next session's register as they would have been carried.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import ValidationError

from briefgen.errors import InputError
from briefgen.load.source import read_yaml
from briefgen.model.columns import marked
from briefgen.model.meeting import Meeting, Response, Strict, Task
from briefgen.model.problems import schema_problems
from briefgen.model.text import Answer, Id

#: The fields a unit's answer fills in, in the form's order (``briefgen collect``): the task
#: fields marked ANSWER, as they are declared.
ANSWER_FIELDS = marked(Task, Answer)


class History(Strict):
    """A history file: the meeting it belongs to, and its register at the session."""

    meeting: Id
    tasks: list[Task]


def history_path(meeting: Path) -> Path:
    """The register as it stood at the session: ``<meeting>.history.yaml`` beside it."""
    return meeting.with_name(f"{meeting.stem}.history.yaml")


def history_bytes(m: Meeting) -> bytes:
    """The history file of ``m``, its register as it stands now (written before the first
    answers change it)."""
    tasks = [t.model_dump(mode="json", exclude_none=True, exclude_defaults=True) | {
        "id": t.id, "owners": t.owners, "status": t.status.value} for t in m.tasks]
    head = (f"# The task register as it stood at session {m.meeting.id} "
            f"({m.meeting.date:%d/%m/%Y}), kept by `briefgen collect` before it first wrote the "
            "units' answers into it.\n# What changed since this session starts from here; the "
            "answers since, with who sent each and when, are in the response log.\n")
    body = {"meeting": m.meeting.id, "tasks": tasks}
    return (head + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=4096)
            ).encode("utf-8")


def at_session(m: Meeting, path: Path) -> Meeting:
    """``m`` (read from ``path``) with its register as it stood at the session: the one its
    history file keeps, or the register as it is when no answer has been written into it."""
    file = history_path(path)
    if not file.is_file():
        return m
    data, smap = read_yaml(file)
    if not isinstance(data, dict):
        raise InputError([smap.problem((), "", "a history file is a mapping with 'meeting:' "
                                               "and 'tasks:' (briefgen collect writes it)")])
    try:
        kept = History.model_validate(data)
    except ValidationError as exc:
        raise InputError(schema_problems(exc, smap, History)) from None
    if kept.meeting != m.meeting.id:
        raise InputError([smap.problem(("meeting",), "meeting", (
            f"this history is of meeting '{kept.meeting}', not of '{m.meeting.id}' "
            f"({path.name}); move it away"))])
    return m.model_copy(update={"tasks": kept.tasks})


def with_later_answers(m: Meeting, earlier: Meeting, at_earlier_session: Meeting) -> Meeting:
    """``m`` with the answers to ``earlier``'s requests that its own log lacks (collected into
    the earlier file after ``briefgen next`` carried its register): each is logged as the
    earlier meeting's, and a task still as it stood at the earlier session takes it, the
    first owner's answer first, as ``collect`` would have written it."""
    have = {(r.unit, r.sha256) for r in m.responses}
    later = [r.model_copy(update={"meeting": r.meeting or earlier.meeting.id})
             for r in earlier.own_responses() if (r.unit, r.sha256) not in have]
    if not later:
        return m
    was = {t.id: t for t in at_earlier_session.tasks}
    tasks = [_answered(t, later) if t.id in was and _same_answer(t, was[t.id]) else t
             for t in m.tasks]
    return m.model_copy(update={"tasks": tasks, "responses": [*m.responses, *later]})


def _same_answer(task: Task, was: Task) -> bool:
    return all(getattr(task, f) == getattr(was, f) for f in ANSWER_FIELDS)


def _answered(task: Task, responses: Iterable[Response]) -> Task:
    answers = [(r.unit, r.answers[task.id]) for r in responses if task.id in r.answers]
    if not answers:
        return task
    owners = task.owners
    answers.sort(key=lambda ua: owners.index(ua[0]) if ua[0] in owners else len(owners))
    fields = {k: v for k, v in answers[0][1].items() if k in ANSWER_FIELDS}
    return Task.model_validate(task.model_dump() | fields)
