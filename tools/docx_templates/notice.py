"""The conclusion notice's Word template (templates/html/notice.html)."""

from __future__ import annotations

from tools.docx_templates.flow import Flow
from tools.docx_templates.pieces import Pieces


class NoticeTemplate(Pieces):
    """The conclusion notice."""

    kind = "notice"

    def content(self) -> None:
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
