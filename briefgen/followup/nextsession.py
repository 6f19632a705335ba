"""``briefgen next``: the next session's meeting file, started from this one by a ruamel.yaml
round trip (the clerk's comments survive). What describes the session held goes; ``previous:``
names it and its file; the register is carried whole, plus one task (``conclusion: n``) per
conclusion item naming lead units (a CSV/XLSX register is copied beside the new file, the new
rows appended); the response log is carried, each answer marked with the meeting it answered.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from briefgen.errors import EnvironmentFault, InputError, Problem
from briefgen.followup.register import register_file, rewritten_bytes
from briefgen.followup.sheet import RegisterSheet
from briefgen.load.source import decode_utf8
from briefgen.model.history import ANSWER_FIELDS
from briefgen.model.meeting import Meeting, TaskStatus
from briefgen.model.validate import load_meeting, meeting_inputs, responses_path
from briefgen.publish import guard_targets, locked, write_synced
from briefgen.view.build import ViewBuilder

#: The sections that describe the session held; the clerk writes them anew.
CLEARED = ("statements", "recommendations", "conclusions", "attachments", "next")
#: A document's keys that belong to the session held (documents.<kind>.<key>).
ISSUED = ("number", "date", "month", "text")
#: The new tasks' fields, in the order they are written.
FIELDS = ("id", "title", "owners", "source", "deadline", "status", "notes", "conclusion")
Task = dict[str, Any]


@dataclass(frozen=True)
class NextResult:
    """What ``briefgen next`` wrote."""

    out: Path
    carried: int  # tasks carried from the register, as they were
    new_tasks: tuple[str, ...]  # ids of the tasks made from the conclusions
    no_task: tuple[int, ...]  # conclusion items (1-based) naming no lead unit: no task
    register: Path | None  # the copy of a CSV/XLSX register; None with tasks: inline
    responses: Path | None  # the response log carried, or None
    taken: tuple[str, ...] = ()  # what the earlier file's next: block gave the new session
    not_carried: tuple[str, ...] = ()  # what it could not give, to check by hand


def next_meeting(meeting_path: Path, date: dt.date | None, out: Path, *, force: bool = False
                 ) -> NextResult:
    """Write ``out``, the meeting file of the session after ``meeting_path``'s, held on
    ``date`` (by default the date of its ``next:`` block), with the register copy and
    response log it names, or nothing: each file is written atomically, the new meeting file
    last, and the result is loaded to check it."""
    with locked(meeting_path.parent):  # no collect rewrites the register meanwhile
        m, _ = load_meeting(meeting_path)
        if date is None:
            if m.next is None:
                raise InputError.single(meeting_path, "give the next session's date: this "
                                        "file has no next: block to take it from", path="--date")
            date = m.next.date
        _check_out(meeting_path, out, m, date)
        notes = Notes()
        title = ViewBuilder(m).session_name()  # as the documents name the session
        tasks, no_task = new_tasks(m, title)
        files: dict[Path, bytes] = {}
        reg, copied = register_file(meeting_path), None
        since = _answered_since(meeting_path, m)
        if reg.kind != "yaml":
            copied = out.with_name(f"{out.stem}.register{reg.path.suffix}")
            if copied.resolve() == reg.path.resolve():
                raise InputError.single(out, f"the register copy {copied.name} would replace the "
                                        "register itself; give NEXT another name", path="--out")
            try:
                raw = reg.path.read_bytes()
            except OSError as exc:
                raise EnvironmentFault.from_os_error(exc, reg.path) from None
            sheet = RegisterSheet(raw, reg.kind, str(reg.path))
            if since:
                sheet.update(since)
            sheet.append(tasks, FIELDS)
            files[copied] = sheet.bytes()
        log, carried = responses_path(out), responses_path(meeting_path).is_file() or bool(
            m.responses)
        if carried:
            files[log] = _log(m)
        elif log.exists():
            raise InputError.single(log, f"{log.name} would be read as {out.name}'s response log, "
                                         "and this meeting has none to carry; move it away first")
        files[out] = _next_yaml(meeting_path, m, date, title, tasks, no_task, copied,
                                notes).encode("utf-8")
        if since and reg.kind == "yaml":
            files[out] = rewritten_bytes(files[out], "yaml", since, str(out))
        guard_targets(files, inputs=meeting_inputs(m, meeting_path))  # even with --force
        there = [p.name for p in files if p.exists()]
        if there and not force:
            raise InputError.single(out, f"{', '.join(there)}: already there; give --force to "
                                         "overwrite", path="--out")
        _write(files, out, m, tasks)
        return NextResult(out, len(m.tasks), tuple(t["id"] for t in tasks), tuple(no_task),
                          copied, log if carried else None, tuple(notes.taken),
                          tuple(notes.missing))


def _answered_since(meeting_path: Path, m: Meeting) -> dict[str, dict[str, object]]:
    """The answers ``m``'s register takes from its previous session's file that its own file
    does not hold yet (collected there after it was made): task id -> the fields to write, so
    that the next file carries the register as this session's documents read it."""
    if m.earlier is None:
        return {}
    written = {t.id: t for t in load_meeting(meeting_path, earlier=False)[0].tasks}
    since: dict[str, dict[str, object]] = {}
    for t in m.tasks:
        was = written.get(t.id)
        fields = {f: getattr(t, f) for f in ANSWER_FIELDS
                  if was is not None and getattr(t, f) != getattr(was, f)}
        if fields:
            since[t.id] = {f: v.value if isinstance(v, TaskStatus) else v
                           for f, v in fields.items()}
    return since


