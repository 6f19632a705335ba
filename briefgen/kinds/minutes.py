"""Biên bản: the minutes of the session, signed by the secretary and the chair."""

from __future__ import annotations

from briefgen.kinds.base import Kind, Scope, Sentence
from briefgen.view import vi
from briefgen.view.model import DocView
from briefgen.view.parts import Parts


def build(parts: Parts, scope: str | None = None) -> DocView:
    mi, labels = parts.m.meeting, parts.p.signatures["minutes"]
    signatures = [parts.signature(None, labels.left, mi.secretary),
                  parts.signature(None, labels.right, mi.chairs[0])]
    info = parts.info("minutes")
    subject = info.text.subject or vi.sentence_case(
        parts.L["minutes_subject"].format(session=parts.mv.session))
    return parts.doc("minutes", subject, info, signatures=signatures)


KIND = Kind(
    name="minutes", scope=Scope.meeting, view=None, build=build,
    summary="biên bản: the record of the session, signed by the secretary and the chair",
    sentences=(Sentence("subject", lambda d: d.subject, (
        "meeting.kind", "meeting.sequence", "meeting.mode", "meeting.with_whom")),))
