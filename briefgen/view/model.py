"""Plain, ready-to-print objects that templates receive. No template computes anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PersonView:
    id: str
    name: str  # the name, or the role where the source names nobody
    named: bool  # False when ``name`` is a role
    called: str  # the form of address and the name: "đồng chí Nguyễn Duy Ngọc"; the name alone
    # where there is none (state documents, ``address_as: ''``), the role where nobody is named
    titles: str  # "Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, ..."
    full: str  # "đồng chí Nguyễn Duy Ngọc, Ủy viên Bộ Chính trị, ..." or, title first,
    # "Phó Thủ tướng Chính phủ Trần Hồng Hà" (or the role)
    short: str  # for subject lines: the short title ("Phó Thủ tướng Trần Hồng Hà"), else full
    bare: str  # full without the form of address, for lists that carry it once ("các đồng chí:")
    title: str  # what groups people in a list: the short title, else every title
    style: str  # title_first | name_then_titles
    unit: str | None
    unit_id: str | None
    phone: str | None
    item: str  # ``full`` as a line of a list opens with it: with a capital ("- Đồng chí …")


@dataclass(frozen=True)
class PointView:
    id: str
    name: str
    host: str
    address: str | None
    central: bool
    attendees: list[PersonView]
    technical_contact: PersonView | None
    content_contact: PersonView | None
    unit_ids: frozenset[str]
    attending_line: str  # "Tham dự tại <point>"
    host_kind: str | None  # the host unit's kind ("tỉnh, thành phố trực thuộc Trung ương")
    named: bool  # someone attending it is named (not a role only)
    link_test: tuple[dt.time | None, dt.time | None]  # fixed times: participants, technical


@dataclass(frozen=True)
class StatementView:
    speaker: PersonView
    intro: str  # "Đồng chí X phát biểu"
    heading: str  # "Phát biểu khai mạc của đồng chí X", for an opening speech
    points: list[str]
    quotes: list[str]


@dataclass(frozen=True)
class RecommendationView:
    by_unit: str | None
    intro: str
    topic: str | None
    count_text: str
    items: list[str]


@dataclass(frozen=True)
class TaskView:
    no: str
    id: str
    title: str
    owners: str
    owner_ids: tuple[str, ...]
    status: str
    status_key: str
    deadline: str
    report_now: bool
    notes: str


@dataclass(frozen=True)
class GroupView:
    no: int
    id: str
    title: str
    time: str
    lead_units: str
    lead_ids: frozenset[str]
    presenters: str
    background: list[str]
    questions: list[str]
    statements: list[StatementView]
    recommendations: list[RecommendationView]
    tasks: list[TaskView]


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int


@dataclass(frozen=True)
class RegisterView:
    total: int
    progress: int  # done or on the roadmap
    report_now: int
    progress_text: str  # "Hiện có 21/44 nhiệm vụ ..., gồm: ..."
    summary_text: str  # "Sổ theo dõi có 44 nhiệm vụ ...; 19/44 ..."
    by_owner: list[CountRow]  # progress breakdown, one row per owner set
    by_status: list[CountRow]
    tasks: list[TaskView]


@dataclass(frozen=True)
class ConclusionView:
    no: int
    cited: list[str]  # computed facts stated with the item
    text: str
    quote: str | None  # the speaker's own words, where the text does not already say them
    # The item as its paragraph says it, after the cited facts: its text, the quote after
    # it, or the quote alone where it says the text again (and more).
    said: str
    lead: str
    # The assigned tasks table's unit cell: the lead units opening with a capital (or the
    # blank to fill), the supporting units after them.
    lead_cell: str
    support: str
    deadline: str
    assigns: bool  # names a unit or a deadline: goes in the "tasks assigned" table


@dataclass(frozen=True)
class HeaderView:
    national: list[dict[str, object]]  # lines of the right column, with their style
    parent: str | None
    body: str
    number: str  # "Số 01-BB/BCĐTW" / "Số: 01/BB-UBND"
    place_date: str | None  # None where the form has no date line
    # The names the clerk gave the lines of (units' header_lines), line by line as printed:
    # the PDF records them for the proof, which accepts a break there.
    given_lines: list[list[str]] = field(default_factory=list)
    # Sizes smaller than the profile's that keep a given line or the date line whole in its
    # column (view.fit); None: the profile's.
    parent_pt: float | None = None
    body_pt: float | None = None
    date_pt: float | None = None


@dataclass(frozen=True)
class SignImage:
    """A signature or seal image at its real size, ready to place."""

    path: str  # absolute path of the PNG (Word embeds the file)
    src: str  # the same PNG as a data: URL (HTML and PDF read nothing from the meeting folder)
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class SignatureView:
    authority: str | None  # "T/M BAN CHỈ ĐẠO"
    position: str
    name: str
    image: SignImage | None = None  # the signer's signature, centred in the signing space
    seal: SignImage | None = None  # the body's seal, over the left third of the signature
    space_mm: float = 0  # the signing space's height: the profile's, or the images' if taller
    art_width_mm: float = 0  # the box the images share, centred in the space
    image_top_mm: float = 0  # the signature's place in that box, centred in height
    seal_left_mm: float = 0  # the seal's place in that box (its left may be negative)
    seal_top_mm: float = 0
    # The seal's top below the signature's (Word anchors it to the signature's paragraph).
    seal_below_image_mm: float = 0


@dataclass(frozen=True)
class ChartData:
    """The status-by-unit chart of a document: drawn by render.chart, the same for every format."""

    units: Sequence[str]  # unit labels, top to bottom
    statuses: Sequence[str]  # status labels, in the order of each counts row
    counts: Sequence[Sequence[int]]  # counts[i][j]: tasks of unit i with status j
    title: str  # accessible name; also the message drawn when there are no units
    width_mm: float  # as wide as it is printed (the profile's layout.chart_width_mm)

    def __post_init__(self) -> None:
        # Tuples make the data hashable, so one drawing serves every format of a document.
        object.__setattr__(self, "units", tuple(self.units))
        object.__setattr__(self, "statuses", tuple(self.statuses))
        object.__setattr__(self, "counts", tuple(tuple(row) for row in self.counts))


@dataclass(frozen=True)
class AnnexView:
    anchor: str
    title: str
    unit: str
    path: str  # absolute path of the PDF to bind after the pack
    pages: int


@dataclass(frozen=True)
class SourceFile:
    """An input file an archival PDF embeds, to be given back by briefgen extract."""

    path: str  # absolute
    name: str  # as the meeting file names it (the meeting file: its own name)
    description: str


@dataclass(frozen=True)
class ArchiveView:
    """What an archival PDF (PDF/A-3) carries besides its pages; its title, issuing body,
    number and language are the document's own (DocView)."""

    variant: str  # "pdf/a-3u"
    date: str  # ISO 8601: the date of issue, else the session's
    sources: tuple[SourceFile, ...]


