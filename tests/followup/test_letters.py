"""The request letter in both regimes, read from the generated PDF and DOCX: the header, the
number and symbol as each regime numbers a công văn, "V/v …" under the number, "Kính gửi:",
the counts from the register, and "Nơi nhận:" with "Như trên"."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docx import Document

from briefgen.model import load_meeting
from tests.conftest import REFERENCE, run_cli, state_variant

STEM = "bcd-khcn-2025-05-22"


@pytest.mark.parametrize(("regime", "national", "number", "recipients"), [
    ("party", "ĐẢNG CỘNG SẢN VIỆT NAM", "-CV/BCĐTW", "- Như trên,"),
    ("state", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "/BCĐTW", "- Như trên;"),
])
def test_the_letter_follows_its_regime(regime: str, national: str, number: str, recipients: str,
                                       tmp_path: Path) -> None:
    meeting = REFERENCE if regime == "party" else state_variant(tmp_path)
    out = tmp_path / "out"
    run_cli("requests", meeting, "--unit", "bo-khcn", "--due", "2025-05-28", "--out", out)
    m, _ = load_meeting(meeting)
    count = len(m.open_tasks("bo-khcn"))
    pdf = subprocess.run(["pdftotext", str(out / f"{STEM}-request-bo-khcn.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    word = "\n".join(p.text for p in Document(str(out / f"{STEM}-request-bo-khcn.docx")).paragraphs)
    cells = "\n".join(c.text for t in Document(str(out / f"{STEM}-request-bo-khcn.docx")).tables
                      for row in t.rows for c in row.cells)
    for text in (" ".join(pdf.split()), " ".join(f"{word}\n{cells}".split())):
        assert national in text
        # Party "Số …-CV/BCĐTW"; state "Số: …/BCĐTW", no type in the symbol.
        assert number in text and ("-CV/" in text) == (regime == "party")
        assert ("Số:" in text) == (regime == "state")
        assert "V/v báo cáo tình hình thực hiện nhiệm vụ được giao" in text
        assert "Kính gửi: Bộ Khoa học và Công nghệ" in text
        assert f"báo cáo tình hình thực hiện {count} nhiệm vụ do đơn vị chủ trì" in text
        assert "trước ngày 28 tháng 5 năm 2025" in text
        assert "Nơi nhận:" in text and recipients in text
    assert "GIẤY MỜI" not in pdf and "CÔNG VĂN" not in pdf  # a letter has no type name
    assert sorted(p.name for p in out.iterdir()) == [
        f"{STEM}-form-bo-khcn.xlsx", f"{STEM}-request-bo-khcn.docx", f"{STEM}-request-bo-khcn.pdf"]


def test_a_unit_with_nothing_open_is_refused(tmp_path: Path) -> None:
    proc = run_cli("requests", REFERENCE, "--unit", "bch-tw", "--out", tmp_path / "out",
                   check=False)
    assert proc.returncode == 2 and "owns no task that is not done" in proc.stderr
    assert not (tmp_path / "out").exists()
