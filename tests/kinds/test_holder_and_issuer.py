"""The body that holds a session and the body that issues each document are told apart; the
venue and the session's number are printed where the documents say them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REFERENCE, run_cli
from tests.readers import docx_text, pdf_pages, squash

OFFICE = "Văn phòng Ban Chỉ đạo"  # a test's own unit: the office that issues the notice


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("issuer")
    text = REFERENCE.read_text(encoding="utf-8")
    text = text.replace("  kind: phiên họp chuyên đề\n", "  kind: phiên họp chuyên đề\n"
                        "  sequence: 3\n  venue: trụ sở Trung ương Đảng\n")
    text = text.replace("units:\n", f"units:\n  - {{id: vp, name: {OFFICE}, symbol: VPBCĐ}}\n", 1)
    text = text.replace("  notice:\n    number: 1\n", "  notice:\n    issuer: vp\n    number: 1\n")
    path = folder / "meeting.yaml"
    path.write_text(text, encoding="utf-8")
    run_cli("render", path, "--doc", "notice,invitation,minutes", "--point", "hue",
            "--format", "pdf,docx", "--out", folder / "out")
    return folder / "out"


def read(out: Path, name: str) -> str:
    return squash("\n".join(pdf_pages(out / f"{REFERENCE.stem}-{name}.pdf")))


def test_the_notice_is_issued_by_the_office_for_the_session_the_committee_held(rendered: Path
                                                                               ) -> None:
    notice = read(rendered, "notice")
    assert OFFICE.upper() in notice and "Số 01-TB/VPBCĐ" in notice
    assert "Ban Chỉ đạo Trung ương về phát triển khoa học" in notice
    assert f"{OFFICE} tổ chức" not in notice
    assert "chuyển đổi số tổ chức phiên họp chuyên đề lần thứ 3 trực tuyến" in notice
    assert "đơn vị liên quan tại trụ sở Trung ương Đảng," in notice
    assert f"{OFFICE} thông báo để các cơ quan" in notice
    assert "T/L VĂN PHÒNG BAN CHỈ ĐẠO" not in notice  # signed as the file says: T/L BAN CHỈ ĐẠO
    assert squash(docx_text(rendered / f"{REFERENCE.stem}-notice.docx")).count("lần thứ 3") >= 1


def test_the_other_documents_stay_the_holders(rendered: Path) -> None:
    invitation = read(rendered, "invitation-hue")
    assert "BAN CHỈ ĐẠO TRUNG ƯƠNG" in invitation and OFFICE not in invitation
    assert "Địa điểm: trụ sở Trung ương Đảng." in invitation
    assert "phiên họp chuyên đề lần thứ 3 trực tuyến" in invitation
    minutes = read(rendered, "minutes")
    assert "Địa điểm: trụ sở Trung ương Đảng." in minutes and OFFICE not in minutes


def test_older_files_naming_the_holder_body_still_validate(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(REFERENCE.read_text(encoding="utf-8").replace("  holder: bcd", "  body: bcd"),
                    encoding="utf-8")
    run_cli("validate", path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(path.read_text(encoding="utf-8").replace("  body: bcd", "  body: bdc"),
                   encoding="utf-8")
    proc = run_cli("validate", bad, check=False)
    assert proc.returncode == 2
    assert f"{bad}:9:9: meeting.body: unknown unit 'bdc'" in proc.stderr
