"""PDF printed by WeasyPrint from the HTML template (A4, profile margins, fonts embedded).

A pack's annexes (PDFs units submitted) are bound onto blank pages the template reserves for
them, so the table of contents, bookmarks and page numbers already count their pages.
"""

from __future__ import annotations

import io
from typing import Any

from briefgen.render.base import Renderer
from briefgen.render.html import render_html
from briefgen.view.build import MeetingView
from briefgen.view.model import AnnexView, DocView, PackView


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
        document = HTML(string=html, base_url=None, url_fetcher=refuse_urls).render()
        pdf = document.write_pdf()
        assert pdf is not None
        annexes = doc.extra.annexes if isinstance(doc.extra, PackView) else []
        if not annexes:
            return bytes(pdf)
        starts = {anchor: i for i, page in enumerate(document.pages) for anchor in page.anchors}
        return bind_annexes(bytes(pdf), [(a, starts[a.anchor]) for a in annexes])


def bind_annexes(pdf: bytes, annexes: list[tuple[AnnexView, int]]) -> bytes:
    """Draw each annex page onto its reserved page and give each annex a bookmark."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for annex, start in annexes:
        source = PdfReader(annex.path)
        for offset, page in enumerate(source.pages):
            target = writer.pages[start + offset]
            target.merge_transformed_page(page, _fit(page, target))
        writer.add_outline_item(title=annex.title, page_number=start)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _fit(page: Any, target: Any) -> Any:
    """Scale a page of any size into the A4 page, centred, never enlarged."""
    from pypdf import Transformation

    w, h = float(page.mediabox.width), float(page.mediabox.height)
    tw, th = float(target.mediabox.width), float(target.mediabox.height)
    scale = min(tw / w, th / h, 1.0)
    dx = (tw - w * scale) / 2 - float(page.mediabox.left) * scale
    dy = (th - h * scale) / 2 - float(page.mediabox.bottom) * scale
    return Transformation().scale(scale, scale).translate(dx, dy)
