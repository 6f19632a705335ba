"""Layout rules of formats.md, checked on the generated files of each regime."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
from docx.shared import Mm

from tests.conftest import STEM, need
from tests.readers import docx_text, pdf_pages, pdf_words, squash

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}  # both regimes' defaults, in mm

EXPECT = {
    "party": {
        "national": ["ĐẢNG CỘNG SẢN VIỆT NAM"],
        "minutes_number": "Số 01-BB/BCĐTW",
        "notice_number": "Số 01-TB/BCĐTW",
        "authority": "T/L BAN CHỈ ĐẠO",
        "minutes_signers": ["NGƯỜI GHI BIÊN BẢN", "CHỦ TRÌ HỘI NGHỊ"],
        "archive": "- Lưu Tổ giúp việc Ban Chỉ đạo.",
        "end": ".",
    },
    "state": {
        "national": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        "minutes_number": "Số: 01/BB-BCĐTW",
        "notice_number": "Số: 01/TB-BCĐTW",
        "authority": "TL. BAN CHỈ ĐẠO",
        "minutes_signers": ["THƯ KÝ", "CHỦ TỌA"],
        "archive": "- Lưu: VT, Tổ giúp việc Ban Chỉ đạo.",
        "end": "./.",
    },
}
REGIMES = list(EXPECT)


def pdf(rendered: dict[str, Path], regime: str, doc: str) -> Path:
    return rendered[regime] / f"{STEM}-{doc}.pdf"


def word(rendered: dict[str, Path], regime: str, doc: str) -> Path:
    return rendered[regime] / f"{STEM}-{doc}.docx"


# -- PDF -------------------------------------------------------------------------------------

@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("doc", ["minutes", "notice"])
def test_pdf_page_is_a4_with_profile_margins(rendered: dict[str, Path], regime: str, doc: str) -> None:
    path = pdf(rendered, regime, doc)
    for page in pypdf.PdfReader(path).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    all_words = [w for w in pdf_words(path) if not (w[0] > 1 and w[2] < MARGINS["top"] * MM)]
    body = [w for w in all_words if w[0] > 1]  # page 1's header may reach into the margin
    left = min(w[1] for w in body)
    right = max(w[3] for w in body)
    top = min(w[2] for w in all_words if w[0] == 1)
    bottom = max(w[4] for w in all_words)
    assert left == pytest.approx(MARGINS["left"] * MM, abs=1.5)
    outdent = {"party": 0, "state": 10}[regime]  # the profiles' header.outdent_mm
    assert min(w[1] for w in all_words) >= (MARGINS["left"] - outdent) * MM - 1
    # Glyph boxes of a justified line may pass the text edge by a point.
    assert A4[0] - MARGINS["right"] * MM - 6 < right <= A4[0] - MARGINS["right"] * MM + 1.5
    assert MARGINS["top"] * MM - 0.5 <= top < MARGINS["top"] * MM + 8
    assert bottom <= A4[1] - MARGINS["bottom"] * MM + 0.5


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("doc", ["minutes", "notice"])
def test_pdf_page_number_from_page_two_top_centre(rendered: dict[str, Path], regime: str,
                                                  doc: str) -> None:
    path = pdf(rendered, regime, doc)
    words = pdf_words(path)
    pages = max(w[0] for w in words)
    assert pages >= 2, "the reference documents run over one page"
    in_margin = [w for w in words if w[2] < MARGINS["top"] * MM]
    assert not [w for w in in_margin if w[0] == 1], "page 1 carries no page number"
    centre = (MARGINS["left"] * MM + A4[0] - MARGINS["right"] * MM) / 2
    for n in range(2, pages + 1):
        numbers = [w for w in in_margin if w[0] == n]
        assert [w[5] for w in numbers] == [str(n)]
        assert (numbers[0][1] + numbers[0][3]) / 2 == pytest.approx(centre, abs=4)


@pytest.mark.parametrize("regime", REGIMES)
def test_pdf_header_number_and_marks(rendered: dict[str, Path], regime: str) -> None:
    want = EXPECT[regime]
    minutes = pdf_pages(pdf(rendered, regime, "minutes"))
    first = squash(minutes[0])
    for line in want["national"]:
        assert line in first
    assert want["minutes_number"] in first
    assert "BAN CHẤP HÀNH TRUNG ƯƠNG" in first
    assert "BAN CHỈ ĐẠO TRUNG ƯƠNG VỀ PHÁT TRIỂN KHOA HỌC" in first
    assert "BIÊN BẢN" in first
    if regime == "party":
        assert re.search(r"CHUYỂN ĐỔI SỐ \* Số 01", first), "a '*' under the issuing body"
        assert "Hà Nội, ngày 22 tháng 5 năm 2025" in first
    else:
        assert "*" not in first
        assert "Hà Nội, ngày" not in first, "state minutes (Mẫu 1.9) have no date line"
    notice = squash(pdf_pages(pdf(rendered, regime, "notice"))[0])
    assert want["notice_number"] in notice
    assert "Hà Nội, ngày" in notice


@pytest.mark.parametrize("regime", REGIMES)
def test_pdf_close_signatures_and_recipients(rendered: dict[str, Path], regime: str) -> None:
    want = EXPECT[regime]
    minutes = squash("".join(pdf_pages(pdf(rendered, regime, "minutes"))))
    for label in want["minutes_signers"]:
        assert label in minutes
    assert want["archive"] in minutes
    notice = squash("".join(pdf_pages(pdf(rendered, regime, "notice"))))
    assert want["authority"] in notice
    assert "TỔ TRƯỞNG TỔ GIÚP VIỆC" in notice
    assert "Nơi nhận:" in notice and want["archive"] in notice
    closing = notice.split("thông báo để các cơ quan, đơn vị liên quan biết, thực hiện")[1]
    assert closing.startswith(want["end"] + " ")


@pytest.mark.parametrize("regime", REGIMES)
def test_pdf_fonts_all_embedded(rendered: dict[str, Path], regime: str) -> None:
    need("pdffonts")
    for doc in ("minutes", "notice"):
        report = subprocess.run(["pdffonts", str(pdf(rendered, regime, doc))], capture_output=True,
                                text=True, check=True).stdout.splitlines()[2:]
        assert report, "fonts are listed"
        for line in report:
            assert line.split()[-5] == "yes", f"not embedded: {line}"
        assert any("Liberation-Serif" in line or "Times" in line for line in report)


def test_html_names_times_new_roman_first(rendered: dict[str, Path]) -> None:
    html = (rendered["party"] / f"{STEM}-minutes.html").read_text(encoding="utf-8")
    families = re.findall(r"font-family:\s*([^;]+);", html)
    assert families and all(f.strip().startswith('"Times New Roman"') for f in families)


# -- DOCX ------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("doc", ["minutes", "notice"])
def test_docx_page_margins_and_page_numbers(rendered: dict[str, Path], regime: str, doc: str) -> None:
    d = docx.Document(str(word(rendered, regime, doc)))
    s = d.sections[0]
    assert (s.page_width, s.page_height) == (pytest.approx(Mm(210), rel=1e-3),
                                             pytest.approx(Mm(297), rel=1e-3))
    for side, mm in MARGINS.items():
        assert getattr(s, f"{side}_margin") == pytest.approx(Mm(mm), rel=1e-2), side
    assert s.different_first_page_header_footer, "page 1 has its own (empty) header"
    fields = "".join(s.header._element.xml.split())
    assert "PAGE" in fields, "page number field in the header from page 2"
    assert "PAGE" not in "".join(s.first_page_header._element.xml.split())


@pytest.mark.parametrize("regime", REGIMES)
def test_docx_header_table_and_wording(rendered: dict[str, Path], regime: str) -> None:
    want = EXPECT[regime]
    d = docx.Document(str(word(rendered, regime, "minutes")))
    header = d.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.xpath(".//w:tblBorders/*")
    assert all(b.get(f"{W}val") in ("none", "nil") for b in borders), "borderless header table"
    # the left column and the right (state: the number and the date on a row of their own)
    left, right = (squash(" ".join(row.cells[i].text for row in header.rows)) for i in (0, 1))
    assert want["minutes_number"] in left
    for line in want["national"]:
        assert line in right
    text = squash(docx_text(word(rendered, regime, "minutes")))
    for label in want["minutes_signers"]:
        assert label in text
    assert want["archive"] in text


def test_docx_names_times_new_roman(rendered: dict[str, Path]) -> None:
    d = docx.Document(str(word(rendered, "party", "minutes")))
    assert d.styles["Normal"].font.name == "Times New Roman"


def test_docx_opens_in_libreoffice(rendered: dict[str, Path], tmp_path: Path) -> None:
    """LibreOffice, a real client, converts every DOCX without error."""
    soffice = need("soffice")
    for regime in REGIMES:
        files = sorted(rendered[regime].glob("*.docx"))
        assert len(files) == 2
        outdir = tmp_path / regime
        proc = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                               "--headless", "--convert-to", "pdf", "--outdir", str(outdir),
                               *map(str, files)], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        for f in files:
            out = outdir / f"{f.stem}.pdf"
            assert out.is_file() and out.stat().st_size > 1000, f"{f.name} did not convert"
            text = squash("".join(pdf_pages(out)))
            assert ("BIÊN BẢN" if "minutes" in f.name else "THÔNG BÁO") in text
            assert "Nguyễn Duy Ngọc" in text
