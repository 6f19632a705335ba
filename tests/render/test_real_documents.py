"""Real issued documents, rendered from their meeting files in inputs/, compared line by line
with the published text (inputs/sources/): header lines, number and symbol, place and date,
type name, subject line and opening sentence of the first page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.readers import pdf_pages, squash

SOURCES = ROOT / "inputs" / "sources" / "raw"


def published(source: Path) -> dict[str, str]:
    """The first page of a published notice, from its stored plain text (the converter writes
    the two-column header as a table row: issuer | national lines, then number | date)."""
    lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines()]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    number, date = (c.strip(" *") for c in lines[2].strip("|").split("|"))
    left = re.sub(r"-{3,}", "", header[0]).strip()
    right = re.sub(r"-{3,}", "", header[1]).strip()
    national = re.split(r"\s{1}(?=Độc lập)", right)
    return {"issuer": left, "national": national[0].strip(), "motto": national[1].strip(),
            "number": number, "date": date, "type": lines[3], "subject": lines[4],
            "opening": lines[5]}


CASES = {
    "vpcp-tb467-2024-10-07": ("tb-467-vpcp-2024.txt", "notice"),
}


@pytest.mark.parametrize("meeting", list(CASES))
def test_first_page_matches_the_published_document(meeting: str, tmp_path: Path) -> None:
    source, kind = CASES[meeting]
    real = published(SOURCES / source)
    run_cli("render", ROOT / "inputs" / f"{meeting}.yaml", "--doc", kind, "--format", "pdf",
            "--out", tmp_path)
    page = pdf_pages(tmp_path / f"{meeting}-{kind}.pdf")[0]
    lines = [squash(line) for line in page.splitlines()]
    for field in ("issuer", "national", "motto", "number", "date", "type"):
        assert real[field] in lines, f"{field}: {real[field]!r} is not a line of {lines[:8]}"
    # The header's order: issuer, then its number; the national lines, then place and date.
    assert lines.index(real["issuer"]) < lines.index(real["number"])
    assert lines.index(real["national"]) < lines.index(real["motto"]) < lines.index(real["date"])
    # Subject and opening wrap elsewhere than in the original: compared as running text (a
    # line broken after a hyphen reads back as "- ").
    body = squash(page).split(real["type"], 1)[1].replace("- ", "-").strip()
    subject, opening = squash(real["subject"]), squash(real["opening"])
    assert body.startswith(subject), body[:200]
    assert body[len(subject):].strip().startswith(opening), body[:400]
