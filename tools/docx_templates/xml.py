"""Low-level OOXML helpers of the Word template builder: children in schema order, fonts,
borders, complex fields, and the clean-up of python-docx's starting document."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.text.paragraph import Paragraph

_W = qn("w:x")[:-1]  # "{namespace}" of the w: prefix
# Child order the OOXML schema requires (Word rejects a file that breaks it; LibreOffice does
# not care), for the parents this script adds children to; the subsets are enough.
_ORDER = {
    "w:rPr": ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
              "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
              "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout"),
    "w:pPr": ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
              "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
              "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid "
              "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
              "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"),
    "w:tblPr": ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
                "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"),
    "w:trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader",
    "w:settings": ("writeProtection view zoom removePersonalInformation proofState "
                   "attachedTemplate documentProtection defaultTabStop characterSpacingControl "
                   "savePreviewPicture updateFields hdrShapeDefaults footnotePr endnotePr compat "
                   "docVars rsids"),
}


def set_child(el: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    """The child ``tag`` of ``el`` (created in schema order if missing) with ``attrs`` set."""
    child = el.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = [qn(f"w:{name}") for name in _ORDER.get(el.tag.replace(_W, "w:"), "").split()]
        later = order[order.index(qn(tag)) + 1:] if qn(tag) in order else []
        successor = next((c for c in el if c.tag in later), None)
        if successor is not None:
            successor.addprevious(child)
        else:
            el.append(child)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    return child


def set_fonts(rpr: BaseOxmlElement, font: str) -> None:
    """``font`` for every script, and no theme font that would override it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), font)


def twips(length: Length) -> str:
    """A length in twentieths of a point, as OOXML writes widths."""
    return str(round(length.twips))


def border(parent: BaseOxmlElement, side: str, pt: float | None) -> None:
    """A solid border ``pt`` wide (Word counts eighths of a point), or none for None."""
    if pt is not None:
        set_child(parent, f"w:{side}", val="single", sz=str(round(pt * 8)), space="0", color="000000")
    else:
        set_child(parent, f"w:{side}", val="nil")



#: Where one style names another: it is based on it, followed by it, or linked to it.
_STYLE_LINKS = ("w:basedOn", "w:next", "w:link")
#: Where document content names a style.
_STYLE_USES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")


def slim(doc: DocxDocument) -> None:
    """Leave out what python-docx's starting document carries and no template uses: some 160
    table and list styles (340 KB of styles.xml) and Word 2010's copy of them,
    stylesWithEffects.xml (440 KB), which Word 2013 and later, and LibreOffice, do not read.
    Every document filled from a template parsed, rewrote and compressed both, for files a
    twentieth of the size. Word's built-in styles stay offered in Word, from its latent
    styles; the styles kept are those the parts name, the defaults, and those they name."""
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)
    styles = doc.styles.element
    named = {qn(tag) for tag in _STYLE_USES}
    used = {el.get(qn("w:val")) for each in part.package.iter_parts()
            if hasattr(each, "element") and each.element is not styles
            for el in each.element.iter(*named)}
    by_id = {el.get(qn("w:styleId")): el for el in styles.iter(qn("w:style"))}
    keep = {sid for sid, el in by_id.items() if el.get(qn("w:default")) in ("1", "true")}
    todo = [sid for sid in used if sid in by_id]
    while todo:
        sid = todo.pop()
        if sid in keep:
            continue
        keep.add(sid)
        todo += [el.get(qn("w:val")) for tag in _STYLE_LINKS
                 for el in by_id[sid].iter(qn(tag))]
    for sid, el in by_id.items():
        if sid not in keep:
            styles.remove(el)


def add_field(paragraph: Paragraph, instruction: str, shown_text: str, size: str | None = None) -> None:
    """A complex field (begin, instruction, separate, shown result, end), one element a run,
    so Word computes it (PAGE, TOC) while the template shows ``shown_text`` until then."""

    def run(child: BaseOxmlElement) -> None:
        r = OxmlElement("w:r")
        if size:
            rpr = OxmlElement("w:rPr")
            set_child(rpr, "w:sz", val=size)
            set_child(rpr, "w:szCs", val=size)
            r.append(rpr)
        r.append(child)
        paragraph._p.append(r)

    def char(kind: str) -> BaseOxmlElement:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = instruction
    shown = OxmlElement("w:t")
    shown.text = shown_text
    for child in (char("begin"), instr, char("separate"), shown, char("end")):
        run(child)

