"""The task register rewritten in its own format (briefgen.followup.register): the clerk's
file comes back as it was except for the updated tasks, it still loads and shows the
updates, and the swap onto the disk is atomic, keeping the version before.

Real files in tmp_path throughout; failures are real ones (a folder gone, an immutable
folder, a folder in the way, a process killed between two system calls)."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill
from openpyxl.writer.excel import ExcelWriter

from briefgen.errors import EnvironmentFault
from briefgen.followup.register import (
    RegisterFile,
    previous_path,
    register_file,
    replace_register,
    rewritten,
)
from briefgen.model.meeting import Task, TaskStatus
from briefgen.model.validate import load_meeting
from briefgen.publish import FAILPOINT_ENV
from tests.conftest import REFERENCE, ROOT

INPUTS = sorted((ROOT / "inputs").glob("*.yaml"))


def tasks_of(meeting: Path) -> dict[str, Task]:
    return {t.id: t for t in load_meeting(meeting)[0].tasks}


def meeting_with(tmp_path: Path, tasks: str = "", extra: str = "", newline: str = "\n") -> Path:
    """The reference meeting with its ``tasks:`` replaced (and ``extra`` top-level keys)."""
    head, rest = REFERENCE.read_text(encoding="utf-8").split("\ntasks:\n", 1)
    tail = rest.split("\nstatements:\n", 1)[1]
    path = tmp_path / "meeting.yaml"
    text = f"{head}\n{extra}{tasks}\nstatements:\n{tail}"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def changed_lines(old: bytes, new: bytes) -> list[tuple[str, str]]:
    """(old line, new line) for every line that differs, ignoring none."""
    a, b = old.decode("utf-8").splitlines(), new.decode("utf-8").splitlines()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out += [("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))]
    return out


# -- YAML --------------------------------------------------------------------------------------

@pytest.mark.parametrize("meeting", INPUTS, ids=[p.stem for p in INPUTS])
def test_no_update_gives_every_meeting_file_back_byte_for_byte(meeting: Path) -> None:
    reg = register_file(meeting)
    assert reg == RegisterFile(meeting, "yaml")
    assert rewritten(reg, {}) == meeting.read_bytes()


def test_two_tasks_of_the_reference_change_and_nothing_else(tmp_path: Path) -> None:
    meeting = tmp_path / REFERENCE.name
    shutil.copyfile(REFERENCE, meeting)
    old, before = meeting.read_bytes(), tasks_of(meeting)
    new = rewritten(register_file(meeting), {
        "t02": {"status": "done", "progress": "Đã trình: dự thảo #2", "finished": dt.date(2025, 5, 30)},
        "t41": {"status": TaskStatus.at_risk, "delay_reason": '- chờ ý kiến "Bộ Tài chính" # 2',
                "proposals": "yes", "contact": "12:30"},
    })
    assert changed_lines(old, new) == [
        ("  - {id: t02, owners: [vptw], status: on_track, group: kiem-diem}",
         "  - {id: t02, owners: [vptw], status: done, group: kiem-diem, "
         "progress: 'Đã trình: dự thảo #2', finished: 2025-05-30}"),
        ("  - {id: t41, owners: [don-vi-chua-neu], status: late, group: kiem-diem}",
         "  - {id: t41, owners: [don-vi-chua-neu], status: at_risk, group: kiem-diem, "
         "delay_reason: '- chờ ý kiến \"Bộ Tài chính\" # 2', proposals: \"yes\", contact: \"12:30\"}"),
    ]
    comments = [line for line in old.decode().splitlines() if line.lstrip().startswith("#")]
    assert len(comments) > 10
    assert [line for line in new.decode().splitlines() if line.lstrip().startswith("#")] == comments

    meeting.write_bytes(new)
    after = tasks_of(meeting)
    assert (after["t02"].status, after["t02"].progress, after["t02"].finished) == (
        TaskStatus.done, "Đã trình: dự thảo #2", dt.date(2025, 5, 30))
    assert after["t41"].status == TaskStatus.at_risk
    assert after["t41"].delay_reason == '- chờ ý kiến "Bộ Tài chính" # 2'
    assert (after["t41"].proposals, after["t41"].contact) == ("yes", "12:30")
    assert {k: v for k, v in after.items() if k not in ("t02", "t41")} == {
        k: v for k, v in before.items() if k not in ("t02", "t41")}


BLOCK = """tasks:
  # kept as written
  - id: b1   # the first
    owners: [bo-khcn]
    status: late
    progress: |
      Đã họp lần 1.
      Đang chờ ý kiến.

    notes: giữ nguyên
  - {id: b2, owners: [vptw], status: on_track, progress: cũ,
     delay_reason: "lý do cũ"}   # wrapped by hand
  - progress: đầu dòng
    id: b3
    owners:
      - tgv
    # a comment inside
    status: late
    contact:
