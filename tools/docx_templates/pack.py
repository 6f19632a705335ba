"""The briefing pack's Word template (templates/html/pack.html, pack.css): a cover, a Word
TOC field over the “Heading 1” paragraphs, which Word fills in when the file is opened
(settings: updateFields), and the sections; the annexes are listed, not bound; the chart is the
PNG the renderer passes as ``chart_image``."""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tools.docx_templates.flow import Flow, R
from tools.docx_templates.pieces import Pieces
from tools.docx_templates.xml import add_field, set_child, set_fonts, twips


class PackTemplate(Pieces):
    """The briefing pack, for the meeting or one connection point."""

    kind = "pack"

    def body(self) -> None:
        """pack.html: its own cover and sections, no close."""
        self.pack_cover()
        self.pack_contents()
        self.content()

    def extra_styles(self, add: Callable[..., None], font: str) -> None:
        """pack.css: the cover, the contents, h1 (the built-in "Heading 1", so that Word's TOC
        field finds it), the chart and its caption."""
        styles = self.doc.styles
        left = WD_ALIGN_PARAGRAPH.LEFT
        add("BG Cover", "BG Block", after=self.space.cover_after_pt)
        add("BG Cover Date", "BG Block", italic=True)
        add("BG Contents", "BG Block", after=self.space.h1_after_pt, bold=True, pt=self.p.pack.heading_pt)
        styles["BG Contents"].paragraph_format.page_break_before = True
        add("BG Figure", "BG Block", before=self.space.chart_pt, keep_next=True)
        self._group_styles(add)
        add("BG Caption", "BG Block", italic=True, pt=self.p.pack.caption_pt, after=self.space.chart_pt)

        h1 = styles["Heading 1"]
        rpr = h1.element.get_or_add_rPr()
        set_fonts(rpr, font)
        color = set_child(rpr, "w:color", val="000000")
        for attr in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(qn(f"w:{attr}"), None)
        h1.font.size = Pt(self.p.pack.heading_pt)
        set_child(rpr, "w:szCs", val=str(round(self.p.pack.heading_pt * 2)))
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
        set_child(date._p.get_or_add_pPr(), "w:framePr", w=twips(self.text_width), hAnchor="margin",
             xAlign="center", vAnchor="margin", y=twips(Mm(self.layout.cover.height_mm - height_mm)),
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
        set_child(settings, "w:updateFields", val="true")

    def content(self) -> None:
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
        f.tag("if m.agenda")  # none given: the official blank, warned
        f.par("Normal", "{{ m.agenda_line }}")
        self._grid_table(self.layout.columns.agenda, [f"{{{{ L.agenda_columns[{i}] }}}}" for i in range(5)],
                         "g in m.agenda",
                         [("{{ g.no }}", True), ("{{ g.title }}", False), ("{{ g.time }}", True),
                          ("{{ g.lead_units or L.blank }}", False), ("{{ g.presenters }}", False)])
        f.tag("else")
        f.par("Normal", "{{ L.blank }}")
        f.tag("endif")

        f.par(h1, "{{ L.pack_participants }}")
        # p.group and ul.members of style.css: each group a bold line, its people indented.
        f.par("BG Group", "{{ L.chairs_label }}:")
        f.tag("for c in m.chairs")
        f.par("BG Member", '- {{ c.item }}{{ ";" if not loop.last else "." }}')
        f.tag("endfor")
        f.tag("for pt in doc.extra.points")
        f.tag("if pt.attendees")
        f.par("BG Group", "{{ pt.attending_line }}:")
        f.tag("for a in pt.attendees")
        f.par("BG Member", '- {{ a.item }}{{ ";" if not loop.last else "." }}')
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
        f.tag("if doc.extra.register.total")  # an empty register: one sentence
        f.par("Normal", "{{ doc.extra.register.summary_text }}")
        f.tag("if doc.extra.register.progress_text")
        f.par("Normal", "{{ doc.extra.register.progress_text }}")
        f.tag("endif")
        f.par(h2, "{{ L.pack_by_status }}")
        self._status_table("doc.extra.register")
        f.tag("if doc.extra.own")
        f.par(h2, "{{ L.pack_own }}")
        f.tag("if doc.extra.own.total")
        f.par("Normal", "{{ doc.extra.own.summary_text }}")
        self._status_table("doc.extra.own")
        f.tag("else")
        f.par("Normal", "{{ L.pack_own_none }}")
        f.tag("endif")
        f.tag("endif")
        f.par(h2, "{{ L.pack_by_unit }}")
        f.tag("if doc.extra.units")
        self._unit_table()
        f.par("BG Figure", "{{ chart_image }}")  # figure.chart: the renderer's InlineImage
        f.par("BG Caption", "{{ doc.extra.chart_title }}")
        f.tag("else")
        f.par("Normal", "{{ L.pack_none }}")
        f.tag("endif")
        f.par(h2, "{{ L.pack_report_now }}")
        self._tasks_or_none(f, "doc.extra.report_now")
        f.par(h2, "{{ L.pack_overdue }}")
        self._tasks_or_none(f, "doc.extra.overdue")
        f.tag("else")
        f.par("Normal", "{{ L.register_empty }}")
        f.tag("endif")

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
