"""The part of a Word template every kind shares (templates/html/base.html): the page, the
styles, the page numbers, the header table, the title and the closing block.

Layout numbers (column widths, rules, spacing, the chart's width) come from the profile's
`layout`, which the HTML templates read too, so both formats look alike. The header table:
the left column takes `header.left_share` of the text width; the state Quốc hiệu, 13 pt
bold, is 96 mm long and must stay on one line, and a 13 pt parent body such as "BAN CHẤP
HÀNH TRUNG ƯƠNG" needs 69 mm: 165 mm cannot hold both, so the state table reaches
`header.outdent_mm` into the 30 mm left margin, as printed forms do.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import ClassVar

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.text.paragraph import Paragraph

from briefgen import kinds
from briefgen.model.profile import Profile
from briefgen.render.docx import normalise_zip
from tools.docx_templates.flow import Flow, R, make_table, row_flag
from tools.docx_templates.xml import add_field, set_child, set_fonts, slim, twips

LANG = "vi-VN"
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class TemplateBuilder:
    """One kind's Word template for one profile: the page, the styles, the header, the title
    and the close every kind shares; a subclass per kind writes its :meth:`content` (the HTML
    template's block content) and says which kind it builds."""

    kind: ClassVar[str]  # the registered kind (briefgen/kinds/<kind>.py) this builds

    def __init__(self, profile: Profile) -> None:
        self.p = profile
        self.layout = profile.layout
        self.space = profile.layout.space
        self.letter = kinds.get(self.kind).letter
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
        set_fonts(rpr, font)
        set_child(rpr, "w:sz", val=str(round(body.pt * 2)))
        set_child(rpr, "w:szCs", val=str(round(body.pt * 2)))
        set_child(rpr, "w:lang", val=LANG, eastAsia=LANG, bidi="ar-SA")
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        set_child(ppr, "w:spacing", after="0", line="240", lineRule="auto")

        normal = styles["Normal"]
        set_fonts(normal.element.get_or_add_rPr(), font)
        normal.font.size = Pt(body.pt)
        set_child(normal.element.get_or_add_rPr(), "w:szCs", val=str(round(body.pt * 2)))
        set_child(normal.element.get_or_add_rPr(), "w:color", val="000000")
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
                pt: float | None = None, keep_next: bool = False,
                line_pt: float | None = None) -> None:
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
            if line_pt is not None:  # the CSS's line-height, exactly
                f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                f.line_spacing = Pt(line_pt)
            if keep_next:
                f.keep_with_next = True
            style.font.bold = bold or None
            style.font.italic = italic or None
            if pt is not None:
                style.font.size = Pt(pt)
                set_child(style.element.get_or_add_rPr(), "w:szCs", val=str(round(pt * 2)))

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
        # The tables (table.grid): one point smaller, lines as high as the CSS's.
        add("BG Table", "BG Block", align=left, pt=self.p.table_pt,
            line_pt=self.p.table_pt * self.layout.table_line)
        add("BG Table Head", "BG Table", align=centre, bold=True)
        self.extra_styles(add, font)

        header = styles["Header"]
        hf = header.paragraph_format
        hf.alignment = centre
        hf.first_line_indent = Pt(0)
        hf.space_after = Pt(0)
        header.font.size = Pt(self.p.page_number.pt)
        set_child(header.element.get_or_add_rPr(), "w:szCs", val=str(round(self.p.page_number.pt * 2)))

    def extra_styles(self, add: Callable[..., None], font: str) -> None:
        """Styles of this kind's own (``add`` as for the shared ones; ``font``: the body's)."""

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
            set_child(table._tbl.tblPr, "w:tblInd", w=twips(Mm(-outdent)), type="dxa")
        left, right = (Flow(c) for c in table.rows[0].cells)

        left.tag("if doc.header.parent")
        sized(left.par("BG Block", R("{{ doc.header.parent }}", h.parent.pt, bold=h.parent.bold)),
              "doc.header.parent_pt", h.parent.pt)
        left.tag("endif")
        sized(left.par("BG Block", R("{{ doc.header.body }}", h.body.pt, bold=h.body.bold)),
              "doc.header.body_pt", h.body.pt)
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
        sized(right.par("BG Block", R("{{ doc.header.place_date }}", h.date.pt, italic=True),
                        before=self.space.number_before_pt if level else self.space.date_before_pt),
              "doc.header.date_pt", h.date.pt)
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

    def content(self) -> None:
        """templates/html/<kind>.html, block content."""
        raise NotImplementedError(self.kind)

    def close(self) -> None:
        half = Mm(self.text_width.mm * self.layout.close_left_pct / 100)
        widths = [half, Length(self.text_width - half)]
        body = Flow(self.doc)
        body.par("BG Rule", after=self.space.close_before_pt - 1, keep_next=True)
        table = make_table(self.doc, widths, grid=None)
        row_flag(table, 0, "w:cantSplit")
        left, right = (Flow(c) for c in table.rows[0].cells)
        self.close_cells(body, left, right)

    def close_cells(self, body: Flow, left: Flow, right: Flow) -> None:
        """The recipients on the left, the signatures on the right (base.html table.close)."""
        self._recipients(left)
        right.tag("for s in doc.signatures")
        self._signature(right, "s")
        right.tag("endfor")
        body.par("BG Rule")  # a document cannot end on a table

    # -- whole ------------------------------------------------------------------------------
    def body(self) -> None:
        """base.html: the header, the title (a letter's recipient), the content, the close."""
        self.header()
        if self.letter:
            self.letter_to()
        else:
            self.title()
        self.content()
        self.close()

    def build(self) -> bytes:
        """The template's bytes, stable from build to build."""
        self.setup()
        self.body()
        slim(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return normalise_zip(buffer.getvalue())


def sized(paragraph: Paragraph, variable: str, pt: float) -> None:
    """The paragraph's run set in the size the view gives in ``variable`` (a header line kept
    whole in its column: view.fit), else the profile's ``pt``."""
    size = "{{ ((" + f"{variable} or {pt}" + ") * 2) | round | int }}"
    rpr = paragraph.runs[0]._r.get_or_add_rPr()
    set_child(rpr, "w:sz", val=size)
    set_child(rpr, "w:szCs", val=size)