def _check_out(meeting_path: Path, out: Path, m: Meeting, date: dt.date) -> None:
    if out.parent.resolve() != meeting_path.parent.resolve():
        raise InputError([Problem(str(out), 1, 1, "--out", (
            f"put NEXT in the folder of MEETING ({meeting_path.parent}), so that it can name "
            "this meeting as previous.file"))])
    if out.resolve() == meeting_path.resolve():
        raise InputError.single(out, "NEXT is MEETING itself; give the new file another name",
                                path="--out")
    if date <= m.meeting.date:
        raise InputError.single(meeting_path, f"the next session's date {date:%d/%m/%Y} is not "
                                f"after this one's ({m.meeting.date:%d/%m/%Y})", path="--date")


def new_tasks(m: Meeting, session: str) -> tuple[list[Task], list[int]]:
    """One task per conclusion item naming lead units, and the numbers of the items naming
    none (they make no task); ``session`` names the session in their source."""
    names, taken = {u.id: u.name for u in m.units}, {t.id for t in m.tasks}
    source = f"Kết luận tại {session} ngày {m.meeting.date:%d/%m/%Y}"
    tasks, none = list[Task](), list[int]()
    for n, item in enumerate(m.conclusions.items if m.conclusions else [], 1):
        if not item.lead:
            none.append(n)
            continue
        base = f"kl-{m.meeting.date:%Y%m%d}-{n}"
        ident = next(i for i in (base, *(f"{base}-{x}" for x in range(2, len(taken) + 3))) if i not in taken)
        taken.add(ident)
        notes = "Phối hợp: " + ", ".join(names[u] for u in item.support) if item.support else None
        task = {"id": ident, "title": item.text, "owners": list(item.lead), "source": source,
                "deadline": item.deadline, "status": "not_started", "notes": notes, "conclusion": n}
        tasks.append({k: v for k, v in task.items() if v is not None})
    return tasks, none


def next_id(ident: str, old: dt.date, new: dt.date) -> str:
    """``ident`` with the old date in it replaced by the new one, in the same form; else
    with the new date appended."""
    for form in ("%Y-%m-%d", "%Y%m%d"):
        if old.strftime(form) in ident:
            return ident.replace(old.strftime(form), new.strftime(form))
    return f"{ident[:64 - 11]}-{new:%Y-%m-%d}"


