"""The minutes' Word template (templates/html/minutes.html)."""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from tools.docx_templates.flow import Flow, R, make_table, row_flag
from tools.docx_templates.pieces import Pieces


class MinutesTemplate(Pieces):
    """The minutes: its sections (headings numbered by the view), the assigned tasks' table,
    two signatures."""

    kind = "minutes"

    def extra_styles(self, add: Callable[..., None], font: str) -> None:
        """The participants' groups (style.css p.group, ul.members)."""
        self._group_styles(add)

    def content(self) -> None:
        """templates/html/minutes.html, block content."""
        f = Flow(self.doc)
        li, h2, h3 = "BG List", "BG Heading 2", "BG Heading 3"
        f.tag("if doc.extra.opening")
        f.par("Normal", "{{ doc.extra.opening }}")
        f.tag("endif")
        f.par(h2, "{{ doc.extra.headings.time_place }}")
        f.par("Normal", "- {{ L.start_label }}: {{ m.when }}.")
        f.par("Normal", "- {{ L.place_label }}: {{ m.location }}.")
        f.par("Normal", "- {{ L.mode_label }}: {{ m.where }}.")

        f.par(h2, "{{ doc.extra.headings.participants }}")
        # Grouped as the pack's: each group a bold line, its people one step further in.
        self._group(f, "{{ L.chairs_label }}:", "c in m.chairs",
                    '{{ c.item }}{{ ";" if not loop.last else "." }}')
        f.tag("if m.secretary")
        f.par("BG Group", "{{ L.secretary_label }}:")
        f.par("BG Member", "- {{ m.secretary.item }}.")
        f.tag("endif")
        f.tag("if doc.extra.attending")
        f.par("Normal", "{{ doc.extra.attending }}")
        f.tag("endif")
        f.tag("for pt in doc.extra.points")
        f.tag("if pt.attendees")
        self._group(f, "{{ pt.attending_line }}:", "a in pt.attendees",
                    '{{ a.item }}{{ ";" if not loop.last else "." }}')
        f.tag("endif")
        f.tag("endfor")

        f.par(h2, "{{ doc.extra.headings.content }}")
        f.tag("for s in m.opening")
        f.par(h3, "{{ doc.extra.headings.opening[loop.index0] }}")
        f.tag("if loop.first")  # the sessions before and after, once, under the first speech
        self._sessions(f)
        f.tag("endif")
        f.tag("for point in s.points")
        f.par("Normal", "{{ point }}")
        f.tag("endfor")
        self._quotes(f, "s.quotes")
        f.tag("else")  # no opening speech: the sessions before and after all the same
        self._sessions(f)
        f.tag("endfor")
        f.tag("if m.register.summary_text")
        f.par("Normal", "{{ m.register.summary_text }}")
        f.tag("endif")
        f.tag("if m.agenda_line")
        f.par("Normal", "{{ m.agenda_line }}")
        f.tag("for g in m.agenda")
        f.par(li, '- {{ g.title }}{{ ";" if not loop.last else "." }}')
        f.tag("endfor")
        f.tag("endif")

        # The headings come numbered from the view (briefgen/kinds/minutes.py OUTLINE).
        f.tag("if doc.extra.headings.discussion")
        f.par(h3, "{{ doc.extra.headings.discussion }}")
        f.tag("endif")
        f.tag("for g in doc.extra.discussed")
        f.par("BG Flush", R("{{ doc.extra.headings.groups[loop.index0] }}", bold=True))
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

        f.par(h3, "{{ doc.extra.headings.conclusions }}")
        f.tag("for c in m.conclusions")
        f.par("Normal", self._conclusion("{{ doc.extra.headings.conclusion_marks[loop.index0] }}"))
        f.tag("endfor")

        f.tag("if m.assigned")
        f.par(h3, "{{ doc.extra.headings.assigned }}", after=4)
        self._assigned_table()
        f.tag("endif")

        f.par("Normal", "{{ doc.extra.end }}{{ doc.end_mark }}", before=8,
              keep_next=True)  # the last words stay on the page of the signatures

    @staticmethod
    def _sessions(f: Flow) -> None:
        """The next and the previous session's sentences no speech says (minutes.html)."""
        f.tag("for t in doc.extra.context")
        f.par("Normal", "{{ t }}")
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
        Flow(data[2]).par("BG Table", "{{ c.lead_cell }}")
        Flow(data[3]).par("BG Table", "{{ c.deadline or L.no_deadline }}")
        row_flag(table, 2, "w:cantSplit")
        Flow(table.rows[3].cells[0]).par("BG Table", "{%tr endfor %}")

    def close_cells(self, body: Flow, left: Flow, right: Flow) -> None:
        """minutes.html: the two signatures side by side, the recipients under them."""
        self._signature(left, "doc.signatures[0]")
        self._signature(right, "doc.signatures[1]")
        # The recipients under the signatures, at the left margin, in the row that cannot
        # split: Word and LibreOffice keep them on the signatures' page (the CSS's
        # break-before: avoid), which a paragraph after the table would not be.
        self._recipients(left, before=self.space.recipients_after_pt)
