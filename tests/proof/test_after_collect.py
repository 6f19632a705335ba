"""The reference after the collect round trip of docs/between-sessions.md: every owner unit
answers its form (late, a new date, a cause and a proposal), `collect` merges them, and the
task report printed again has no row on two pages, nor any other finding."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefgen.model import load_meeting
from briefgen.proof import proof_files
from tests.conftest import REFERENCE, run_cli
from tests.followup.test_cycle import WORDS, fill


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("after-collect")
    meeting = folder / "meeting.yaml"
    shutil.copy(REFERENCE, meeting)
    run_cli("requests", meeting, "--due", "28/05/2025", "--format", "pdf", "--out",
            folder / "requests")
    m, _ = load_meeting(meeting)
    forms = sorted((folder / "requests").glob("*.xlsx"))
    for form in forms:
        unit = form.stem.split("-form-")[1]
        fill(form, {t.id: {7: WORDS["late"], 8: "Đang hoàn thiện hồ sơ",
                           9: dt.datetime(2025, 6, 30), 10: f"Chờ ý kiến thẩm định ({unit})",
                           11: "Đề nghị gia hạn", 12: "Văn phòng đơn vị"}
                    for t in m.open_tasks(unit)})
    run_cli("collect", meeting, *forms, "--received", "27/05/2025")
    run_cli("render", meeting, "--doc", "report", "--format", "pdf", "--out", folder / "out")
    return folder


def test_the_report_after_collect_keeps_every_row_on_one_page(collected: Path) -> None:
    (report,) = (collected / "out").glob("*-report.pdf")
    result = proof_files([report], docx=False)
    assert result.findings == [], "\n".join(map(str, result.findings))
    assert result.blanks[report.name]  # the untitled tasks, left to fill


def test_the_request_letters_proof_clean(collected: Path) -> None:
    letters = sorted((collected / "requests").glob("*.pdf"))
    assert letters
    result = proof_files(letters, docx=False)
    assert result.findings == [], "\n".join(map(str, result.findings))