@dataclass
class Notes:
    """What the earlier file's next: block gave the new session, and what it could not."""

    taken: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _carry_next(info: CommentedMap, m: Meeting, date: dt.date, notes: Notes) -> None:
    """The new session's title, chair, time and place from this file's ``next:`` block."""
    upcoming = m.next
    if upcoming is None:
        notes.missing.append("this file has no next: block: the kind of session, chairs, time "
                             "and venue are this session's; check them")
        return
    if upcoming.date != date:
        notes.missing.append(f"next: says {upcoming.date:%d/%m/%Y}, --date {date:%d/%m/%Y}: "
                             "the new file has --date")
    for name in ("kind", "with_whom", "sequence", "chairs", "day_part", "start", "end", "venue"):
        info.ca.items.pop(name, None)  # a comment on this session's value would mislead
    kind, _, rest = upcoming.title.partition(" với ")
    info["kind"] = kind
    if rest:
        info["with_whom"] = f"với {rest}"
    else:
        info.pop("with_whom", None)
    info.pop("sequence", None)  # numbered for the other kind of session
    notes.taken.append(f"title: {upcoming.title}")
    if upcoming.chair:
        (chairs := CommentedSeq([upcoming.chair])).fa.set_flow_style()
        info["chairs"] = chairs
        notes.taken.append(f"chair: {upcoming.chair}")
    else:
        notes.missing.append("next: names no chair: the chairs are this session's")
    times = {"day_part": upcoming.day_part.value if upcoming.day_part else None,
             "start": upcoming.start}
    for name in ("day_part", "start", "end"):
        info.pop(name, None)
    for name, value in times.items():
        if value:
            _insert_after(info, "date", name, value)
            notes.taken.append(f"{name}: {value}")
    if not any(times.values()):
        notes.missing.append("next: gives no time of day: day_part, start and end left out")
    if upcoming.venue:
        info["venue"] = upcoming.venue
        notes.taken.append(f"venue: {upcoming.venue}")
    elif "venue" in info:
        notes.missing.append("next: gives no venue: the venue is this session's")


def _insert_after(node: CommentedMap, after: str, key: str, value: object) -> None:
    keys = list(node)
    node.insert(keys.index(after) + 1 if after in keys else len(keys), key, value)


def _next_yaml(meeting_path: Path, m: Meeting, date: dt.date, session: str, tasks: list[Task],
               no_task: list[int], copied: Path | None, notes: Notes) -> str:
    try:
        text = decode_utf8(meeting_path.read_bytes(), str(meeting_path))
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, meeting_path) from None
    rt = YAML(typ="rt")
    rt.preserve_quotes, rt.allow_unicode, rt.width = True, True, 4096
    _, indent, offset = load_yaml_guess_indent(text)
    rt.indent(mapping=next((len(s) - len(s.lstrip()) for s in text.splitlines() if s[:1] == " " and
                            s.strip()[:1] not in ("-", "#", "")), 2), sequence=indent or 2,
              offset=offset or 0)
    data = rt.load(text)
    old, info = m.meeting, data["meeting"]
    info["id"], info["date"] = next_id(old.id, old.date, date), date
    if "sequence" in info and old.sequence:
        info["sequence"] = old.sequence + 1
    _carry_next(info, m, date, notes)
    _before(data, "meeting", ["# Check for this session: the time (day_part, start, end), the "
                              "venue, the mode, the chairs and the secretary, and the kind of "
                              "session (kind, with_whom, sequence)."])
    if "agenda" in data:
        _before(data, "agenda", ["# The previous session's agenda: rewrite it for this session "
                                 "(the tasks' group: names its ids)."])
    docs = data.get("documents")
    for kind in list(docs or []):
        if isinstance(docs[kind], CommentedMap):
            _prune(docs[kind], (*ISSUED, *(["due"] if kind == "request" else [])).__contains__)
    if docs is not None:
        _prune(docs, lambda k: not docs[k])
        _before(data, "documents", ["# Numbers, dates of issue and the clerk's sentences (text:) "
                                    "of the session before removed: fill them in when issued."])
    keys = list(data)
    had, after = "previous" in keys, keys[keys.index("previous") + 1:] if "previous" in keys else []
    _prune(data, (*CLEARED, "previous").__contains__)
    keys = list(data)
    at = next((keys.index(k) for k in after if k in data), len(keys)) if had \
        else keys.index("documents") if "documents" in keys else len(keys)
    if not had and 0 < at < len(keys):  # the comment above the key that follows stays there
        _before(data, keys[at], tail := _tail_of(data, keys[at - 1]), first=True)
        _before(data, "previous", [""] if tail else [])
    decisions = [c.text for c in m.conclusions.items] if m.conclusions else []
    data.insert(at, "previous", CommentedMap(
        [("title", session), ("date", old.date), *([("chair", old.chairs[0])] if old.chairs else []),
         *([("decisions", decisions)] if decisions else []), ("file", meeting_path.name)]))
    _before(data, "previous", ["# This session, as the next one names it: reword the title if "
                               "needed (it prints as 'Tại <title> <date>: <decisions>')."])
    for entry in data.get("responses") or []:
        entry.setdefault("meeting", old.id)
    here, made = "register_file" if copied else "tasks", ", ".join(t["id"] for t in tasks) or "none"
    _before(data, here, [] if here in data else [""])  # a key added at the end: after a blank line
    if copied:
        data["register_file"] = copied.name
    else:
        data.setdefault("tasks", CommentedSeq()).extend(_task_map(t) for t in tasks)
    _before(data, here, [
        f"# Tasks carried from {meeting_path.name} as they were; new, one per conclusion item "
        f"naming lead units: {made}.", *(f"# Conclusion {n} names no lead unit: add its task by "
                                         "hand if it assigns work." for n in no_task)])
    body = io.StringIO()
    rt.dump(data, body)
    kept = [k for k in data if k not in ("meeting", "documents", "previous", "tasks",
                                         "responses", "register_file")]
    written = _as_written(text, body.getvalue(), kept, tasks)
    return (f"# Made by `briefgen next` from {meeting_path.name} on {dt.date.today():%d/%m/%Y}: "
            "the units, people, points, agenda and register carried; previous: names "
            f"{meeting_path.name}.\n# Fill in what this session needs: see the comments below "
            "and at the end of the file.\n\n" + written
            + "\n# To fill in for this session: statements, recommendations and conclusions "
            "(after the session), attachments (the annexes of the pack), next (the session "
            "after), and documents.<kind>.number and date (when each is issued).\n")


