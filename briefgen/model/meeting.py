"""The meeting file's schema: the single source of truth, exported by ``briefgen schema``.

Every concept of the design lives here as a pydantic model. Models forbid unknown keys so a
misspelt field is an error (with a near-name hint) instead of silently ignored data.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from briefgen.load.notations import AUTHORITY_WORDS, DAY_PART_WORDS, enum_notation, status_notation
from briefgen.model.text import (
    ANSWER,
    LINES,
    Column,
    Date,
    GroupId,
    Id,
    MeetingId,
    Override,
    PersonId,
    TaskId,
    Text,
    Time,
    UnitId,
    WhoId,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Regime(StrEnum):
    party = "party"
    state = "state"


class Mode(StrEnum):
    in_person = "in_person"
    online = "online"
    hybrid = "hybrid"


class DayPart(StrEnum):
    """Part of day, for sources that say "chiều 22-5" without a clock time."""

    morning = "morning"
    afternoon = "afternoon"
    evening = "evening"


class TaskStatus(StrEnum):
    done = "done"
    on_track = "on_track"
    late = "late"
    at_risk = "at_risk"
    not_started = "not_started"


DayPartIn = Annotated[DayPart, BeforeValidator(enum_notation(DayPart, DAY_PART_WORDS))]
StatusIn = Annotated[TaskStatus, BeforeValidator(status_notation)]


class Unit(Strict):
    """A body named anywhere in the meeting."""

    id: Id
    name: Text = Field(description="Full name, as written in running text.")
    short: Text | None = Field(None, description="Short name, e.g. 'Ban Chỉ đạo'.")
    symbol: Text | None = Field(None, description="Symbol in document numbers, e.g. 'BCĐTW'.")
    seat: Text | None = Field(None, description="Place where it sits, e.g. 'Hà Nội'.")
    parent: UnitId | None = Field(None, description="Unit it belongs to (shown above it in headers).")
    header_name: Text | None = Field(
        None, description="Name for the document header when it differs from the full name."
    )
    kind: Text | None = Field(
        None, description="What kind of body it is, as counted: 'tỉnh, thành phố trực thuộc "
        "Trung ương', 'bộ, ngành'. Connection points are summed up by their hosts' kind.")
    header_lines: list[Text] | None = Field(
        None, description="The lines the header prints its name on, as the body's own documents "
        "do: ['BAN CHỈ ĐẠO TRUNG ƯƠNG VỀ PHÁT TRIỂN', 'KHOA HỌC, CÔNG NGHỆ, …']. Joined by "
        "spaces they read as header_name (or name), in any case; left out, the name breaks "
        "between its phrases (the profile's header.phrase_chars).")

    @field_validator("header_lines")
    @classmethod
    def _lines_spell_the_name(cls, lines: list[str] | None, info: ValidationInfo
                              ) -> list[str] | None:
        """The given lines, joined, must be the header name: a line break, not a new name."""
        if lines is None:
            return None
        name = info.data.get("header_name") or info.data.get("name")
        if name is None:  # the name itself is wrong: that problem is reported on its own
            return lines
        if not lines or any(not line.split() for line in lines):
            raise ValueError("give each line of the header name, none empty")
        if _caps_words(" ".join(lines)) != _caps_words(name):
            raise ValueError(f"the lines, joined, must read as the header name '{name}'; "
                             f"they read '{' '.join(' '.join(lines).split())}'")
        return lines


def _caps_words(text: str) -> list[str]:
    """A name's words in capitals (composed), to compare a name with its lines."""
    return unicodedata.normalize("NFC", text.upper()).split()


NameStyle = Literal["title_first", "name_then_titles", "first_title_first", "name_dash_titles"]


