"""One renderer per output format, all over the same view (as Sphinx has one builder each)."""

from __future__ import annotations

from briefgen.render.base import Renderer
from briefgen.render.docx import DocxRenderer
from briefgen.render.html import HtmlRenderer
from briefgen.render.pdf import PdfRenderer

RENDERERS: dict[str, type[Renderer]] = {
    r.name: r for r in (DocxRenderer, PdfRenderer, HtmlRenderer)
}
FORMATS = tuple(RENDERERS)

__all__ = ["FORMATS", "RENDERERS", "Renderer"]
