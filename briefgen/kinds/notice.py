"""Thông báo kết luận: the chair's (or a body's) conclusions, issued by the body's office.

Each sentence comes from a named form of the labels (briefgen.view.forms, docs/wording.md):
the meeting file picks per document (``documents.notice.forms``), the profile by default.
"""

from __future__ import annotations

from briefgen.kinds.base import SESSION_FIELDS, Kind, Scope, Sentence
from briefgen.model.blanks import Blank
from briefgen.view.forms import Chosen
from briefgen.view.model import DocView, NoticeView
from briefgen.view.parts import Parts


def _fields(parts: Parts, session: str) -> dict[str, str]:
    """Every value a notice's forms may use."""
    mv, L, b, mi = parts.view, parts.labels, parts.builder, parts.meeting.meeting
    info = parts.info("notice")
    others = parts.invited_points()
    mode_phrase = L["notice_mode_phrase"].format(
        mode=mv.mode, central=mv.central.name if mv.central else "", count=len(others),
        hosts=mv.hosts) if others else mv.mode
    style = mv.chairs[0].style if mv.chairs else parts.profile.names.style
    style = {"first_title_first": "title_first", "name_dash_titles": "name_then_titles"
             }.get(style, style)
    chairs = b.people_list(mv.chairs) if mv.chairs else L["blank"]
    chaired = L["chaired_by"][style]["one" if len(mv.chairs) <= 1 else "many"].format(
        chairs=chairs)
    concluder = mv.concluded_by
    return {
        "when": mv.when, "holder": mv.holder, "holder_short": mv.holder_short,
        "session": session,
        "chairs_full": b.people_list(mv.chairs, full=True) if mv.chairs else L["blank"],
        "venue": mv.venue or "", "venue_at": L["venue"].format(venue=mv.venue).strip()
        if mv.venue else "", "mode_phrase": mode_phrase, "chaired": chaired, "chairs": chairs,
        "chair": concluder.full if concluder else "", "by": concluder.short if concluder else "",
        "matter": mi.matter or "", "heard": parts.meeting.conclusions.heard or ""
        if parts.meeting.conclusions else "", "office": parts.issuer_short(info),
        "verb": parts.doc_type("notice", info)["verb"],
    }


def build(parts: Parts, scope: str | None = None) -> DocView:
    mv, b = parts.view, parts.builder
    info = parts.info("notice")
    own, picked = info.text, info.forms
    fields = _fields(parts, b.session_name(picked) if picked else mv.session)

    def sentence(key: str, extra: dict[str, str] | None = None) -> Chosen:
        return b.form("notice", key, picked, {**fields, **(extra or {})})

    chosen = {key: sentence(key) for key in ("subject", "opening", "close", "end")}
    attending = [sentence("attending", {"point": p.name, "names": b.people_list(p.attendees),
                                        "people": b.people_list(p.attendees, full=True)})
                 for p in mv.attending]
    if attending:
        chosen["attending"] = attending[0]
    opening = own.opening if own.opening is not None else chosen["opening"].text
    if own.attending is not None:
        lines = [own.attending] if own.attending else []
    else:
        lines = [c.text for c in attending if c.text]
        if lines and attending[0].joins:  # the attendees continue the opening's paragraph
            opening, lines = " ".join([opening, *lines]).strip(), []
    extra = NoticeView(
        opening=opening, attending=lines,
        context=[t for t in (mv.previous_text, mv.next_text) if t],
        close=own.close if own.close is not None else chosen["close"].text,
        end=parts.closing(own.end if own.end is not None else chosen["end"].text),
        forms=chosen)
    subject = own.subject if own.subject is not None else chosen["subject"].text
    return parts.doc("notice", subject, info, extra=extra)


KIND = Kind(
    name="notice", scope=Scope.meeting, view=NoticeView, build=build,
    prints=frozenset({Blank.chairs, Blank.mode, Blank.place, Blank.number, Blank.date,
                      Blank.concluded_by}),
    sentences=(
        Sentence("subject", lambda d: d.subject, (
            "conclusions.by", "meeting.matter", *SESSION_FIELDS)),
        Sentence("opening", lambda d: d.extra.opening, (
            "meeting.date", "meeting.day_part", "meeting.start", "meeting.holder", *SESSION_FIELDS,
            "meeting.venue", "meeting.matter", "points", "units[].kind", "meeting.chairs")),
        Sentence("attending", lambda d: " ".join(d.extra.attending), ("points[].attendees",)),
        Sentence("close", lambda d: d.extra.close, ("conclusions.by", "conclusions.heard")),
        Sentence("end", lambda d: d.extra.end, (
            "documents.notice.issuer", "documents.notice.type", "meeting.holder")),
    ))
