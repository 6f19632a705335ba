"""DOCX from Word templates (templates/docx/<regime>/<doc>.docx) filled by docxtpl
(:mod:`briefgen.render.docx_fill`, imported only when a DOCX is made).

The output is normalised so the same input gives the same bytes: zip entries get a fixed
timestamp, and the core properties get the document's own date instead of "now".
"""

from __future__ import annotations

import io
import zipfile

from briefgen.assets import TemplateSet
from briefgen.render.base import Renderer
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView

_EPOCH = (1980, 1, 1, 0, 0, 0)


def docx_template_path(doc: DocView, templates: TemplateSet = TemplateSet()) -> str:
    return str(templates.find(f"docx/{doc.regime}/{doc.kind}.docx"))


class DocxRenderer(Renderer):
    name = "docx"
    out_suffix = ".docx"

    def warm_up(self) -> None:
        import briefgen.render.docx_fill  # noqa: F401  docxtpl, python-docx, lxml

    def render(self, mv: MeetingView, doc: DocView) -> bytes:
        from briefgen.render.docx_fill import fill

        return normalise_zip(fill(docx_template_path(doc, self.templates),
                                  self.context(mv, doc), doc))


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and order, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
