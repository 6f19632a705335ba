"""Sections laid out once and printed onto every document that holds them.

A batch names the sections worth laying out apart (:func:`briefgen.render.sections.worth_apart`
over its documents: those whose copies add up to a long section, which a later run also reuses
when something else in their document changed). Each worker keeps a :class:`SectionStore`:
the sections it printed, and a folder the workers share, which outlives the run so that the
next one finds them.

A document is then laid out with each such section replaced by its placeholder (the hidden
mark and blank pages); the layout is checked, every placeholder on pages of its own, exactly
as many as the section has; and each section's pages are drawn onto its reserved pages. The
page numbers, the table of contents, the bookmarks and the links come from the document's own
layout, as before. Should anything not hold, the document is printed whole.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.publish import write_synced
from briefgen.render.sections import RESERVED, Section, Split
from briefgen.render.weasy import page_box

Parse = Callable[[str], Any]  # HTML text -> a laid-out WeasyPrint document


@dataclass(frozen=True)
class Printed:
    """A section laid out alone: its PDF (pages without margin content) and page count."""

    pdf: bytes
    pages: int


#: Where a batch keeps the sections it printed apart, in each generation of its outputs.
FOLDER = ".briefgen-sections"


class SectionStore:
    """The sections a worker printed apart (``wanted`` names those to print apart): kept in
    memory, written into ``folder`` (the new generation's, shared by the workers), and looked
    up there and in ``earlier`` (the current generation's, from the last run)."""

    def __init__(self, wanted: frozenset[str], folder: Path | None = None,
                 earlier: Path | None = None) -> None:
        self.wanted, self.folder, self.earlier = wanted, folder, earlier
        self._printed: dict[str, Printed | None] = {}  # None: did not lay out alone cleanly

    def get(self, key: str) -> Printed | None:
        if key not in self._printed:
            for folder in (self.folder, self.earlier):
                found = _read(folder, key) if folder is not None else None
                if found is not None:
                    self._printed[key] = found
                    break
        return self._printed.get(key)

    def put(self, key: str, printed: Printed | None) -> None:
        self._printed[key] = printed
        if printed is None or self.folder is None:
            return
        name = f"{key}.{hashlib.sha256(printed.pdf).hexdigest()[:16]}-{printed.pages}.pdf"
        try:  # a cache: a file it cannot write is laid out again next time, nothing is lost
            self.folder.mkdir(parents=True, exist_ok=True)
            write_synced(self.folder / name, printed.pdf)
        except OSError:
            return

    def failed(self, key: str) -> bool:
        return key in self._printed and self._printed[key] is None

    def carried(self) -> list[str]:
        """The files of the last run's sections this run wants and did not print anew: the
        new generation keeps them."""
        fresh = kept(self.folder)
        return [name for name in listed(self.earlier) if _key(name) in self.wanted - fresh]


def _read(folder: Path, key: str) -> Printed | None:
    """A kept section, unless its file is damaged (its name carries its bytes' hash)."""
    for path in sorted(folder.glob(f"{key}.*-*.pdf")):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest, _, pages = path.name.split(".")[1].partition("-")
        if hashlib.sha256(data).hexdigest()[:16] == digest and pages.isdigit():
            return Printed(data, int(pages))
    return None


def listed(folder: Path | None) -> list[str]:
    """The sections' files in a folder (none when there is no such folder)."""
    if folder is None:
        return []
    try:
        return sorted(p.name for p in folder.glob("*.pdf") if not p.name.startswith("."))
    except OSError:
        return []


def kept(folder: Path | None) -> set[str]:
    """The keys of the sections kept in a folder."""
    return {_key(name) for name in listed(folder)}


def _key(name: str) -> str:
    """A kept section's key, from its file name (``<key>.<bytes' hash>-<pages>.pdf``)."""
    return name.split(".")[0]


def print_alone(split: Split, section: Section, parse: Parse, write: Callable[[Any], bytes]
                ) -> Printed | None:
    """The section laid out as a document of its own, its blank lead page dropped and the
    page margins left empty (the document's own pages print them); None when it carries
    what its document's layout needs from it (a bookmark or anchor past its mark)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    document = parse(split.alone(section))
    kept = document.pages[1:]
    marks = [(number, mark) for number, page in enumerate(kept) for mark in page.bookmarks]
    if not kept or any(number for number, _ in marks) or len(marks) > 1 \
            or any(page.links for page in kept) or _has_content(document.pages[0]):
        return None
    for page in kept:
        box = page_box(page)
        box.children = [child for child in box.children if not isinstance(child, MarginBox)]
    return Printed(write(document.copy(kept)), len(kept))


def _has_content(page: Any) -> bool:
    """Whether a page holds anything in its page area (the lead page must be blank)."""
    from weasyprint.formatting_structure.boxes import MarginBox, TextBox

    return any(isinstance(box, TextBox) for child in page_box(page).children
               if not isinstance(child, MarginBox) for box in child.descendants())


@dataclass(frozen=True)
class Reused:
    """A document's own layout, with placeholders where sections printed apart go."""

    html: str
    printed: dict[int, Printed]  # placeholder number -> the section printed apart

    def expected(self) -> dict[int, int]:
        return {number: printed.pages for number, printed in self.printed.items()}


def prepare(keyed: Split, split: Split, store: SectionStore, parse: Parse,
            write: Callable[[Any], bytes]) -> Reused | None:
    """The document's HTML with each wanted section's placeholder, each section printed
    apart now or earlier; ``keyed`` is the same document as the batch counted it (its chart
    as data, not drawn), which gives the keys. None when no section is printed apart."""
    if len(keyed.sections) != len(split.sections):
        return None
    texts, printed = [], {}
    for number, (counted, section) in enumerate(zip(keyed.sections, split.sections,
                                                    strict=True)):
        done = None
        if counted.fit and counted.key in store.wanted and not store.failed(counted.key):
            done = store.get(counted.key)
            if done is None:
                done = print_alone(split, section, parse, write)
                store.put(counted.key, done)
        if done is None:
            texts.append(section.text)
        else:
            printed[number] = done
            texts.append(section.placeholder(done.pages, number))
    return Reused(split.joined(texts), printed) if printed else None


def placed(pages: list[Any], expected: dict[int, int]) -> dict[int, int] | None:
    """The first page of each placeholder (numbered as in :meth:`Section.placeholder`), when
    every one holds exactly its ``expected`` pages and nothing else is on them; else None."""
    from weasyprint.formatting_structure.boxes import MarginBox, TextBox

    def holders(box: Any, found: set[int], inside: bool) -> set[int]:
        """The placeholders a page box holds, and -1 for text printed outside them."""
        if isinstance(box, MarginBox):
            return found
        element = getattr(box, "element", None)
        mark = element.get(RESERVED) if element is not None else None
        if mark is not None:
            found.add(int(mark))
            inside = True
        elif not inside and isinstance(box, TextBox):
            found.add(-1)
        for child in getattr(box, "children", ()):
            holders(child, found, inside)
        return found

    on_pages = [holders(page_box(page), set(), False) for page in pages]
    firsts: dict[int, int] = {}
    for number, count in expected.items():
        on = [index for index, found in enumerate(on_pages) if number in found]
        if len(on) != count or on != list(range(on[0], on[0] + count)) \
                or any(on_pages[index] != {number} for index in on):
            return None
        firsts[number] = on[0]
    return firsts


def overlay(pdf: bytes, sections: list[tuple[Printed, int]]) -> bytes:
    """Draw each printed section's pages onto its reserved pages, from the first given."""
    import pikepdf
    from pikepdf import Name, Rectangle

    document = pikepdf.open(io.BytesIO(pdf))
    for printed, first in sections:
        source = pikepdf.open(io.BytesIO(printed.pdf))
        for offset, page in enumerate(source.pages):
            # As Page.add_overlay does, under a name of its own (add_overlay's is random:
            # equal inputs must give equal bytes; pages may share one resource dictionary).
            target = document.pages[first + offset]
            form = page.as_form_xobject()
            name = target.add_resource(form, Name.XObject,
                                       Name(f"/BriefgenPage{first + offset}"))
            drawn = target.calc_form_xobject_placement(form, name, Rectangle(target.trimbox))
            target.contents_add(b"q\n", prepend=True)
            target.contents_add(b"Q\n" + drawn)
            target.contents_coalesce()
    out = io.BytesIO()
    document.save(out, deterministic_id=True)
    return out.getvalue()