class Person(Strict):
    """Someone named, or a role where the source names nobody."""

    # Each field is a column of a people sheet (people_file): Column gives its headers.

    id: Annotated[Id, Column("mã", "mã số")]
    name: Annotated[Text | None, Column("họ và tên", "họ tên", "tên")] = Field(
        None, description="Full name; leave out when the source names nobody.")
    role: Annotated[Text | None, Column("vai trò", "thành phần")] = Field(
        None, description="Who, when no name is known: 'đại diện lãnh đạo ...'.")
    titles: Annotated[list[Text], Column("chức vụ", "chức danh", split=LINES)] = Field(
        default_factory=list, description="Titles, highest first.")
    short_title: Annotated[Text | None, Column("chức vụ ngắn", "chức danh ngắn")] = Field(
        None, description="The one title subject lines use: 'Phó Thủ tướng Chính phủ'.")
    unit: Annotated[UnitId | None, Column("đơn vị", "cơ quan")] = None
    address_as: Annotated[str | None, Column("danh xưng", "xưng hô")] = Field(
        None, description="How documents address them before the name: 'đồng chí' by default "
        "(the labels' word) in Party documents, none in state ones; '' for none.")
    name_style: Annotated[NameStyle | None, Column("cách ghi tên")] = Field(
        None, description="title_first ('Phó Thủ tướng Chính phủ Trần Hồng Hà') or "
        "name_then_titles ('đồng chí Trần Hồng Hà, Phó Thủ tướng Chính phủ') or first_title_first "
        "('Thủ tướng Chính phủ Phạm Minh Chính, Trưởng Ban Chỉ đạo …': the first title before "
        "the name, the others after it) or name_dash_titles ('đồng chí Nguyễn Tuấn Anh - Phó Bí thư "
        "Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh'); default: the profile's.")
    phone: Annotated[Text | None, Column("điện thoại", "số điện thoại")] = None

    @model_validator(mode="after")
    def _named_or_role(self) -> Person:
        if self.name is None and self.role is None:
            raise ValueError("give a name, or a role when the source names nobody")
        return self


class LinkTest(Strict):
    # In a points sheet, each field is the column link_test_<field>.
    participants: Annotated[Time | None, Column("kiểm tra đường truyền", "giờ kiểm tra đại biểu")
                            ] = Field(None, description="When attendees connect for the test.")
    technical: Annotated[Time | None, Column("kiểm tra kỹ thuật", "giờ kiểm tra kỹ thuật")] = Field(
        None, description="When technical staff connect.")


class ConnectionPoint(Strict):
    """A place joining the session (điểm cầu)."""

    # Each field is a column of a points sheet (points_file): Column gives its headers.

    id: Annotated[Id, Column("mã", "mã điểm cầu")]
    name: Annotated[Text, Column("tên điểm cầu", "điểm cầu", "tên")] = Field(
        description="e.g. 'Điểm cầu Thành phố Hà Nội'.")
    host: Annotated[UnitId, Column("đơn vị chủ trì điểm cầu", "đơn vị đầu cầu", "cơ quan")] = Field(
        description="Unit hosting the point.")
    units: Annotated[list[UnitId], Column("các đơn vị", "đơn vị liên quan")] = Field(
        default_factory=list, description="Units whose work this point covers.")
    address: Annotated[Text | None, Column("địa chỉ", "địa điểm")] = None
    central: Annotated[bool, Column("điểm cầu chính", "trung tâm")] = False
    attendees: Annotated[list[PersonId], Column("thành phần tham dự", "người tham dự", "đại biểu")
                         ] = Field(default_factory=list, description="People ids, in protocol order.")
    technical_contact: Annotated[PersonId | None, Column("liên hệ kỹ thuật", "cán bộ kỹ thuật")] = None
    content_contact: Annotated[PersonId | None, Column("liên hệ nội dung")] = None
    link_test: LinkTest = Field(default_factory=LinkTest)


class AgendaGroup(Strict):
    """One content group (nhóm nội dung) of the agenda, in meeting order."""

    id: Id
    title: Text
    time: Time | None = None
    lead_units: list[UnitId] = Field(default_factory=list)
    presenters: list[PersonId] = Field(default_factory=list)
    background: list[Text] = Field(default_factory=list)
    questions: list[Text] = Field(default_factory=list)
    tasks: list[TaskId] = Field(default_factory=list)


