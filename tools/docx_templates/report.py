"""The task report's Word template (templates/html/report.html)."""

from __future__ import annotations

from tools.docx_templates.flow import Flow
from tools.docx_templates.pieces import Pieces


class ReportTemplate(Pieces):
    """The task report, for the meeting or one unit."""

    kind = "report"

    def content(self) -> None:
        """templates/html/report.html, block content (no chart, as in the HTML); the headings come
        numbered from the view (briefgen/kinds/report.py OUTLINE)."""
        f = Flow(self.doc)
        h2 = "BG Heading 2"
        f.par("Normal", "{{ doc.extra.intro }}")
        f.par(h2, "{{ doc.extra.headings.by_status }}")
        self._status_table("doc.extra.register")
        f.tag("if doc.extra.register.progress_text")
        f.par("Normal", "{{ doc.extra.register.progress_text }}")
        f.tag("endif")
        f.par(h2, "{{ doc.extra.headings.by_unit }}")
        self._unit_table()
        f.par(h2, "{{ doc.extra.headings.overdue }}")
        f.tag("if doc.extra.overdue")
        self._numbered_table("doc.extra.overdue")
        f.tag("elif not doc.extra.overdue_note")
        f.par("Normal", "{{ L.pack_none }}")
        f.tag("endif")
        f.tag("if doc.extra.overdue_note")
        f.par("Normal", "{{ doc.extra.overdue_note }}")
        f.tag("endif")
        f.par(h2, "{{ doc.extra.headings.register }}")
        self._numbered_table("doc.extra.register.tasks", keep_last=True)  # with the closing words
        r, c = "doc.extra.responses", "doc.extra.changes"
        f.tag(f"if {r}")
        f.par(h2, "{{ doc.extra.headings.responses }}")
        self._responses(f, r, "BG Heading 3")
        f.tag("endif")
        f.tag(f"if {c}")
        f.par(h2, "{{ doc.extra.headings.changes }}")
        self._changes(f, c, "BG Heading 3")
        f.tag("endif")
        f.par("BG Flush", '{{ doc.end_mark if doc.end_mark != "." else "" }}', keep_next=True)
