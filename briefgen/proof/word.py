"""The DOCX as Word lays it out, through LibreOffice's PDF of it: its page count and its
header's order (the number and symbol against the place and date) must be the PDF's."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from briefgen.proof.layout import body_lines, text_area
from briefgen.proof.pages import Page, read_pdf, recorded_lines
from briefgen.proof.rules import RULES, Finding

NUMBER = re.compile(r"^(Số|No\.)\b")
DATE = re.compile(r"\bngày\b.*\btháng\b|\b\d{4}$")
CONVERT_SECONDS = 600


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docs: list[Path], folder: Path) -> None:
    """LibreOffice's PDF of each DOCX, into ``folder`` (one call for them all)."""
    program = soffice()
    if program is None or not docs:
        return
    profile = folder / "lo-profile"
    subprocess.run([program, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, docs)],
                   check=False, capture_output=True, timeout=CONVERT_SECONDS)


def header_order(pages: list[Page]) -> str | None:
    """Whether the first page prints the number above, level with or below the date."""
    if not pages:
        return None
    lines = body_lines(pages[0])[:12]
    number = next((ln.top for ln in lines for s in ln.segments if NUMBER.match(s.text)), None)
    date = next((ln.top for ln in lines for s in ln.segments
                 if DATE.search(s.text) and not NUMBER.match(s.text)), None)
    if number is None or date is None:
        return None
    if abs(number - date) < 4:
        return "level with"
    return "above" if number < date else "below"


def proof_docx(docs: list[Path], recipients: re.Pattern[str] | None = None) -> list[Finding]:
    """Every DOCX laid out by LibreOffice: the layout rules, and its page count and header
    order against the PDF of the same name where there is one. Nothing without LibreOffice."""
    if soffice() is None:
        return []
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="briefgen-proof-") as tmp:
        folder = Path(tmp)
        convert(docs, folder)
        for doc in docs:
            laid = folder / f"{doc.stem}.pdf"
            if not laid.exists():
                findings.append(Finding(doc.name, 0, "docx-differs",
                                        "LibreOffice could not lay it out"))
                continue
            pages = _given_by_its_pdf(doc, read_pdf(laid))
            area = text_area(pages, recipients)
            findings += [f for rule in RULES for f in rule(doc.name, pages, area)]
            findings += _against_pdf(doc, pages)
    return findings


def _given_by_its_pdf(doc: Path, pages: list[Page]) -> list[Page]:
    """Word's layout does not record the header lines the clerk gave: the PDF of the same
    name does, where there is one."""
    pdf = doc.with_suffix(".pdf")
    given = recorded_lines(pdf) if pdf.exists() else ()
    return [replace(page, header_lines=given) for page in pages] if given else pages


def _against_pdf(doc: Path, pages: list[Page]) -> list[Finding]:
    pdf = doc.with_suffix(".pdf")
    if not pdf.exists():
        return []
    printed = read_pdf(pdf, tables=False)
    out = []
    if len(printed) != len(pages):
        out.append(Finding(doc.name, len(pages), "docx-differs", (
            f"{len(pages)} page(s) in Word's layout, {len(printed)} in the PDF")))
    word, pdf_order = header_order(pages), header_order(printed)
    if word and pdf_order and word != pdf_order:
        out.append(Finding(doc.name, 1, "docx-differs", (
            f"the number is {word} the date in Word's layout, {pdf_order} it in the PDF")))
    return out
