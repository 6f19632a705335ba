"""Format profiles: one regime's layout numbers and wording, kept as data in templates/profiles.

A revised guideline is a new profile file, not a code change. The profile for a meeting is the
one it names, else the newest profile of its regime already in force on the meeting's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    computed_field,
    model_validator,
)

from briefgen.errors import InputError, Problem
from briefgen.load.source import read_yaml
from briefgen.model.meeting import TaskStatus
from briefgen.model.problems import schema_problems


class _P(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageMargins(_P):
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float


class BodyText(_P):
    pt: float
    line_pt: float
    indent_cm: float
    space_after_pt: float


class PageNumber(_P):
    pt: float
    from_top_mm: float


class NationalLine(_P):
    text: str
    pt: float
    bold: bool
    rule: Literal["none", "text"]
    caps: bool = True


class TextStyle(_P):
    pt: float
    bold: bool = False


class BodyHeader(TextStyle):
    mark: Literal["star", "line"]


class NumberStyle(_P):
    pattern: str
    pt: float


class LetterStyle(_P):
    """A công văn (official letter): no type name; its subject, "V/v …", sits under the number
    in the left column, and "Kính gửi:" names the recipient above the text."""

    number: str  # state "Số: {number}/{symbol}" (no type in the symbol); party "Số {number}-CV/{symbol}"
    subject_pt: float  # the "V/v …" line
    to_label: str = "Kính gửi:"
    to_pt: float = 14


class Header(_P):
    left_share: float = 0.46  # share of the header table for the issuing body's column

    @computed_field  # type: ignore[prop-decorator]
    @property
    def left_pct(self) -> float:
        """The same share as a CSS percentage."""
        return round(self.left_share * 100, 1)

    outdent_mm: float = 0.0  # how far the header table reaches into the left margin
    # The longest phrase of a name in capitals the header keeps on one line, in characters
    # (about what a header column holds at 13-14 pt): where the clerk gives no lines
    # (units' header_lines), a longer phrase is split where its halves are most even.
    phrase_chars: int = Field(gt=0, description="Longest phrase of a header name kept on "
                              "one line, in characters.")
    # The smallest size a header line is set in to keep it whole in its column: a name on
    # the lines the clerk gave, the place-and-date line ("…, ngày … tháng … năm …").
    smallest_pt: float = Field(gt=0, description="Smallest size of a header line kept whole.")
    # A name the clerk gave no lines for is set on the fewest lines its phrases allow, in
    # the style's size or, where that saves a line, smaller down to this size (the form's
    # range: 12-13 pt in state forms); left out, never smaller than the style's.
    name_smallest_pt: float | None = Field(None, gt=0, description="Smallest size a header "
                                           "name is set in to take fewer lines.")
    undated: list[str] = []  # kinds whose form has no place-and-date line (state Mẫu 1.9)
    national: list[NationalLine]
    parent: TextStyle
    body: BodyHeader
    number: NumberStyle
    date: TextStyle
    letter: LetterStyle | None = None  # left out: a letter is numbered like other documents
    # The number and the place-and-date line level, on a row of their own (state Mẫu 1.4,
    # 1.7); otherwise the date follows the national lines and the number the body's mark.
    number_row: bool = False


class Subject(_P):
    pt: float
    mark: Literal["none", "line", "dashes"]


class Signer(_P):
    position_bold: bool
    pt: float
    # Signature and seal images (Nghị định 30/2020/NĐ-CP, Phụ lục I): printed at real size,
    # scaled down only past these widths; the seal covers this part of the signature.
    signature_max_mm: float = Field(70, gt=0, description="Widest signature image: the cell.")
    seal_max_mm: float = Field(45, gt=0, description="Widest seal (the largest is 42 mm).")
    seal_over: float = Field(1 / 3, gt=0, le=1, description=(
        "The part of the signature, from its left, that the seal covers."))


class Recipients(_P):
    label: str
    label_pt: float
    label_style: Literal["underline", "bold-italic"]
    pt: float
    separator: str
    archive: str


class SignatureLabels(_P):
    left: str
    right: str


class PackStyle(_P):
    """Sizes of the briefing pack, which is no official document type: house style."""

    cover_type_pt: float = 20
    cover_subject_pt: float = 15
    heading_pt: float = 15
    caption_pt: float = 13


Number = Annotated[int | float, Field(ge=0)]
"""A layout number, printed as written (8 stays "8", 11.6 stays "11.6")."""


def _whole(widths: list[int | float]) -> list[int | float]:
    if abs(sum(widths) - 100) > 0.05:
        raise ValueError(f"column widths must add up to 100 (per cent of the text width), "
                         f"not {round(sum(widths), 2)}")
    return widths


Widths = Annotated[list[Number], Field(min_length=1), AfterValidator(_whole)]
"""Column widths of a table, left to right, in per cent of the text width."""


class UnitColumns(_P):
    """The table of tasks by owner unit and status: one column per status."""

    unit: Number
    per_status: Number
    total: Number

    @computed_field  # type: ignore[prop-decorator]
    @property
    def widths(self) -> list[int | float]:
        """Every column, left to right."""
        return [self.unit, *[self.per_status] * len(TaskStatus), self.total]

    @model_validator(mode="after")
    def _adds_up(self) -> UnitColumns:
        _whole(self.widths)
        return self


class Columns(_P):
    """Column widths of the documents' tables (per cent), the same in HTML, PDF and Word."""

    tasks: Widths
    agenda: Widths
    status: Widths
    assigned: Widths
    units: UnitColumns
    # What owners reported: STT, task, owner, status (and date), progress (and contact),
    # reason for delay, proposals.
    answers: Widths = [8, 18, 13, 14, 17, 17, 13]
    # The report's register and overdue tasks: STT, id, task, owner, deadline (d/m/yyyy on one
    # line), status, report now.
    numbered: Widths = [8, 9, 26, 19, 15, 14, 9]
    # What changed since the previous session: STT, task, owner, change, detail.
    changes: Widths = [8, 36, 22, 16, 18]
    # The previous session's conclusions: STT, conclusion, its tasks and their state.
    followed: Widths = [8, 58, 34]


