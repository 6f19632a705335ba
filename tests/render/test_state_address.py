"""A state document never says "đồng chí" (the Party's form of address) of its own accord:
the reference meeting in the state regime, read back from its PDFs (pdftotext) and DOCX
(python-docx), carries it only where the meeting file's own words do; the Party rendering of
the same facts carries it (the readers do see it)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import REFERENCE, need, once, run_cli

ADDRESS = re.compile(r"đồng\s+chí", re.IGNORECASE)


def _clerks_words_without_address(text: str) -> str:
    """The meeting file with its own recipient lines ("Các đồng chí thành viên …", the clerk's
    words, printed as given) worded without the form of address."""
    return text.replace("Các đồng chí ", "Các ")


@pytest.fixture(scope="module")
def regimes(shared: Path) -> dict[str, Path]:
    def make(base: Path) -> None:
        for regime in ("party", "state"):
            text = _clerks_words_without_address(REFERENCE.read_text(encoding="utf-8"))
            source = base / regime / f"{REFERENCE.stem}.yaml"
            source.parent.mkdir()
            source.write_text(text.replace("regime: party", f"regime: {regime}", 1),
                              encoding="utf-8")
            run_cli("batch", source, "--out", base / regime / "out", "--format", "pdf,docx",
                    "--jobs", "1")

    base = once(shared, "state-address", make)
    return {r: base / r / "out" / REFERENCE.stem for r in ("party", "state")}


def _pdf_text(pdf: Path) -> str:
    return subprocess.run([need("pdftotext"), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def _docx_text(docx: Path) -> str:
    doc = Document(str(docx))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize("kind", ["minutes", "notice", "invitation", "pack"])
def test_state_documents_carry_no_form_of_address(regimes: dict[str, Path], kind: str) -> None:
    pdfs = sorted(regimes["state"].glob(f"*-{kind}*.pdf"))
    docs = sorted(regimes["state"].glob(f"*-{kind}*.docx"))
    assert pdfs and docs
    for path in pdfs + docs:
        text = _pdf_text(path) if path.suffix == ".pdf" else _docx_text(path)
        assert len(text) > 500, path.name
        assert not ADDRESS.search(text), f"{path.name}: {ADDRESS.search(text)}"


def test_party_documents_keep_it(regimes: dict[str, Path]) -> None:
    minutes = next(regimes["party"].glob("*-minutes.pdf"))
    text = _pdf_text(minutes)
    assert re.search(r"Phát\s+biểu\s+khai\s+mạc\s+của\s+đồng\s+chí", text)
    words = _docx_text(next(regimes["party"].glob("*-minutes.docx")))
    assert "Kết luận của đồng chí chủ trì" in words