"""

BLOCK_AFTER = """tasks:
  # kept as written
  - id: b1   # the first
    owners: [bo-khcn]
    status: done
    progress: 'Xong: đã gửi #3'

    notes: giữ nguyên
    contact: Ông A
  - {id: b2, owners: [vptw], status: on_track, finished: 2025-06-30}   # wrapped by hand
  - id: b3
    owners:
      - tgv
    # a comment inside
    status: at_risk
    contact: Bà B
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_block_and_wrapped_tasks_keep_their_layout(tmp_path: Path, newline: str) -> None:
    """A block scalar replaced, keys removed (the one on the '- ' line too), an empty value
    filled, a key added to a block mapping and to a flow mapping written over two lines."""
    meeting = meeting_with(tmp_path, BLOCK, newline=newline)
    old = meeting.read_bytes()
    new = rewritten(register_file(meeting), {
        "b1": {"status": "done", "progress": "Xong: đã gửi #3", "contact": "Ông A"},
        "b2": {"progress": None, "delay_reason": None, "finished": dt.date(2025, 6, 30)},
        "b3": {"progress": None, "status": "at_risk", "contact": "Bà B"},
    })
    assert new == old.replace(BLOCK.replace("\n", newline).encode(),
                              BLOCK_AFTER.replace("\n", newline).encode())
    assert new != old
    meeting.write_bytes(new)
    after = tasks_of(meeting)
    assert (after["b1"].status, after["b1"].progress, after["b1"].contact, after["b1"].notes) == (
        TaskStatus.done, "Xong: đã gửi #3", "Ông A", "giữ nguyên")
    assert (after["b2"].progress, after["b2"].delay_reason, after["b2"].finished) == (
        None, None, dt.date(2025, 6, 30))
    assert (after["b3"].progress, after["b3"].status, after["b3"].contact) == (
        None, TaskStatus.at_risk, "Bà B")


# -- CSV ---------------------------------------------------------------------------------------

EXCEL_CSV = [  # as Excel's "CSV UTF-8" saves it on a Vietnamese system
    "STT;Mã;Nội dung;Đơn vị chủ trì;Thời hạn;Trạng thái;Ghi chú",
    '1;t01;"Tổng kết; đánh giá";vptw;30/06/2025;Đang thực hiện theo lộ trình;',
    "2;t02;Sơ kết 6 tháng;bo-khcn;15/07/2025;Chậm, muộn;Chưa gửi",
    '3;t03;"Hai dòng\nnội dung";tgv;;Chưa triển khai;"ghi ""chú"""',
]


