"""The parts every document is made of: header, signatures, recipients, logistics, scopes.

Each document kind (``briefgen.kinds``) builds its view from these; a pack or invitation for a
connection point is the whole-meeting view narrowed to what concerns the point's units (its
host and the units it covers), plus its own logistics.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from briefgen.model.meeting import DocumentInfo, Task, Unit
from briefgen.model.profile import TextStyle
from briefgen.view import fit, vi
from briefgen.view.build import ViewBuilder
from briefgen.view.images import with_images
from briefgen.view.model import (
    AnnexView,
    ArchiveView,
    ChartData,
    DocView,
    HeaderView,
    LogisticsView,
    PersonView,
    PointView,
    SignatureView,
    SourceFile,
    UnitCountRow,
)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Longer than any stem ids can make (a 64-character meeting id, the kind, a 64-character point
# or unit id), so no two documents are cut to one name; short of file systems' 255.
MAX_STEM = 200


def safe_stem(text: str) -> str:
    """An ASCII file stem that cannot leave its folder, whatever the input says."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    stem = _UNSAFE.sub("-", ascii_text.encode("ascii", "ignore").decode()).strip(".-_")[:MAX_STEM]
    return stem or "document"


class Parts:
    """What the documents of one meeting share, from one ViewBuilder: the meeting view, the
    scopes documents are made for, and the parts of a document."""

    def __init__(self, builder: ViewBuilder, base_dir: Path | None = None, *,
                 pdf_variant: str | None = None, sources: tuple[SourceFile, ...] = (),
                 signed: bool = False) -> None:
        self.builder = builder
        # '' asks for a plain PDF whatever the profile says; None follows the profile.
        self.pdf_variant = builder.profile.pdf_variant if pdf_variant is None else pdf_variant
        self.sources = sources
        self.signed = signed
        self.view = builder.view
        self.labels = builder.L
        self.profile = builder.profile
        self.meeting = builder.m
        self.base_dir = base_dir or Path.cwd()
        self._annex_pages: dict[str, int] = {}

    # -- scopes ------------------------------------------------------------------------------
    def invited_points(self) -> list[PointView]:
        """The connection points invited to the session: all but the central one."""
        return [p for p in self.view.points if not p.central]

    def report_units(self) -> list[str]:
        """Units that own at least one task, in register order."""
        return list(dict.fromkeys(o for t in self.meeting.tasks for o in t.owners))

    def point(self, point_id: str) -> PointView:
        return next(p for p in self.view.points if p.id == point_id)

    def point_tasks(self, point: PointView) -> list[Task]:
        return [t for t in self.meeting.tasks if point.unit_ids.intersection(t.owners)]

    def issuer(self, info: DocumentInfo) -> Unit:
        """The unit that issues a document: its own ``issuer``, else the session's holder."""
        return self.builder.units[info.issuer or self.meeting.meeting.holder]

    def issuer_short(self, info: DocumentInfo) -> str:
        unit = self.issuer(info)
        return unit.short or unit.name

    def info(self, kind: str) -> DocumentInfo:
        """What the meeting file says of this kind's document (``documents.<kind>``)."""
        found = getattr(self.meeting.documents, kind, None)
        return found if isinstance(found, DocumentInfo) else DocumentInfo()

    def doc_type(self, kind: str, info: DocumentInfo) -> dict[str, str]:
        """The document's type: its name, its number's abbreviation and the verb sentences
        naming it use; the meeting file's ``type``, else the kind's own."""
        types = self.labels.get("types") or {}
        if info.type:
            return {k: str(v) for k, v in types[info.type].items()}
        own = types.get(kind, {})
        return {"title": self.labels["doc_type"][kind], "abbr": self.labels["doc_abbr"][kind],
                "verb": str(own.get("verb", ""))}

    # -- annexes -----------------------------------------------------------------------------
    def input_path(self, file: str) -> Path:
        return (self.base_dir / file).resolve()

    def annex_pages(self, file: str) -> int:
        """Pages of a submitted PDF (checked readable when the meeting was loaded), read once
        however many packs bind it."""
        if file not in self._annex_pages:
            from pypdf import PdfReader

            self._annex_pages[file] = len(PdfReader(self.input_path(file)).pages)
        return self._annex_pages[file]

    def annexes(self, point: PointView | None) -> list[AnnexView]:
        """The submitted PDFs a document binds: all, or those of the point's units."""
        b = self.builder
        return [AnnexView(anchor=f"annex-{a.id}", title=a.title,
                          unit=b.units[a.unit].name if a.unit else "",
                          path=str(self.input_path(a.file)), pages=self.annex_pages(a.file))
                for a in self.meeting.attachments
                if point is None or a.unit is None or a.unit in point.unit_ids]

    # -- shared parts ------------------------------------------------------------------------
    def header(self, kind: str, info: DocumentInfo, letter: bool = False) -> HeaderView:
        """The first page's header; the place-and-date line unless the profile's form for
        this kind has none. A letter (công văn) is numbered as the profile numbers letters."""
        p, units = self.profile, self.builder.units
        body = self.issuer(info)
        parent = units[body.parent] if body.parent else None
        pattern = p.header.number.pattern
        if p.header.letter and letter:
            pattern = p.header.letter.number
        number = pattern.format(number=vi.two_digits(info.number),
                                abbr=self.doc_type(kind, info)["abbr"],
                                symbol=body.symbol or self.labels["blank"])
        left, right = fit.header_columns_pt(p)
        place_date, date_pt = (None, None) if kind in p.header.undated else (
            self.place_date(info, right))
        parent_name, parent_pt = self.header_name(parent, p.header.parent, left) if parent \
            else (None, None)
        body_name, body_pt = self.header_name(body, p.header.body, left)
        return HeaderView(
            national=[{"text": vi.upper(line.text) if line.caps else line.text,
                       "pt": line.pt, "bold": line.bold, "rule": line.rule}
                      for line in p.header.national],
            parent=parent_name, body=body_name, number=number, place_date=place_date,
            given_lines=[[vi.upper(" ".join(line.split())) for line in unit.header_lines]
                         for unit in (parent, body) if unit and unit.header_lines],
            parent_pt=parent_pt, body_pt=body_pt, date_pt=date_pt)

    def place_date(self, info: DocumentInfo, column: float) -> tuple[str, float | None]:
        """The place-and-date line, "Hà Nội, ngày 22 tháng 5 năm 2025", and its size where
        the profile's is too large to hold it on one line (None: the profile's). Where even
        the smallest size cannot, it keeps the profile's size and its date whole ("ngày …
        tháng … năm …" unbreakable): the line breaks after the place's comma, never inside
        the date."""
        place = self.meeting.meeting.place or self.labels["blank"]
        date = self.builder.date(info.date, info.month)
        header = self.profile.header
        line = f"{place}, {date}"
        if fit.width_pt(line, header.smallest_pt, italic=True) > column * fit.FILL:
            return f"{place}, {date.replace(' ', vi.NBSP)}", None
        size = fit.fitting_pt([line], header.date.pt, column, header.smallest_pt, italic=True)
        return line, _smaller(size, header.date.pt)

    def header_name(self, unit: Unit, style: TextStyle, column: float
                    ) -> tuple[str, float | None]:
        """A unit's name in the header, in capitals, and its size where smaller than the
        profile's (None: the profile's). On the lines the clerk gave (``header_lines``), set
        smaller, down to the profile's ``header.smallest_pt``, until the widest fits the
        column; a line that does not fit even then may wrap between its words, never inside
        one. Else the name breaks only between its phrases (``header.phrase_chars``), on the
        fewest lines, set smaller (down to ``header.name_smallest_pt``) only where that saves
        a line, the lines even (:func:`fit.name_lines`)."""
        smallest = self.profile.header.smallest_pt
        if unit.header_lines:
            lines = [vi.upper(line) for line in unit.header_lines]
            size = fit.fitting_pt(lines, style.pt, column, smallest, bold=style.bold)
        else:
            runs = [" ".join(run) for run in vi.phrases(vi.upper(unit.header_name or unit.name),
                                                        self.profile.header.phrase_chars)]
            # A phrase wider than the column is first set smaller (as a given line is), so
            # that no phrase wraps inside; then fewer lines may take it smaller still.
            start = fit.fitting_pt(runs, style.pt, column, smallest, bold=style.bold)
            floor = min(start, self.profile.header.name_smallest_pt or style.pt)
            lines, size = fit.name_lines(runs, start, column, floor, bold=style.bold)
        whole = [fit.width_pt(line, size, bold=style.bold) <= column * fit.FILL
                 for line in lines]
        return vi.keep_lines(lines, whole), _smaller(size, style.pt)

    def closing(self, text: str) -> str:
        """A document's last sentence as it prints before the profile's end mark: its own
        full stop left to the mark where the mark opens with one ("… năm 2024./.", "… thống
        nhất.", never "…2024../.")."""
        if self.profile.end_mark.startswith(".") and text.endswith("."):
            return text[:-1]
        return text

    def recipients(self, info: DocumentInfo, extra: list[str] | None = None) -> list[str]:
        rp = self.profile.recipients
        # Each line starts as a sentence does ("- Các Phó Thủ tướng Chính phủ;").
        lines = [f"- {vi.sentence_case(r)}{rp.separator}" for r in [*(extra or []),
                                                                  *info.recipients]]
        archive = info.archive or self.issuer_short(info)
        lines.append("- " + rp.archive.format(archive=archive))
        return lines

    def signature(self, authority: str | None, position: str, person_id: str | None
                  ) -> SignatureView:
        person = self.builder.people.get(person_id or "")
        name = person.name if person and person.named else self.labels["blank"]
        longest = self.profile.header.phrase_chars
        return SignatureView(authority=authority and vi.keep_phrases(authority, longest),
                             position=vi.keep_phrases(vi.upper(position or self.labels["blank"]),
                                                      longest),
                             name=name)

    def signer(self, info: DocumentInfo) -> list[SignatureView]:
        s = info.signer
        if s is None:
            return [self.signature(None, "", None)]
        authority = None
        if s.authority:
            body = vi.upper(s.on_behalf_of or self.issuer_short(info))
            authority = f"{self.profile.authority[s.authority.value]} {body}"
        signature = self.signature(authority, s.position, s.person)
        image, seal = (self.input_path(name) if name else None
                       for name in (s.signature_image, s.seal_image))
        return [with_images(signature, image, seal, self.profile)]

    def chart(self, rows: list[UnitCountRow], statuses: list[str]) -> ChartData:
        """The status-by-unit chart of these rows."""
        return ChartData(units=[r.unit for r in rows], statuses=list(statuses),
                         counts=[list(r.counts) for r in rows], title=self.labels["chart_title"],
                         width_mm=self.profile.layout.chart_width_mm)

    def doc(self, kind: str, subject: str, info: DocumentInfo, *,
            signatures: list[SignatureView] | None = None, scope: str | None = None,
            scope_id: str | None = None, extra: object = None,
            recipients: list[str] | None = None, chart: ChartData | None = None,
            annexes: list[AnnexView] | None = None, letter: bool = False) -> DocView:
        stem = f"{self.meeting.meeting.id}-{kind}" + (f"-{scope_id}" if scope_id else "")
        return DocView(
            kind=kind, lang=self.view.lang, regime=self.view.regime,
            title=self.doc_type(kind, info)["title"],
            subject=vi.no_widow(subject), header=self.header(kind, info, letter),
            signatures=self.signer(info) if signatures is None else signatures,
            recipients=self.recipients(info) if recipients is None else recipients,
            recipients_label=self.profile.recipients.label, end_mark=self.profile.end_mark,
            issuer=self.issuer(info).name, issuer_short=self.issuer_short(info),
            file_stem=safe_stem(stem), scope=scope, extra=extra, chart=chart,
            annexes=tuple(annexes or ()), archive=self.archive(info), signed=self.signed)

    def archive(self, info: DocumentInfo) -> ArchiveView | None:
        """The archival PDF's date and embedded sources, when one is asked for."""
        if not self.pdf_variant:
            return None
        issued = info.date or self.meeting.meeting.date
        return ArchiveView(variant=self.pdf_variant, date=issued.isoformat(),
                           sources=self.sources)

    # -- before the session: how a point connects -------------------------------------------
    def logistics(self, point: PointView | None) -> LogisticsView:
        L, mi, online = self.labels, self.meeting.meeting, self.profile.online
        central = self.view.central
        fixed_participants, fixed_technical = point.link_test if point else (None, None)

        def before(minutes: int, fixed: dt.time | None) -> str:
            if fixed:
                return vi.clock(fixed, self.builder.lang)
            if mi.start:
                start = dt.datetime.combine(mi.date, mi.start) - dt.timedelta(minutes=minutes)
                return vi.clock(start.time(), self.builder.lang)
            return L["before_start"].format(minutes=minutes)

        def contact(person: PersonView | None) -> str:
            if person is None:
                return L["blank"]
            return f"{person.full} ({L['phone']}: {person.phone})" if person.phone else person.full

        point_or_central = point or central
        return LogisticsView(
            central=_place(central) if central else self.view.place,
            own=_place(point) if point else None,
            participants_test=before(online.participants_before_min, fixed_participants),
            technical_test=before(online.technical_before_min, fixed_technical),
            technical_contact=contact(point_or_central.technical_contact if point_or_central
                                      else None),
            content_contact=contact(point_or_central.content_contact if point_or_central
                                    else None))


def _place(point: PointView) -> str:
    return f"{point.name}, {point.address}" if point.address else point.name


def _smaller(size: float, profile_pt: float) -> float | None:
    """``size`` where it is smaller than the profile's, else None (the profile's)."""
    return size if size < profile_pt else None

