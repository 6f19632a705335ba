"""A request letter's Word template (templates/html/request.html)."""

from __future__ import annotations

from tools.docx_templates.flow import Flow
from tools.docx_templates.pieces import Pieces


class RequestTemplate(Pieces):
    """A request letter to one unit."""

    kind = "request"

    def content(self) -> None:
        """templates/html/request.html, block content."""
        f = Flow(self.doc)
        f.par("Normal", "{{ doc.extra.opening }}")
        f.par("Normal", "{{ doc.extra.asks_intro }}")
        f.tag("for line in doc.extra.asks")
        f.par("BG List", "- {{ line }}")
        f.tag("endfor")
        f.par("Normal", "{{ doc.extra.form }}")
        f.par("Normal", "{{ doc.extra.form_file }}")
        self._task_table("doc.extra.tasks", keep_last=True)  # kept with the closing words
        f.par("Normal", "{{ doc.extra.close }}{{ doc.end_mark }}",
              keep_next=True)  # the last words stay on the page of the signature
