"""What a clerk would want flagged before a document goes out, though it still renders.

Each check yields one warning at its place in the file (``FILE:LINE:COL: field: warning: …``);
a check that finds the same thing in many places (forty tasks without a title) says it once,
at the first, with the count. ``validate``, ``render`` and ``batch`` print them and exit 0;
``--strict`` turns them into errors (exit 2).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterator

from briefgen.errors import Problem, format_path
from briefgen.load.source import Loc, SourceMap
from briefgen.model.blanks import Blank, Made
from briefgen.model.meeting import DocumentInfo, Documents, Meeting, TaskStatus

FAR_YEARS = 10  # a date further than this from today is probably mistyped

Concerned = tuple[frozenset[str], Problem]


def find_warnings(m: Meeting, smap: SourceMap, today: dt.date | None = None,
                  kinds: Collection[str] | None = None, undated: Collection[str] = (), *,
                  made: Made) -> list[Problem]:
    """Every warning about a valid meeting, in file order. ``made``: the documents the meeting
    gets, as their kinds declare them (``briefgen.kinds.made``; the model does not import the
    kinds). ``kinds``: the documents being made (None: every one); a blank is warned once, for
    the documents that print it, at the line that would fill it. ``undated``: kinds whose form
    has no date line (the profile's)."""
    today = today or dt.date.today()
    making = set(kinds) if kinds is not None else None
    blanks = [p for concerned, p in _blanks(m, smap, frozenset(undated), making, made)
              if making is None or concerned & making]
    found = [*blanks, *_dates(m, smap, today), *_people(m, smap), *_tasks(m, smap)]
    return sorted(found, key=lambda p: (p.file, p.line, p.column, p.path))


def warned_kinds(m: Meeting, smap: SourceMap, made: Made, undated: Collection[str] = ()
                 ) -> set[str]:
    """The kinds of document some blank warning concerns: a document of another kind that
    prints a blank prints one no warning named."""
    return {kind for concerned, _ in _blanks(m, smap, frozenset(undated), None, made)
            for kind in concerned}


def _warn(smap: SourceMap, loc: Loc, message: str) -> Problem:
    return smap.problem(loc, format_path(loc), f"warning: {message}")


def _many(smap: SourceMap, locs: list[Loc], what: str, outcome: str) -> Iterator[Problem]:
    """One warning for a thing found at several places: at the first, with the count."""
    if not locs:
        return
    more = f" (and {len(locs) - 1} more like it)" if len(locs) > 1 else ""
    yield _warn(smap, locs[0], f"{what}{more}; {outcome}")


def _at(smap: SourceMap, *path: str | int) -> Loc:
    """The deepest of ``path`` and its parents the file holds: where the value would go."""
    for end in range(len(path), 0, -1):
        if path[:end] in smap.keys:
            return path[:end]
    return path[:1]


def _blanks(m: Meeting, smap: SourceMap, undated: frozenset[str],
            making: set[str] | None, made: Made) -> Iterator[Concerned]:
    """Values the documents print as blanks for the clerk to fill, each with the documents
    that print it (as their kinds declare)."""
    yield from _documents(m, smap, undated, making, made)
    people = {p.id: p for p in m.people}
    mi = m.meeting
    if mi.secretary and people[mi.secretary].name is None:
        yield made.printing(Blank.secretary), _warn(
            smap, ("meeting", "secretary"), "the secretary is a role, not a named person: the "
            "minutes leave the secretary's name blank ('……') to fill")
    if mi.end is None:
        yield made.printing(Blank.end_time), _warn(
            smap, _at(smap, "meeting", "end"), "the end time is not given (meeting.end): the "
            "minutes print '…… giờ ……' to fill")
    for i, c in enumerate(mi.chairs):  # a chair may be a unit (a body)
        if c in people and people[c].name is None:
            yield made.printing(Blank.chairs), _warn(smap, ("meeting", "chairs", i),
                                                     "a chair is a role, not a named person")
    by = m.conclusions.by if m.conclusions else None
    if by in people and people[by].name is None:
        yield made.printing(Blank.concluded_by), _warn(smap, ("conclusions", "by"), (
            f"who concluded is a role ('{people[by].role}'): the subject and the close print it "
            "as written; where a body concluded, give its unit id instead"))
    # Facts the source may not give: the official blank prints where they would.
    for field, what, blank in (("mode", "how it was held (mode)", Blank.mode),
                               ("place", "the seat (place)", Blank.place),
                               ("chairs", "who chaired (chairs)", Blank.chairs)):
        if not getattr(mi, field):
            yield made.printing(blank), _warn(smap, ("meeting",), f"{what} is not given: '……' "
                                              "prints where it would, to fill")
    for problem in _many(smap, [("tasks", i) for i, t in enumerate(m.tasks) if t.title is None],
                         "a task has no title", "it prints as '……' to fill"):
        yield made.printing(Blank.tasks), problem
    if not m.agenda:
        yield made.printing(Blank.agenda_details), _warn(
            smap, _at(smap, "agenda"), "no agenda is given (agenda): the pack's agenda prints "
            "'……' to fill")
    for field, what in (("time", "time"), ("presenters", "presenter"),
                        ("lead_units", "lead unit")):
        for problem in _many(smap, [("agenda", i) for i, g in enumerate(m.agenda)
                                    if not getattr(g, field)],
                             f"an agenda group has no {what} ({field})",
                             "the pack's agenda prints '……' to fill"):
            yield made.printing(Blank.agenda_details), problem
    items = m.conclusions.items if m.conclusions else []
    for problem in _many(smap, [("conclusions", "items", i) for i, c in enumerate(items)
                                if c.deadline and not c.lead],
                         "a conclusion sets a deadline but names no lead unit (lead)",
                         "the minutes' table of assigned tasks prints '……' to fill"):
        yield made.printing(Blank.assigned_lead), problem
    yield from _contacts(m, smap, made.printing(Blank.contacts))


def _contacts(m: Meeting, smap: SourceMap, printing: frozenset[str]) -> Iterator[Concerned]:
    people = {p.id: p for p in m.people}
    for field in ("technical_contact", "content_contact"):
        what = field.replace("_", " ")
        unnamed: list[Loc] = []
        missing: list[Loc] = []
        for i, p in enumerate(m.points):
            ref = getattr(p, field)
            if p.central:
                continue
            if ref is None:
                missing.append(("points", i))
            elif people[ref].name is None:
                unnamed.append(("points", i, field))
        for problem in [*_many(smap, unnamed, f"a point's {what} is not a named person",
                               "its invitation gives the role, with no name"),
                        *_many(smap, missing, f"a point has no {what} ({field})",
                               "its invitation prints '……' to fill")]:
            yield printing, problem


def _documents(m: Meeting, smap: SourceMap, undated: frozenset[str],
               making: set[str] | None, made: Made) -> Iterator[Concerned]:
    """Each document's own blanks: its signer, its number, its date of issue (``making``:
    the documents a symbol left out is named for)."""
    people = {p.id: p for p in m.people}
    units = {u.id: (i, u) for i, u in enumerate(m.units)}
    no_symbol: dict[str, set[str]] = {}
    for document in made.documents:
        kind, this = document.kind, frozenset({document.kind})
        # a kind added at run time has no entry in the meeting file: it gives nothing
        info = getattr(m.documents, kind, None) or DocumentInfo()
        signer = info.signer
        if signer is None and document.signed:
            yield this, _warn(smap, _at(smap, "documents", kind),
                              f"no signer for the {kind} (documents.{kind}.signer): its "
                              "signature block prints '……' for the position and the name, to fill")
        elif signer and signer.person is None:
            yield this, _warn(smap, _at(smap, "documents", kind, "signer"),
                              f"the {kind}'s signer names no person (documents.{kind}.signer."
                              "person): its name line prints '……' to fill")
        elif signer and signer.person and people[signer.person].name is None:
            yield this, _warn(smap, ("documents", kind, "signer", "person"),
                              f"the {kind} is signed by a role ('{people[signer.person].role}'), "
                              "not a named person: its name line is left blank ('……') to fill")
        if info.number is None and Blank.number in document.blanks:
            yield this, _warn(smap, _at(smap, "documents", kind, "number"),
                              f"the {kind} has no number (documents.{kind}.number): 'Số' is left "
                              "blank for the records office to fill")
        if info.date is None and Blank.date in document.blanks and kind not in undated:
            yield this, _warn(smap, _at(smap, "documents", kind, "date"),
                              f"the {kind} has no date of issue (documents.{kind}.date): its "
                              "date line prints blanks to fill")
        issuer = info.issuer or m.meeting.holder
        if (Blank.number in document.blanks and issuer in units and not units[issuer][1].symbol
                and (making is None or kind in making)):
            no_symbol.setdefault(issuer, set()).add(kind)
    for unit, kinds in no_symbol.items():
        yield frozenset(kinds), _warn(smap, ("units", units[unit][0]), (
            f"the unit issuing the {', '.join(sorted(kinds))} has no symbol (units"
            f"[{units[unit][0]}].symbol): their numbers print without it ('Số: /…-')"))


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