# The clerk's text kept: ruamel.yaml writes a flow collection the clerk wrapped over lines on
# one line (it keeps no line breaks inside one), so the sections ``next`` does not change are
# copied from the earlier file as written, and the tasks it extends keep their lines too.

_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def _blocks(text: str) -> dict[str, tuple[int, int]]:
    """Each top-level key's lines (start, end): from its line to the last line before the
    comments and blank lines that precede the next key."""
    lines = text.splitlines(keepends=True)
    starts = [(i, line.split(":", 1)[0].strip().strip("'\"")) for i, line in enumerate(lines)
              if _TOP_KEY.match(line)]
    out = {}
    for n, (i, name) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        while end > i + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        out[name] = (i, end)
    return out


def _as_written(original: str, dumped: str, kept: list[str], tasks: list[Task]) -> str:
    """``dumped`` with the blocks of ``kept`` as ``original`` has them, and the tasks block
    as the original's with the new tasks added as dumped."""
    old_lines, new_lines = original.splitlines(keepends=True), dumped.splitlines(keepends=True)
    old, new = _blocks(original), _blocks(dumped)
    swaps: list[tuple[int, int, list[str]]] = []
    for name in kept:
        if name in old and name in new:
            swaps.append((*new[name], old_lines[slice(*old[name])]))
    if "tasks" in old and "tasks" in new:
        start, end = new["tasks"]
        first_new = next((i for i in range(start, end) if tasks and re.match(
            rf"\s*- id: {re.escape(str(tasks[0]['id']))}\s*$", new_lines[i])), end)
        swaps.append((start, end, [*old_lines[slice(*old["tasks"])], *new_lines[first_new:end]]))
    for start, end, lines in sorted(swaps, reverse=True):
        if lines and not lines[-1].endswith("\n"):
            lines = [*lines[:-1], lines[-1] + "\n"]
        new_lines[start:end] = lines
    return "".join(new_lines)


def _task_map(task: Task) -> CommentedMap:
    """A new task as the YAML writes it: a block mapping, its owners in brackets."""
    (owners := CommentedSeq(task["owners"])).fa.set_flow_style()
    return CommentedMap({**task, "owners": owners})


# Comments: ruamel.yaml keeps the lines after a value with that value (the comment above the
# next key included); a key removed hands them on to the key that follows it.

