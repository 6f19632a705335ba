"""Giấy mời: one invitation per connection point, with how and when to connect."""

from __future__ import annotations

from briefgen.kinds.base import SESSION_FIELDS, Kind, Scope, Sentence
from briefgen.model.blanks import Blank
from briefgen.view.model import DocView, InvitationView
from briefgen.view.parts import Parts


def build(parts: Parts, scope: str | None) -> DocView:
    L, mv = parts.labels, parts.view
    assert scope is not None  # Kind.make refuses an invitation without its point
    point = parts.point(scope)
    info = parts.info("invitation")
    prepare = parts.builder.tasks(t for t in parts.point_tasks(point) if t.report_now)
    own = info.text
    extra = InvitationView(
        invites=own.opening or L["invitation_invites"].format(body=parts.issuer(info).name),
        invitees=[a.full for a in point.attendees] or [point.host],
        attend=own.attending or L["invitation_attend"].format(session=mv.session, body=mv.holder),
        venue=mv.venue,
        chairs=[c.full for c in mv.chairs],
        time=mv.when,  # after "Thời gian:", lower case
        logistics=parts.logistics(point),
        prepare_intro=L["invitation_prepare"].format(count=len(prepare), total=mv.register.total)
        if prepare else L["invitation_prepare_none"],
        prepare=prepare, close=parts.closing(own.end or L["invitation_close"]))
    subject = own.subject or L["invitation_subject"].format(session=mv.session)
    return parts.doc("invitation", subject, info, scope=point.name, scope_id=point.id,
                     extra=extra, recipients=parts.recipients(info, [point.host]))


KIND = Kind(
    name="invitation", scope=Scope.each_point, view=InvitationView, build=build,
    prints=frozenset({Blank.chairs, Blank.mode, Blank.place, Blank.number, Blank.date,
                      Blank.contacts}),
    sentences=(
        Sentence("subject", lambda d: d.subject, SESSION_FIELDS),
        Sentence("opening", lambda d: d.extra.invites, ("documents.invitation.issuer",
                                                         "meeting.holder")),
        Sentence("attending", lambda d: d.extra.attend, (*SESSION_FIELDS, "meeting.holder")),
        Sentence("end", lambda d: d.extra.close, ()),
    ))
