"""Ids that would name one file are refused at validation, both named with their lines, so no
document overwrites another (six points once gave four invitations, exit 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REFERENCE, run_cli


@pytest.mark.parametrize("twin", ["ha-noi-", "ha-noi.", "ha-noi_", "Ha-Noi", "HA-NOI."])
def test_points_whose_files_would_collide_are_refused(twin: str, tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "  - {id: hue, name: Điểm cầu thành phố Huế,", f"  - {{id: {twin}, name: Điểm cầu thành phố Huế,")
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    proc = run_cli("render", meeting, "--doc", "invitation", "--format", "html", "--out",
                   tmp_path / "out", check=False)
    assert proc.returncode == 2
    line = next(n for n, row in enumerate(text.splitlines(), 1) if f"{{id: {twin}," in row)
    first = next(n for n, row in enumerate(text.splitlines(), 1) if row == "  - id: ha-noi")
    assert (f"{meeting}:{line}:10: points[6].id: '{twin}' and 'ha-noi' (line {first}) would give "
            "the same file names") in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_units_whose_reports_would_collide_are_refused(tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "  - {id: bo-cong-an, name: Bộ Công an}", "  - {id: BO-KHCN, name: Bộ Công an}").replace(
        "owners: [bo-cong-an]", "owners: [BO-KHCN]")
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2 and "'BO-KHCN' and 'bo-khcn'" in proc.stderr
