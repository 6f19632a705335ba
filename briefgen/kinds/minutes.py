"""Biên bản: the minutes of the session, signed by the secretary and the chair."""

from __future__ import annotations

from briefgen.kinds.base import SESSION_FIELDS, Kind, Scope, Sentence, SignedBy
from briefgen.model.blanks import Blank
from briefgen.view.model import DocView, MinutesView
from briefgen.view.parts import Parts


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
        end=own.end if own.end is not None else chosen["end"].text, forms=chosen)
    return parts.doc("minutes", subject, info, signatures=signatures, extra=extra)


KIND = Kind(
    name="minutes", scope=Scope.meeting, view=MinutesView, build=build, signed_by=SignedBy.meeting,
    prints=frozenset({Blank.chairs, Blank.mode, Blank.place, Blank.number, Blank.date,
                      Blank.secretary, Blank.end_time, Blank.tasks}),
    sentences=(
        Sentence("subject", lambda d: d.subject, SESSION_FIELDS),
        Sentence("opening", lambda d: d.extra.opening, ("meeting.holder", *SESSION_FIELDS)),
        Sentence("attending", lambda d: d.extra.attending or "", ("points[].attendees",)),
        Sentence("end", lambda d: d.extra.end, ("meeting.end", "meeting.date")),
    ))
