"""Build the Word templates that the DOCX renderer fills: templates/docx/<regime>/<doc>.docx.

The templates carry docxtpl (Jinja) tags and the same content, in the same order, as the HTML
templates (templates/html/<doc>.html, their includes and base.html). Layout numbers (margins,
sizes, spacing) come from one format profile per regime, so they stay data:

    .venv/bin/python tools/build_docx_templates.py          # (re)write the templates
    .venv/bin/python tools/build_docx_templates.py --check  # exit 1 if any is out of date

Rules kept while building, so docxtpl can always read the tags:
- every Jinja tag sits inside one run (runs are built here, never typed in Word);
- ``{%p ... %}`` tags stand alone in their paragraph, ``{%tr ... %}`` alone in their row;
- the output is byte-stable: fixed core properties and fixed zip timestamps.

Where Word differs from the HTML: the pack's table of contents is a Word TOC field over the
"Heading 1" paragraphs, which Word fills in when the file is opened (settings: updateFields);
the annexes are listed, not bound; the chart is the PNG the renderer passes as ``chart_image``.

Sizes and emphasis are fixed when the template is built (from the profile named in BUILD_FROM);
choices a later profile of the same regime may change (the mark under the issuing body, the
mark under the subject) stay conditions on ``p`` at render time, as in the HTML.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from briefgen import kinds
from briefgen.model.meeting import TaskStatus
from briefgen.model.profile import Profile, load_profile
from briefgen.render.docx import normalise_zip

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
BUILD_FROM = {"party": "party-hd36", "state": "state-nd30"}  # regime -> profile file stem
LANG = "vi-VN"
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

# Layout numbers (column widths, rules, spacing, the chart's width) come from the profile's
# `layout`, which the HTML templates read too, so both formats look alike. The header table:
# the left column takes `header.left_share` of the text width; the state Quốc hiệu, 13 pt
# bold, is 96 mm long and must stay on one line, and a 13 pt parent body such as "BAN CHẤP
# HÀNH TRUNG ƯƠNG" needs 69 mm: 165 mm cannot hold both, so the state table reaches
# `header.outdent_mm` into the 30 mm left margin, as printed forms do.


# -- low-level XML helpers ---------------------------------------------------------------------
_W = qn("w:x")[:-1]  # "{namespace}" of the w: prefix
# Child order the OOXML schema requires (Word rejects a file that breaks it; LibreOffice does
# not care), for the parents this script adds children to; the subsets are enough.
_ORDER = {
    "w:rPr": ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
              "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
              "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout"),
    "w:pPr": ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
              "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
              "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid "
              "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
              "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"),
    "w:tblPr": ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
                "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"),
    "w:trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader",
    "w:settings": ("writeProtection view zoom removePersonalInformation proofState "
                   "attachedTemplate documentProtection defaultTabStop characterSpacingControl "
                   "savePreviewPicture updateFields hdrShapeDefaults footnotePr endnotePr compat "
                   "docVars rsids"),
}


def _set(el: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    """The child ``tag`` of ``el`` (created in schema order if missing) with ``attrs`` set."""
    child = el.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = [qn(f"w:{name}") for name in _ORDER.get(el.tag.replace(_W, "w:"), "").split()]
        later = order[order.index(qn(tag)) + 1:] if qn(tag) in order else []
        successor = next((c for c in el if c.tag in later), None)
        if successor is not None:
            successor.addprevious(child)
        else:
            el.append(child)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    return child


def _set_fonts(rpr: BaseOxmlElement, font: str) -> None:
    """``font`` for every script, and no theme font that would override it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), font)


def _twips(length: Length) -> str:
    return str(round(length.twips))


def _border(parent: BaseOxmlElement, side: str, pt: float | None) -> None:
    """A solid border ``pt`` wide (Word counts eighths of a point), or none for None."""
    if pt is not None:
        _set(parent, f"w:{side}", val="single", sz=str(round(pt * 8)), space="0", color="000000")
    else:
        _set(parent, f"w:{side}", val="nil")


# -- the profile ------------------------------------------------------------------------------
def profile_named(stem: str) -> Profile:
    """A default profile, validated as rendering validates it (errors at their line)."""
    return load_profile(TEMPLATES / "profiles" / f"{stem}.yaml")


# -- writing paragraphs -----------------------------------------------------------------------
@dataclass(frozen=True)
class R:
    """One run: its text (whole Jinja tags only) and its direct formatting."""

    text: str
    pt: float | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False


class Flow:
    """Appends paragraphs to the document body or to a table cell, in order."""

    def __init__(self, container: DocxDocument | _Cell) -> None:
        self.container = container
        # A new cell already holds one empty paragraph: the first write fills it.
        self.fresh: Paragraph | None = container.paragraphs[0] if isinstance(container, _Cell) else None

    def par(self, style: str, *runs: R | str, before: float | None = None,
            after: float | None = None, keep_next: bool = False) -> Paragraph:
        if self.fresh is not None:
            paragraph, self.fresh = self.fresh, None
            paragraph.style = style
        else:
            paragraph = self.container.add_paragraph(style=style)
        fmt = paragraph.paragraph_format
        if before is not None:
            fmt.space_before = Pt(before)
        if after is not None:
            fmt.space_after = Pt(after)
        if keep_next:
            fmt.keep_with_next = True
        for item in runs:
            r = R(item) if isinstance(item, str) else item
            run = paragraph.add_run(r.text)
            if r.pt is not None:
                run.font.size = Pt(r.pt)
                _set(run._r.get_or_add_rPr(), "w:szCs", val=str(round(r.pt * 2)))
            run.bold = r.bold or None
            run.italic = r.italic or None
            run.underline = r.underline or None
        return paragraph

    def tag(self, statement: str) -> None:
        """A paragraph that docxtpl replaces by the Jinja statement ``{% statement %}``."""
        self.par("Normal", "{%p " + statement + " %}")

    def rule(self, indent: Length, after: float, pt: float, gap: float) -> None:
        """A short centred solid line ``pt`` wide, ``gap`` under the text above it: an empty,
        very low paragraph with a top border."""
        paragraph = self.par("BG Rule", before=gap, after=after)
        paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.right_indent = indent
        ppr = paragraph._p.get_or_add_pPr()
        _border(_set(ppr, "w:pBdr"), "top", pt)
        _set(_set(ppr, "w:rPr"), "w:sz", val="2")  # the empty line's own height: 1 pt


