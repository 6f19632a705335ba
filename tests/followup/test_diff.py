"""`briefgen diff OLD NEW`: the changes made to a register between two sessions, exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.followup.diff import register_changes
from briefgen.model import load_meeting
from tests.conftest import REFERENCE, run_cli


def changed_copy(tmp_path: Path) -> Path:
    """The reference register as the next session might have it: t01 done (its deadline
    moved), t02 and t03 late, t04 dropped, t99 new."""
    text = REFERENCE.read_text(encoding="utf-8")
    edits = [
        ("  - {id: t01, owners: [vptw], status: on_track, group: kiem-diem}\n",
         "  - {id: t01, owners: [vptw], status: done, group: kiem-diem, deadline: 2025-06-30}\n"
         "  - {id: t99, title: Nhiệm vụ mới theo kết luận, owners: [bo-khcn], "
         "status: not_started, deadline: 2025-07-15}\n"),
        ("  - {id: t02, owners: [vptw], status: on_track,", "  - {id: t02, owners: [vptw], status: late,"),
        ("  - {id: t03, owners: [vptw], status: on_track,", "  - {id: t03, owners: [vptw], status: late,"),
        ("  - {id: t04, owners: [vptw], status: on_track, group: kiem-diem}\n", ""),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "next.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_shows_exactly_the_changes_made(tmp_path: Path) -> None:
    new = changed_copy(tmp_path)
    old_m, new_m = load_meeting(REFERENCE)[0], load_meeting(new)[0]
    changes = register_changes(old_m, new_m)
    assert [t.id for t in changes.done] == ["t01"]
    assert [t.id for t in changes.newly_late] == ["t02", "t03"]
    assert [t.id for t in changes.new] == ["t99"]
    assert [t.id for t in changes.dropped] == ["t04"]
    assert [(m.task.id, m.after) for m in changes.moved] == [("t01", dt.date(2025, 6, 30))]
    proc = run_cli("diff", REFERENCE, new)
    said = " ".join(proc.stdout.split())
    assert "1 done; 2 newly late; 1 new; 1 dropped; 1 deadlines moved" in said
    assert "t99" in said and "deadline moved" in said and "dropped" in said


def test_no_change_is_said_so(tmp_path: Path) -> None:
    proc = run_cli("diff", REFERENCE, REFERENCE)
    assert proc.returncode == 0 and "no change in the register" in proc.stdout
