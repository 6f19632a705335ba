"""`briefgen diff OLD NEW`: the changes made to a register between two sessions, exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.model import load_meeting
from briefgen.model.changes import register_changes
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
    assert ("1 nhiệm vụ đã hoàn thành, 2 nhiệm vụ mới chậm hoặc có nguy cơ chậm, 1 nhiệm vụ "
            "mới, 1 nhiệm vụ không còn theo dõi, 1 nhiệm vụ điều chỉnh thời hạn") in said
    assert all(t in said for t in ("t01", "t02", "t03", "t04", "t99"))


def test_diff_writes_the_same_as_a_page(tmp_path: Path) -> None:
    """--format html: the rows the later session's pack prints, read back from the page."""
    from lxml import html

    new, page = changed_copy(tmp_path), tmp_path / "changes.html"
    proc = run_cli("diff", REFERENCE, new, "--format", "html", "--out", page)
    assert proc.returncode == 0, proc.stderr
    tree = html.fromstring(page.read_bytes())
    rows = [[" ".join(td.text_content().split()) for td in tr.findall("td")]
            for tr in tree.findall(".//table[@class='grid changes']/tbody/tr")]
    by_change = {}
    for row in rows:
        by_change.setdefault(row[3], []).append(row)
    assert [len(by_change[k]) for k in ("Đã hoàn thành", "Mới chậm, muộn",
                                        "Nhiệm vụ mới", "Không còn theo dõi",
                                        "Điều chỉnh thời hạn")] == [1, 2, 1, 1, 1]
    assert by_change["Nhiệm vụ mới"][0][1:3] == ["Nhiệm vụ mới theo kết luận",
                                                 "Bộ Khoa học và Công nghệ"]
    assert by_change["Điều chỉnh thời hạn"][0][4] == "đặt thời hạn 30/6/2025"  # none before


def test_diff_html_needs_a_file(tmp_path: Path) -> None:
    proc = run_cli("diff", REFERENCE, changed_copy(tmp_path), "--format", "html", check=False)
    assert proc.returncode == 2 and "--out" in proc.stderr


def test_no_change_is_said_so(tmp_path: Path) -> None:
    proc = run_cli("diff", REFERENCE, REFERENCE)
    assert proc.returncode == 0 and "Sổ theo dõi không thay đổi" in proc.stdout
