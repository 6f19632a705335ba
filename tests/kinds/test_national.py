"""63 connection points attended by roles only: the notice counts them in one clause, and every
point's invitation carries the signature block of its form."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.national import KIND, national_meeting, provinces, slug
from tests.readers import pdf_pages, squash


def test_63_role_only_points_in_one_clause_and_63_signed_invitations(tmp_path: Path) -> None:
    meeting = national_meeting(tmp_path)
    out = tmp_path / "out"
    run_cli("render", meeting, "--doc", "notice,invitation", "--format", "pdf", "--out", out)
    notice = pdf_pages(out / "national-63-notice.pdf")
    text = squash("\n".join(notice))
    assert f"đến 63 điểm cầu của 63 {KIND}" in text
    assert "Tham dự tại Điểm cầu" not in text  # no paragraph per point
    assert text.count("Ủy ban nhân dân") == 0  # no list of the 63 hosts
    assert len(notice) <= 2
    invitations = sorted(out.glob("national-63-invitation-*.pdf"))
    assert len(invitations) == 63 == len(provinces())
    for name in provinces():
        pages = pdf_pages(out / f"national-63-invitation-{slug(name)}.pdf")
        last = squash(pages[-1])
        assert f"đại diện lãnh đạo Ủy ban nhân dân {name}" in squash("\n".join(pages))
        # The signature block of Mẫu 1.7, blank to fill as no signer is given: its position
        # and name lines after the recipients.
        assert "Nơi nhận:" in last and "…… ……" in last.split("Nơi nhận:", 1)[1], last[-120:]
