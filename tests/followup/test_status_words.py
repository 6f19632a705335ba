"""Issue 25: one status vocabulary. The words units type in a returned form ("xong",
"hoàn thành", "Đã xong") are read as the status they mean by the real `briefgen collect`, and
a misspelling gets the hint of the status it is nearest to, the same vocabulary the meeting
file reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from briefgen.followup.forms import STATUS_CHOICES, form_bytes
from briefgen.load.notations import STATUS_LABELS, status_hint, status_value
from briefgen.model import load_meeting
from briefgen.model.meeting import Task, TaskStatus
from tests.conftest import REFERENCE, ROOT, run_cli
from tests.followup.test_forms import edit, row_of

UNIT = "vptw"


def collect_word(tmp_path: Path, word: str) -> tuple[str, object, int]:
    """Fill the unit's first open task's new status with ``word``, collect through the CLI:
    (that task's id, its status in the register afterwards, collect's exit code + stderr)."""
    meeting = tmp_path / "meeting.yaml"
    shutil.copy(REFERENCE, meeting)
    m, _ = load_meeting(meeting)
    task = m.open_tasks(UNIT)[0]
    form = tmp_path / f"{UNIT}.xlsx"
    form.write_bytes(form_bytes(m, UNIT, due=None))
    edit(form, lambda ws, _: ws.cell(row_of(ws, task.id), 7, word))
    proc = run_cli("collect", meeting, form, "--received", "27/05/2025", check=False)
    after, _ = load_meeting(meeting)
    status = next(t.status for t in after.tasks if t.id == task.id)
    return task.id, (status, proc.stderr), proc.returncode


@pytest.mark.parametrize("word", ["xong", "hoàn thành", "Đã xong"])
def test_a_word_for_done_is_read_as_done(tmp_path: Path, word: str) -> None:
    _, (status, stderr), code = collect_word(tmp_path, word)
    assert code == 0, stderr
    assert status is TaskStatus.done


def test_a_misspelling_gets_the_hint_of_its_status(tmp_path: Path) -> None:
    before = load_meeting(REFERENCE)[0]
    ident, (status, stderr), code = collect_word(tmp_path, "hòan thàh")
    assert code == 2
    assert "did you mean 'Đã hoàn thành'?" in stderr, stderr
    assert "Chậm, muộn'?" not in stderr
    assert status == next(t.status for t in before.tasks if t.id == ident)  # nothing merged


def test_the_meeting_file_reads_the_same_words() -> None:
    words = {"xong": "done", "Hoàn thành": "done", "Đã xong": "done", "đang làm": "on_track",
             "chậm": "late"}
    for word, value in words.items():
        assert Task(id="t", owners=["u"], status=word).status.value == value  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="did you mean 'Đã hoàn thành'"):
        Task(id="t", owners=["u"], status="hoan thnah")  # type: ignore[arg-type]
    assert status_hint("xong") == "; did you mean 'Đã hoàn thành'?"


def test_the_documents_words_are_the_vocabularys() -> None:
    """The vocabulary's document words are the labels file's, one per status of the schema,
    each read back as its status, and the form's drop-down offers them (one vocabulary: a form
    copied into a report reads back)."""
    labels = yaml.safe_load((ROOT / "templates/labels/vi.yaml").read_text(encoding="utf-8"))
    assert {w: v for w, v in STATUS_LABELS.items()} == {w: v for v, w in labels["status"].items()}
    assert sorted(STATUS_LABELS.values()) == sorted(s.value for s in TaskStatus)
    assert all(status_value(word) == value for word, value in STATUS_LABELS.items())
    assert list(STATUS_CHOICES) == list(STATUS_LABELS)
