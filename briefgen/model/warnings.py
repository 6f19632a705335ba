"""What a clerk would want flagged before a document goes out, though it still renders.

Each check yields one warning at its place in the file (``FILE:LINE:COL: field: warning: …``);
a check that finds the same thing in many places (forty tasks without a title) says it once,
at the first, with the count. ``validate``, ``render`` and ``batch`` print them and exit 0;
``--strict`` turns them into errors (exit 2).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from briefgen.errors import Problem, format_path
from briefgen.load.source import Loc, SourceMap
from briefgen.model.meeting import Documents, Meeting, TaskStatus

FAR_YEARS = 10  # a date further than this from today is probably mistyped


def find_warnings(m: Meeting, smap: SourceMap, today: dt.date | None = None) -> list[Problem]:
    """Every warning about a valid meeting, in file order."""
    today = today or dt.date.today()
    found = [*_blanks(m, smap), *_dates(m, smap, today), *_people(m, smap), *_tasks(m, smap)]
    return sorted(found, key=lambda p: (p.file, p.line, p.column, p.path))


def _warn(smap: SourceMap, loc: Loc, message: str) -> Problem:
    return smap.problem(loc, format_path(loc), f"warning: {message}")


def _many(smap: SourceMap, locs: list[Loc], what: str, outcome: str) -> Iterator[Problem]:
    """One warning for a thing found at several places: at the first, with the count."""
    if not locs:
        return
    more = f" (and {len(locs) - 1} more like it)" if len(locs) > 1 else ""
    yield _warn(smap, locs[0], f"{what}{more}; {outcome}")


def _blanks(m: Meeting, smap: SourceMap) -> Iterator[Problem]:
    """Values the documents print as blanks for the clerk to fill."""
    people = {p.id: p for p in m.people}
    for kind in Documents.model_fields:
        signer = getattr(m.documents, kind).signer
        made = {"invitation": any(not p.central for p in m.points), "report": bool(m.tasks)}
        if signer is None and kind in Documents.SIGNED and made.get(kind, True):
            yield _warn(smap, ("documents", kind) if ("documents", kind) in smap.keys else ("documents",),
                        f"no signer for the {kind} (documents.{kind}.signer): its signature "
                        "block prints '……' for the position and the name, to fill")
        if signer and signer.person and people[signer.person].name is None:
            yield _warn(smap, ("documents", kind, "signer", "person"),
                        f"the {kind} is signed by a role ('{people[signer.person].role}'), not a "
                        "named person: its name line is left blank ('……') to fill")
    mi = m.meeting
    if mi.secretary and people[mi.secretary].name is None:
        yield _warn(smap, ("meeting", "secretary"), "the secretary is a role, not a named "
                    "person: the minutes leave the secretary's name blank ('……') to fill")
    for i, c in enumerate(mi.chairs):
        if c in people and people[c].name is None:
            yield _warn(smap, ("meeting", "chairs", i), "a chair is a role, not a named person")
    by = m.conclusions.by if m.conclusions else None
    if by in people and people[by].name is None:
        yield _warn(smap, ("conclusions", "by"), (
            f"who concluded is a role ('{people[by].role}'): the subject and the close print it "
            "as written; where a body concluded, give its unit id instead"))
    # Facts the source may not give: the official blank prints where they would.
    for field, what in (("mode", "how it was held (mode)"), ("place", "the seat (place)"),
                        ("chairs", "who chaired (chairs)")):
        if not getattr(mi, field):
            yield _warn(smap, ("meeting",), f"{what} is not given: '……' prints where it "
                        "would, to fill")
    yield from _many(smap, [("tasks", i) for i, t in enumerate(m.tasks) if t.title is None],
                     "a task has no title", "it prints as '……' to fill")
    for field in ("technical_contact", "content_contact"):
        locs: list[Loc] = []
        for i, p in enumerate(m.points):
            ref = getattr(p, field)
            if not p.central and (ref is None or people[ref].name is None):
                locs.append(("points", i, field) if ref else ("points", i))
        yield from _many(smap, locs, f"a point's {field.replace('_', ' ')} is not a named "
                         "person", "its invitation gives the role, or '……' to fill")


def _dates(m: Meeting, smap: SourceMap, today: dt.date) -> Iterator[Problem]:
    mi = m.meeting
    dated: list[tuple[Loc, dt.date]] = [(("meeting", "date"), mi.date)]
    for key in ("previous", "next"):
        other = getattr(m, key)
        if other:
            dated.append(((key, "date"), other.date))
    if m.previous and m.previous.date > mi.date:
        yield _warn(smap, ("previous", "date"), "the previous session is dated after this one")
    if m.next and m.next.date < mi.date:
        yield _warn(smap, ("next", "date"), "the next session is dated before this one")
    if m.conclusions:
        for i, item in enumerate(m.conclusions.items):
            loc: Loc = ("conclusions", "items", i, "deadline")
            if item.deadline:
                dated.append((loc, item.deadline))
                if item.deadline < mi.date:
                    yield _warn(smap, loc, "a deadline set at this session falls before it")
    for i, t in enumerate(m.tasks):
        if t.deadline:
            dated.append((("tasks", i, "deadline"), t.deadline))
    for kind in Documents.model_fields:
        issued = getattr(m.documents, kind).date
        if issued:
            dated.append((("documents", kind, "date"), issued))
            if issued < mi.date:
                yield _warn(smap, ("documents", kind, "date"),
                            f"the {kind} is dated before the session")
    far = [loc for loc, d in dated if abs(d.year - today.year) > FAR_YEARS]
    yield from _many(smap, far, f"a date more than {FAR_YEARS} years from today",
                     "check the year")
    if mi.start:
        for i, p in enumerate(m.points):
            for field in ("participants", "technical"):
                at = getattr(p.link_test, field)
                if at and at >= mi.start:
                    yield _warn(smap, ("points", i, "link_test", field),
                                f"the link test ({at:%H:%M}) is not before the start "
                                f"({mi.start:%H:%M})")


def _people(m: Meeting, smap: SourceMap) -> Iterator[Problem]:
    mi = m.meeting
    if mi.secretary and mi.secretary in mi.chairs:
        yield _warn(smap, ("meeting", "secretary"), "the secretary is also a chair")
    for i, p in enumerate(m.points):
        seen: set[str] = set()
        for j, a in enumerate(p.attendees):
            if a in seen:
                yield _warn(smap, ("points", i, "attendees", j),
                            f"'{a}' is listed twice at this point")
            seen.add(a)
    names = Counter(person.name for person in m.people if person.name)
    first: dict[str, int] = {}
    for i, person in enumerate(m.people):
        name = person.name
        if name and names[name] > 1:
            if name in first:
                line = smap.locate(("people", first[name]))[0]
                yield _warn(smap, ("people", i, "name"),
                            f"another person is named '{name}' too (line {line}): one "
                            "person twice, or two who need telling apart")
            else:
                first[name] = i


def _tasks(m: Meeting, smap: SourceMap) -> Iterator[Problem]:
    for i, t in enumerate(m.tasks):
        if t.status is TaskStatus.done and t.report_now:
            yield _warn(smap, ("tasks", i, "report_now"),
                        "the task is done, yet marked to be reported on at once")