class Task(Strict):
    """One entry of the task register."""

    # Each field is a column of a register sheet (register_file): Column gives its headers;
    # those marked ANSWER are the ones an owner unit's answer fills in, in this order.

    id: Annotated[Id, Column("mã", "mã nhiệm vụ", "mã số")]
    title: Annotated[Text | None, Column("nội dung", "tên nhiệm vụ", "nội dung nhiệm vụ", "nhiệm vụ")
                     ] = Field(None, description="Leave out where the source gives none.")
    owners: Annotated[list[UnitId], Column("đơn vị chủ trì", "cơ quan chủ trì", "đơn vị", "owner")
                      ] = Field(min_length=1, description="Owner units; several for a shared task.")
    source: Annotated[Text | None, Column("nguồn", "nguồn giao")] = None
    deadline: Annotated[Date | None, Column("thời hạn", "hạn")] = None
    status: Annotated[StatusIn, Column("trạng thái", "tình trạng"), ANSWER]
    report_now: Annotated[bool, Column("báo cáo ngay")] = Field(
        False, description="Must be reported on at once.")
    notes: Annotated[Text | None, Column("ghi chú", "note")] = None
    group: Annotated[GroupId | None, Column("nhóm", "nhóm nội dung")] = None
    # What the owner unit reported between sessions (briefgen collect merges returned forms).
    progress: Annotated[Text | None, Column("tiến độ", "tiến độ thực hiện", "kết quả thực hiện"),
                        ANSWER] = Field(None, description="What has been done, as the owner reported.")
    finished: Annotated[Date | None, Column("ngày hoàn thành", "ngày hoàn thành hoặc dự kiến",
                                            "hoàn thành"), ANSWER] = Field(
        None, description="The date it was done or, while not done, is expected to be.")
    delay_reason: Annotated[Text | None, Column("nguyên nhân chậm", "lý do chậm", "nguyên nhân"),
                            ANSWER] = Field(None, description="Why it is late, as the owner reported.")
    proposals: Annotated[Text | None, Column("kiến nghị, đề xuất", "kiến nghị", "đề xuất", "giải pháp"),
                         ANSWER] = Field(None, description="The owner's proposals and solutions.")
    contact: Annotated[Text | None, Column("người liên hệ", "đầu mối liên hệ"), ANSWER] = Field(
        None, description="Who to contact at the owner unit about it.")
    conclusion: Annotated[int | None, Column("kết luận", "theo kết luận")] = Field(None, ge=1, description=(
        "The item of the previous session's conclusions that created it (1 for the first), "
        "set by briefgen next."))


class Statement(Strict):
    speaker: PersonId
    group: GroupId | None = None
    opening: bool = Field(False, description="Opening speech of the session.")
    points: list[Text] = Field(default_factory=list)
    quotes: list[Text] = Field(default_factory=list)


class Recommendation(Strict):
    by: PersonId
    to: Text = Field(description="To whom, e.g. 'Trung ương'.")
    group: GroupId | None = None
    topic: Text | None = None
    items: list[Text] = Field(min_length=1)


class ConclusionItem(Strict):
    text: Text
    cites: list[Literal["agenda", "register_progress"]] = Field(
        default_factory=list,
        description="Computed facts to state with the item: the agenda groups, the register's progress.",
    )
    quote: Text | None = None
    lead: list[UnitId] = Field(default_factory=list, description="Units responsible.")
    support: list[UnitId] = Field(default_factory=list, description="Supporting units.")
    deadline: Date | None = None


class Conclusions(Strict):
    by: WhoId = Field(description=(
        "Who concluded: a person, or a unit when a body concludes ('Ủy ban Thường vụ Quốc hội')."))
    heard: Text | None = Field(None, description=(
        "What was heard before concluding, as the notice says it: 'Sở Công Thương báo cáo', "
        "'báo cáo của các Bộ: Tài chính, Tư pháp'."))
    items: list[ConclusionItem] = Field(min_length=1)


class Authority(StrEnum):
    """Signing authority; written T/M or TM. by the regime's profile."""

    on_behalf = "on_behalf"  # T/M, TM.
    deputy = "deputy"  # K/T, KT.
    by_order = "by_order"  # T/L, TL.
    by_authorisation = "by_authorisation"  # TUQ.
    acting = "acting"  # Q.


class Signer(Strict):
    person: PersonId | None = Field(None, description="Who signs; leave out to leave the name blank.")
    position: Text = Field(description="Position line above the signature, e.g. 'Phó Trưởng ban'.")
    authority: Annotated[Authority, BeforeValidator(enum_notation(Authority, AUTHORITY_WORDS))] | None = None
    on_behalf_of: Text | None = Field(None, description="Body after T/M, T/L ...")
    signature_image: Text | None = Field(None, description=(
        "The signer's signature as a transparent PNG beside the meeting file, printed at its "
        "real size between the position line and the name."))
    seal_image: Text | None = Field(None, description=(
        "The issuing body's seal as a transparent PNG beside the meeting file, printed at "
        "its real size over the left third of the signature."))