def test_excel_csv_keeps_bom_separator_line_endings_and_other_rows(tmp_path: Path) -> None:
    sheet = tmp_path / "so-theo-doi.csv"
    sheet.write_bytes(b"\xef\xbb\xbf" + "\r\n".join([*EXCEL_CSV, ""]).encode("utf-8"))
    meeting = meeting_with(tmp_path, extra="register_file: so-theo-doi.csv\n")
    reg = register_file(meeting)
    assert reg == RegisterFile(tmp_path / "so-theo-doi.csv", "csv")
    old = sheet.read_bytes()
    new = rewritten(reg, {"t02": {"status": "done", "progress": "Đã gửi; chờ ý kiến",
                                  "finished": dt.date(2025, 5, 30), "delay_reason": None}})
    assert new.startswith(b"\xef\xbb\xbf") and not new.startswith(b"\xef\xbb\xbf" * 2)
    old_lines, new_lines = old.split(b"\r\n"), new.split(b"\r\n")
    assert len(new_lines) == len(old_lines) == 5 and new_lines[4] == b""
    assert [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b] == [0, 2]
    assert new_lines[0].decode("utf-8-sig") == EXCEL_CSV[0] + ";Tiến độ;Ngày hoàn thành"
    # the columns' own words, capitalised as the column writes them
    assert new_lines[2].decode() == ("2;t02;Sơ kết 6 tháng;bo-khcn;15/07/2025;Đã hoàn thành;"
                                     'Chưa gửi;"Đã gửi; chờ ý kiến";30/05/2025')
    assert new.replace(b"\r\n", b"").count(b"\n") == 1  # the line break inside row 3's cell

    sheet.write_bytes(new)
    after = tasks_of(meeting)
    assert (after["t02"].status, after["t02"].progress, after["t02"].finished) == (
        TaskStatus.done, "Đã gửi; chờ ý kiến", dt.date(2025, 5, 30))
    assert after["t01"].title == "Tổng kết; đánh giá" and after["t03"].title == "Hai dòng\nnội dung"
    assert after["t03"].notes == 'ghi "chú"'


def test_csv_with_english_headers_gets_english_words(tmp_path: Path) -> None:
    sheet = tmp_path / "register.csv"
    sheet.write_bytes(b'id,owners,status,progress\nt01,vptw,on_track,\nt02,bo-khcn,late,"old, text"\n')
    meeting = meeting_with(tmp_path, extra="register_file: register.csv\n")
    new = rewritten(register_file(meeting), {"t01": {"status": "done", "contact": "Ông A, phòng 2"},
                                              "t02": {"progress": None}})
    assert new == (b"id,owners,status,progress,contact\n"
                   + 't01,vptw,done,,"Ông A, phòng 2"\nt02,bo-khcn,late,\n'.encode())
    sheet.write_bytes(new)
    after = tasks_of(meeting)
    assert (after["t01"].status, after["t01"].contact, after["t02"].progress) == (
        TaskStatus.done, "Ông A, phòng 2", None)


# -- XLSX --------------------------------------------------------------------------------------

SAVED = dt.datetime(2025, 5, 20, 8, 30, 0)