class Rules(_P):
    pt: Number = Field(description="Width of solid rules: under the issuer, the subject, grids.")
    issuer_pct: Number = Field(le=100, description="Rule under the issuing body, % of its column.")
    subject_pct: Number = Field(le=100, description="Rule under the subject line, % of the text width.")


class Spacing(_P):
    """Vertical space, in points."""

    title_before_pt: Number  # above the type name
    title_after_pt: Number  # under the subject line (and its mark)
    grid_after_pt: Number  # under a table
    close_before_pt: Number  # above the recipients and signatures
    recipients_after_pt: Number  # between signatures and recipients, where these come after
    signature_pt: Number  # room to sign, between the position and the name
    chart_pt: Number  # above and below the chart
    number_before_pt: Number  # above the number and symbol, in the header
    date_before_pt: Number  # above the place and date, in the header
    rule_gap_pt: Number  # between a line of text and the short rule under it
    h1_after_pt: Number  # under a pack section's heading
    h2_before_pt: Number  # above a numbered heading
    h3_before_pt: Number  # above a sub-heading
    list_after_pt: Number  # under each item of a dash list
    toc_after_pt: Number  # under each entry of the pack's contents
    cover_after_pt: Number  # under each line of the pack cover's title


class Cover(_P):
    """The briefing pack's cover page."""

    height_mm: Number  # the cover date sits at its bottom
    title_top_mm: Number


class Layout(_P):
    """Layout numbers the HTML templates and the Word-template builder both read."""

    columns: Columns
    rules: Rules
    space: Spacing
    cover: Cover
    close_left_pct: Number = Field(le=100, description="Recipients' column of the close, %.")
    chart_width_mm: Number
    cell_pad_pt: tuple[Number, Number]  # table cells: top and bottom, left and right
    table_line: Number = Field(gt=0, le=3, description=(
        "Line height of table text, a multiple of its size: CSS line-height, and Word's exact "
        "line spacing, so both lay a table's rows out alike."))


