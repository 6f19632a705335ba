"""One view per document: what each document prints, narrowed to its point or unit.

A pack or invitation for a connection point is the whole-meeting view narrowed to what
concerns the point's units (its host and the units it covers), plus its own logistics.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from briefgen.model.meeting import DocumentInfo, Task
from briefgen.view import vi
from briefgen.view.build import ViewBuilder
from briefgen.view.model import (
    AnnexView,
    DocView,
    GroupView,
    HeaderView,
    InvitationView,
    LogisticsView,
    NoticeView,
    PackView,
    PersonView,
    PointView,
    ReportView,
    SignatureView,
    TocEntry,
)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(text: str) -> str:
    """An ASCII file stem that cannot leave its folder, whatever the input says."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    stem = _UNSAFE.sub("-", ascii_text.encode("ascii", "ignore").decode()).strip(".-_")[:100]
    return stem or "document"


class Documents:
    """Makes the DocView of every document of one meeting from one ViewBuilder."""

    def __init__(self, b: ViewBuilder, base_dir: Path | None = None) -> None:
        self.b = b
        self.mv = b.view
        self.L = b.L
        self.p = b.profile
        self.m = b.m
        self.base_dir = base_dir or Path.cwd()
        self._annex_pages: dict[str, int] = {}

    # -- catalogue ---------------------------------------------------------------------------
    def invited_points(self) -> list[PointView]:
        return [p for p in self.mv.points if not p.central]

    def report_units(self) -> list[str]:
        """Units that own at least one task, in register order."""
        return list(dict.fromkeys(o for t in self.m.tasks for o in t.owners))

    def make(self, kind: str, scope: str | None = None) -> DocView:
        if kind == "minutes":
            return self.minutes()
        if kind == "notice":
            return self.notice()
        if kind == "invitation":
            if scope is None:
                raise ValueError("an invitation is for one connection point")
            return self.invitation(scope)
        if kind == "pack":
            return self.pack(scope)
        if kind == "report":
            return self.report(scope)
        raise ValueError(f"unknown document {kind}")

    def annex_path(self, file: str) -> Path:
        return (self.base_dir / file).resolve()

    def annex_pages(self, file: str) -> int:
        """Pages of a submitted PDF (checked readable when the meeting was loaded), read once
        however many packs bind it."""
        if file not in self._annex_pages:
            from pypdf import PdfReader

            self._annex_pages[file] = len(PdfReader(self.annex_path(file)).pages)
        return self._annex_pages[file]

    # -- shared parts ------------------------------------------------------------------------
    def header(self, kind: str, info: DocumentInfo, dated: bool = True) -> HeaderView:
        mi, p, units = self.m.meeting, self.p, self.b.units
        body = units[mi.body]
        parent = units[body.parent] if body.parent else None
        number = p.header.number.pattern.format(
            number=vi.two_digits(info.number), abbr=self.L["doc_abbr"][kind],
            symbol=body.symbol or "")
        return HeaderView(
            national=[{"text": vi.upper(line.text) if line.caps else line.text,
                       "pt": line.pt, "bold": line.bold, "rule": line.rule}
                      for line in p.header.national],
            parent=vi.upper(parent.header_name or parent.name) if parent else None,
            body=vi.upper(body.header_name or body.name), number=number,
            place_date=f"{mi.place}, {self.b.date(info.date)}" if dated else None)

    def recipients(self, info: DocumentInfo, extra: list[str] | None = None) -> list[str]:
        rp = self.p.recipients
        lines = [f"- {r}{rp.separator}" for r in [*(extra or []), *info.recipients]]
        archive = info.archive or self.mv.body_short
        lines.append("- " + rp.archive.format(archive=archive))
        return lines

    def signature(self, authority: str | None, position: str, person_id: str | None
                  ) -> SignatureView:
        person = self.b.people.get(person_id or "")
        name = person.name if person and person.named else self.L["blank_signature_name"]
        return SignatureView(authority=authority, position=vi.upper(position), name=name)

    def signer(self, info: DocumentInfo) -> list[SignatureView]:
        s = info.signer
        if s is None:
            return [self.signature(None, "", None)]
        authority = None
        if s.authority:
            body = vi.upper(s.on_behalf_of or self.mv.body_short)
            authority = f"{self.p.authority[s.authority.value]} {body}"
        return [self.signature(authority, s.position, s.person)]

    def doc(self, kind: str, subject: str, info: DocumentInfo, *, dated: bool = True,
            signatures: list[SignatureView] | None = None, scope: str | None = None,
            scope_id: str | None = None, extra: object = None,
            recipients: list[str] | None = None) -> DocView:
        stem = f"{self.m.meeting.id}-{kind}" + (f"-{scope_id}" if scope_id else "")
        return DocView(
            kind=kind, lang=self.mv.lang, regime=self.mv.regime, title=self.L["doc_type"][kind],
            subject=subject, header=self.header(kind, info, dated),
            signatures=self.signer(info) if signatures is None else signatures,
            recipients=self.recipients(info) if recipients is None else recipients,
            recipients_label=self.p.recipients.label, end_mark=self.p.end_mark,
            file_stem=safe_stem(stem), scope=scope, extra=extra)

    # -- after the session -------------------------------------------------------------------
    def minutes(self) -> DocView:
        mi, labels = self.m.meeting, self.p.signatures["minutes"]
        signatures = [self.signature(None, labels.left, mi.secretary),
                      self.signature(None, labels.right, mi.chairs[0])]
        subject = vi.sentence_case(self.L["minutes_subject"].format(session=self.mv.session))
        # State Mẫu 1.9 has no place-and-date line in the header.
        return self.doc("minutes", subject, self.m.documents.minutes,
                        dated=self.mv.regime == "party", signatures=signatures)

    def notice(self) -> DocView:
        mv, L = self.mv, self.L
        chair = mv.concluded_by.full if mv.concluded_by else ""
        subject = L["notice_subject"].format(chair=chair, session=mv.session)
        others = self.invited_points()
        mode_phrase = L["notice_mode_phrase"].format(
            mode=mv.mode, central=mv.central.name if mv.central else "", count=len(others)
        ) if others else mv.mode
        chairs = "; ".join(c.full.removeprefix(L["comrade"] + " ") for c in mv.chairs)
        extra = NoticeView(
            opening=vi.sentence_case(L["notice_opening"].format(
                when=mv.when, body=mv.body, session=mv.session, mode_phrase=mode_phrase,
                chairs=chairs)),
            attending=[L["notice_attending"].format(
                point=p.name, people="; ".join(a.full for a in p.attendees))
                for p in mv.points if p.attendees],
            context=[t for t in (mv.previous_text, mv.next_text) if t],
            close=L["notice_close"].format(chair=chair),
            end=L["notice_end"].format(office=mv.body_short))
        return self.doc("notice", subject, self.m.documents.notice, extra=extra)

    # -- before the session ------------------------------------------------------------------
    def point(self, point_id: str) -> PointView:
        return next(p for p in self.mv.points if p.id == point_id)

    def point_tasks(self, point: PointView) -> list[Task]:
        return [t for t in self.m.tasks if point.unit_ids.intersection(t.owners)]

    def logistics(self, point: PointView | None) -> LogisticsView:
        L, mi, online = self.L, self.m.meeting, self.p.online
        central = self.mv.central
        fixed_participants, fixed_technical = point.link_test if point else (None, None)

        def before(minutes: int, fixed: dt.time | None) -> str:
            if fixed:
                return vi.clock(fixed, self.b.lang)
            if mi.start:
                start = dt.datetime.combine(mi.date, mi.start) - dt.timedelta(minutes=minutes)
                return vi.clock(start.time(), self.b.lang)
            return L["before_start"].format(minutes=minutes)

        def contact(person: PersonView | None) -> str:
            if person is None:
                return L["not_given"]
            return f"{person.full} ({L['phone']}: {person.phone})" if person.phone else person.full

        point_or_central = point or central
        return LogisticsView(
            central=_place(central) if central else self.mv.place,
            own=_place(point) if point else None,
            participants_test=before(online.participants_before_min, fixed_participants),
            technical_test=before(online.technical_before_min, fixed_technical),
            technical_contact=contact(point_or_central.technical_contact if point_or_central
                                      else None),
            content_contact=contact(point_or_central.content_contact if point_or_central
                                    else None))

    def invitation(self, point_id: str) -> DocView:
        L, mv = self.L, self.mv
        point = self.point(point_id)
        prepare = self.b.tasks(t for t in self.point_tasks(point) if t.report_now)
        extra = InvitationView(
            invites=L["invitation_invites"].format(body=mv.body),
            invitees=[a.full for a in point.attendees] or [point.host],
            attend=L["invitation_attend"].format(session=mv.session, body=mv.body),
            chairs=[c.full for c in mv.chairs],
            time=mv.when,  # after "Thời gian:", lower case
            logistics=self.logistics(point),
            prepare_intro=L["invitation_prepare"].format(count=len(prepare), total=mv.register.total)
            if prepare else L["invitation_prepare_none"],
            prepare=prepare)
        info = self.m.documents.invitation
        subject = L["invitation_subject"].format(session=mv.session)
        return self.doc("invitation", subject, info, scope=point.name, scope_id=point.id,
                        extra=extra, recipients=self.recipients(info, [point.host]))

    def concerns(self, g: GroupView, point: PointView) -> bool:
        """Whether an agenda group concerns the point's units."""
        units = point.unit_ids
        return bool(g.lead_ids & units or any(set(t.owner_ids) & units for t in g.tasks)
                    or any(r.by_unit in units for r in g.recommendations)
                    or any(s.speaker.unit_id in units for s in g.statements))

    def pack(self, point_id: str | None = None) -> DocView:
        L, mv, b = self.L, self.mv, self.b
        point = self.point(point_id) if point_id else None
        if point:
            tasks = self.point_tasks(point)
            groups = [b.group(g.no, self.m.agenda[g.no - 1], tasks) for g in mv.agenda
                      if self.concerns(g, point)]
            points = [p for p in mv.points if p.central or p.id == point.id]
            own = b.register(tasks)
        else:
            tasks, groups, points, own = list(self.m.tasks), mv.agenda, mv.points, None
        annexes = [AnnexView(anchor=f"annex-{a.id}", title=a.title,
                             unit=b.units[a.unit].name if a.unit else "",
                             path=str(self.annex_path(a.file)), pages=self.annex_pages(a.file))
                   for a in self.m.attachments
                   if point is None or a.unit is None or a.unit in point.unit_ids]
        toc = [TocEntry("agenda", L["pack_agenda"]), TocEntry("participants", L["pack_participants"])]
        if point:
            toc.insert(0, TocEntry("logistics", L["pack_logistics"]))
        toc += [TocEntry(f"group-{g.id}", f"{g.no}. {g.title}") for g in groups]
        toc.append(TocEntry("register", L["pack_register"]))
        if self.m.previous:
            toc.append(TocEntry("previous", L["pack_previous"]))
        if annexes:
            toc.append(TocEntry("annexes", L["pack_annexes"]))
        toc += [TocEntry(a.anchor, L["pack_annex"].format(title=a.title)) for a in annexes]
        extra = PackView(
            scope_line=point.name if point else L["pack_whole"],
            cover_date=f"{self.m.meeting.place}, {vi.month_year(self.m.meeting.date, b.lang)}",
            toc=toc, logistics=self.logistics(point) if point else None, points=points,
            groups=groups, register=mv.register, own=own, units=b.unit_rows(tasks),
            status_labels=b.status_labels(), overdue=b.overdue(tasks),
            report_now=b.tasks(t for t in tasks if t.report_now),
            annexes=annexes, chart_title=L["chart_title"])
        subject = vi.sentence_case(mv.session)
        return self.doc("pack", subject, self.m.documents.pack, scope=extra.scope_line,
                        scope_id=point.id if point else None, extra=extra, signatures=[],
                        recipients=[])

    def report(self, unit_id: str | None = None) -> DocView:
        L, b = self.L, self.b
        tasks = [t for t in self.m.tasks if unit_id is None or unit_id in t.owners]
        ordered = sorted(tasks, key=lambda t: (
            vi.word_key(b.unit_names(t.owners)), t.deadline or dt.date.max, b.task_no[t.id]))
        register = b.register(ordered)
        scope = b.units[unit_id].name if unit_id else None
        extra = ReportView(
            scope_line=scope or L["pack_whole"],
            intro=L["report_intro"].format(date=b.date(self.m.meeting.date), total=register.total,
                                           progress=register.progress,
                                           report_now=register.report_now),
            register=register, units=b.unit_rows(tasks), status_labels=b.status_labels(),
            overdue=b.overdue(ordered))
        subject = L["report_subject"] + (f" – {scope}" if scope else "")
        return self.doc("report", subject, self.m.documents.report, scope=scope,
                        scope_id=unit_id, extra=extra)


def _place(point: PointView) -> str:
    return f"{point.name}, {point.address}" if point.address else point.name