# -- tables -----------------------------------------------------------------------------------
def make_table(doc: DocxDocument, widths: Iterable[Length], *, grid: float | None, rows: int = 1,
               cell_margin_pt: tuple[float, float] = (0, 0)) -> Table:
    """A fixed-layout table whose grid and cells carry explicit widths (LibreOffice reads the
    grid, Word the cells), ruled ``grid`` points wide, or borderless for None."""
    widths = list(widths)
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid" if grid is not None else "Normal Table"]
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblW", w=_twips(Length(sum(widths))), type="dxa")
    _set(tbl_pr, "w:tblLayout", type="fixed")
    borders = _set(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _border(borders, side, grid)
    vertical, horizontal = cell_margin_pt
    margins = _set(tbl_pr, "w:tblCellMar")
    for side, value in (("top", vertical), ("left", horizontal), ("bottom", vertical),
                        ("right", horizontal)):
        _set(margins, f"w:{side}", w=_twips(Pt(value)), type="dxa")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


def row_flag(table: Table, row: int, tag: str) -> None:
    """Set a row property such as ``w:tblHeader`` (repeat on each page) or ``w:cantSplit``."""
    tr_pr = table.rows[row]._tr.get_or_add_trPr()
    _set(tr_pr, tag)


# -- the template -----------------------------------------------------------------------------
class TemplateBuilder:
    def __init__(self, profile: Profile, kind: str) -> None:
        self.p = profile
        self.layout = profile.layout
        self.space = profile.layout.space
        self.kind = kind
        self.letter = kinds.get(kind).letter
        self.doc: DocxDocument = Document()
        pg = profile.page
        self.text_width = Mm(210 - pg.margin_left_mm - pg.margin_right_mm)

    # -- document setup ---------------------------------------------------------------------
    def setup(self) -> None:
        self._page()
        self._styles()
        self._page_numbers()
        self._properties()

    def _page(self) -> None:
        pg, section = self.p.page, self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(pg.margin_top_mm), Mm(pg.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(pg.margin_left_mm), Mm(pg.margin_right_mm)
        section.header_distance = Mm(self.p.page_number.from_top_mm)
        section.footer_distance = Mm(self.p.page_number.from_top_mm)
        section.gutter = Mm(0)

    def _styles(self) -> None:
        body, styles = self.p.body, self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        font = self.p.fonts[0]  # the profile's first face (Times New Roman); Word substitutes
        _set_fonts(rpr, font)
        _set(rpr, "w:sz", val=str(round(body.pt * 2)))
        _set(rpr, "w:szCs", val=str(round(body.pt * 2)))
        _set(rpr, "w:lang", val=LANG, eastAsia=LANG, bidi="ar-SA")
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        _set(ppr, "w:spacing", after="0", line="240", lineRule="auto")

        normal = styles["Normal"]
        _set_fonts(normal.element.get_or_add_rPr(), font)
        normal.font.size = Pt(body.pt)
        _set(normal.element.get_or_add_rPr(), "w:szCs", val=str(round(body.pt * 2)))
        _set(normal.element.get_or_add_rPr(), "w:color", val="000000")
        fmt = normal.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(body.indent_cm)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(body.space_after_pt)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(body.line_pt)
        fmt.widow_control = True

        def add(name: str, base: str = "Normal", *, align: WD_ALIGN_PARAGRAPH | None = None,
                indent: bool = True, after: float | None = None, before: float | None = None,
                single: bool = False, bold: bool = False, italic: bool = False,
                pt: float | None = None, keep_next: bool = False) -> None:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base]
            style.quick_style = True
            f = style.paragraph_format
            if align is not None:
                f.alignment = align
            if not indent:
                f.first_line_indent = Pt(0)
            if after is not None:
                f.space_after = Pt(after)
            if before is not None:
                f.space_before = Pt(before)
            if single:
                f.line_spacing_rule = WD_LINE_SPACING.SINGLE
            if keep_next:
                f.keep_with_next = True
            style.font.bold = bold or None
            style.font.italic = italic or None
            if pt is not None:
                style.font.size = Pt(pt)
                _set(style.element.get_or_add_rPr(), "w:szCs", val=str(round(pt * 2)))

        centre, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
        # Header block, title, signatures: centred, unindented, single spaced.
        add("BG Block", align=centre, indent=False, after=0, single=True)
        add("BG Title", "BG Block", bold=True, keep_next=True)
        add("BG Close", "BG Block", align=left)
        add("BG Rule", "BG Block", pt=1)
        # Body (mirrors h2, h3, p.flush, ul.dash li, blockquote of style.css).
        add("BG Heading 2", before=self.space.h2_before_pt, bold=True, keep_next=True)
        add("BG Heading 3", before=self.space.h3_before_pt, bold=True, italic=True, keep_next=True)
        add("BG Flush", indent=False, keep_next=True)
        add("BG List", after=self.space.list_after_pt)
        add("BG Quote", italic=True)
        # The tasks table (table.grid): one point smaller, single spaced.
        add("BG Table", "BG Block", align=left, pt=self.p.table_pt)
        add("BG Table Head", "BG Table", align=centre, bold=True)
        if self.kind == "pack":
            self._pack_styles(add, font)

        header = styles["Header"]
        hf = header.paragraph_format
        hf.alignment = centre
        hf.first_line_indent = Pt(0)
        hf.space_after = Pt(0)
        header.font.size = Pt(self.p.page_number.pt)
        _set(header.element.get_or_add_rPr(), "w:szCs", val=str(round(self.p.page_number.pt * 2)))

    def _pack_styles(self, add: Callable[..., None], font: str) -> None:
        """pack.css: the cover, the contents, h1 (the built-in "Heading 1", so that Word's TOC
        field finds it), the chart and its caption."""
        styles = self.doc.styles
        left = WD_ALIGN_PARAGRAPH.LEFT
        add("BG Cover", "BG Block", after=self.space.cover_after_pt)
        add("BG Cover Date", "BG Block", italic=True)
        add("BG Contents", "BG Block", after=self.space.h1_after_pt, bold=True, pt=self.p.pack.heading_pt)
        styles["BG Contents"].paragraph_format.page_break_before = True
        add("BG Figure", "BG Block", before=self.space.chart_pt, keep_next=True)
        add("BG Group", bold=True, keep_next=True)
        add("BG Member", "BG List")
        styles["BG Member"].paragraph_format.left_indent = Cm(self.p.body.indent_cm)
        add("BG Caption", "BG Block", italic=True, pt=self.p.pack.caption_pt, after=self.space.chart_pt)

        h1 = styles["Heading 1"]
        rpr = h1.element.get_or_add_rPr()
        _set_fonts(rpr, font)
        color = _set(rpr, "w:color", val="000000")
        for attr in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(qn(f"w:{attr}"), None)
        h1.font.size = Pt(self.p.pack.heading_pt)
        _set(rpr, "w:szCs", val=str(round(self.p.pack.heading_pt * 2)))
        h1.font.bold = True
        h1.font.italic = False
        f = h1.paragraph_format
        f.alignment = left
        f.first_line_indent = Pt(0)
        f.space_before = Pt(0)
        f.space_after = Pt(self.space.h1_after_pt)
        f.page_break_before = True
        f.keep_with_next = True

        # Word writes the entries of the TOC field in "toc 1"; without it they would take
        # Normal's first-line indent.
        toc = styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
        toc.element.find(qn("w:name")).set(qn("w:val"), "toc 1")
        toc.base_style = styles["Normal"]
        toc.next_paragraph_style = styles["Normal"]
        toc.priority = 39
        tf = toc.paragraph_format
        tf.alignment = left
        tf.first_line_indent = Pt(0)
        tf.space_after = Pt(self.space.toc_after_pt)
        tf.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    def _page_numbers(self) -> None:
        """Arabic page number centred in the top margin, from page 2 on (page 1 has an empty
        first-page header)."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        first = section.first_page_header
        first.is_linked_to_previous = False
        first.paragraphs[0].style = self.doc.styles["Header"]
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = self.doc.styles["Header"]
        size = str(round(self.p.page_number.pt * 2))
        add_field(paragraph, " PAGE \\* Arabic ", "2", size=size)

    def _properties(self) -> None:
        cp = self.doc.core_properties
        cp.author = cp.last_modified_by = "briefgen"
        cp.created = cp.modified = FIXED_TIME
        cp.revision = 1
        cp.title = cp.subject = cp.comments = cp.keywords = cp.category = ""
        cp.language = LANG
        # python-docx's stock thumbnail shows a blank Letter page: drop it.
        rels = self.doc.part.package.rels
        for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
            rels.pop(rid)

    # -- header (base.html: table.header) ---------------------------------------------------
    def header(self, numbered: bool = True) -> None:
        """The header table; ``numbered=False`` leaves out the number and the place and date
        (the pack's cover, pack.html section.cover)."""
        h = self.p.header
        share, outdent = self.p.header.left_share, self.p.header.outdent_mm
        width = self.text_width.mm + outdent
        left_width = Mm(width * share)
        level = numbered and h.number_row  # the number and the date on a row of their own
        table = make_table(self.doc, [left_width, Mm(width - left_width.mm)], grid=None,
                           rows=2 if level else 1)
        if outdent:
            _set(table._tbl.tblPr, "w:tblInd", w=_twips(Mm(-outdent)), type="dxa")
        left, right = (Flow(c) for c in table.rows[0].cells)

        left.tag("if doc.header.parent")
        left.par("BG Block", R("{{ doc.header.parent }}", h.parent.pt, bold=h.parent.bold))
        left.tag("endif")
        left.par("BG Block", R("{{ doc.header.body }}", h.body.pt, bold=h.body.bold))
        left.tag('if p.header.body.mark == "star"')
        left.par("BG Block", R("*", h.body.pt))
        left.tag("else")
        left.rule(Mm(left_width.mm * (1 - self.layout.rules.issuer_pct / 100) / 2), after=2,
                  pt=self.layout.rules.pt, gap=self.space.rule_gap_pt)
        left.tag("endif")
        if level:
            left = Flow(table.rows[1].cells[0])
        if numbered:
            left.par("BG Block", R("{{ doc.header.number }}", h.number.pt),
                     before=self.space.number_before_pt)
            if self.letter and h.letter:  # a công văn: "V/v …" under the number
                left.par("BG Block", R("{{ doc.subject }}", h.letter.subject_pt),
                         before=self.space.number_before_pt)

        for i, line in enumerate(h.national):
            right.par("BG Block", R(f"{{{{ doc.header.national[{i}].text }}}}", line.pt,
                                    bold=line.bold, underline=line.rule == "text"))
        if not numbered:
            return
        if level:
            right = Flow(table.rows[1].cells[1])
        right.tag("if doc.header.place_date")
        right.par("BG Block", R("{{ doc.header.place_date }}", h.date.pt, italic=True),
                  before=self.space.number_before_pt if level else self.space.date_before_pt)
        right.tag("endif")

    # -- title (base.html: div.title) -------------------------------------------------------
    def letter_to(self) -> None:
        """A letter's "Kính gửi: <recipient>" in place of the type name (request.html)."""
        letter = self.p.header.letter
        pt = letter.to_pt if letter else self.p.body.pt
        Flow(self.doc).par("BG Block", R("{{ doc.extra.to }}", pt),
                           before=self.space.title_before_pt, after=self.space.title_after_pt)

    def title(self) -> None:
        body = self.doc
        flow = Flow(body)
        after = self.space.title_after_pt
        flow.par("BG Title", R("{{ doc.title }}", self.p.type_name_pt),
                 before=self.space.title_before_pt)
        flow.par("BG Title", R("{{ doc.subject }}", self.p.subject.pt))
        flow.tag('if p.subject.mark == "line"')
        flow.rule(Mm(self.text_width.mm * (1 - self.layout.rules.subject_pct / 100) / 2),
                  after=after, pt=self.layout.rules.pt, gap=self.space.rule_gap_pt)
        flow.tag('elif p.subject.mark == "dashes"')
        flow.par("BG Block", R("-----", self.p.subject.pt), after=after)
        flow.tag("else")
        flow.par("BG Rule", after=after - 1)  # the empty rule paragraph is 1 pt high
        flow.tag("endif")

    # -- content ----------------------------------------------------------------------------
    def minutes_content(self) -> None:
        """templates/html/minutes.html, block content."""
        f = Flow(self.doc)
        li, h2, h3 = "BG List", "BG Heading 2", "BG Heading 3"
        f.tag("if doc.extra.opening")
        f.par("Normal", "{{ doc.extra.opening }}")
        f.tag("endif")
        f.par(h2, "I. {{ L.section_time_place }}")
        f.par("Normal", "- {{ L.start_label }}: {{ m.when }}.")
        f.par("Normal", "- {{ L.place_label }}: {{ m.location }}.")
        f.par("Normal", "- {{ L.mode_label }}: {{ m.where }}.")

        f.par(h2, "II. {{ L.section_participants }}")
        f.par("Normal", "- {{ L.chairs_label }}:")
        f.tag("for c in m.chairs")
        f.par(li, "- {{ c.full }};")
        f.tag("endfor")
        f.tag("if m.secretary")
        f.par("Normal", "- {{ L.secretary_label }}: {{ m.secretary.full }}.")
        f.tag("endif")
        f.tag("if doc.extra.attending")
        f.par("Normal", "{{ doc.extra.attending }}")
        f.tag("endif")
        f.tag("for pt in doc.extra.points")
        f.tag("if pt.attendees")
        f.par("Normal", "- {{ pt.attending_line }}:")
        f.tag("for a in pt.attendees")
        f.par(li, '- {{ a.full }}{{ ";" if not loop.last else "." }}')
        f.tag("endfor")
        f.tag("endif")
        f.tag("endfor")

        f.par(h2, "III. {{ L.section_content }}")
        f.tag("for s in m.opening")
        f.par(h3, "{{ loop.index }}. {{ s.heading }}")
        f.tag("if m.next_text")
        f.par("Normal", "{{ m.next_text }}")
        f.tag("endif")
        f.tag("if m.previous_text")
        f.par("Normal", "{{ m.previous_text }}")
        f.tag("endif")
        f.tag("for point in s.points")
        f.par("Normal", "{{ point }}")
        f.tag("endfor")
        self._quotes(f, "s.quotes")
        f.tag("endfor")
        f.par("Normal", "{{ m.register.summary_text }}")
        f.par("Normal", "{{ m.agenda_line }}")
        f.tag("for g in m.agenda")
        f.par(li, "- {{ g.no }}. {{ g.title }}")
        f.tag("endfor")

        # Heading numbers follow the headings printed: one per opening statement, then the
        # content (its groups numbered under it), the conclusions and the tasks.
        f.par(h3, "{{ m.opening|length + 1 }}. {{ L.section_content }}")
        f.tag("for g in m.agenda if g.statements or g.recommendations")
        f.par("BG Flush", R("{{ m.opening|length + 1 }}.{{ loop.index }}. {{ g.title }}", bold=True))
        f.tag("for s in g.statements")
        f.par("Normal", "{{ s.intro }}:")
        f.tag("for point in s.points")
        f.par(li, "- {{ point }}")
        f.tag("endfor")
        self._quotes(f, "s.quotes")
        f.tag("endfor")
        f.tag("for r in g.recommendations")
        f.par("Normal", "{{ r.intro }}{% if r.topic %} ({{ r.topic }}){% endif %}, {{ r.count_text }}:")
        f.tag("for item in r.items")
        f.par(li, "- {{ item }}")
        f.tag("endfor")
        f.tag("endfor")
        f.tag("endfor")

        f.par(h3, "{{ m.opening|length + 2 }}. {{ L.section_conclusions }}"
                  "{% if m.concluded_by %} {{ m.concluded_by.name }}{% endif %}")
        f.tag("for c in m.conclusions")
        f.par("Normal", self._conclusion())
        f.tag("endfor")

        f.tag("if m.assigned")
        f.par(h3, "{{ m.opening|length + 3 }}. {{ L.section_assigned }}", after=4)
        self._assigned_table()
        f.tag("endif")

        f.par("Normal", "{{ doc.extra.end }}{{ doc.end_mark }}", before=8,
              keep_next=True)  # the last words stay on the page of the signatures

    def notice_content(self) -> None:
        """templates/html/notice.html, block content."""
        f = Flow(self.doc)
        f.tag("if doc.extra.opening")
        f.par("Normal", "{{ doc.extra.opening }}")
        f.tag("endif")
        f.tag("for line in doc.extra.attending")
        f.par("Normal", "{{ line }}")
        f.tag("endfor")
        f.tag("for line in doc.extra.context")
        f.par("Normal", "{{ line }}")
        f.tag("endfor")
        f.tag("if doc.extra.close")
        f.par("Normal", "{{ doc.extra.close }}")
        f.tag("endif")
        conclusion = (self._conclusion()
              + "{% if c.lead or c.deadline %} ({% if c.lead %}{{ L.lead_label }}: {{ c.lead }}{% endif %}"
                "{% if c.support %}; {{ L.support_label }}: {{ c.support }}{% endif %}"
                "{% if c.lead and c.deadline %}; {% endif %}"
                "{% if c.deadline %}{{ L.deadline_label }}: {{ c.deadline }}{% endif %}).{% endif %}")
        f.tag("for c in m.conclusions")
        f.tag("if loop.last")  # the last conclusion goes with the closing words (proof.md)
        f.par("Normal", conclusion, keep_next=True)
        f.tag("else")
        f.par("Normal", conclusion)
        f.tag("endif")
        f.tag("endfor")
        f.par("Normal", "{{ doc.extra.end }}{{ doc.end_mark }}",
              keep_next=True)  # the last words stay on the page of the signature

    def invitation_content(self) -> None:
        """templates/html/invitation.html, block content."""
        f = Flow(self.doc)
        lg = "doc.extra.logistics"
        # A body paragraph like every other (first-line indent, formats.md "body"), kept with
        # the invitees it introduces.
        f.par("Normal", "{{ doc.extra.invites }}", keep_next=True)
        self._dash_list(f, "who in doc.extra.invitees", "who", ends=True)
        f.par("Normal", "{{ doc.extra.attend }}")
        f.par("Normal", "- {{ L.invitation_chairs }}:")
        self._dash_list(f, "c in doc.extra.chairs", "c", ends=True)
        f.par("Normal", "- {{ L.invitation_time }}: {{ doc.extra.time }}.")
        f.tag("if doc.extra.venue")
        f.par("Normal", "- {{ L.place_label }}: {{ doc.extra.venue }}.")
        f.tag("endif")
        f.par("Normal", f"- {{{{ L.invitation_central }}}}: {{{{ {lg}.central }}}}.")
        f.tag(f"if {lg}.own")
        f.par("Normal", f"- {{{{ L.invitation_own }}}}: {{{{ {lg}.own }}}}.")
        f.tag("endif")
        self._logistics_rest(f, lg)
        # the words before the closing ones keep with them (proof.md), as the PDF does
        f.par("Normal", "{{ doc.extra.prepare_intro }}", keep_next=True)
        f.tag("if doc.extra.prepare")
        self._task_table("doc.extra.prepare", keep_last=True)
        f.tag("endif")
        f.par("Normal", "{{ doc.extra.close }}{{ doc.end_mark }}",
              keep_next=True)  # the last words stay on the page of the signature

    def request_content(self) -> None:
        """templates/html/request.html, block content."""
        f = Flow(self.doc)
        f.par("Normal", "{{ doc.extra.opening }}")
        f.par("Normal", "{{ doc.extra.asks_intro }}")
        f.tag("for line in doc.extra.asks")
        f.par("BG List", "- {{ line }}")
        f.tag("endfor")
        f.par("Normal", "{{ doc.extra.form }}")
        self._task_table("doc.extra.tasks", keep_last=True)  # kept with the closing words
        f.par("Normal", "{{ doc.extra.close }}{{ doc.end_mark }}",
              keep_next=True)  # the last words stay on the page of the signature

    def report_content(self) -> None:
        """templates/html/report.html, block content (no chart, as in the HTML)."""
        f = Flow(self.doc)
        h2 = "BG Heading 2"
        f.par("Normal", "{{ doc.extra.intro }}")
        f.par(h2, "1. {{ L.pack_by_status }}")
        self._status_table("doc.extra.register")
        f.par("Normal", "{{ doc.extra.register.progress_text }}")
        f.par(h2, "2. {{ L.pack_by_unit }}")
        self._unit_table()
        f.par(h2, "3. {{ L.pack_overdue }}")
        f.tag("if doc.extra.overdue")
        self._numbered_table("doc.extra.overdue")
        f.tag("elif not doc.extra.overdue_note")
        f.par("Normal", "{{ L.pack_none }}")
        f.tag("endif")
        f.tag("if doc.extra.overdue_note")
        f.par("Normal", "{{ doc.extra.overdue_note }}")
        f.tag("endif")
        f.par(h2, "4. {{ L.pack_register }}")
        self._numbered_table("doc.extra.register.tasks", keep_last=True)  # with the closing words
        r, c = "doc.extra.responses", "doc.extra.changes"
        f.tag(f"if {r}")
        f.par(h2, "5. {{ L.report_responses }}")
        self._responses(f, r, "BG Heading 3")
        f.tag("endif")
        f.tag(f"if {c}")
        f.par(h2, "{{ doc.extra.changes_no }}. {{ L.changes_heading }}")
        self._changes(f, c, "BG Heading 3")
        f.tag("endif")
        f.par("BG Flush", '{{ doc.end_mark if doc.end_mark != "." else "" }}', keep_next=True)

    def _responses(self, f: Flow, r: str, sub: str) -> None:
        """What the owner units answered (templates/html/responses.html)."""
        f.par("Normal", f"{{{{ {r}.summary }}}}")
        f.tag(f"if {r}.unanswered")
        f.par("Normal", f"{{{{ {r}.unanswered_intro }}}}")
        self._dash_list(f, f"u in {r}.unanswered", "u", ends=True)
        f.tag("else")
        f.par("Normal", "{{ L.responses_all_answered }}")
        f.tag("endif")
        for rows, heading in (("answers", "responses_reasons"), ("still_late", "responses_still_late")):
            f.tag(f"if {r}.{rows}")
            f.par(sub, f"{{{{ L.{heading} }}}}")
            self._answer_table(f"{r}.{rows}")
            f.tag("endif")

    def _changes(self, f: Flow, c: str, sub: str) -> None:
        """What changed since the previous session (templates/html/changes.html)."""
        f.par("Normal", f"{{{{ {c}.summary }}}}")
        f.tag(f"if {c}.rows")
        self._grid_table(self.layout.columns.changes,
                         [f"{{{{ L.change_columns[{i}] }}}}" for i in range(5)], f"r in {c}.rows",
                         [("{{ r.no }}", True), ("{{ r.title }}", False), ("{{ r.owners }}", False),
                          ("{{ r.change }}", False), ("{{ r.detail }}", False)])
        f.tag("endif")
        f.tag(f"if {c}.conclusions")
        f.par(sub, "{{ L.changes_conclusions }}")
        self._grid_table(self.layout.columns.followed,
                         [f"{{{{ L.followed_columns[{i}] }}}}" for i in range(3)],
                         f"k in {c}.conclusions",
                         [("{{ k.no }}", True), ("{{ k.text }}", False), ("{{ k.tasks }}", False)])
        f.tag("endif")

    def _answer_table(self, rows: str) -> None:
        self._grid_table(self.layout.columns.answers,
                         [f"{{{{ L.answer_columns[{i}] }}}}" for i in range(7)], f"a in {rows}",
                         [("{{ a.no }}", True), ("{{ a.title }}", False), ("{{ a.owners }}", False),
                          ("{{ a.status }}", False), ("{{ a.progress }}", False),
                          ("{{ a.delay_reason }}", False),
                          ("{{ a.proposals }}", False)])

    # -- the pack (templates/html/pack.html, pack.css) -------------------------------------
    def pack_cover(self) -> None:
        """section.cover: the header without number and date, the title block 60 mm lower, the
        cover date at the foot of the 250 mm cover."""
        self.header(numbered=False)
        f = Flow(self.doc)
        body = self.p.body
        f.par("BG Cover", R("{{ doc.title }}", self.p.pack.cover_type_pt, bold=True),
              before=Mm(self.layout.cover.title_top_mm).pt)
        f.par("BG Cover", R("{{ doc.subject }}", self.p.pack.cover_subject_pt, bold=True))
        f.par("BG Cover", R("{{ m.when }}", body.pt, italic=True))
        f.par("BG Cover", R("{{ L.pack_for }}: {{ doc.extra.scope_line }}", body.pt, italic=True))
        # A frame (framePr) holds the date at a fixed height on the page, whatever the length
        # of the title block; the empty paragraph after it anchors it to the cover page.
        date = f.par("BG Cover Date", R("{{ doc.extra.cover_date }}", body.pt, italic=True))
        height_mm = Pt(body.line_pt + body.space_after_pt).mm  # p.cover-date: line + margin
        _set(date._p.get_or_add_pPr(), "w:framePr", w=_twips(self.text_width), hAnchor="margin",
             xAlign="center", vAnchor="margin", y=_twips(Mm(self.layout.cover.height_mm - height_mm)),
             wrap="notBeside")
        f.par("BG Rule")

    def pack_contents(self) -> None:
        """nav.toc: a Word TOC field over the Heading 1 paragraphs (levels 1-1, hyperlinked,
        no page numbers hidden), filled in by Word on opening (updateFields)."""
        f = Flow(self.doc)
        f.par("BG Contents", "{{ L.pack_contents }}")
        paragraph = f.par("toc 1")
        add_field(paragraph, ' TOC \\o "1-1" \\h \\z \\u ', "{{ L.pack_toc_hint }}")
        settings = self.doc.settings.element
        _set(settings, "w:updateFields", val="true")

    def pack_content(self) -> None:
        """The sections of pack.html, each on a new page under a Heading 1."""
        f = Flow(self.doc)
        h1, h2, li = "Heading 1", "BG Heading 2", "BG List"
        lg = "doc.extra.logistics"
        f.tag(f"if {lg}")
        f.par(h1, "{{ L.pack_logistics }}")
        f.par("Normal", f"- {{{{ L.invitation_central }}}}: {{{{ {lg}.central }}}}.")
        f.par("Normal", f"- {{{{ L.invitation_own }}}}: {{{{ {lg}.own }}}}.")
        self._logistics_rest(f, lg)
        f.tag("endif")

        f.par(h1, "{{ L.pack_agenda }}")
        f.par("Normal", "{{ m.agenda_line }}")
        self._grid_table(self.layout.columns.agenda, [f"{{{{ L.agenda_columns[{i}] }}}}" for i in range(5)],
                         "g in m.agenda",
                         [("{{ g.no }}", True), ("{{ g.title }}", False), ("{{ g.time }}", True),
                          ("{{ g.lead_units }}", False), ("{{ g.presenters }}", False)])

        f.par(h1, "{{ L.pack_participants }}")
        # p.group and ul.members of pack.css: each group a bold line, its people indented.
        f.par("BG Group", "{{ L.chairs_label }}:")
        f.tag("for c in m.chairs")
        f.par("BG Member", "- {{ c.full }};")
        f.tag("endfor")
        f.tag("for pt in doc.extra.points")
        f.tag("if pt.attendees")
        f.par("BG Group", "{{ pt.attending_line }}:")
        f.tag("for a in pt.attendees")
        f.par("BG Member", '- {{ a.full }}{{ ";" if not loop.last else "." }}')
        f.tag("endfor")
        f.tag("endif")
        f.tag("endfor")

        f.tag("for g in doc.extra.groups")
        f.par(h1, "{{ g.no }}. {{ g.title }}")
        f.tag("if g.lead_units")
        f.par("Normal", "- {{ L.lead_label }}: {{ g.lead_units }}.")
        f.tag("endif")
        f.tag("if g.background")
        f.par(h2, "{{ L.pack_background }}")
        f.tag("for b in g.background")
        f.par("Normal", "{{ b }}")
        f.tag("endfor")
        f.tag("endif")
        f.tag("if g.questions")
        f.par(h2, "{{ L.pack_questions }}")
        self._dash_list(f, "q in g.questions", "q")
        f.tag("endif")
        f.tag("if g.statements")
        f.par(h2, "{{ L.pack_statements }}")
        f.tag("for s in g.statements")
        f.par("Normal", "{{ s.intro }}:")
        self._dash_list(f, "point in s.points", "point")
        self._quotes(f, "s.quotes")
        f.tag("endfor")
        f.tag("endif")
        f.tag("if g.recommendations")
        f.par(h2, "{{ L.pack_recommendations }}")
        f.tag("for r in g.recommendations")
        f.par("Normal", "{{ r.intro }}{% if r.topic %} ({{ r.topic }}){% endif %}, {{ r.count_text }}:")
        self._dash_list(f, "item in r.items", "item")
        f.tag("endfor")
        f.tag("endif")
        f.tag("if g.tasks")
        f.par(h2, "{{ L.pack_tasks }}")
        self._task_table("g.tasks")
        f.tag("endif")
        f.tag("endfor")

        f.par(h1, "{{ L.pack_register }}")
        f.par("Normal", "{{ doc.extra.register.summary_text }}")
        f.par("Normal", "{{ doc.extra.register.progress_text }}")
        f.par(h2, "{{ L.pack_by_status }}")
        self._status_table("doc.extra.register")
        f.tag("if doc.extra.own")
        f.par(h2, "{{ L.pack_own }}")
        f.par("Normal", "{{ doc.extra.own.summary_text }}")
        self._status_table("doc.extra.own")
        f.tag("endif")
        f.par(h2, "{{ L.pack_by_unit }}")
        self._unit_table()
        f.par("BG Figure", "{{ chart_image }}")  # figure.chart: the renderer's InlineImage
        f.par("BG Caption", "{{ doc.extra.chart_title }}")
        f.par(h2, "{{ L.pack_report_now }}")
        self._tasks_or_none(f, "doc.extra.report_now")
        f.par(h2, "{{ L.pack_overdue }}")
        self._tasks_or_none(f, "doc.extra.overdue")

        r, c = "doc.extra.responses", "doc.extra.changes"
        f.tag(f"if {r}")
        f.par(h1, "{{ L.report_responses }}")
        self._responses(f, r, h2)
        f.tag("endif")

        f.tag("if m.previous_text")
        f.par(h1, "{{ L.pack_previous }}")
        f.par("Normal", "{{ m.previous_text }}")
        f.tag(f"if {c}")
        f.par(h2, "{{ L.changes_heading }}")
        self._changes(f, c, h2)
        f.tag("endif")
        f.tag("endif")

        # The annexes are bound after the PDF only: Word gets their list (no blank pages).
        f.tag("if doc.extra.annexes")
        f.par(h1, "{{ L.pack_annexes }}")
        f.tag("for a in doc.extra.annexes")
        f.par(li, "- {{ a.title }}{% if a.unit %} ({{ a.unit }}){% endif %}")
        f.tag("endfor")
        f.tag("endif")

    @staticmethod
    def _dash_list(f: Flow, loop: str, item: str, *, ends: bool = False) -> None:
        """ul.dash: one "- " paragraph per item; ``ends`` adds ";" after each but the last "."."""
        f.tag(f"for {loop}")
        end = '{{ ";" if not loop.last else "." }}' if ends else ""
        f.par("BG List", f"- {{{{ {item} }}}}{end}")
        f.tag("endfor")

    @staticmethod
    def _logistics_rest(f: Flow, lg: str) -> None:
        """The connection lines after the central and own points (invitation.html, pack.html)."""
        for label, field in (("invitation_test_participants", "participants_test"),
                             ("invitation_test_technical", "technical_test"),
                             ("invitation_technical_contact", "technical_contact"),
                             ("invitation_content_contact", "content_contact")):
            f.par("Normal", f"- {{{{ L.{label} }}}}: {{{{ {lg}.{field} }}}}.")

    # -- grid tables (task_table.html, status_table.html, unit_table.html) ----------------
    def _grid_table(self, shares: Iterable[float], head: list[str], loop: str,
                    cells: list[tuple[str, bool]], total: list[tuple[str, bool]] | None = None,
                    keep_last: bool = False) -> None:
        """A table.grid: a header row repeated on each page, one row per item of ``loop``
        (``{%tr for %}``), an optional bold closing row; cells given as (text, centred). The
        widths are the colgroup's shares, scaled to fill the text width as a browser does.
        ``keep_last``: the last row keeps with what follows (the closing words, proof.md)."""
        shares = list(shares)
        widths = [Mm(self.text_width.mm * share / sum(shares)) for share in shares]
        start, end = "{%tr for " + loop + " %}", "{%tr endfor %}"
        body: list[str | list[tuple[str, bool]]] = [start, cells, end] if not keep_last else [
            start, "{%tr if not loop.last %}", cells, "{%tr else %}", cells, "{%tr endif %}", end]
        table = make_table(self.doc, widths, grid=self.layout.rules.pt,
                           rows=1 + len(body) + bool(total), cell_margin_pt=self.layout.cell_pad_pt)
        row_flag(table, 0, "w:tblHeader")
        for cell, text in zip(table.rows[0].cells, head, strict=True):
            Flow(cell).par("BG Table Head", text)
        filled = [(i + 1, part, False) for i, part in enumerate(body) if not isinstance(part, str)]
        for index, part in enumerate(body, start=1):
            if isinstance(part, str):
                Flow(table.rows[index].cells[0]).par("BG Table", part)
        rows = filled + ([(len(body) + 1, total, True)] if total else [])
        last = filled[-1][0] if keep_last else None
        for index, texts, bold in rows:
            for cell, (text, centred) in zip(table.rows[index].cells, texts, strict=True):
                paragraph = Flow(cell).par("BG Table", R(text, bold=bold), keep_next=index == last)
                if centred:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            row_flag(table, index, "w:cantSplit")
        Flow(self.doc).par("BG Rule", after=self.space.grid_after_pt - 1,
                           keep_next=keep_last)  # never last

    def _task_table(self, tasks: str, keep_last: bool = False) -> None:
        self._grid_table(self.layout.columns.tasks, [f"{{{{ L.task_columns[{i}] }}}}" for i in range(6)],
                         f"t in {tasks}",
                         [("{{ t.no }}", True), ("{{ t.title }}", False),
                          ("{{ t.owners }}", False), ("{{ t.deadline }}", True),
                          ("{{ t.status }}", False),
                          ('{{ L.yes_mark if t.report_now else "" }}', True)], keep_last=keep_last)

    def _numbered_table(self, tasks: str, keep_last: bool = False) -> None:
        """templates/html/numbered_table.html: tasks numbered 1, 2, 3, their id apart."""
        self._grid_table(self.layout.columns.numbered,
                         [f"{{{{ L.numbered_columns[{i}] }}}}" for i in range(7)], f"t in {tasks}",
                         [("{{ t.no }}", True), ("{{ t.id }}", True), ("{{ t.title }}", False),
                          ("{{ t.owners }}", False), ("{{ t.deadline }}", True),
                          ("{{ t.status }}", False),
                          ('{{ L.yes_mark if t.report_now else "" }}', True)], keep_last=keep_last)

    def _status_table(self, register: str) -> None:
        self._grid_table(self.layout.columns.status, ["{{ L.status_column }}", "{{ L.count_column }}"],
                         f"r in {register}.by_status",
                         [("{{ r.label }}", False), ("{{ r.count }}", True)],
                         total=[("{{ L.total_column }}", False),
                                (f"{{{{ {register}.total }}}}", True)])

    def _unit_table(self) -> None:
        statuses = range(len(TaskStatus))  # one column per status, as the view gives
        self._grid_table(self.layout.columns.units.widths,
                         ["{{ L.unit_column }}",
                          *(f"{{{{ doc.extra.status_labels[{i}] }}}}" for i in statuses),
                          "{{ L.total_column }}"],
                         "r in doc.extra.units",
                         [("{{ r.unit }}", False),
                          *((f"{{{{ r.counts[{i}] }}}}", True) for i in statuses),
                          ("{{ r.total }}", True)])

    def _tasks_or_none(self, f: Flow, tasks: str) -> None:
        """{% if tasks %}the task table{% else %}L.pack_none{% endif %}"""
        f.tag(f"if {tasks}")
        self._task_table(tasks)
        f.tag("else")
        f.par("Normal", "{{ L.pack_none }}")
        f.tag("endif")

    @staticmethod
    def _conclusion() -> str:
        return ("{{ c.no }}. {% for cited in c.cited %}{{ cited }} {% endfor %}{{ c.text }}"
                "{% if c.quote %} “{{ c.quote }}”.{% endif %}")

    @staticmethod
    def _quotes(f: Flow, seq: str) -> None:
        f.tag(f"for q in {seq}")
        f.par("BG Quote", "“{{ q }}”.")
        f.tag("endfor")

    def _assigned_table(self) -> None:
        """minutes.html table.grid: header row repeated on each page, one row per item."""
        widths = [Mm(self.text_width.mm * share / 100) for share in self.layout.columns.assigned]
        table = make_table(self.doc, widths, grid=self.layout.rules.pt, rows=4,
                           cell_margin_pt=self.layout.cell_pad_pt)
        row_flag(table, 0, "w:tblHeader")
        for i, cell in enumerate(table.rows[0].cells):
            Flow(cell).par("BG Table Head", f"{{{{ L.assigned_columns[{i}] }}}}")
        Flow(table.rows[1].cells[0]).par("BG Table", "{%tr for c in m.assigned %}")
        data = table.rows[2].cells
        Flow(data[0]).par("BG Table", "{{ c.no }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
        Flow(data[1]).par("BG Table", "{{ c.text }}")
        Flow(data[2]).par("BG Table", "{{ c.lead }}{% if c.support %}; "
                                      "{{ L.support_label }}: {{ c.support }}{% endif %}")
        Flow(data[3]).par("BG Table", "{{ c.deadline }}")
        row_flag(table, 2, "w:cantSplit")
        Flow(table.rows[3].cells[0]).par("BG Table", "{%tr endfor %}")

    # -- close (base.html / minutes.html: table.close, signature.html) -----------------------
    def _signature(self, f: Flow, s: str) -> None:
        sp = self.p.signer
        f.tag(f"if {s}.authority")
        f.par("BG Block", R(f"{{{{ {s}.authority }}}}", sp.pt, bold=True))
        f.tag("endif")
        f.par("BG Block", R(f"{{{{ {s}.position }}}}", sp.pt, bold=sp.position_bold))
        # With images: the seal anchored just before the signature, both in one centred
        # paragraph as high as the signing space (render/docx_fill.py sign_images).
        f.tag(f"if {s}.image or {s}.seal")
        art = (f"{{% if {s}.seal %}}{{{{ sign_images['seal:' ~ {s}.seal.path] }}}}{{% endif %}}"
               f"{{% if {s}.image %}}{{{{ sign_images[{s}.image.path] }}}}{{% endif %}}")
        f.par("BG Block", art)
        f.par("BG Block", R(f"{{{{ {s}.name }}}}", sp.pt, bold=True))
        f.tag("else")
        f.par("BG Block", R(f"{{{{ {s}.name }}}}", sp.pt, bold=True), before=self.space.signature_pt)
        f.tag("endif")

    def _recipients(self, f: Flow, before: float = 0) -> None:
        rp = self.p.recipients
        underline = rp.label_style == "underline"
        f.par("BG Close", R("{{ doc.recipients_label }}", rp.label_pt, bold=not underline,
                            italic=not underline, underline=underline), before=before)
        f.tag("for line in doc.recipients")
        f.par("BG Close", R("{{ line }}", rp.pt))
        f.tag("endfor")

    def close(self) -> None:
        half = Mm(self.text_width.mm * self.layout.close_left_pct / 100)
        widths = [half, Length(self.text_width - half)]
        body = Flow(self.doc)
        body.par("BG Rule", after=self.space.close_before_pt - 1, keep_next=True)
        table = make_table(self.doc, widths, grid=None)
        row_flag(table, 0, "w:cantSplit")
        left, right = (Flow(c) for c in table.rows[0].cells)
        if self.kind == "minutes":
            self._signature(left, "doc.signatures[0]")
            self._signature(right, "doc.signatures[1]")
            self._recipients(body, before=self.space.recipients_after_pt)
        else:
            self._recipients(left)
            right.tag("for s in doc.signatures")
            self._signature(right, "s")
            right.tag("endfor")
            body.par("BG Rule")  # a document cannot end on a table

    # -- whole ------------------------------------------------------------------------------
    def build(self) -> bytes:
        self.setup()
        if self.kind == "pack":  # pack.html: its own cover and sections, no close
            self.pack_cover()
            self.pack_contents()
            self.pack_content()
        else:
            self.header()
            if self.letter:
                self.letter_to()
            else:
                self.title()
            getattr(self, f"{self.kind}_content")()
            self.close()
        slim(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return normalise_zip(buffer.getvalue())


#: Where one style names another: it is based on it, followed by it, or linked to it.
_STYLE_LINKS = ("w:basedOn", "w:next", "w:link")
#: Where document content names a style.
_STYLE_USES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")


def slim(doc: DocxDocument) -> None:
    """Leave out what python-docx's starting document carries and no template uses: some 160
    table and list styles (340 KB of styles.xml) and Word 2010's copy of them,
    stylesWithEffects.xml (440 KB), which Word 2013 and later, and LibreOffice, do not read.
    Every document filled from a template parsed, rewrote and compressed both, for files a
    twentieth of the size. Word's built-in styles stay offered in Word, from its latent
    styles; the styles kept are those the parts name, the defaults, and those they name."""
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)
    styles = doc.styles.element
    named = {qn(tag) for tag in _STYLE_USES}
    used = {el.get(qn("w:val")) for each in part.package.iter_parts()
            if hasattr(each, "element") and each.element is not styles
            for el in each.element.iter(*named)}
    by_id = {el.get(qn("w:styleId")): el for el in styles.iter(qn("w:style"))}
    keep = {sid for sid, el in by_id.items() if el.get(qn("w:default")) in ("1", "true")}
    todo = [sid for sid in used if sid in by_id]
    while todo:
        sid = todo.pop()
        if sid in keep:
            continue
        keep.add(sid)
        todo += [el.get(qn("w:val")) for tag in _STYLE_LINKS
                 for el in by_id[sid].iter(qn(tag))]
    for sid, el in by_id.items():
        if sid not in keep:
            styles.remove(el)


def add_field(paragraph: Paragraph, instruction: str, shown_text: str, size: str | None = None) -> None:
    """A complex field (begin, instruction, separate, shown result, end), one element a run,
    so Word computes it (PAGE, TOC) while the template shows ``shown_text`` until then."""

    def run(child: BaseOxmlElement) -> None:
        r = OxmlElement("w:r")
        if size:
            rpr = OxmlElement("w:rPr")
            _set(rpr, "w:sz", val=size)
            _set(rpr, "w:szCs", val=size)
            r.append(rpr)
        r.append(child)
        paragraph._p.append(r)

    def char(kind: str) -> BaseOxmlElement:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = instruction
    shown = OxmlElement("w:t")
    shown.text = shown_text
    for child in (char("begin"), instr, char("separate"), shown, char("end")):
        run(child)


def build_all() -> dict[Path, bytes]:
    out = {}
    for regime, stem in BUILD_FROM.items():
        profile = profile_named(stem)
        if profile.regime != regime:
            raise SystemExit(f"profile {stem} is for regime {profile.regime}, not {regime}")
        # Every kind of the package's registry has its content here (a kind registered at run
        # time brings its own Word template); one without is named, not silently skipped.
        for kind in kinds.names():
            if not callable(getattr(TemplateBuilder, f"{kind}_content", None)):
                raise SystemExit(f"kind {kind!r} (briefgen/kinds/{kind}.py) has no "
                                 f"TemplateBuilder.{kind}_content to build its Word template")
            out[TEMPLATES / "docx" / regime / f"{kind}.docx"] = TemplateBuilder(profile, kind).build()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a template differs from a fresh build")
    args = parser.parse_args(argv)
    stale = []
    for path, data in build_all().items():
        rel = path.relative_to(ROOT)
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {rel} ({len(data):,} bytes)")
    if stale:
        print("out of date: " + ", ".join(map(str, stale)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
