"""An invitation's Word template (templates/html/invitation.html)."""

from __future__ import annotations

from tools.docx_templates.flow import Flow
from tools.docx_templates.pieces import Pieces


class InvitationTemplate(Pieces):
    """An invitation to one connection point."""

    kind = "invitation"

    def content(self) -> None:
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