def make_workbook(path: Path, statuses: list[str]) -> None:
    """A register whose header is row 2 (row 1 empty), styled, with a numeric id and a
    second sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sổ theo dõi"
    header = ["STT", "Mã", "Nội dung", "Đơn vị chủ trì", "Thời hạn", "Trạng thái", "Ghi chú"]
    for col, title in enumerate(header, 1):
        cell = sheet.cell(2, col, title)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E78")
    rows = [[1, "t01", "Tổng kết", "vptw", dt.date(2025, 6, 30), statuses[0], None],
            [2, "t02", "Sơ kết", "bo-khcn", None, statuses[1], "Chưa gửi"],
            [3, 12, "Rà soát", "tgv", None, statuses[2], None]]
    for r, row in enumerate(rows, 3):
        for col, value in enumerate(row, 1):
            sheet.cell(r, col, value)
    sheet["E3"].number_format = "DD/MM/YYYY"
    sheet.column_dimensions["C"].width = 40
    sheet.column_dimensions["G"].width = 25
    book.create_sheet("Ghi chú")["A1"] = "Không sửa"
    book.properties.modified = SAVED  # as Excel saved it, long ago (book.save would say now)
    ExcelWriter(book, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)).save()


@pytest.mark.parametrize(("statuses", "done"), [
    (["on_track", "late", "late"], "done"),
    (["đang thực hiện", "chậm", "chậm, muộn"], "đã hoàn thành"),
], ids=["english", "vietnamese"])
def test_xlsx_updates_cells_in_place(tmp_path: Path, statuses: list[str], done: str) -> None:
    make_workbook(tmp_path / "so-theo-doi.xlsx", statuses)
    meeting = meeting_with(tmp_path, extra="register_file: so-theo-doi.xlsx\n")
    reg = register_file(meeting)
    assert reg == RegisterFile(tmp_path / "so-theo-doi.xlsx", "xlsx")
    updates: dict[str, dict[str, object]] = {
        "t01": {"status": "done", "finished": dt.date(2025, 5, 30), "progress": "=Đã xong"},
        "12": {"contact": "Bà C"}}
    new = rewritten(reg, updates)
    assert rewritten(reg, updates) == new
    with zipfile.ZipFile(io.BytesIO(new)) as packed:  # every part dated as the file was saved
        assert {i.date_time for i in packed.infolist()} == {SAVED.timetuple()[:6]}
    reg.path.write_bytes(new)

    book = openpyxl.load_workbook(reg.path)
    assert book.sheetnames == ["Sổ theo dõi", "Ghi chú"]
    assert book["Ghi chú"]["A1"].value == "Không sửa"
    assert book.properties.modified == SAVED
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[2]] == ["STT", "Mã", "Nội dung", "Đơn vị chủ trì", "Thời hạn",
                                           "Trạng thái", "Ghi chú", "Tiến độ", "Ngày hoàn thành",
                                           "Người liên hệ"]
    for title in sheet[2][7:]:
        assert title.font.bold and title.fill.fgColor.rgb == sheet["G2"].fill.fgColor.rgb == "001F4E78"
    assert (sheet.column_dimensions["C"].width, sheet.column_dimensions["G"].width) == (40, 25)
    assert [sheet["F3"].value, sheet["F4"].value, sheet["F5"].value] == [done, *statuses[1:]]
    assert sheet["I3"].value == dt.datetime(2025, 5, 30) and sheet["I3"].number_format == "DD/MM/YYYY"
    assert sheet["H3"].value == "=Đã xong" and sheet["H3"].data_type == "s"
    assert sheet["J5"].value == "Bà C" and sheet["J3"].value is None and sheet["J4"].value is None
    assert sheet["E3"].value == dt.datetime(2025, 6, 30) and sheet["G4"].value == "Chưa gửi"

    after = tasks_of(meeting)
    assert (after["t01"].status, after["t01"].finished, after["t01"].progress) == (
        TaskStatus.done, dt.date(2025, 5, 30), "=Đã xong")
    assert after["12"].contact == "Bà C" and after["t02"].status == TaskStatus.late


# -- what is refused ---------------------------------------------------------------------------

def registers(tmp_path: Path) -> list[RegisterFile]:
    """One register of each kind."""
    (tmp_path / "r.csv").write_text("id,owners,status\nt01,vptw,late\n", encoding="utf-8")
    make_workbook(tmp_path / "r.xlsx", ["late", "late", "late"])
    return [register_file(REFERENCE), RegisterFile(tmp_path / "r.csv", "csv"),
            RegisterFile(tmp_path / "r.xlsx", "xlsx")]


def test_an_unknown_task_id_is_named(tmp_path: Path) -> None:
    for reg in registers(tmp_path):
        with pytest.raises(ValueError, match="no task with id 't99' in the register"):
            rewritten(reg, {"t01": {"status": "done"}, "t99": {"status": "done"}})


def test_fields_and_values_the_register_cannot_take(tmp_path: Path) -> None:
    reg = register_file(REFERENCE)
    with pytest.raises(ValueError, match=r"'t01': only status, progress.* not owners"):
        rewritten(reg, {"t01": {"owners": "vptw"}})
    with pytest.raises(ValueError, match="'t01': status cannot be None"):
        rewritten(reg, {"t01": {"status": None}})
    with pytest.raises(ValueError, match="'t01': status cannot be 'xong'"):
        rewritten(reg, {"t01": {"status": "xong"}})
    with pytest.raises(ValueError, match="'t01': finished cannot be '30/05/2025'"):
        rewritten(reg, {"t01": {"finished": "30/05/2025"}})
    with pytest.raises(ValueError, match="'t01': progress contains the control character U\\+000B"):
        rewritten(reg, {"t01": {"progress": "a\x0bb"}})


# -- the swap onto the disk --------------------------------------------------------------------

def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".briefgen-tmp"))


def test_replace_keeps_the_version_before_and_leaves_no_temporary(tmp_path: Path) -> None:
    meeting = tmp_path / "meeting.yaml"
    shutil.copyfile(REFERENCE, meeting)
    os.chmod(meeting, 0o640)
    reg = register_file(meeting)
    first, second = rewritten(reg, {"t01": {"status": "done"}}), b"second"
    replace_register(reg, first)
    assert meeting.read_bytes() == first
    assert previous_path(meeting) == tmp_path / "meeting.previous.yaml"
    assert previous_path(meeting).read_bytes() == REFERENCE.read_bytes()
    assert os.stat(meeting).st_mode & 0o7777 == 0o640 == os.stat(previous_path(meeting)).st_mode & 0o7777
    replace_register(reg, second)
    assert (meeting.read_bytes(), previous_path(meeting).read_bytes()) == (second, first)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meeting.previous.yaml", "meeting.yaml"]
    assert previous_path(Path("so-theo-doi.xlsx")) == Path("so-theo-doi.previous.xlsx")


def test_a_folder_gone_is_an_environment_fault_naming_the_register(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    reg = RegisterFile(folder / "so-theo-doi.csv", "csv")
    reg.path.write_text("id,owners,status\n", encoding="utf-8")
    shutil.rmtree(folder)
    with pytest.raises(EnvironmentFault) as caught:
        replace_register(reg, b"new")
    assert caught.value.path == str(reg.path)
    assert not folder.exists()


def test_a_folder_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    """Root writes anywhere, except into an immutable folder (chattr +i)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    reg = RegisterFile(folder / "meeting.yaml", "yaml")
    reg.path.write_bytes(b"old")
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        with pytest.raises(EnvironmentFault) as caught:
            replace_register(reg, b"new")
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert caught.value.path == str(reg.path)
    assert caught.value.reason == "permission denied"
    assert sorted(p.name for p in folder.iterdir()) == ["meeting.yaml"]
    assert reg.path.read_bytes() == b"old"


