"""Build the view once from a validated meeting: counts, wording, dates, per-document data."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from briefgen.assets import find_template
from briefgen.model.meeting import (
    ConclusionItem,
    DocumentInfo,
    Meeting,
    Mode,
    OtherSession,
    Person,
    Statement,
    Task,
    TaskStatus,
)
from briefgen.profile import Profile, choose_profile
from briefgen.view import vi
from briefgen.view.model import (
    ConclusionView,
    CountRow,
    DocView,
    GroupView,
    HeaderView,
    PersonView,
    PointView,
    RecommendationView,
    RegisterView,
    SignatureView,
    StatementView,
    TaskView,
)

PROGRESS = (TaskStatus.done, TaskStatus.on_track)


@cache
def load_labels(lang: str, custom: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        find_template(f"labels/{lang}.yaml", custom).read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class MeetingView:
    """Everything about the session that documents print, computed once."""

    id: str
    lang: str
    regime: str
    profile: Profile
    L: dict[str, Any]
    body: str
    body_short: str
    session: str  # "phiên họp chuyên đề trực tuyến với Tổ giúp việc ..."
    when: str  # "chiều ngày 22 tháng 5 năm 2025"
    place: str
    mode: str
    where: str  # "trực tuyến từ Điểm cầu Trung ương đến 6 điểm cầu: ..."
    chairs: list[PersonView]
    secretary: PersonView | None
    points: list[PointView]
    central: PointView | None
    opening: list[StatementView]
    previous_text: str | None
    next_text: str | None
    agenda_line: str
    agenda: list[GroupView]
    register: RegisterView
    concluded_by: PersonView | None
    conclusions: list[ConclusionView]
    assigned: list[ConclusionView]
    end_text: str
    read_back: str


def build_view(m: Meeting, templates: Path | None = None, lang: str | None = None) -> MeetingView:
    return _Builder(m, templates, lang or m.meeting.language).meeting_view()


class _Builder:
    def __init__(self, m: Meeting, templates: Path | None, lang: str) -> None:
        from briefgen.assets import DEFAULT_TEMPLATES

        self.m = m
        self.lang = lang
        self.L = load_labels(lang, templates)
        folder = templates / "profiles" if templates and (templates / "profiles").is_dir() \
            else DEFAULT_TEMPLATES / "profiles"
        self.profile = choose_profile(folder, m.meeting.regime.value, m.meeting.date,
                                      m.meeting.profile)
        self.units = {u.id: u for u in m.units}
        self.people = {p.id: p for p in m.people}
        self.person_views = {p.id: self.person(p) for p in m.people}

    # -- small pieces ------------------------------------------------------------------------
    def date(self, d: dt.date | None) -> str:
        return vi.date_words(d, self.m.meeting.date.year, self.lang)

    def unit_names(self, ids: list[str]) -> str:
        names = [self.units[i].name for i in ids]
        if len(names) <= 1:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self.L['and']} {names[-1]}"

    def person(self, p: Person) -> PersonView:
        titles = ", ".join(p.titles)
        full = f"{self.L['comrade']} {p.name}" + (f", {titles}" if titles else "") if p.name else p.role or ""
        return PersonView(id=p.id, name=p.name or p.role or "", named=p.name is not None,
                          titles=titles, full=full,
                          unit=self.units[p.unit].name if p.unit else None, phone=p.phone)

    def session_name(self) -> str:
        mi = self.m.meeting
        parts = [mi.kind]
        if mi.mode is not Mode.in_person:
            parts.append(self.L["mode"][mi.mode.value])
        if mi.with_whom:
            parts.append(mi.with_whom)
        return " ".join(parts)

    def when(self, d: dt.date, part: Any, start: dt.time | None = None) -> str:
        words = self.date(d)
        if start:
            return f"{start:%H} giờ {start:%M}, {words}" if self.lang == "vi" \
                else f"{start:%H:%M}, {words}"
        if part:
            return f"{self.L['day_part'][part.value]} {words}"
        return words

    # -- sections ----------------------------------------------------------------------------
    def points(self) -> list[PointView]:
        pv = self.person_views
        return [PointView(
            id=p.id, name=p.name, host=self.units[p.host].name, address=p.address,
            central=p.central, attendees=[pv[a] for a in p.attendees],
            technical_contact=pv.get(p.technical_contact or ""),
            content_contact=pv.get(p.content_contact or ""),
            unit_ids=frozenset([p.host, *p.units]),
        ) for p in self.m.points]

    def statement(self, s: Statement) -> StatementView:
        speaker = self.person_views[s.speaker]
        return StatementView(speaker=speaker,
                             intro=self.L["statement_by"].format(name=speaker.name),
                             points=list(s.points), quotes=list(s.quotes))

    def task(self, i: int, t: Task) -> TaskView:
        return TaskView(
            no=f"{i:02d}", id=t.id,
            title=t.title or self.L["task_untitled"].format(id=t.id),
            owners=self.unit_names(t.owners), status=self.L["status"][t.status.value],
            status_key=t.status.value,
            deadline=vi.date_short(t.deadline) if t.deadline else "",
            report_now=t.report_now, notes=t.notes or "")

    def register(self, tasks: list[Task]) -> RegisterView:
        L = self.L
        progress = [t for t in tasks if t.status in PROGRESS]
        by_owner = Counter(tuple(t.owners) for t in progress)
        first_seen = {owners: i for i, owners in reversed(list(enumerate(
            tuple(t.owners) for t in progress)))}
        rows = [CountRow(self.unit_names(list(owners)), n) for owners, n in sorted(
            by_owner.items(), key=lambda kv: (-kv[1], first_seen[kv[0]]))]
        breakdown = "; ".join(L["breakdown_item"].format(count=r.count, owners=r.label)
                              for r in rows)
        total, report_now = len(tasks), sum(t.report_now for t in tasks)
        statuses = Counter(t.status for t in tasks)
        return RegisterView(
            total=total, progress=len(progress), report_now=report_now,
            progress_text=L["progress_line"].format(
                done=len(progress), total=total, label=L["progress_statuses_label"],
                breakdown=breakdown),
            summary_text=L["register_line"].format(total=total, report_now=report_now),
            by_owner=rows,
            by_status=[CountRow(L["status"][s.value], statuses[s]) for s in TaskStatus
                       if statuses[s]],
            tasks=[self.task(i, t) for i, t in enumerate(tasks, 1)],
        )

    def agenda(self) -> list[GroupView]:
        m, pv = self.m, self.person_views
        groups = []
        for no, g in enumerate(m.agenda, 1):
            task_ids = list(dict.fromkeys([*g.tasks, *(t.id for t in m.tasks if t.group == g.id)]))
            index = {t.id: i for i, t in enumerate(m.tasks, 1)}
            tasks = {t.id: t for t in m.tasks}
            recs = [RecommendationView(
                intro=self.L["recommendations_by"].format(name=pv[r.by].name, to=r.to),
                topic=r.topic, count_text=self.L["recommendation_count"].format(count=len(r.items)),
                items=list(r.items)) for r in m.recommendations if r.group == g.id]
            groups.append(GroupView(
                no=no, id=g.id, title=g.title, lead_units=self.unit_names(g.lead_units),
                statements=[self.statement(s) for s in m.statements
                            if s.group == g.id and not s.opening],
                recommendations=recs,
                tasks=[self.task(index[t], tasks[t]) for t in task_ids]))
        return groups

    def conclusion(self, no: int, c: ConclusionItem, register: RegisterView) -> ConclusionView:
        cited = []
        if "agenda" in c.cites:
            cited.append(self.L["agenda_cite"].format(
                count=len(self.m.agenda), titles="; ".join(g.title for g in self.m.agenda)))
        if "register_progress" in c.cites:
            cited.append(register.progress_text)
        deadline = self.L["deadline_before"].format(date=self.date(c.deadline)) \
            if c.deadline else ""
        return ConclusionView(no=no, cited=cited, text=c.text, quote=c.quote,
                              lead=self.unit_names(c.lead), support=self.unit_names(c.support),
                              deadline=deadline, assigns=bool(c.lead or c.deadline))

    def other_session(self, key: str, s: OtherSession | None) -> str | None:
        if s is None:
            return None
        if key == "previous":
            return self.L["previous_line"].format(
                title=s.title, date=self.date(s.date), decisions=" ".join(s.decisions))
        chair = self.person_views[s.chair].full if s.chair else ""
        part = self.L["day_part"][s.day_part.value] if s.day_part else ""
        return vi.sentence_case(self.L["next_line"].format(
            day_part=part, date=self.date(s.date), chair=chair, title=s.title).strip())

    def meeting_view(self) -> MeetingView:
        m, mi, L = self.m, self.m.meeting, self.L
        body = self.units[mi.body]
        points = self.points()
        central = next((p for p in points if p.central), None)
        others = [p for p in points if not p.central]
        where = L["mode"][mi.mode.value]
        if central and others:
            where = L["online_from"].format(
                mode=where, central=central.name, count=len(others),
                others="; ".join(p.name for p in others))
        register = self.register(list(m.tasks))
        conclusions = [self.conclusion(i, c, register)
                       for i, c in enumerate(m.conclusions.items if m.conclusions else [], 1)]
        end_date = self.date(mi.date)
        end_text = L["end_line"].format(time=f"{mi.end:%H} giờ {mi.end:%M}", date=end_date) \
            if mi.end else L["end_unknown"].format(date=end_date)
        return MeetingView(
            id=mi.id, lang=self.lang, regime=mi.regime.value, profile=self.profile, L=L,
            body=body.name, body_short=body.short or body.name, session=self.session_name(),
            when=self.when(mi.date, mi.day_part, mi.start), place=mi.place,
            mode=L["mode"][mi.mode.value], where=where,
            chairs=[self.person_views[c] for c in mi.chairs],
            secretary=self.person_views[mi.secretary] if mi.secretary else None,
            points=points, central=central,
            opening=[self.statement(s) for s in m.statements if s.opening],
            previous_text=self.other_session("previous", m.previous),
            next_text=self.other_session("next", m.next),
            agenda_line=L["agenda_line"].format(count=len(m.agenda)),
            agenda=self.agenda(), register=register,
            concluded_by=self.person_views[m.conclusions.by] if m.conclusions else None,
            conclusions=conclusions, assigned=[c for c in conclusions if c.assigns],
            end_text=end_text, read_back=L["read_back"],
        )

    # -- documents ---------------------------------------------------------------------------
    def header(self, kind: str, info: DocumentInfo, dated: bool = True) -> HeaderView:
        mi, p = self.m.meeting, self.profile
        body = self.units[mi.body]
        parent = self.units[body.parent] if body.parent else None
        number = p.header.number.pattern.format(
            number=vi.two_digits(info.number), abbr=self.L["doc_abbr"][kind],
            symbol=body.symbol or "")
        place_date = f"{mi.place}, {self.date(info.date)}" if dated else None
        return HeaderView(
            national=[{"text": line.text if not line.caps else vi.upper(line.text),
                       "pt": line.pt, "bold": line.bold, "rule": line.rule}
                      for line in p.header.national],
            parent=vi.upper(parent.header_name or parent.name) if parent else None,
            body=vi.upper(body.header_name or body.name), number=number, place_date=place_date)

    def recipients(self, info: DocumentInfo) -> list[str]:
        rp = self.profile.recipients
        lines = [f"- {r}{rp.separator}" for r in info.recipients]
        archive = info.archive or self.units[self.m.meeting.body].short or ""
        lines.append("- " + rp.archive.format(archive=archive))
        return lines

    def signature(self, authority: str | None, position: str, person_id: str | None
                  ) -> SignatureView:
        person = self.person_views.get(person_id or "")
        name = person.name if person and person.named else self.L["blank_signature_name"]
        return SignatureView(authority=authority, position=vi.upper(position), name=name)


def doc_view(mv: MeetingView, m: Meeting, kind: str, templates: Path | None = None) -> DocView:
    """The view of one whole-meeting document (minutes or notice)."""
    b = _Builder(m, templates, mv.lang)
    L, p = mv.L, mv.profile
    info: DocumentInfo = getattr(m.documents, kind)
    if kind == "minutes":
        labels = p.signatures["minutes"]
        chair = m.meeting.chairs[0]
        signatures = [b.signature(None, labels.left, m.meeting.secretary),
                      b.signature(None, labels.right, chair)]
        subject = vi.sentence_case(L["minutes_subject"].format(session=mv.session))
        dated = mv.regime == "party"  # state Mẫu 1.9: no date line in the header
    else:
        signer = info.signer
        if signer:
            authority = None
            if signer.authority:
                authority = f"{p.authority[signer.authority.value]} " \
                            f"{vi.upper(signer.on_behalf_of or mv.body_short)}"
            signatures = [b.signature(authority, signer.position, signer.person)]
        else:
            signatures = [b.signature(None, "", None)]
        chair = mv.concluded_by.full if mv.concluded_by else ""
        subject = L["notice_subject"].format(chair=chair, session=mv.session)
        dated = True
    return DocView(
        kind=kind, lang=mv.lang, regime=mv.regime, title=L["doc_type"][kind],
        subject=subject, header=b.header(kind, info, dated), signatures=signatures,
        recipients=b.recipients(info), recipients_label=p.recipients.label,
        end_mark=p.end_mark, file_stem=safe_stem(f"{m.meeting.id}-{kind}"),
        extra=notice_extra(mv) if kind == "notice" else {},
    )


def notice_extra(mv: MeetingView) -> dict[str, object]:
    """The notice's opening paragraphs, built from the session facts."""
    L = mv.L
    others = [p for p in mv.points if not p.central]
    mode_phrase = L["notice_mode_phrase"].format(
        mode=mv.mode, central=mv.central.name if mv.central else "", count=len(others)
    ) if others else mv.mode
    chairs = "; ".join(c.full.removeprefix(L["comrade"] + " ") for c in mv.chairs)
    opening = L["notice_opening"].format(when=mv.when, body=mv.body, session=mv.session,
                                         mode_phrase=mode_phrase, chairs=chairs)
    attending = [L["notice_attending"].format(point=p.name,
                                              people="; ".join(a.full for a in p.attendees))
                 for p in mv.points if p.attendees]
    return {
        "opening": vi.sentence_case(opening),
        "attending": attending,
        "context": [t for t in (mv.previous_text, mv.next_text) if t],
        "close": L["notice_close"].format(chair=mv.concluded_by.full if mv.concluded_by else ""),
        "end": L["notice_end"].format(office=mv.body_short),
    }


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(text: str) -> str:
    """An ASCII file stem that cannot leave its folder, whatever the input says."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("-", ascii_text).strip(".-_")[:100]
    return stem or "document"
