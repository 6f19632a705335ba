"""Thông báo kết luận: the chair's conclusions, issued by the body's office."""

from __future__ import annotations

from briefgen.kinds.base import SESSION_FIELDS, Kind, Scope, Sentence
from briefgen.view import vi
from briefgen.view.model import DocView, NoticeView
from briefgen.view.parts import Parts


def build(parts: Parts, scope: str | None = None) -> DocView:
    mv, L = parts.view, parts.labels
    info = parts.info("notice")
    venue = L["venue"].format(venue=mv.venue) if mv.venue else ""
    chair = mv.concluded_by.full if mv.concluded_by else ""
    by = mv.concluded_by.short if mv.concluded_by else ""
    own = info.text
    subject = own.subject or L["notice_subject"].format(chair=by, session=mv.session)
    others = parts.invited_points()
    mode_phrase = L["notice_mode_phrase"].format(
        mode=mv.mode, central=mv.central.name if mv.central else "", count=len(others),
        hosts=mv.hosts) if others else mv.mode
    style = mv.chairs[0].style if mv.chairs else parts.profile.names.style
    chaired = L["chaired_by"][style]["one" if len(mv.chairs) == 1 else "many"].format(
        chairs=parts.builder.people_list(mv.chairs))
    extra = NoticeView(
        opening=own.opening or vi.sentence_case(L["notice_opening"].format(
            when=mv.when, body=mv.holder, session=mv.session + venue, mode_phrase=mode_phrase,
            chaired=chaired)),
        attending=[own.attending] if own.attending else [L["notice_attending"].format(
            point=p.name, people="; ".join(a.full for a in p.attendees))
            for p in mv.attending],
        context=[t for t in (mv.previous_text, mv.next_text) if t],
        close=own.close or L["notice_close"].format(chair=chair),
        end=own.end or L["notice_end"].format(office=parts.issuer_short(info)))
    return parts.doc("notice", subject, info, extra=extra)


KIND = Kind(
    name="notice", scope=Scope.meeting, view=NoticeView, build=build,
    sentences=(
        Sentence("subject", lambda d: d.subject, ("conclusions.by", *SESSION_FIELDS)),
        Sentence("opening", lambda d: d.extra.opening, (
            "meeting.date", "meeting.day_part", "meeting.start", "meeting.holder", *SESSION_FIELDS,
            "meeting.venue", "points", "units[].kind", "meeting.chairs")),
        Sentence("attending", lambda d: " ".join(d.extra.attending), ("points[].attendees",)),
        Sentence("close", lambda d: d.extra.close, ("conclusions.by",)),
        Sentence("end", lambda d: d.extra.end, ("documents.notice.issuer", "meeting.holder")),
    ))
