"""Biên bản: the minutes of the session, signed by the secretary and the chair."""

from __future__ import annotations

from briefgen.kinds.base import SESSION_FIELDS, Kind, Scope, Sentence, SignedBy
from briefgen.view import vi
from briefgen.view.model import DocView, MinutesView
from briefgen.view.parts import Parts


def build(parts: Parts, scope: str | None = None) -> DocView:
    mi, labels = parts.meeting.meeting, parts.profile.signatures["minutes"]
    signatures = [parts.signature(None, labels.left, mi.secretary),
                  parts.signature(None, labels.right, mi.chairs[0])]
    info, mv = parts.info("minutes"), parts.view
    own = info.text
    subject = own.subject or vi.sentence_case(
        parts.labels["minutes_subject"].format(session=mv.session))
    extra = MinutesView(opening=own.opening or mv.held_by, attending=own.attending,
                        points=[] if own.attending else mv.attending,
                        end=own.end or f"{mv.end_text} {mv.read_back}")
    return parts.doc("minutes", subject, info, signatures=signatures, extra=extra)


KIND = Kind(
    name="minutes", scope=Scope.meeting, view=MinutesView, build=build, signed_by=SignedBy.meeting,
    sentences=(
        Sentence("subject", lambda d: d.subject, SESSION_FIELDS),
        Sentence("opening", lambda d: d.extra.opening, ("meeting.holder", *SESSION_FIELDS)),
        Sentence("attending", lambda d: d.extra.attending or "", ("points[].attendees",)),
        Sentence("end", lambda d: d.extra.end, ("meeting.end", "meeting.date")),
    ))
