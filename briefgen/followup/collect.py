"""``briefgen collect``: returned response forms merged into the task register.

All or nothing by default: every form is read and checked first, and if any is refused nothing
is merged. The register is rewritten in its own format (the meeting file's ``tasks:``, or its
CSV/XLSX sheet) with the version before kept beside it, then the response log records each
accepted form (unit, day received, the file's sha256, its answers). The register is written
first: a run killed between the two leaves answers in the register that a rerun logs without
changing anything, never a log claiming answers the register lacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import EnvironmentFault, InputError, Problem
from briefgen.followup.register import previous_path, register_file, replace_register, rewritten
from briefgen.followup.returned import ReturnedForm, read_form
from briefgen.model.history import history_bytes, history_path
from briefgen.model.meeting import Meeting, Response
from briefgen.model.validate import load_meeting, responses_path
from briefgen.publish import failpoint, locked, write_synced


@dataclass(frozen=True)
class Conflict:
    """Two owners of one task who answered differently: both answers are kept in the log;
    the register takes the first owner's (the lead unit's) answer."""

    task: str
    kept: tuple[str, dict[str, str]]  # (unit, answer)
    other: tuple[str, dict[str, str]]


@dataclass
class Collected:
    """What a collect run did."""

    merged: list[ReturnedForm] = field(default_factory=list)  # accepted, with answers
    already: list[ReturnedForm] = field(default_factory=list)  # merged before: nothing to do
    unanswered: list[ReturnedForm] = field(default_factory=list)  # returned with nothing filled
    refused: dict[str, list[Problem]] = field(default_factory=dict)  # file -> its problems
    conflicts: list[Conflict] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # task ids whose register entry changed
    register: Path | None = None
    previous: Path | None = None
    received: dt.date | None = None  # the day recorded as the forms' receipt
    received_given: bool = False  # given with --received (else: the day collect ran)


def as_text(answer: dict[str, Any]) -> dict[str, str]:
    """An answer's fields as the log keeps them: text, dates ISO."""
    return {k: v.isoformat() if isinstance(v, dt.date) else str(v) for k, v in answer.items()}


def collect(meeting_path: Path, forms: Sequence[Path], *, skip_bad: bool = False,
            replace: bool = False, received: dt.date | None = None) -> Collected:
    """Read, check and merge ``forms`` into the register of ``meeting_path``."""
    with locked(meeting_path.parent):
        m, _ = load_meeting(meeting_path)
        result = Collected()
        accepted = _check_forms(m, forms, replace, result)
        if result.refused and not skip_bad:
            raise InputError([p for problems in result.refused.values() for p in problems])
        updates = _updates(m, accepted, result)
        result.received, result.received_given = received or dt.date.today(), received is not None
        if accepted:
            _merge(meeting_path, m, accepted, updates, result.received, result)
        return result


def _check_forms(m: Meeting, forms: Sequence[Path], replace: bool,
                 result: Collected) -> list[ReturnedForm]:
    logged = {r.unit: r for r in m.own_responses()}
    taken: dict[str, ReturnedForm] = {}
    for path in forms:
        name = str(path)
        try:
            form = read_form(path, m, name)
        except InputError as exc:
            result.refused[name] = exc.problems
            continue
        answers = {a.task: as_text(a.fields()) for a in form.answers}
        earlier = logged.get(form.unit)
        if not answers:
            result.unanswered.append(form)
        elif form.unit in taken:
            result.refused[name] = [Problem(name, 1, 1, "", (
                f"a second form from unit '{form.unit}' in this run (the first: "
                f"{taken[form.unit].file}); give one form per unit"))]
        elif earlier is not None and (earlier.sha256 == form.sha256 or earlier.answers == answers):
            result.already.append(form)
        elif earlier is not None and not replace:
            result.refused[name] = [Problem(name, 1, 1, "", (
                f"unit '{form.unit}' already answered (form {earlier.file}, received "
                f"{earlier.received:%d/%m/%Y}) and this form answers differently; give "
                "--replace to take this one instead"))]
        else:
            taken[form.unit] = form
    return list(taken.values())


def _updates(m: Meeting, accepted: list[ReturnedForm], result: Collected
             ) -> dict[str, dict[str, object]]:
    """Task id -> the fields to set. A task two owners answered differently takes the first
    owner's answer (in the task's order of owners); the conflict is reported."""
    tasks = {t.id: t for t in m.tasks}
    by_task: dict[str, list[tuple[str, dict[str, object]]]] = {}
    for form in accepted:
        for a in form.answers:
            by_task.setdefault(a.task, []).append((form.unit, a.fields()))
    # Answers already in the log from other owners count too: a co-owner who answered last
    # week and one who answers today can disagree.
    fresh = {f.unit for f in accepted}
    for r in m.own_responses():
        if r.unit in fresh:
            continue
        for task, answer in r.answers.items():
            if task in by_task:
                by_task[task].append((r.unit, dict(answer)))
    updates: dict[str, dict[str, object]] = {}
    for task, answers in by_task.items():
        owners = tasks[task].owners
        answers.sort(key=lambda ua: owners.index(ua[0]) if ua[0] in owners else len(owners))
        kept_unit, kept = answers[0]
        for unit, other in answers[1:]:
            if as_text(other) != as_text(kept):
                result.conflicts.append(Conflict(task, (kept_unit, as_text(kept)),
                                                 (unit, as_text(other))))
        if kept_unit in fresh:
            updates[task] = kept
    return updates


def _merge(meeting_path: Path, m: Meeting, accepted: list[ReturnedForm],
           updates: dict[str, dict[str, object]], received: dt.date, result: Collected) -> None:
    tasks = {t.id: t for t in m.tasks}
    changed = [task for task, fields in updates.items()
               if any(_differs(getattr(tasks[task], k), v) for k, v in fields.items())]
    reg = register_file(meeting_path)
    if changed:
        data = rewritten(reg, {t: updates[t] for t in changed})
        _keep_history(meeting_path, m)
        replace_register(reg, data)
        result.register, result.previous = reg.path, previous_path(reg.path)
    result.changed = changed
    result.merged = accepted
    fresh = {f.unit for f in accepted}
    own = m.own_responses()
    log = [r for r in m.responses if r not in own or r.unit not in fresh]
    log += [Response(unit=f.unit, meeting=m.meeting.id, received=received,
                     file=Path(f.file).name, sha256=f.sha256, digest=f.digest,
                     answers={a.task: as_text(a.fields()) for a in f.answers})
            for f in accepted]
    # Killed here, the register has the answers and the log does not: rerunning the same
    # forms finds nothing left to change in the register and writes the log.
    failpoint("collect-logging")
    write_log(meeting_path, log)


def _keep_history(meeting_path: Path, m: Meeting) -> None:
    """The register as it stood at the session, kept once: before the first answers change it."""
    path = history_path(meeting_path)
    if path.exists():
        return
    try:
        write_synced(path, history_bytes(m))
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, path, "the register was not changed") from None


def _differs(current: object, new: object) -> bool:
    value = current.value if hasattr(current, "value") else current
    return value != new


def write_log(meeting_path: Path, responses: list[Response]) -> None:
    """The response log, rewritten whole and atomically (temporary file, fsync, rename)."""
    path = responses_path(meeting_path)
    body = {"responses": [r.model_dump(mode="json") for r in responses]}
    text = ("# Answers of the owner units, recorded by `briefgen collect`; the documents read "
            "it.\n" + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=4096))
    try:
        write_synced(path, text.encode("utf-8"))
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, path) from None
