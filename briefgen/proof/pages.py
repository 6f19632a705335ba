"""A PDF read as a reader sees it: per page, its words with their boxes and fonts, grouped
into lines and, within a line, into segments (the columns of a header or a signature row),
its images and its ruled tables. Read with pdfplumber (pdfminer.six)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Words whose tops differ by less than this many points sit on one line.
SAME_LINE_PT = 3.0
#: A horizontal gap wider than this many points between two words of one line starts a new
#: segment (two columns side by side), where a space between words is some 3–5 points.
COLUMN_GAP_PT = 18.0


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool


@dataclass
class Segment:
    """Words of one line that belong together (one column)."""

    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)

    @property
    def caps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)


@dataclass
class Line:
    segments: list[Segment]

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def text(self) -> str:
        return "   ".join(s.text for s in self.segments)

    @property
    def x0(self) -> float:
        return self.segments[0].x0


@dataclass
class Table:
    """A ruled table on one page: its rows, each a list of cell texts ('' for an empty cell);
    and where its columns' rules stand, left to right."""

    top: float
    bottom: float
    rows: list[list[str]]
    edges: list[float] = field(default_factory=list)

    def cell(self, x: float) -> tuple[float, float] | None:
        """The left and right rules of the column holding ``x``."""
        return next(((a, b) for a, b in zip(self.edges, self.edges[1:], strict=False)
                     if a <= x < b), None)


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # The header names printed on the lines the clerk gave, as the PDF records them.
    header_lines: tuple[tuple[str, ...], ...] = ()

    @property
    def words(self) -> list[Word]:
        return [w for ln in self.lines for s in ln.segments for w in s.words]


def read_pdf(path: Path | bytes, tables: bool = True) -> list[Page]:
    """Every page of the PDF at ``path`` (or of these bytes: a document laid out in memory)."""
    import io

    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(path) if isinstance(path, bytes) else path) as pdf:
        given = given_lines(pdf.metadata or {})
        for page in pdf.pages:
            raw = page.extract_words(extra_attrs=["fontname", "size"], use_text_flow=False)
            words = [_word(w) for w in raw]
            images = [(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"]))
                      for i in page.images]
            found = _tables(page) if tables else []
            pages.append(Page(page.page_number, float(page.width), float(page.height),
                              group_lines(words), images, found, given))
    return pages


#: The PDF's record of the header lines the clerk gave (briefgen.render.pdf.HEADER_LINES,
#: spelt again here: the proof does not import the renderers).
HEADER_LINES = "BriefgenHeaderLines"


def recorded_lines(path: Path) -> tuple[tuple[str, ...], ...]:
    """The header lines the PDF at ``path`` records (none where it records none)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return given_lines(pdf.metadata or {})


def given_lines(info: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    """The header names printed on given lines, from the PDF's document information."""
    raw = info.get(HEADER_LINES)
    try:
        names = json.loads(raw) if isinstance(raw, (str, bytes)) else []
    except ValueError:
        return ()
    return tuple(tuple(unicodedata.normalize("NFC", str(line)) for line in name)
                 for name in names if isinstance(name, list))


def _word(w: dict[str, Any]) -> Word:
    font = str(w["fontname"]).lower()
    return Word(unicodedata.normalize("NFC", str(w["text"])), float(w["x0"]), float(w["x1"]),
                float(w["top"]), float(w["bottom"]), round(float(w["size"]), 1),
                "bold" in font, "italic" in font or "oblique" in font)


def _tables(page: Any) -> list[Table]:
    out = []
    for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        rows = [[" ".join((c or "").split()) for c in row] for row in t.extract()]
        if rows and len(rows[0]) > 1:
            edges = sorted({round(float(c[0]), 1) for c in t.cells} | {round(float(t.bbox[2]), 1)})
            out.append(Table(float(t.bbox[1]), float(t.bbox[3]), rows, edges))
    return out


def group_lines(words: list[Word]) -> list[Line]:
    """Words into lines (by their tops) and each line into segments (by wide gaps)."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - w.top) < SAME_LINE_PT:
            lines[-1].append(w)
        else:
            lines.append([w])
    out = []
    for ws in lines:
        ws.sort(key=lambda w: w.x0)
        segments = [Segment([ws[0]])]
        for w in ws[1:]:
            if w.x0 - segments[-1].x1 > COLUMN_GAP_PT:
                segments.append(Segment([w]))
            else:
                segments[-1].words.append(w)
        out.append(Line(segments))
    return out
