"""The proof of generated documents: every PDF read as a reader sees it (its words and their
boxes, per page) and every DOCX through LibreOffice's PDF of it, against the rules of
docs/proof.md. ``briefgen proof OUT`` prints the findings; ``render --proof`` and
``batch --proof`` run it on what they made (the batch's index shows them)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.proof.layout import recipient_labels, recipients_pattern, text_area
from briefgen.proof.pages import Page, read_pdf
from briefgen.proof.rules import RULES, Finding, blanks

__all__ = ["Finding", "Proof", "proof_files", "proof_pages", "proof_pdf", "unwarned"]


@dataclass
class Proof:
    """What the proof found, per document file; and the official blanks each prints."""

    findings: list[Finding] = field(default_factory=list)
    blanks: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def of(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.document == name]


def proof_pages(name: str, pages: list[Page], recipients: re.Pattern[str] | None = None
                ) -> list[Finding]:
    """Every rule's findings on one document's pages (``recipients``: what opens their
    recipients list, default the default profiles' labels)."""
    if not pages:
        return []
    area = text_area(pages, recipients)
    return [f for rule in RULES for f in rule(name, pages, area)]


def proof_pdf(path: Path, name: str | None = None, recipients: re.Pattern[str] | None = None
              ) -> tuple[list[Finding], list[tuple[int, int]]]:
    """The findings and the blanks of the PDF at ``path``."""
    pages = read_pdf(path)
    return proof_pages(name or path.name, pages, recipients), blanks(pages)


def proof_files(paths: Iterable[Path], docx: bool = True, templates: Path | None = None
                ) -> Proof:
    """The proof of the given output files: PDFs read directly; DOCX (``docx``) laid out by
    LibreOffice and compared with their PDF. ``templates``: the custom template set they
    were made with, whose profiles' recipients labels are recognised too."""
    from briefgen.proof import word

    recipients = recipients_pattern(recipient_labels(templates))
    result = Proof()
    paths = sorted(paths)
    for path in paths:
        if path.suffix == ".pdf":
            found, counted = proof_pdf(path, recipients=recipients)
            result.findings += found
            result.blanks[path.name] = counted
    docs = [p for p in paths if p.suffix == ".docx"]
    if docx and docs:
        result.findings += word.proof_docx(docs, recipients)
    return result


def unwarned(result: Proof, meeting_id: str, warned: set[str]) -> list[Finding]:
    """A document printing official blanks where no warning concerned its kind: a blank no
    warning named (docs/proof.md, blank-unwarned)."""
    from briefgen import kinds

    found = []
    for name, counted in sorted(result.blanks.items()):
        kind = Path(name).stem.removeprefix(f"{meeting_id}-").split("-")[0]
        if counted and kind in kinds.KINDS and kind not in warned:
            pages = ", ".join(str(p) for p, _ in counted)
            found.append(Finding(name, counted[0][0], "blank-unwarned", (
                f"{sum(n for _, n in counted)} blank(s) on page(s) {pages}, and no warning "
                f"named a blank of the {kind}")))
    return found