class Wording(Strict):
    """The clerk's own sentences, each replacing the one briefgen writes (``briefgen explain``
    prints what it writes; leave a field out to keep it, give '' to drop the sentence)."""

    subject: Override | None = Field(None, description="The subject line (trích yếu).")
    opening: Override | None = Field(None, description="The opening paragraph: when, where, who chaired.")
    attending: Override | None = Field(None, description="Who attended, as one paragraph.")
    close: Override | None = Field(None, description="The sentence that leads to the conclusions.")
    end: Override | None = Field(None, description="The closing sentence, before the end mark.")


class DocumentInfo(Strict):
    issuer: UnitId | None = Field(None, description="Issuing unit (its header, symbol, archive); "
                              "default: the unit holding the session.")
    number: int | None = Field(None, ge=1, description="Left out: blank for the clerk to fill.")
    date: Date | None = Field(None, description="Date of issue; left out: blank to fill.")
    month: int | None = Field(None, ge=1, le=12, description=(
        "With no date yet: the month of issue, already known ('ngày      tháng 6 năm 2026')."))
    signer: Signer | None = None
    recipients: list[Text] = Field(default_factory=list)
    archive: Text | None = Field(None, description="Filing unit in the last recipient line.")
    text: Wording = Field(default_factory=Wording, description="The clerk's own sentences.")
    forms: dict[str, Id] = Field(default_factory=dict, description=(
        "The form of each sentence (subject, opening, attending, close, end) by name, from "
        "the labels' forms (docs/wording.md); default: the profile's, else the labels' first."))
    type: Id | None = Field(None, description=(
        "The document's type, from the labels' types: 'notice' (THÔNG BÁO, TB), 'conclusion' "
        "(KẾT LUẬN, KL), …; default: the kind's own."))


class RequestInfo(DocumentInfo):
    """The letter asking each owner unit to report on its open tasks (briefgen requests)."""

    due: Date | None = Field(None, description=(
        "The date the units' reports are due; `briefgen requests --due` sets it for one run."))


class Documents(Strict):
    """One entry per kind of document (briefgen.kinds, which says who signs each)."""

    minutes: DocumentInfo = Field(default_factory=DocumentInfo)
    notice: DocumentInfo = Field(default_factory=DocumentInfo)
    invitation: DocumentInfo = Field(default_factory=DocumentInfo)
    pack: DocumentInfo = Field(default_factory=DocumentInfo)
    report: DocumentInfo = Field(default_factory=DocumentInfo)
    request: RequestInfo = Field(default_factory=RequestInfo)


class Attachment(Strict):
    id: Id
    title: Text
    file: Text = Field(description="PDF path, relative to the meeting file.")
    unit: UnitId | None = None
    group: GroupId | None = None


class OtherSession(Strict):
    """A session before or after this one, as far as this meeting refers to it."""

    title: Text
    date: Date
    day_part: DayPartIn | None = None
    start: Time | None = Field(None, description="Its clock time, when known (next: only).")
    venue: Text | None = Field(None, description="Where it is held, when known (next: only).")
    chair: PersonId | None = None
    decisions: list[Text] = Field(default_factory=list)
    file: Text | None = Field(None, description="Its meeting file, to compare with.")