def _prune(node: CommentedMap, gone: Callable[[Any], bool]) -> None:
    """Remove the keys ``gone``; the comment lines after each go above the next key kept
    (or after the last value left)."""
    pending: list[str] = []
    for k in list(node):
        if gone(k):
            pending += _tail_of(node, k)
            del node[k]
            node.ca.items.pop(k, None)
        elif pending:
            _before(node, k, pending, first=True)
            pending = []
    if pending and node:
        _set_tail(node, pending)


def _tail_of(node: CommentedMap | CommentedSeq, k: Any) -> list[str]:
    """Take the comment lines following the value at ``k`` off it."""
    lines: list[str] = []
    child = node[k]
    if isinstance(child, CommentedMap | CommentedSeq):
        if child:
            lines += _tail_of(child, list(child)[-1] if isinstance(child, CommentedMap) else len(child) - 1)
        if child.ca.end:
            lines += "".join(t.value for t in child.ca.end).splitlines()
            child.ca.end = None
    item, slot = node.ca.items.get(k), 2 if isinstance(node, CommentedMap) else 0
    if item and item[slot] is not None:
        lines += item[slot].value.split("\n", 1)[-1].splitlines()  # its first line ends the value
        item[slot] = None
    return lines


def _squeezed(lines: list[str]) -> list[str]:
    """One blank line at most in a row, none at the end (but one for blank lines only)."""
    out = [s.strip() for i, s in enumerate(lines) if s.strip() or not i or lines[i - 1].strip()]
    while len(out) > 1 and not out[-1]:
        out.pop()
    return out


def _before(node: CommentedMap, k: Any, lines: list[str], *, first: bool = False) -> None:
    """Comment lines above the key ``k`` (``first``: above those already there)."""
    item = node.ca.items.setdefault(k, [None, None, None, None])
    there = "".join(t.value for t in item[1] or []).splitlines()
    item[1] = [CommentToken(f"{s}\n", CommentMark(0))
               for s in _squeezed([*lines, *there] if first else [*there, *lines])]


def _set_tail(node: CommentedMap | CommentedSeq, lines: list[str]) -> None:
    """Comment lines after the last value in ``node``."""
    k, slot = (list(node)[-1], 2) if isinstance(node, CommentedMap) else (len(node) - 1, 0)
    if isinstance(node[k], CommentedMap | CommentedSeq) and node[k] and not node[k].fa.flow_style():
        return _set_tail(node[k], lines)
    item = node.ca.items.setdefault(k, [None, None, None, None])
    item[slot] = CommentToken((item[slot].value if item[slot] is not None else "\n")
                              + "".join(f"{s}\n" for s in _squeezed(lines)), CommentMark(0))


def _log(m: Meeting) -> bytes:
    entries = [r.model_dump(mode="json") | {"meeting": r.meeting or m.meeting.id} for r in m.responses]
    return (f"# Answers carried over from the previous session ({m.meeting.id}) by `briefgen "
            "next`; `briefgen collect` adds this session's.\n"
            + yaml.safe_dump({"responses": entries}, allow_unicode=True, sort_keys=False,
                             width=4096)).encode("utf-8")


def _write(files: dict[Path, bytes], out: Path, m: Meeting, tasks: list[Task]) -> None:
    """Write ``files`` in order, each atomically; then load ``out`` and check that its
    register reads as meant. If anything fails, what this run wrote is removed."""
    written: list[Path] = []
    try:
        for path, data in files.items():
            try:
                write_synced(path, data)
            except OSError as exc:
                raise EnvironmentFault.from_os_error(exc, path, "nothing was kept") from None
            written.append(path)
        n, _ = load_meeting(out)
        got = {t.id: t.model_dump(mode="json") for t in n.tasks}
        wrong = [t["id"] for t in tasks if {k: got.get(t["id"], {}).get(k) for k in t}
                 != {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in t.items()}]
        if list(got) != [*(t.id for t in m.tasks), *(t["id"] for t in tasks)] or wrong:
            raise InputError.single(out, "the new register reads back otherwise than written "
                                         f"(tasks {', '.join(wrong) or 'in another order'}); "
                                         "nothing was kept")
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
