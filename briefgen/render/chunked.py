"""Long tables printed in parts, so memory stays flat however long the register grows.

WeasyPrint keeps every page's layout until the PDF is written: a 4,400-task report peaked at
660 MiB. A document whose longest table body has more than :data:`PART_ROWS` rows is laid out
in parts instead: the content before the table and its first rows, then the next rows, …, then
the last rows and everything after; each part is written to PDF and freed before the next is
laid out, and the parts are joined with pikepdf.

The pages are the very pages of a one-piece render whose long rows are never split across
pages (they are kept whole, so that every page opens with a whole row). A part that is not the
last is laid out past the page it keeps: its last page (usually part-filled) is dropped and the
next part starts with the row that opened that page, on a fresh page showing the table's header row, as the
page did. Rows split across pages are never cut there: a part ends only before a page whose
first row begins on it. Later parts open with one or two blank pages (then dropped) so that
``@page :first`` rules stay on the document's first page and left/right pages keep their
parity, and the page counter is set so that numbers continue.

Only what joins safely is split: no links inside the document (a table of contents), no
annexes to bind, no archival (tagged) PDF, no inline SVG; anything else renders in one piece.
"""

from __future__ import annotations

import gc
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefgen.render.weasy import PT_PER_PX, page_box

#: Rows of long tables per part: some twenty pages, whose layout memory stays modest
#: (bench/FIGURES.md).
PART_ROWS = 300
#: A table body of more rows than this is long: parts may end inside it.
LONG_ROWS = PART_ROWS // 4
#: Split only documents with more long rows than this (a little over one part gains nothing).
SPLIT_ABOVE = PART_ROWS * 3 // 2
ROW_NUMBER = "data-briefgen-row"  # set on each long row while it is split, never printed
TABLE_HEAD = ("colgroup", "col", "thead", "tfoot")  # repeated wherever a table continues
#: Whole rows on every page: a page opening with half a row could not open a part. A rule,
#: not a style attribute on each row: WeasyPrint shares computed styles only between elements
#: without one, and an attribute on every row made each row's and cell's style and text
#: layout its own (markedly more layout time: bench/FIGURES.md).
WHOLE_ROWS = f"tr[{ROW_NUMBER}] {{ break-inside: avoid !important }}"


@dataclass(frozen=True)
class Part:
    """One part laid out: the PDF of its kept pages and what the join needs from it (not
    the pages themselves: their layout is what must be freed)."""

    pdf: bytes
    pages: int  # pages kept
    marks: list[tuple[int, str, int, float]]  # bookmarks: level, label, page in part, top (pt)
    found: list[Any]  # what ``inspect`` found on the kept pages


def splittable(html: str, has_annexes: bool, archival: bool) -> bool:
    """Cheap checks on the HTML text before any parsing."""
    return not has_annexes and not archival and 'href="#' not in html \
        and "target-counter" not in html and "<svg" not in html \
        and html.count("<tr") > SPLIT_ABOVE


@dataclass
class Rows:
    """The long table bodies of a parsed document, their rows numbered through the document."""

    root: ET.Element
    bodies: dict[int, int]  # id(tbody) -> number of its first row
    rows: list[ET.Element]
    holders: set[int]  # ids of the elements that hold a long body (its ancestors)

    @property
    def starts(self) -> set[int]:
        return set(self.bodies.values())


def long_rows(root: ET.Element) -> Rows | None:
    """Every long table body (only ``tr`` children, more than :data:`LONG_ROWS`), if their
    rows together are many enough to split."""
    found = Rows(root, {}, [], set())

    def walk(element: ET.Element, path: list[ET.Element]) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue  # comments
            if child.tag == "tbody" and len(child) > LONG_ROWS \
                    and all(row.tag == "tr" for row in child):
                found.bodies[id(child)] = len(found.rows)
                for row in child:  # the part's document is parsed anew: rows go by number
                    row.set(ROW_NUMBER, str(len(found.rows)))
                    found.rows.append(row)
                found.holders.update(id(e) for e in [*path, element])
            else:
                walk(child, [*path, element])

    walk(root, [])
    return found if len(found.rows) > SPLIT_ABOVE else None


def _add_style(element: ET.Element, declaration: str) -> None:
    element.set("style", f"{element.get('style', '')}; {declaration}".lstrip("; "))


def _copy(element: ET.Element, children: list[ET.Element]) -> ET.Element:
    new = ET.Element(element.tag, dict(element.attrib))
    new.text, new.tail = element.text, element.tail
    new.extend(children)
    return new


