"""What changed since the previous session, in the later session's documents: with
``previous.file`` naming the earlier meeting file, the task report and the pack gain a
section listing tasks done since, newly late, new, dropped and deadlines moved, and each
earlier conclusion with the state of the tasks it created; read back from PDF, DOCX, HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.model import load_meeting
from briefgen.model.changes import register_changes
from tests.conftest import REFERENCE, STEM, run_cli
from tests.readers import docx_text, pdf_text, squash

# The later session: t01 done, t02 late (with the owner's reason), t04 dropped, t03's
# deadline set, and a task made from the earlier session's 4th conclusion (lead: bo-khcn).
EDITS = [
    ("  - {id: t01, owners: [vptw], status: on_track, group: kiem-diem}\n",
     "  - {id: t01, owners: [vptw], status: done, finished: 2025-05-26, group: kiem-diem}\n"),
    ("  - {id: t02, owners: [vptw], status: on_track, group: kiem-diem}\n",
     "  - {id: t02, owners: [vptw], status: late, delay_reason: Chờ ý kiến thẩm định,"
     " group: kiem-diem}\n"),
    ("  - {id: t03, owners: [vptw], status: on_track, group: kiem-diem}\n",
     "  - {id: t03, owners: [vptw], status: on_track, group: kiem-diem, deadline: 2025-06-30}\n"),
    ("  - {id: t04, owners: [vptw], status: on_track, group: kiem-diem}\n", ""),
    ("tasks:\n", "tasks:\n  - {id: kl-4, title: Rà soát các luật liên quan, owners: [bo-khcn],"
     " status: not_started, deadline: 2025-06-15, conclusion: 4}\n"),
]


def later_session(folder: Path, previous: str = "earlier.yaml") -> Path:
    """The reference meeting as the next session's file, previous.file naming the earlier."""
    shutil.copy(REFERENCE, folder / "earlier.yaml")
    text = REFERENCE.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    text = text.replace("  date: 2025-03-04\n", f"  date: 2025-03-04\n  file: {previous}\n", 1)
    path = folder / "later.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("changes")
    later = later_session(folder)
    out = folder / "out"
    run_cli("render", later, "--doc", "report,pack", "--format", "pdf,docx,html", "--out", out)
    return later, out


def expected_summary(later: Path) -> str:
    """The summary line, its counts taken from the two registers."""
    changes = register_changes(load_meeting(later.with_name("earlier.yaml"))[0],
                               load_meeting(later)[0])
    return (f"{len(changes.done)} nhiệm vụ đã hoàn thành, {len(changes.newly_late)} nhiệm vụ "
            f"mới chậm hoặc có nguy cơ chậm, {len(changes.new)} nhiệm vụ mới, "
            f"{len(changes.dropped)} nhiệm vụ không còn theo dõi, {len(changes.moved)} nhiệm "
            "vụ điều chỉnh thời hạn")


def test_the_earlier_meeting_is_read(rendered: tuple[Path, Path]) -> None:
    later, _ = rendered
    m, _ = load_meeting(later)
    assert m.earlier is not None and m.earlier.meeting.id == m.meeting.id
    assert len(m.earlier.tasks) == len(m.tasks)  # one dropped, one new


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_report_says_what_changed(rendered: tuple[Path, Path], fmt: str) -> None:
    later, out = rendered
    path = out / f"{STEM}-report.{fmt}"
    text = squash({"pdf": pdf_text, "docx": docx_text}.get(fmt, lambda p: p.read_text())(path))
    assert "Những thay đổi từ phiên họp trước" in text
    assert squash(expected_summary(later)) in text
    assert "Chờ ý kiến thẩm định" in text  # the newly late task's reason
    assert "đặt thời hạn 30/6/2025" in text and "thời hạn chưa có thời hạn" not in text
    assert "Mới chậm, muộn" in text and "Mới chậm, có nguy cơ chậm" not in text
    # The earlier session's 4th conclusion, and the state of the task it created.
    assert "Tình hình thực hiện kết luận của phiên họp trước" in text
    assert "Nhiệm vụ 01: Chưa triển khai" in text
    assert text.count("Chưa có nhiệm vụ trong sổ theo dõi") == 3  # conclusions 1-3 made none


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_pack_says_what_changed(rendered: tuple[Path, Path], fmt: str) -> None:
    later, out = rendered
    path = out / f"{STEM}-pack.{fmt}"
    text = squash(pdf_text(path) if fmt == "pdf" else docx_text(path))
    section = text[text.rindex("Kết quả phiên họp trước"):]
    assert "Những thay đổi từ phiên họp trước" in section
    assert squash(expected_summary(later)) in section
    assert "Nhiệm vụ 01: Chưa triển khai" in section


def test_a_unit_report_shows_its_own_changes(tmp_path: Path) -> None:
    later = later_session(tmp_path)
    run_cli("render", later, "--doc", "report", "--unit", "bo-khcn", "--format", "html",
            "--out", tmp_path / "out")
    text = squash((tmp_path / "out" / f"{STEM}-report-bo-khcn.html").read_text())
    assert "So với phiên họp thứ hai của Ban Chỉ đạo" in text
    assert "1 nhiệm vụ mới." in text  # vptw's changes are not bo-khcn's
    assert "Chờ ý kiến thẩm định" not in text


@pytest.mark.parametrize(("previous", "said"), [
    ("missing.yaml", "no previous session's meeting file 'missing.yaml'"),
    ("../earlier.yaml", "is outside the meeting file's folder"),
    ("later.yaml", "names this meeting file itself"),
])
def test_a_bad_previous_file_is_located(tmp_path: Path, previous: str, said: str) -> None:
    later = later_session(tmp_path, previous)
    proc = run_cli("validate", later, check=False)
    line = next(i for i, text in enumerate(later.read_text().splitlines(), 1)
                if text.strip().startswith("file:"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{later}:{line}:" in proc.stderr and said in proc.stderr


def test_problems_in_the_earlier_file_name_its_lines(tmp_path: Path) -> None:
    later = later_session(tmp_path)
    earlier = tmp_path / "earlier.yaml"
    text = earlier.read_text(encoding="utf-8").replace("status: on_track", "status: xogn", 1)
    earlier.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "status: xogn" in t)
    proc = run_cli("validate", later, check=False)
    assert proc.returncode == 2 and f"{earlier}:{line}:" in proc.stderr