class Names(_P):
    """How documents name people."""

    # state: title first; Party: name first; first_title_first: the first title before the
    # name, the others after it ("Thủ tướng Chính phủ Phạm Minh Chính, Trưởng Ban Chỉ đạo …")
    # name_dash_titles: name first, " - " before the titles (a provincial office's house style)
    style: Literal["title_first", "name_then_titles", "first_title_first", "name_dash_titles"]


class Online(_P):
    """Custom for online sessions: when points connect for the link test."""

    participants_before_min: int
    technical_before_min: int
    # From this many connection points attended by roles only (no one named), the documents
    # count them in one clause ("trực tuyến với 63 tỉnh, thành phố …") instead of a paragraph
    # each; points where someone is named keep their paragraph.
    summarise_from: int = Field(ge=1)


PdfVariant = Literal["pdf/a-3u", "pdf/a-3b"]
"""The archival variants: PDF/A-3, which may embed the meeting file (ISO 19005-3)."""
PDF_VARIANTS: tuple[str, ...] = get_args(PdfVariant)  # what --pdf-variant offers, and 'none'


class Profile(_P):
    name: str
    regime: Literal["party", "state"]
    guideline: str
    valid_from: dt.date
    page: PageMargins
    fonts: list[str]
    body: BodyText
    page_number: PageNumber
    header: Header
    type_name_pt: float
    subject: Subject
    end_mark: str
    authority: dict[str, str]
    signer: Signer
    recipients: Recipients
    signatures: dict[str, SignatureLabels]
    online: Online
    names: Names
    # The default form of each sentence per document kind (labels' forms), e.g.
    # {notice: {opening: held}}; a meeting file picks per document (documents.<doc>.forms).
    forms: dict[str, dict[str, str]] = Field(default_factory=dict)
    table_pt: float = 13  # tables and captions: one point under the body
    pack: PackStyle = PackStyle()
    layout: Layout
    pdf_variant: PdfVariant | None = Field(None, description=(
        "Archival PDF for every document: 'pdf/a-3u' (or 'pdf/a-3b'), the meeting file and "
        "its sheets embedded as its source; briefgen render --pdf-variant overrides it."))


def load_profile(path: Path) -> Profile:
    """One profile file, validated; every problem at its line and column."""
    data, smap = read_yaml(path)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise InputError(schema_problems(exc, smap, Profile)) from None


@cache
def load_profiles(folder: Path) -> dict[str, Profile]:
    """Every profile of a folder by name; all the folder's problems at once."""
    profiles: dict[str, Profile] = {}
    problems: list[Problem] = []
    for file in sorted(folder.glob("*.yaml")):
        try:
            profile = load_profile(file)
        except InputError as exc:
            problems += exc.problems
            continue
        profiles[profile.name] = profile
    if problems:
        raise InputError(problems)
    return profiles


def unknown_profile(name: str, known: Iterable[str]) -> str:
    """What is said of a ``meeting.profile`` that names no profile of the set in use."""
    return (f"unknown profile '{name}'; known: {', '.join(sorted(known))} (a template set "
            "with its own profiles/ folder may add more)")


def choose_profile(folder: Path, regime: str, on: dt.date, name: str | None) -> Profile:
    """The named profile, else the newest of ``regime`` in force on ``on``."""
    profiles = load_profiles(folder)
    if name:
        if name not in profiles:
            raise InputError.single("meeting", unknown_profile(name, profiles),
                                    path="meeting.profile")
        return profiles[name]
    candidates = [p for p in profiles.values() if p.regime == regime and p.valid_from <= on]
    if not candidates:  # a meeting older than every guideline: take the oldest
        candidates = sorted((p for p in profiles.values() if p.regime == regime),
                            key=lambda p: p.valid_from)[:1]
    return max(candidates, key=lambda p: p.valid_from)
