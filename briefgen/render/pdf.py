"""PDF printed by WeasyPrint from the HTML template (A4, profile margins, fonts embedded)."""

from __future__ import annotations

from briefgen.render.base import Renderer
from briefgen.render.html import render_html
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView


def refuse_urls(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """Templates print with what they inline; WeasyPrint may fetch nothing at all."""
    raise ValueError(f"briefgen templates may not load {url!r}")


class PdfRenderer(Renderer):
    name = "pdf"
    out_suffix = ".pdf"

    def render(self, mv: MeetingView, doc: DocView) -> bytes:
        # Imported here: loading WeasyPrint and Pango costs about a second, which commands
        # that print no PDF should not pay.
        from weasyprint import HTML

        html = render_html(mv, doc, self.templates)
        pdf = HTML(string=html, base_url=None, url_fetcher=refuse_urls).write_pdf()
        assert pdf is not None
        return bytes(pdf)
