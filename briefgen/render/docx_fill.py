"""Filling a Word template with docxtpl: the parts of DOCX rendering that need docxtpl,
python-docx and lxml, imported only when a DOCX is made (a batch's parent renders none)."""

from __future__ import annotations

import io
import re
from functools import lru_cache

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from briefgen.errors import Problem
from briefgen.render.errors import TemplateFault, template_errors
from briefgen.render.jinja import docx_environment
from briefgen.view import vi
from briefgen.view.model import DocView

# No entities (nothing a template writes may pull in a file), no recovery, and libxml2's
# default limits: a text node over 10 MB is an error, not silently cut.
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class StrictTemplate(DocxTemplate):  # type: ignore[misc]
    """A Word template whose filled body must be well-formed XML.

    docxtpl parses the filled body with lxml's *recovering* parser, which drops what it cannot
    read without a word: a field over 10 MB once left 2 paragraphs of 78 and no page setup.
    The body is parsed strictly first, and a parse that would lose content is refused.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path

    def patch_xml(self, src_xml: str) -> str:
        """docxtpl cleans each part's XML for Jinja with regular expressions on every render, a
        large share of a DOCX's time (bench/FIGURES.md); the result depends on the source
        alone, so it is done once per source."""
        return _patched(src_xml)

    def fix_tables(self, xml: str) -> object:
        xml = _hyphens_joined(xml)
        try:
            etree.fromstring(xml, _STRICT)
        except etree.XMLSyntaxError as exc:
            line, column = exc.position
            raise TemplateFault([Problem(self.path, 1, 1, "", (
                f"the filled Word document is not well-formed XML (word/document.xml, line "
                f"{line}, column {column}: {exc.msg}); content would be lost, so nothing was "
                "written. Libraries allow at most 10,000,000 characters in one run of text; a "
                "template must not write raw XML"))], exc, self.path) from None
        return super().fix_tables(xml)


#: A run's text in the filled body.
_TEXT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
#: Word's own non-breaking hyphen, between two pieces of a run's text.
_NO_BREAK_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def _hyphens_joined(xml: str) -> str:
    """The body's text with each hyphen inside a word ("các-bon", "01-BB") made Word's
    non-breaking hyphen (w:noBreakHyphen; readers read it as "-"), as the PDF joins it
    (:func:`briefgen.view.vi.join_hyphens`): Word breaks a line there otherwise."""
    return _TEXT.sub(lambda m: m[1] + _NO_BREAK_HYPHEN.join(vi.INNER_HYPHEN.split(m[2]))
                     + m[3], xml)


@lru_cache(maxsize=64)
def _patched(src_xml: str) -> str:
    return DocxTemplate.patch_xml(None, src_xml)  # uses nothing of the instance


_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_EMU_PER_MM = 36_000


class AnchoredImage(InlineImage):  # type: ignore[misc]
    """An image floating over the text, placed from the character where it is anchored: a
    seal over the left third of the signature that follows it. docxtpl draws inline images
    only; this turns its ``wp:inline`` into a ``wp:anchor`` around the same picture."""

    def __init__(self, tpl: DocxTemplate, path: str, width_mm: float, height_mm: float,
                 left_mm: float, top_mm: float) -> None:
        super().__init__(tpl, path, width=Mm(width_mm), height=Mm(height_mm))
        self.left, self.top = round(left_mm * _EMU_PER_MM), round(top_mm * _EMU_PER_MM)

    def _insert_image(self) -> str:
        inline = etree.fromstring(self.tpl.current_rendering_part.new_pic_inline(
            self.image_descriptor, self.width, self.height).xml)
        anchor = etree.Element(f"{{{_WP}}}anchor", nsmap=inline.nsmap, attrib={
            "distT": "0", "distB": "0", "distL": "0", "distR": "0", "simplePos": "0",
            "relativeHeight": "251659264", "behindDoc": "0", "locked": "1",
            "layoutInCell": "1", "allowOverlap": "1"})
        etree.SubElement(anchor, f"{{{_WP}}}simplePos", x="0", y="0")
        for axis, relative, offset in (("H", "character", self.left),
                                       ("V", "paragraph", self.top)):
            position = etree.SubElement(anchor, f"{{{_WP}}}position{axis}",
                                        relativeFrom=relative)
            etree.SubElement(position, f"{{{_WP}}}posOffset").text = str(offset)
        children = list(inline)
        anchor.append(children[0])  # wp:extent
        etree.SubElement(anchor, f"{{{_WP}}}effectExtent", l="0", t="0", r="0", b="0")
        etree.SubElement(anchor, f"{{{_WP}}}wrapNone")
        for child in children[1:]:  # docPr, cNvGraphicFramePr, graphic
            if child.tag != f"{{{_WP}}}effectExtent":
                anchor.append(child)
        xml = etree.tostring(anchor, encoding="unicode")
        return f'</w:t></w:r><w:r><w:drawing>{xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'


def sign_images(tpl: DocxTemplate, doc: DocView) -> dict[str, InlineImage]:
    """Each signature's images for the Word template, by the PNG's path: the signature
    inline, centred in its paragraph; the seal anchored just before it, over its left third."""
    found: dict[str, InlineImage] = {}
    for s in doc.signatures:
        below = s.seal_below_image_mm
        if s.image:
            padded = s.seal is not None and s.space_mm > s.image.height_mm
            found[s.image.path] = InlineImage(
                tpl, _padded(s.image.path, s.image.height_mm, s.space_mm, s.image_top_mm)
                if padded else s.image.path, width=Mm(s.image.width_mm),
                height=Mm(s.space_mm if padded else s.image.height_mm))
            if padded:  # the seal is placed from the top of the whole signing space
                below = s.seal_top_mm
        if s.seal:
            found[f"seal:{s.seal.path}"] = AnchoredImage(
                tpl, s.seal.path, s.seal.width_mm, s.seal.height_mm, s.seal_left_mm, below)
    return found


def _padded(path: str, height_mm: float, space_mm: float, top_mm: float) -> io.BytesIO:
    """The signature on a transparent canvas as tall as the signing space, at its place in
    it: Word's line then holds the seal whole, below the position line (proof.md,
    image-over-text), as the PDF's signing space does."""
    from PIL import Image

    with Image.open(path) as img:
        scale = img.height / height_mm
        canvas = Image.new("RGBA", (img.width, round(space_mm * scale)), (0, 0, 0, 0))
        canvas.paste(img.convert("RGBA"), (0, round(top_mm * scale)))
        out = io.BytesIO()
        canvas.save(out, "PNG", dpi=img.info.get("dpi", (300, 300)))
    out.seek(0)
    return out


def fill(path: str, context: dict[str, object], doc: DocView) -> bytes:
    """The Word template at ``path`` filled with ``context`` (plus the document's chart and
    signature images), as docxtpl saves it."""
    tpl = StrictTemplate(path)
    data = doc.chart
    if data is not None:
        from briefgen.render.chart import chart_png

        context["chart_image"] = InlineImage(tpl, io.BytesIO(chart_png(data)),
                                             width=Mm(data.width_mm))
    context["sign_images"] = sign_images(tpl, doc)
    with template_errors(path):
        tpl.render(context, docx_environment(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()
