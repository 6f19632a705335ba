"""Issue 22, fault 4: an archival PDF embeds everything its meeting needs to render again
(sheets in subfolders, annexes, the response log), ``extract`` restores the tree they came from
into an empty folder, and the meeting rendered again from there gives the identical PDF: for
every meeting in inputs/, and for one whose files lie in subfolders."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from weasyprint import HTML

from briefgen.model.validate import load_meeting
from tests.conftest import REFERENCE, ROOT, run_cli

INPUTS = sorted((ROOT / "inputs").glob("*.yaml"))


def tree_meeting(folder: Path) -> Path:
    """The reference meeting with its register in ``data/`` and an annex in ``annexes/``."""
    m, _ = load_meeting(REFERENCE)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "owners", "status", "title"])
    writer.writerows([t.id, ", ".join(t.owners), t.status.value, t.title] for t in m.tasks)
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "register.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (folder / "annexes").mkdir()
    HTML(string="<p>Phụ lục</p>").write_pdf(folder / "annexes" / "phu-luc.pdf")
    head, rest = REFERENCE.read_text(encoding="utf-8").split("\ntasks:\n", 1)
    tail = rest.split("\nstatements:\n", 1)[1]
    meeting = folder / "meeting.yaml"
    meeting.write_text(f"{head}\nregister_file: data/register.csv\n\nstatements:\n{tail}"
                       "\nattachments:\n  - {id: pl, title: Phụ lục, file: annexes/phu-luc.pdf}\n",
                       encoding="utf-8")
    return meeting


def archive_and_restore(meeting: Path, work: Path) -> tuple[Path, Path, Path]:
    """(the archival PDF, the folder extract restored, the PDF rendered again from it)."""
    first, restored, again = work / "first", work / "restored", work / "again"
    run_cli("render", meeting, "--doc", "minutes", "--format", "pdf", "--pdf-variant",
            "pdf/a-3u", "--out", first)
    (pdf,) = first.glob("*.pdf")
    restored.mkdir()
    run_cli("extract", pdf, "--out", restored)
    run_cli("render", restored / meeting.name, "--doc", "minutes", "--format", "pdf",
            "--pdf-variant", "pdf/a-3u", "--out", again)
    return pdf, restored, again / pdf.name


@pytest.mark.parametrize("meeting", INPUTS, ids=[p.stem for p in INPUTS])
def test_every_input_meeting_renders_again_identically(meeting: Path, tmp_path: Path) -> None:
    pdf, restored, again = archive_and_restore(meeting, tmp_path)
    assert (restored / meeting.name).read_bytes() == meeting.read_bytes()
    assert again.read_bytes() == pdf.read_bytes()


def test_a_tree_of_sheets_and_annexes_is_restored_and_renders_again(tmp_path: Path) -> None:
    meeting = tree_meeting(tmp_path / "src")
    pdf, restored, again = archive_and_restore(meeting, tmp_path)
    for name in ("meeting.yaml", "data/register.csv", "annexes/phu-luc.pdf"):
        assert (restored / name).read_bytes() == (meeting.parent / name).read_bytes(), name
    assert not (restored / "register.csv").exists()  # not flattened
    assert again.read_bytes() == pdf.read_bytes()