@dataclass(frozen=True)
class DocView:
    """One document, ready to render: everything any of its formats prints."""

    kind: str  # minutes | notice | ...
    lang: str
    regime: str
    title: str  # document type line: "BIÊN BẢN"
    subject: str
    header: HeaderView
    signatures: list[SignatureView]  # left to right
    recipients: list[str]  # ready lines, separators applied
    recipients_label: str
    end_mark: str
    issuer: str  # the unit issuing it (documents.<kind>.issuer, else the session's holder)
    issuer_short: str
    file_stem: str
    scope: str | None = None  # the point or unit a narrowed document is for
    extra: Any = None  # the document kind's own view: NoticeView, InvitationView, PackView ...
    chart: ChartData | None = None  # the chart the document shows (its kind is charted)
    annexes: tuple[AnnexView, ...] = field(default=())  # PDFs bound after it (its kind binds them)
    archive: ArchiveView | None = None  # set for an archival PDF (--pdf-variant, the profile)
    # Its PDF is signed as it is rendered (--sign): the signatures' appearance shows the
    # signature and seal images, so the PDF leaves them out (the other formats print them).
    signed: bool = False


@dataclass(frozen=True)
class UnitCountRow:
    """One unit's tasks by status, for the register tables and the chart."""

    unit: str
    counts: list[int]  # in TaskStatus order
    total: int


@dataclass(frozen=True)
class MinutesHeadings:
    """The minutes' headings, ready to print ("III. Nội dung phiên họp", "4.1. <group>"),
    numbered as the outline briefgen/kinds/minutes.py declares: I-III, and under III one
    per opening statement, then the discussion (its groups under it), the conclusions and
    the tasks assigned ("" when none are)."""

    time_place: str
    participants: str
    content: str
    opening: list[str]  # one per opening statement (m.opening), in order
    discussion: str
    groups: list[str]  # one per agenda group discussed (MinutesView.discussed), in order
    conclusions: str  # with who concluded, where the meeting names them
    conclusion_marks: list[str]  # one per conclusion item (m.conclusions), under it: "3.1."
    assigned: str


@dataclass(frozen=True)
class MinutesView:
    opening: str  # "<holder> tổ chức <session>."
    attending: str | None  # the clerk's own paragraph of who attended, in place of the lists
    points: list[PointView]  # the points whose attendees are listed one by one
    end: str  # when it ended, and that the minutes were read back
    headings: MinutesHeadings
    discussed: list[GroupView]  # the agenda groups with statements or recommendations
    # The sentences on the sessions after and before this one that no opening speech says
    # again, told once, under the first opening speech.
    context: list[str] = field(default_factory=list)
    # The form each sentence used and the others that fit (briefgen explain).
    forms: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NoticeView:
    opening: str
    attending: list[str]
    context: list[str]
    close: str  # '' where the form or the clerk drops it
    end: str
    # The form each sentence used and the others that fit (briefgen explain).
    forms: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LogisticsView:
    central: str
    own: str | None
    participants_test: str
    technical_test: str
    technical_contact: str
    content_contact: str


