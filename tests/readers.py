"""Reading generated files back with real readers: pdftotext, pypdf, python-docx."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import docx
import lxml.html


def squash(text: str) -> str:
    """NFC, one space for any run of whitespace: layout line breaks don't split facts."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]  # -raw: no de-hyphenation
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_flow(path: Path) -> str:
    """The text as it flows, pages joined without the page number each page after the first
    prints in its top margin (pdftotext puts it first or last in the page's text): a sentence
    running on to the next page reads whole."""
    pages = pdf_text(path).split("\f")
    return "\n".join(re.sub(r"\A\s*\d+\s*\n|\n\s*\d+\s*\Z", "\n", page) if i else page
                      for i, page in enumerate(pages))


def pdf_pages(path: Path) -> list[str]:
    """Text of each page (pdftotext splits pages with form feeds)."""
    return pdf_text(path).split("\f")[:-1]


def docx_text(path: Path) -> str:
    """Every paragraph of the body, the tables and the headers, in document order, as a reader
    sees it: Word's non-breaking hyphen (w:noBreakHyphen, inside a word) read as "-", and
    without the invisible word joiners (U+2060) that keep a hyphenated word on one line, which
    Word and LibreOffice draw as nothing and pdftotext drops."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    d = docx.Document(str(path))
    parts: list[str] = []
    for p in d.element.body.iter(f"{w}p"):
        # Text runs, and the breaks and tabs between them (a newline in the data is a <w:br/>).
        parts.append("".join(e.text or "" if e.tag == f"{w}t" else "\n" if e.tag in (
            f"{w}br", f"{w}cr") else "-" if e.tag == f"{w}noBreakHyphen" else "\t"
            for e in p.iter(f"{w}t", f"{w}br", f"{w}cr", f"{w}tab", f"{w}noBreakHyphen")))
    return "\n".join(parts).replace("\u2060", "")


def pdf_words(path: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax, word) for every word, from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = []
    page = 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>',
                      line)
        if m:
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            words.append((page, x0, y0, x1, y1, m.group(5)))
    return words


def pdf_cells(path: Path) -> str:
    """A PDF's text with each table cell's lines read together, one cell a line: words on a
    line split into runs where the gap is wider than a space, and a run continues the run
    starting at the same left edge one line above (the cell's next line). pdftotext reads
    wrapped cells side by side line by line, interleaving them."""
    lines: dict[tuple[int, float], list[tuple[float, float, str]]] = {}
    height: dict[tuple[int, float], float] = {}
    for page, x0, y0, x1, y1, word in pdf_words(path):
        lines.setdefault((page, round(y0, 1)), []).append((x0, x1, word))
        height[page, round(y0, 1)] = y1 - y0
    cells: list[list[str]] = []
    open_at: dict[tuple[int, float], tuple[float, int]] = {}  # (page, left) -> (y, cell)
    for (page, y), words in sorted(lines.items()):
        words.sort()
        runs: list[tuple[float, list[str]]] = []
        end = None
        for x0, x1, word in words:
            if end is None or x0 - end > 5:
                runs.append((x0, []))
            runs[-1][1].append(word)
            end = x1
        for left, run in runs:
            key = (page, round(left))
            above = open_at.get(key)
            if above is not None and 0 < y - above[0] < 1.3 * height[page, y]:  # next line
                cells[above[1]] += run
                open_at[key] = (y, above[1])
            else:
                cells.append(list(run))
                open_at[key] = (y, len(cells) - 1)
    return "\n".join(" ".join(c) for c in cells)


# -- headings: the outline a document prints ------------------------------------------------
HTML_HEADINGS = ("h1", "h2", "h3")


def heading_text(text: str) -> str:
    """Whitespace and no-break spaces folded, word joiners dropped (as readers do)."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u2060", "")).strip()


def html_headings(path: Path) -> list[str]:
    """The h1/h2/h3 texts of an HTML document outside its table of contents, in order."""
    tree = lxml.html.parse(str(path))
    return [heading_text(h.text_content()) for h in tree.iter(*HTML_HEADINGS)
            if not any(a.tag == "nav" for a in h.iterancestors())]


def docx_headings(path: Path) -> list[str]:
    """The texts of a DOCX's paragraphs in a heading style, in order."""
    return [heading_text(p.text) for p in docx.Document(str(path)).paragraphs
            if p.style is not None and p.style.name is not None and "Heading" in p.style.name]
