"""Writing paragraphs and tables: runs (:class:`R`), a :class:`Flow` of paragraphs into the body
or a cell, fixed-layout tables and their row flags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.shared import Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from tools.docx_templates.xml import border, set_child, twips


# -- writing paragraphs -----------------------------------------------------------------------
@dataclass(frozen=True)
class R:
    """One run: its text (whole Jinja tags only) and its direct formatting."""

    text: str
    pt: float | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False


class Flow:
    """Appends paragraphs to the document body or to a table cell, in order."""

    def __init__(self, container: DocxDocument | _Cell) -> None:
        self.container = container
        # A new cell already holds one empty paragraph: the first write fills it.
        self.fresh: Paragraph | None = container.paragraphs[0] if isinstance(container, _Cell) else None

    def par(self, style: str, *runs: R | str, before: float | None = None,
            after: float | None = None, keep_next: bool = False) -> Paragraph:
        if self.fresh is not None:
            paragraph, self.fresh = self.fresh, None
            paragraph.style = style
        else:
            paragraph = self.container.add_paragraph(style=style)
        fmt = paragraph.paragraph_format
        if before is not None:
            fmt.space_before = Pt(before)
        if after is not None:
            fmt.space_after = Pt(after)
        if keep_next:
            fmt.keep_with_next = True
        for item in runs:
            r = R(item) if isinstance(item, str) else item
            run = paragraph.add_run(r.text)
            if r.pt is not None:
                run.font.size = Pt(r.pt)
                set_child(run._r.get_or_add_rPr(), "w:szCs", val=str(round(r.pt * 2)))
            run.bold = r.bold or None
            run.italic = r.italic or None
            run.underline = r.underline or None
        return paragraph

    def tag(self, statement: str) -> None:
        """A paragraph that docxtpl replaces by the Jinja statement ``{% statement %}``."""
        self.par("Normal", "{%p " + statement + " %}")

    def rule(self, indent: Length, after: float, pt: float, gap: float) -> None:
        """A short centred solid line ``pt`` wide, ``gap`` under the text above it: an empty,
        very low paragraph with a top border."""
        paragraph = self.par("BG Rule", before=gap, after=after)
        paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.right_indent = indent
        ppr = paragraph._p.get_or_add_pPr()
        border(set_child(ppr, "w:pBdr"), "top", pt)
        set_child(set_child(ppr, "w:rPr"), "w:sz", val="2")  # the empty line's own height: 1 pt


# -- tables -----------------------------------------------------------------------------------
def make_table(doc: DocxDocument, widths: Iterable[Length], *, grid: float | None, rows: int = 1,
               cell_margin_pt: tuple[float, float] = (0, 0)) -> Table:
    """A fixed-layout table whose grid and cells carry explicit widths (LibreOffice reads the
    grid, Word the cells), ruled ``grid`` points wide, or borderless for None."""
    widths = list(widths)
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid" if grid is not None else "Normal Table"]
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    set_child(tbl_pr, "w:tblW", w=twips(Length(sum(widths))), type="dxa")
    set_child(tbl_pr, "w:tblLayout", type="fixed")
    borders = set_child(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border(borders, side, grid)
    vertical, horizontal = cell_margin_pt
    margins = set_child(tbl_pr, "w:tblCellMar")
    for side, value in (("top", vertical), ("left", horizontal), ("bottom", vertical),
                        ("right", horizontal)):
        set_child(margins, f"w:{side}", w=twips(Pt(value)), type="dxa")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


def row_flag(table: Table, row: int, tag: str) -> None:
    """Set a row property such as ``w:tblHeader`` (repeat on each page) or ``w:cantSplit``."""
    tr_pr = table.rows[row]._tr.get_or_add_trPr()
    set_child(tr_pr, tag)