def part_tree(found: Rows, start: int, end: int, *, blank_pages: int, first_number: int
              ) -> ET.Element:
    """The document of long rows ``start`` to ``end`` (exclusive; past the last row, what
    follows it too): everything else goes with the part holding the row that follows it."""
    position = 0  # long rows before the point the walk has reached

    def build(element: ET.Element) -> ET.Element | None:
        nonlocal position
        if id(element) in found.bodies:
            first = found.bodies[id(element)]
            position = first + len(element)
            chosen = found.rows[max(start, first):min(end, position)]
            return _copy(element, chosen) if chosen else None
        if id(element) not in found.holders:
            # The last part's end lies past the last row: what follows it goes there.
            return element if start <= position < end or element.tag == "head" else None
        kids: list[ET.Element] = []
        content = continued = False
        for child in element:
            if isinstance(child.tag, str) and child.tag in TABLE_HEAD:
                kids.append(child)  # a table's header goes wherever its rows go
                continue
            before = position
            made = build(child)
            if made is not None:
                kids.append(made)
                content = True
                continued = continued or (id(child) in found.bodies and before < start)
        if not content:
            return None
        node = _copy(element, kids)
        if continued:  # a table running on from the part before: its top margin was spent
            _add_style(node, "margin-top: 0")
        return node

    root = build(found.root)
    assert root is not None
    rules = WHOLE_ROWS
    if start > 0:
        body = root.find("body")
        if body is not None:
            for _ in range(blank_pages):
                body.insert(0, ET.Element("div", {"style": "break-after: page"}))
        rules += f"\n@page :first {{ counter-reset: page {first_number - blank_pages} }}"
    head = root.find("head")
    if head is not None:
        style = ET.Element("style")
        style.text = rules
        root.remove(head)
        root.insert(0, _copy(head, [*head, style]))
    return root


def serialise(root: ET.Element) -> str:
    return "<!DOCTYPE html>\n" + ET.tostring(root, encoding="unicode", method="html")


def cut(pages: list[Any], found: Rows, skip: int) -> tuple[int, int] | None:
    """Where a part that is not the last ends: (pages to keep after the ``skip`` blank ones,
    the row the next part starts with), before the last page that opens with a row running
    on from the page before it in its table, the row beginning on that page."""
    starts = found.starts
    firsts: list[tuple[int, bool]] = []  # per page: its first long row, and is it whole there
    seen: set[int] = set()
    for page in pages[skip:]:
        on_page = [int(box.element.get(ROW_NUMBER)) for box in page_box(page).descendants()
                   if type(box).__name__ == "TableRowBox" and box.element is not None
                   and box.element.get(ROW_NUMBER) is not None]
        if on_page:
            firsts.append((on_page[0], on_page[0] not in seen and on_page[0] not in starts))
            seen.update(on_page)
        else:
            firsts.append((-1, False))
    for index in range(len(firsts) - 1, 0, -1):
        row, fresh = firsts[index]
        if fresh:
            return index, row
    return None


def render_parts(parse: Callable[[str], Any], found: Rows, write: Callable[[Any], bytes],
                 inspect: Callable[[list[Any]], list[Any]]) -> list[Part]:
    """Lay out and write the document part by part; ``parse`` makes a WeasyPrint document
    from HTML text, ``write`` the PDF bytes of a document (of chosen pages), ``inspect``
    reads what the join needs from the kept pages (signature blocks)."""
    total = len(found.rows)
    parts: list[Part] = []
    start, page_count = 0, 0
    while True:
        last = total - start <= PART_ROWS * 5 // 4
        blanks = 0 if start == 0 else (1 if (page_count + 1) % 2 == 0 else 2)
        number = page_count + 1
        document = parse(serialise(part_tree(found, start, total + 1 if last else start + PART_ROWS,
                                             blank_pages=blanks, first_number=number)))
        found_cut = None if last else cut(document.pages, found, blanks)
        if found_cut is None and not last:  # no page to end on: take the rest in one piece
            last = True
            document = parse(serialise(part_tree(found, start, total + 1, blank_pages=blanks,
                                                 first_number=number)))
        keep = found_cut[0] if found_cut else len(document.pages) - blanks
        kept = document.pages[blanks:blanks + keep]
        marks = [(level, label, number, round((page.height - y) * PT_PER_PX, 2))
                 for number, page in enumerate(kept)
                 for level, label, (_x, y), _state in page.bookmarks]
        parts.append(Part(write(document.copy(kept)), len(kept), marks, inspect(kept)))
        del document, kept
        gc.collect()  # a part's layout is full of cycles: free it before the next is laid out
        if last or found_cut is None:
            return parts
        page_count += keep
        start = found_cut[1]


def join(parts: list[Part], info: dict[str, str]) -> bytes:
    """One PDF of the parts' pages, its outline rebuilt from every part's bookmarks (levels
    and positions as WeasyPrint gives them), the first part's metadata kept, ``info`` added
    to the document information."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(parts[0].pdf))
    for part in parts[1:]:
        pdf.pages.extend(pikepdf.open(io.BytesIO(part.pdf)).pages)
    _outline(pdf, [(level, label, offset + number, top)
                   for part, offset in zip(parts, page_offsets(parts), strict=True)
                   for level, label, number, top in part.marks])
    for key, value in info.items():
        pdf.docinfo[pikepdf.Name("/" + key)] = value
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def page_offsets(parts: list[Part]) -> list[int]:
    """The number of pages before each part."""
    offsets, count = [], 0
    for part in parts:
        offsets.append(count)
        count += part.pages
    return offsets


def _outline(pdf: Any, marks: list[tuple[int, str, int, float]]) -> None:
    from pikepdf import OutlineItem, PageLocation

    with pdf.open_outline() as outline:
        outline.root.clear()
        stack: list[tuple[int, list[Any]]] = [(0, outline.root)]
        for level, label, number, top in marks:
            while stack[-1][0] >= level:
                stack.pop()
            item = OutlineItem(label, number, PageLocation.XYZ, left=0, top=top)
            stack[-1][1].append(item)
            stack.append((level, item.children))