def test_a_folder_where_the_version_before_goes_changes_nothing(tmp_path: Path) -> None:
    reg = RegisterFile(tmp_path / "meeting.yaml", "yaml")
    reg.path.write_bytes(b"old")
    previous_path(reg.path).mkdir()
    with pytest.raises(EnvironmentFault) as caught:
        replace_register(reg, b"new")
    assert caught.value.path == str(previous_path(reg.path))
    assert "meeting.yaml was not changed" in str(caught.value)
    assert reg.path.read_bytes() == b"old" and temporaries(tmp_path) == []


KILLED = """import sys
from pathlib import Path
from briefgen.followup.register import RegisterFile, replace_register
replace_register(RegisterFile(Path(sys.argv[1]), "yaml"), b"new register")
"""


@pytest.mark.parametrize("step", ["register-staged", "register-kept"])
def test_a_run_killed_midway_leaves_the_old_register_whole(tmp_path: Path, step: str) -> None:
    reg = RegisterFile(tmp_path / "meeting.yaml", "yaml")
    reg.path.write_bytes(b"old register")
    proc = subprocess.run([sys.executable, "-c", KILLED, str(reg.path)], cwd=ROOT, timeout=120,
                          env={**os.environ, FAILPOINT_ENV: step}, capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert reg.path.read_bytes() == b"old register"
    assert len(temporaries(tmp_path)) == 1  # the new bytes, staged, never renamed
    kept = previous_path(reg.path)
    assert (kept.read_bytes() if kept.exists() else None) == (
        b"old register" if step == "register-kept" else None)
    replace_register(reg, b"new register")  # the next run clears what the killed one left
    assert reg.path.read_bytes() == b"new register" and temporaries(tmp_path) == []