@dataclass(frozen=True)
class InvitationView:
    invites: str  # "<body> trân trọng kính mời:"
    invitees: list[str]
    attend: str
    venue: str | None  # where the session is held, when it has a venue
    chairs: list[str]
    time: str
    logistics: LogisticsView
    prepare_intro: str
    prepare: list[TaskView]
    close: str  # "Rất mong các đồng chí tham dự đúng thời gian"


@dataclass(frozen=True)
class RequestView:
    """A letter asking one owner unit to report on its open tasks (công văn đề nghị báo cáo)."""

    to: str  # "Kính gửi: <the unit>" (the profile's label for letters)
    opening: str  # why, and how many tasks
    asks_intro: str  # "Nội dung báo cáo gồm:"
    asks: list[str]  # what to report, one line each
    form: str  # how to answer: on the enclosed form, by the due date
    form_file: str  # the form's file name, on a line of its own: a long name kept whole
    #                 inside a justified sentence would stretch the line before it
    tasks: list[TaskView]  # the unit's open tasks
    close: str


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str


@dataclass(frozen=True)
class PackView:
    scope_line: str
    cover_date: str
    toc: list[TocEntry]
    logistics: LogisticsView | None
    points: list[PointView]
    groups: list[GroupView]
    register: RegisterView  # whole meeting
    own: RegisterView | None  # the point's units only
    units: list[UnitCountRow]
    status_labels: list[str]
    overdue: list[TaskView]
    report_now: list[TaskView]
    annexes: list[AnnexView]
    chart_title: str
    responses: ResponsesView | None = None  # when units have answered (briefgen collect)
    changes: ChangesView | None = None  # with previous.file: what changed since


@dataclass(frozen=True)
class AnswerRow:
    """A task as its owner reported on it."""

    no: str
    title: str
    owners: str
    status: str  # with the date done or expected: "Chậm, muộn (dự kiến hoàn thành 30/6/2025)"
    progress: str  # with the contact: "Đang hoàn thiện hồ sơ; người liên hệ: …"
    delay_reason: str
    proposals: str


@dataclass(frozen=True)
class ResponsesView:
    """Who has answered the report request, and what they said (the response log)."""

    summary: str  # "10/14 đơn vị đã gửi báo cáo; 12/19 đầu việc phải báo cáo ngay đã có báo cáo."
    unanswered_intro: str
    unanswered: list[str]  # the units that have not answered yet
    answers: list[AnswerRow]  # every task an owner reported on, with all it reported
    still_late: list[AnswerRow]  # tasks still late or at risk, with their reasons


@dataclass(frozen=True)
class ChangeRow:
    """One task that changed since the previous session."""

    no: str  # its number in this register (in the previous one for a dropped task)
    id: str
    title: str
    owners: str
    change: str  # "Đã hoàn thành", "Nhiệm vụ mới", ...
    detail: str  # "hoàn thành ngày 26/5/2025", "từ 31/5/2025 đến 30/6/2025", ...


@dataclass(frozen=True)
class FollowedConclusion:
    """A conclusion of the previous session, and the state of the tasks it created."""

    no: str
    text: str
    tasks: str  # "Nhiệm vụ 45: Đang thực hiện, đúng tiến độ", or that it created none


@dataclass(frozen=True)
class ChangesView:
    """What changed in the register since the previous session (its meeting file)."""

    summary: str  # "So với phiên họp ... ngày ...: 3 nhiệm vụ đã hoàn thành, ..."
    rows: list[ChangeRow]
    conclusions: list[FollowedConclusion]


@dataclass(frozen=True)
class ReportHeadings:
    """The report's section headings, ready to print ("1. Số nhiệm vụ theo tình trạng"):
    numbered 1, 2, … over the sections the report prints, in the order of the outline
    briefgen/kinds/report.py declares; "" for a section it leaves out."""

    by_status: str
    by_unit: str
    overdue: str
    register: str
    responses: str
    changes: str


@dataclass(frozen=True)
class ReportView:
    scope_line: str
    intro: str
    register: RegisterView  # its tasks numbered 1, 2, 3 in the report's order (no), id apart
    units: list[UnitCountRow]
    status_labels: list[str]
    overdue: list[TaskView]  # numbered as the register
    overdue_note: str  # late tasks without a deadline, which no overdue list can show
    headings: ReportHeadings
    responses: ResponsesView | None = None  # when units have answered (briefgen collect)
    changes: ChangesView | None = None  # with previous.file: what changed since
