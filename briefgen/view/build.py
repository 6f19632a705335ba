"""Build the view once from a validated meeting: counts, wording, dates, people, points.

Each kind of document (briefgen.kinds) makes its own view from it, with the parts of
briefgen.view.parts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from briefgen.assets import TemplateSet, read_yaml
from briefgen.model.meeting import (
    AgendaGroup,
    ConclusionItem,
    DayPart,
    Meeting,
    Mode,
    OtherSession,
    Person,
    Recommendation,
    Statement,
    Task,
)
from briefgen.model.profile import Profile, choose_profile
from briefgen.view import vi
from briefgen.view.forms import Chosen, choose
from briefgen.view.model import (
    ConclusionView,
    GroupView,
    PersonView,
    PointView,
    RecommendationView,
    RegisterView,
    StatementView,
)
from briefgen.view.register import RegisterParts


@cache
def load_labels(lang: str, templates: TemplateSet = TemplateSet()) -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(templates.find(f"labels/{lang}.yaml"))
    return vi.labelled(data, lang)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class MeetingView:
    """Everything about the session that documents print, computed once."""

    id: str
    lang: str
    regime: str
    profile: Profile
    L: dict[str, Any]
    holder: str  # the unit holding the session (each document's issuer: DocView.issuer)
    holder_short: str
    session: str  # "phiên họp chuyên đề trực tuyến với Tổ giúp việc ...", its number included
    when: str  # "chiều ngày 22 tháng 5 năm 2025"
    place: str  # the issuing body's seat, for "Hà Nội, ngày ..."
    venue: str | None  # where it is held: "trụ sở Chính phủ"
    location: str  # where it took place, as the minutes say it: the venue, else the central point
    mode: str
    where: str  # "trực tuyến từ Điểm cầu Trung ương đến 6 điểm cầu: ..."
    chairs: list[PersonView]
    secretary: PersonView | None
    points: list[PointView]
    central: PointView | None
    hosts: str  # the invited points counted by their hosts' kind
    attending: list[PointView]  # the points whose attendees are listed one by one
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
    held_by: str  # "<holder> tổ chức <session>."


class ViewBuilder(RegisterParts):
    """Derives every printed value from one meeting; documents ask it for their parts."""

    def __init__(self, m: Meeting, templates: TemplateSet = TemplateSet(),
                 lang: str | None = None) -> None:
        self.m = m
        self.templates = templates
        self.lang = lang or m.meeting.language
        self.L = load_labels(self.lang, templates)
        if m.meeting.regime.value == "state":
            self.L = overlaid(self.L, self.L.get("state_words", {}))
        nouns = self.L.get("session_nouns") or []
        self.L = vi.nouned(self.L, session_noun(nouns, m.meeting.kind),
                           session_noun(nouns, m.previous.title) if m.previous else None)
        self.profile = choose_profile(templates.folder("profiles"), m.meeting.regime.value, m.meeting.date,
                                      m.meeting.profile)
        self.units = {u.id: u for u in m.units}
        self.people = {p.id: self.person(p) for p in m.people}
        self.task_no = {t.id: i for i, t in enumerate(m.tasks, 1)}
        self.tasks_by_id = {t.id: t for t in m.tasks}

    # -- small pieces ------------------------------------------------------------------------
    def date(self, d: dt.date | None, month: int | None = None) -> str:
        return vi.date_words(d, self.m.meeting.date.year, self.lang, month)

    def person(self, p: Person) -> PersonView:
        """A person named as the profile (or their own ``name_style``) says: the title first
        for state documents, the form of address, name and titles for Party ones."""
        titles = ", ".join(p.titles)
        style = p.name_style or self.profile.names.style
        title = p.short_title or titles
        address = self.default_address() if p.address_as is None else p.address_as
        if not p.name:
            full = bare = short = p.role or ""
        elif style == "title_first":
            full = bare = f"{titles} {p.name}" if titles else p.name
            short = f"{title} {p.name}" if title else p.name
        elif style == "first_title_first":
            first, rest = (p.titles[0], ", ".join(p.titles[1:])) if p.titles else ("", "")
            full = bare = " ".join(filter(None, (first, p.name))) + (f", {rest}" if rest else "")
            short = f"{p.short_title or first} {p.name}".strip()
        else:
            joint = " - " if style == "name_dash_titles" else ", "
            bare = p.name + (f"{joint}{titles}" if titles else "")
            full = f"{address} {bare}" if address else bare
            short = (f"{address} {p.name}{joint}{p.short_title}" if address else
                     f"{p.name}{joint}{p.short_title}") if p.short_title else full
        name = p.name or p.role or ""
        called = f"{address} {name}" if address and p.name else name
        return PersonView(id=p.id, name=name, named=p.name is not None, called=called,
                          titles=titles, full=full, short=short, bare=bare,
                          title=title if p.name else "", style=style,
                          unit=self.units[p.unit].name if p.unit else None, unit_id=p.unit,
                          phone=p.phone, item=vi.sentence_case(full))

    def default_address(self) -> str:
        """The form of address before a name unless the person's ``address_as`` gives one:
        "đồng chí" in Party documents; none in state ones, which do not use the Party's."""
        return "" if self.m.meeting.regime.value == "state" else str(self.L["comrade"])

    def who(self, ref: str) -> PersonView:
        """A person, or a unit where a body chairs or concludes ("Ủy ban Thường vụ Quốc
        hội"): named by its full name, with no title and no form of address."""
        if ref in self.people:
            return self.people[ref]
        unit = self.units[ref]
        return PersonView(id=unit.id, name=unit.name, named=True, called=unit.name, titles="",
                          full=unit.name,
                          short=unit.name, bare=unit.name, title="", style="title_first",
                          unit=unit.name, unit_id=unit.id, phone=None,
                          item=vi.sentence_case(unit.name))

    def form(self, kind: str, sentence: str, picked: dict[str, str] | None,
             fields: dict[str, str]) -> Chosen:
        """One sentence of a document in the form the meeting file (``picked``), the profile
        or the labels choose."""
        default = self.profile.forms.get(kind, {}).get(sentence)
        return choose(self.L, kind, sentence, (picked or {}).get(sentence), default, fields)

    def people_list(self, people: list[PersonView], full: bool = False) -> str:
        """People in one clause: title first, neighbours sharing a title grouped ("các Phó
        Thủ tướng Chính phủ: A, B"); name first, each person in full, separated by ';'.
        ``full``: each one not grouped with the form of address ("đồng chí …"), as attendees are
        listed."""
        out: list[str] = []
        i = 0
        while i < len(people):
            p = people[i]
            j = i + 1
            if p.style in ("title_first", "first_title_first") and p.title:
                while j < len(people) and people[j].style == p.style and people[j].title == p.title:
                    j += 1
            if j - i > 1:
                out.append(self.L["group_of"].format(
                    title=p.title, names=", ".join(q.name for q in people[i:j])))
            else:
                out.append(p.full if full else p.bare)
            i = j
        return "; ".join(out)

    def mode_word(self) -> str:
        mode = self.m.meeting.mode
        return self.L["mode"][mode.value] if mode else self.L["blank"]

    def session_name(self, picked: dict[str, str] | None = None) -> str:
        """The session's name from its parts, in the order of the session form: the kind, its
        number (in the sequence form: "lần thứ 14", "thứ 38"), the holder where the body
        writes it ("phiên họp lần thứ 14 Ban Chỉ đạo …"), the mode, with whom."""
        mi = self.m.meeting
        picked = {**mi.forms, **(picked or {})}
        sequence = self.form("session", "sequence", picked, {"number": str(mi.sequence)}
                             ).text if mi.sequence else ""
        # An unknown mode is not guessed into the name; the sentences stating it print the blank.
        mode = self.L["mode"][mi.mode.value] if mi.mode and mi.mode is not Mode.in_person else ""
        fields = {"kind": mi.kind, "sequence": sequence, "holder": self.units[mi.holder].name,
                  "mode": mode, "with_whom": mi.with_whom or ""}
        return self.form("session", "name", picked, fields).text

    def location(self, central: PointView | None) -> str:
        """Where the session took place: its venue, else its central point (and address),
        else the seat."""
        if self.m.meeting.venue:
            return self.m.meeting.venue
        if central:
            return f"{central.name}, {central.address}" if central.address else central.name
        return self.m.meeting.place or self.L["blank"]

    def when(self, d: dt.date, part: DayPart | None, start: dt.time | None = None) -> str:
        words = self.date(d)
        if start:
            return vi.clock(start, self.lang) + ", " + words
        if part:
            return f"{self.L['day_part'][part.value]} {words}"
        return words

    # -- parts -------------------------------------------------------------------------------
    def points(self) -> list[PointView]:
        pv = self.people
        return [PointView(
            id=p.id, name=p.name, host=self.units[p.host].name, address=p.address,
            central=p.central, attendees=[pv[a] for a in p.attendees],
            technical_contact=pv.get(p.technical_contact or ""),
            content_contact=pv.get(p.content_contact or ""),
            unit_ids=frozenset([p.host, *p.units]),
            attending_line=self.L["attending_at"].format(point=p.name),
            link_test=(p.link_test.participants, p.link_test.technical),
            host_kind=self.units[p.host].kind,
            named=any(pv[a].named for a in p.attendees),
        ) for p in self.m.points]

    def in_one_place(self) -> list[PointView]:
        """A session held in one place, with no connection points: its attendees
        (``meeting.attendees``) as one point named by where it took place."""
        mi, pv = self.m.meeting, self.people
        if self.m.points or not mi.attendees:
            return []
        people = [pv[a] for a in mi.attendees]
        return [PointView(
            id="meeting", name=self.location(None), host=self.units[mi.holder].name,
            address=None, central=True, attendees=people, technical_contact=None,
            content_contact=None, unit_ids=frozenset([mi.holder]),
            attending_line=self.L["attending_plain"], link_test=(None, None),
            host_kind=self.units[mi.holder].kind, named=any(p.named for p in people))]

    def summarised(self, points: list[PointView]) -> bool:
        """Whether the role-only points are many enough to be counted in one clause."""
        return sum(not p.named for p in points) >= self.profile.online.summarise_from

    def hosts(self, points: list[PointView]) -> str:
        """The points counted by their hosts' kind: "63 tỉnh, thành phố trực thuộc Trung
        ương", "5 bộ, ngành và 2 tỉnh"; hosts of no stated kind as the labels word them."""
        counts: dict[str | None, int] = {}
        for p in points:
            counts[p.host_kind] = counts.get(p.host_kind, 0) + 1
        if None in counts:
            return self.L["hosts_unknown"]
        groups = [self.L["hosts_group"].format(count=n, kind=k) for k, n in counts.items()]
        return vi.joined(groups, self.L["and"])

    @staticmethod
    def naming(person: PersonView) -> dict[str, str]:
        """The fields a label names a speaker with: ``name``; ``called``, with the form of
        address ("đồng chí X", or "X" where there is none); ``Called`` opening a sentence."""
        return {"name": person.name, "called": person.called,
                "Called": vi.sentence_case(person.called)}

    def statement(self, s: Statement) -> StatementView:
        speaker = self.people[s.speaker]
        return StatementView(speaker=speaker,
                             intro=self.L["statement_by"].format(**self.naming(speaker)),
                             heading=self.L["opening_label"].format(**self.naming(speaker)),
                             points=list(s.points), quotes=list(s.quotes))

    def recommendation(self, r: Recommendation) -> RecommendationView:
        speaker = self.people[r.by]
        return RecommendationView(
            by_unit=speaker.unit_id,
            intro=self.L["recommendations_by"].format(**self.naming(speaker), to=r.to),
            topic=r.topic, count_text=self.L["recommendation_count"].format(count=len(r.items)),
            items=list(r.items))

    def group(self, no: int, g: AgendaGroup, tasks: list[Task] | None = None) -> GroupView:
        """An agenda group; with ``tasks``, its tasks narrowed to those."""
        m = self.m
        ids = dict.fromkeys([*g.tasks, *(t.id for t in m.tasks if t.group == g.id)])
        chosen = [self.tasks_by_id[i] for i in ids]
        if tasks is not None:
            allowed = {t.id for t in tasks}
            chosen = [t for t in chosen if t.id in allowed]
        return GroupView(
            no=no, id=g.id, title=g.title,
            time=vi.clock(g.time, self.lang) if g.time else self.L["blank"],
            lead_units=self.unit_names(g.lead_units), lead_ids=frozenset(g.lead_units),
            presenters="; ".join(self.people[p].full for p in g.presenters) or self.L["blank"],
            background=list(g.background), questions=list(g.questions),
            statements=[self.statement(s) for s in m.statements
                        if s.group == g.id and not s.opening],
            recommendations=[self.recommendation(r) for r in m.recommendations
                             if r.group == g.id],
            tasks=self.tasks(chosen))

    def conclusion(self, no: int, c: ConclusionItem, register: RegisterView) -> ConclusionView:
        cited = []
        if "agenda" in c.cites:
            cited.append(self.L["agenda_cite"].format(
                count=len(self.m.agenda), titles="; ".join(g.title for g in self.m.agenda)))
        if "register_progress" in c.cites:
            cited.append(register.progress_text)
        deadline = self.L["deadline_before"].format(date=self.date(c.deadline)) \
            if c.deadline else ""
        # Each cited sentence printed before the conclusion's own ends as a sentence; of a
        # quote and a text that say the same, one prints (validate warns: view/checks.py).
        kept = vi.kept_of(c.text, c.quote)
        said = {"text": c.text, "quote": f"“{c.quote}”.", "both": f"{c.text} “{c.quote}”."}[kept]
        return ConclusionView(no=no, cited=[vi.ended(t) for t in cited], text=c.text,
                              quote=None if kept == "text" else c.quote, said=said,
                              lead=self.unit_names(c.lead), support=self.unit_names(c.support),
                              lead_cell=self.lead_cell(c),
                              deadline=deadline, assigns=bool(c.lead or c.deadline))

    def lead_cell(self, c: ConclusionItem) -> str:
        """Who a conclusion assigns, as the table of assigned tasks prints it."""
        lead = self.unit_cell(c.lead) if c.lead else self.L["blank"]
        return f"{lead}; {self.L['support_label']}: {self.unit_names(c.support)}" \
            if c.support else lead

    def previous_text(self, s: OtherSession | None) -> str | None:
        if s is None:
            return None
        return self.L["previous_line"].format(
            title=s.title, date=self.date(s.date), decisions=" ".join(s.decisions))

    def next_text(self, s: OtherSession | None) -> str | None:
        if s is None:
            return None
        chair = self.people[s.chair].full if s.chair else ""
        part = self.L["day_part"][s.day_part.value] if s.day_part else ""
        return vi.sentence_case(self.L["next_line"].format(
            day_part=part, date=self.date(s.date), chair=chair, title=s.title).strip())

    @cached_property
    def view(self) -> MeetingView:
        m, mi, L = self.m, self.m.meeting, self.L
        holder = self.units[mi.holder]
        points = self.points()
        central = next((p for p in points if p.central), None)
        others = [p for p in points if not p.central]
        where = self.mode_word()
        summarised = self.summarised(others)
        if central and others:
            where = L["online_summary" if summarised else "online_from"].format(
                mode=where, central=central.name, count=len(others),
                others="; ".join(p.name for p in others), hosts=self.hosts(others))
        register = self.register(list(m.tasks))
        conclusions = [self.conclusion(i, c, register)
                       for i, c in enumerate(m.conclusions.items if m.conclusions else [], 1)]
        end_date = self.date(mi.date)
        end_text = L["end_line"].format(time=vi.clock(mi.end, self.lang), date=end_date) \
            if mi.end else L["end_unknown"].format(date=end_date)
        return MeetingView(
            id=mi.id, lang=self.lang, regime=mi.regime.value, profile=self.profile, L=L,
            holder=holder.name, holder_short=holder.short or holder.name,
            session=self.session_name(), when=self.when(mi.date, mi.day_part, mi.start),
            place=mi.place or L["blank"], venue=mi.venue, location=self.location(central),
            mode=self.mode_word(), where=where,
            chairs=[self.who(c) for c in mi.chairs],
            secretary=self.people[mi.secretary] if mi.secretary else None,
            points=points, central=central, hosts=self.hosts(others),
            attending=[p for p in points if p.attendees and not (summarised and not p.named)]
            + self.in_one_place(),
            opening=[self.statement(s) for s in m.statements if s.opening],
            previous_text=self.previous_text(m.previous),
            next_text=self.next_text(m.next),
            agenda_line=L["agenda_line"].format(count=len(m.agenda)) if m.agenda else "",
            agenda=[self.group(i, g) for i, g in enumerate(m.agenda, 1)], register=register,
            concluded_by=self.who(m.conclusions.by) if m.conclusions else None,
            conclusions=conclusions, assigned=[c for c in conclusions if c.assigns],
            end_text=end_text, read_back=L["read_back"],
            held_by=L["held_by"].format(body=holder.name, session=self.session_name()),
        )


def overlaid(labels: dict[str, Any], words: dict[str, Any]) -> dict[str, Any]:
    """``labels`` with ``words`` laid over them, mapping by mapping (a form of a sentence
    replaced, its other forms kept)."""
    out = dict(labels)
    for key, value in words.items():
        out[key] = (overlaid(out[key], value) if isinstance(value, dict)
                    and isinstance(out.get(key), dict) else value)
    return out


def session_noun(nouns: list[str], kind: str | None) -> str | None:
    """What the documents call the session: the longest of ``nouns`` the meeting's ``kind``
    begins with, else the first (None where the labels list none)."""
    said = " ".join((kind or "").casefold().split())
    return max((n for n in nouns if said == n.casefold() or said.startswith(f"{n.casefold()} ")),
               key=len, default=nouns[0] if nouns else None)

