"""Biên bản: the minutes of the session, signed by the secretary and the chair."""

from __future__ import annotations

from typing import Any

from briefgen.kinds.base import SESSION_FIELDS, Kind, Scope, Sentence, SignedBy
from briefgen.kinds.outline import Numbering, Outline, Section, Words
from briefgen.model.blanks import Blank
from briefgen.view import vi
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView, GroupView, MinutesHeadings, MinutesView
from briefgen.view.parts import Parts

#: The minutes' sections (Mẫu biên bản: I-III), and under III one heading per opening
#: statement, then the discussion with its agenda groups numbered under it ("4.1."), the
#: conclusions (their items numbered under it, "3.1.") and, where tasks are assigned, their
#: table. Fields of MinutesHeadings.
OUTLINE = Outline((
    Section("time_place", "section_time_place"),
    Section("participants", "section_participants"),
    Section("content", "section_content", within=Outline((
        Section("opening", per_item=True),
        Section("discussion", "section_content", groups="groups", optional=True),
        Section("conclusions", "section_conclusions", marks="conclusion_marks"),
        Section("assigned", "section_assigned", optional=True),
    ))),
), Numbering.roman)


def discussed(mv: MeetingView) -> list[GroupView]:
    """The agenda groups the discussion reports: those with statements or recommendations."""
    return [g for g in mv.agenda if g.statements or g.recommendations]


def context(parts: Parts) -> list[str]:
    """The next and the previous session's sentences, each left out where an opening speech
    already says it: the previous one where the speeches recall every decision it lists."""
    mv, m = parts.view, parts.meeting
    said = [point for s in mv.opening for point in s.points]
    decisions = m.previous.decisions if m.previous else []
    told = [mv.next_text if mv.next_text and not any(vi.restates(p, mv.next_text) for p in said)
            else None,
            None if decisions and all(any(vi.restates(p, d) for p in said) for d in decisions)
            else mv.previous_text]
    return [t for t in told if t]


def headings(labels: dict[str, Any], mv: MeetingView) -> MinutesHeadings:
    """The minutes' headings, numbered over what they print (:data:`OUTLINE`)."""
    concluded = f" {mv.concluded_by.name}" if mv.concluded_by else ""
    words: dict[str, Words] = {
        "opening": [s.heading for s in mv.opening],
        "groups": [g.title for g in discussed(mv)],
        # Nothing discussed in the record (a meeting known from its notice): no empty heading.
        "discussion": labels["section_content"] if discussed(mv) else None,
        "conclusions": labels["section_conclusions"] + concluded,
        "conclusion_marks": [c.text for c in mv.conclusions],
        "assigned": labels["section_assigned"] if mv.assigned else None}
    return MinutesHeadings(**OUTLINE.headings(labels, words))


def build(parts: Parts, scope: str | None = None) -> DocView:
    mi, labels = parts.meeting.meeting, parts.profile.signatures["minutes"]
    signatures = [parts.signature(None, labels.left, mi.secretary),
                  parts.signature(None, labels.right, mi.chairs[0] if mi.chairs else None)]
    info, mv, b = parts.info("minutes"), parts.view, parts.builder
    own, picked = info.text, info.forms
    session = b.session_name(picked) if picked else mv.session
    fields = {"session": session, "holder": mv.holder, "ended": mv.end_text,
              "read_back": mv.read_back}
    chosen = {key: b.form("minutes", key, picked, fields) for key in ("subject", "opening", "end")}
    subject = own.subject if own.subject is not None else chosen["subject"].text
    extra = MinutesView(
        opening=own.opening if own.opening is not None else chosen["opening"].text,
        attending=own.attending, points=[] if own.attending is not None else mv.attending,
        end=parts.closing(own.end if own.end is not None else chosen["end"].text), forms=chosen,
        headings=headings(parts.labels, mv), discussed=discussed(mv), context=context(parts))
    return parts.doc("minutes", subject, info, signatures=signatures, extra=extra)


KIND = Kind(
    name="minutes", scope=Scope.meeting, view=MinutesView, build=build, signed_by=SignedBy.meeting,
    outline=OUTLINE,
    prints=frozenset({Blank.chairs, Blank.mode, Blank.place, Blank.number, Blank.date,
                      Blank.secretary, Blank.end_time, Blank.tasks,
                      Blank.assigned_lead}),
    sentences=(
        Sentence("subject", lambda d: d.subject, SESSION_FIELDS),
        Sentence("opening", lambda d: d.extra.opening, ("meeting.holder", *SESSION_FIELDS)),
        Sentence("attending", lambda d: d.extra.attending or "", ("points[].attendees",)),
        Sentence("end", lambda d: d.extra.end, ("meeting.end", "meeting.date")),
    ))