class Response(Strict):
    """One unit's accepted answer to a report request, as ``briefgen collect`` logs it in the
    response log beside the meeting file (``<meeting>.responses.yaml``)."""

    unit: UnitId
    meeting: Id | None = Field(None, description=(
        "The meeting whose request the form answered (its id); another than this one for "
        "answers carried over by briefgen next."))
    received: Date = Field(description="The day the form was received (merged).")
    file: Text = Field(description="The returned form's file name.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="The returned form's bytes.")
    digest: str = Field(description="The request the form answered (its hidden digest).")
    answers: dict[Id, dict[str, str]] = Field(
        default_factory=dict, description="Task id -> the fields the unit filled, as text.")


class MeetingInfo(Strict):
    id: MeetingId
    regime: Regime
    profile: Text | None = Field(None, description="Layout profile name; default by regime and date.")
    language: Literal["vi", "en"] = "vi"
    holder: UnitId = Field(validation_alias=AliasChoices("holder", "body"), description=(
        "The unit that holds the session (formerly 'body'). Each document's issuing unit is "
        "documents.<doc>.issuer, by default this one."))
    kind: Text = Field(description="What the session is, lower case: 'phiên họp chuyên đề'.")
    sequence: int | None = Field(None, ge=1, description=(
        "Its number: 'phiên họp lần thứ 14'; where it goes in the session's name is the "
        "labels' session form (documents.<doc>.forms.session)."))
    forms: dict[str, Id] = Field(default_factory=dict, description=(
        "How the body names its sessions, for every document: the labels' session forms "
        "'name' (kind_first, holder_after, of_holder) and 'sequence' (lan_thu, thu); a "
        "document may still pick its own (documents.<doc>.forms)."))
    matter: Text | None = Field(None, description=(
        "What the session was about, for 'về <matter>' sentences: 'dự thảo Nghị quyết …'."))
    venue: Text | None = Field(None, description="Where it is held: 'trụ sở Chính phủ'.")
    with_whom: Text | None = Field(
        None, description="Who the session is held with: 'với Tổ giúp việc và các cơ quan ...'."
    )
    date: Date
    day_part: DayPartIn | None = None
    start: Time | None = None
    end: Time | None = None
    place: Text | None = Field(None, description=(
        "Seat of the issuing body, for 'Hà Nội, ngày ...'; left out: the blank to fill."))
    mode: Mode | None = Field(None, description="in_person, online or hybrid; left out: unknown.")
    chairs: list[WhoId] = Field(default_factory=list, description=(
        "Who chaired, people or a unit (a body), in order; empty where the source does not say."))
    secretary: PersonId | None = None
    attendees: list[PersonId] = Field(default_factory=list, description=(
        "Who attended a session held in one place, with no connection points: people ids "
        "(roles where the source names nobody), in protocol order."))

    # A field validator rather than a model one, so the error points at `end:` in the file, not
    # at the first line of `meeting:`. `start` comes first, so it is in info.data when valid.
    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.time | None, info: ValidationInfo) -> dt.time | None:
        start = info.data.get("start")
        if start and end and end <= start:
            raise ValueError(f"end {end:%H:%M} is not after start {start:%H:%M}")
        return end


class Meeting(Strict):
    """A meeting file: everything the documents of one session are made from."""

    meeting: MeetingInfo
    units: list[Unit] = Field(min_length=1)
    people: list[Person] = Field(default_factory=list)
    points: list[ConnectionPoint] = Field(default_factory=list)
    agenda: list[AgendaGroup] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    register_file: Text | None = Field(
        None, description="Task register as CSV or XLSX, relative to the meeting file."
    )
    people_file: Text | None = Field(
        None, description="People as CSV or XLSX (instead of 'people:'), relative to the meeting file.")
    points_file: Text | None = Field(
        None, description="Connection points as CSV or XLSX (instead of 'points:').")
    statements: list[Statement] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    conclusions: Conclusions | None = None
    documents: Documents = Field(default_factory=Documents)
    attachments: list[Attachment] = Field(default_factory=list)
    previous: OtherSession | None = None
    next: OtherSession | None = None
    responses: list[Response] = Field(default_factory=list, description=(
        "Answers received from owner units: read from the response log beside the meeting "
        "file (<meeting>.responses.yaml), which briefgen collect writes."))

    # The previous session's meeting, when previous.file names it (given by with_earlier).
    _earlier: Meeting | None = PrivateAttr(None)

    @property
    def earlier(self) -> Meeting | None:
        """The previous session's meeting, read from ``previous.file`` (None without one)."""
        return self._earlier

    def with_earlier(self, earlier: Meeting) -> Meeting:
        """This meeting knowing the previous session's: a new one, made before anyone reads
        it (validation cannot give it: previous.file is read only once this one is valid);
        this one is left as it is."""
        made = self.model_copy()
        made._earlier = earlier
        return made

    def own_responses(self) -> list[Response]:
        """The answers to this meeting's own requests (briefgen requests, then collect)."""
        return [r for r in self.responses if r.meeting in (None, self.meeting.id)]

    def latest_responses(self) -> list[Response]:
        """The answers the documents report: to this meeting's requests once any came in,
        before that those carried over from the previous session (briefgen next)."""
        return self.own_responses() or list(self.responses)

    def open_tasks(self, unit: str) -> list[Task]:
        """Tasks the unit owns (alone or with others) that are not done, in register order."""
        return [t for t in self.tasks if unit in t.owners and t.status is not TaskStatus.done]

    def open_units(self) -> list[str]:
        """Units owning at least one task not done, in register order: those asked to report."""
        return list(dict.fromkeys(o for t in self.tasks if t.status is not TaskStatus.done
                                  for o in t.owners))
