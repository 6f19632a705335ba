"""The task register read from CSV and XLSX: tasks as the schema sees them, and every problem
located at the spreadsheet row and column a clerk would look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pydantic import ValidationError

from briefgen.errors import InputError, format_path
from briefgen.load.sheets import read_sheet
from briefgen.load.source import SourceMap
from briefgen.model.columns import TASKS
from briefgen.model.meeting import Task, TaskStatus


def read_register(path: Path, display: str | None = None) -> tuple[list[dict[str, Any]], SourceMap]:
    """A CSV or XLSX task register's ``tasks:`` entries and their cell positions."""
    return read_sheet(path, TASKS, display)


def write_csv(folder: Path, text: str, *, name: str = "register.csv", bom: bool = False) -> Path:
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def write_xlsx(folder: Path, rows: list[list[Any]], *, name: str = "register.xlsx") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.create_sheet("other").append(["not", "read"])  # only the first sheet is the register
    path = folder / name
    book.save(path)
    return path


def problems(exc: pytest.ExceptionInfo[InputError]) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.message) for p in exc.value.problems]


def validate(tasks: list[dict[str, Any]], smap: SourceMap) -> tuple[list[Task], list[str]]:
    """Validate each row as the meeting loader will, locating schema errors with the map."""
    valid, errors = [], []
    for i, row in enumerate(tasks):
        try:
            valid.append(Task.model_validate(row))
        except ValidationError as exc:
            for err in exc.errors():
                loc = ("tasks", i, *err["loc"])
                errors.append(str(smap.problem(loc, format_path(loc), err["msg"])))
    return valid, errors


# -- reading ---------------------------------------------------------------------------------

def test_csv_with_vietnamese_headers_semicolons_and_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path, bom=True, text=(
        "STT;Mã;Nội dung;Đơn vị chủ trì;Trạng thái;Thời hạn;Báo cáo ngay;Ghi chú;Nhóm\n"
        "1;t01;Xây dựng đề án;vptw;on_track;22/05/2025;x;;kiem-diem\n"
        ";;;;;;;;\n"  # empty row: skipped, but still counted as a spreadsheet row
        "2;t02;\"Hai đơn vị; cùng chủ trì\";\"tu-ha-noi; tu-da-nang\";Đã hoàn thành;2025-6-1;không;"
        "Ghi chú;kiem-diem\n"
        "3;t03;;bo-khcn;late;;;;\n"
    ))
    tasks, smap = read_register(path, "register.csv")
    valid, errors = validate(tasks, smap)
    assert errors == []
    assert [t.id for t in valid] == ["t01", "t02", "t03"]
    t01, t02, t03 = valid
    assert t01.owners == ["vptw"] and t01.status is TaskStatus.on_track
    assert t01.deadline == dt.date(2025, 5, 22) and t01.report_now is True and t01.notes is None
    assert t02.title == "Hai đơn vị; cùng chủ trì" and t02.owners == ["tu-ha-noi", "tu-da-nang"]
    assert t02.status is TaskStatus.done and t02.deadline == dt.date(2025, 6, 1)
    assert t02.report_now is False and t02.notes == "Ghi chú"
    # Empty cells are left out, so the schema's defaults apply.
    assert tasks[2] == {"id": "t03", "owners": ["bo-khcn"], "status": "late"}
    assert t03.title is None and t03.deadline is None and t03.report_now is False
    # Positions: (row, column) with the header as row 1; the empty row 3 still counts.
    assert smap.file == "register.csv"
    assert smap.values[("tasks", 0, "id")] == (2, 2)
    assert smap.values[("tasks", 1, "status")] == (4, 5)
    assert smap.values[("tasks", 1, "owners", 1)] == (4, 4)
    assert smap.locate(("tasks", 2, "deadline")) == (5, 6)  # empty cell, still located


def test_csv_with_english_headers_commas_and_multiline_cell(tmp_path: Path) -> None:
    path = write_csv(tmp_path, (
        "ID,Title,Owners,Source,Deadline,Status,Report Now,Notes,Group\n"
        't1,"Line one\r\nline two, with a comma",a,Kết luận 12,2025-05-22,at_risk,TRUE,,g\n'
        "t2,Plain,b,,,not_started,0,,\n"
    ))
    tasks, smap = read_register(path)
    valid, errors = validate(tasks, smap)
    assert errors == []
    assert valid[0].title == "Line one\nline two, with a comma"
    assert valid[0].source == "Kết luận 12" and valid[0].report_now is True
    assert valid[1].status is TaskStatus.not_started and valid[1].report_now is False
    # The quoted cell spans two lines of text but is one spreadsheet row.
    assert smap.values[("tasks", 1, "id")] == (3, 1)
    assert smap.file == str(path)


@pytest.mark.parametrize(("cell", "expected"), [
    ("x", True), ("X", True), ("có", True), ("yes", True), ("1", True), ("true", True),
    ("không", False), ("khong", False), ("no", False), ("0", False), ("false", False),
])
def test_report_now_words(tmp_path: Path, cell: str, expected: bool) -> None:
    path = write_csv(tmp_path, f"id,owners,status,báo cáo ngay\nt1,a,done,{cell}\n")
    tasks, _ = read_register(path)
    assert Task.model_validate(tasks[0]).report_now is expected


def test_xlsx_with_real_dates_numbers_and_booleans(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [
        ["Mã", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tình trạng", "Báo cáo ngay"],
        [1, "Việc số một", "vptw; bo-khcn", dt.datetime(2025, 5, 22), "đúng tiến độ", True],
        [None, None, None, None, None, None],
        ["t03", "Việc ba", "bo-noi-vu", "30/06/2025", "chưa triển khai", "x"],
        ["t04", "  ", "bo-tai-chinh", dt.date(2025, 7, 1), "late", False],
    ])
    tasks, smap = read_register(path, "register.xlsx")
    valid, errors = validate(tasks, smap)
    assert errors == []
    assert [t.id for t in valid] == ["1", "t03", "t04"]  # a number typed as id is text
    assert valid[0].owners == ["vptw", "bo-khcn"] and valid[0].deadline == dt.date(2025, 5, 22)
    assert valid[0].status is TaskStatus.on_track and valid[0].report_now is True
    assert valid[1].deadline == dt.date(2025, 6, 30) and valid[1].status is TaskStatus.not_started
    assert valid[2].title is None and valid[2].report_now is False  # blank text is empty
    assert smap.values[("tasks", 1, "deadline")] == (4, 4)
    assert smap.values[("tasks", 2, "status")] == (5, 5)


# -- problems the reader finds ---------------------------------------------------------------

def test_bad_header_and_missing_column_are_all_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "mã,đơn vị chủ trì,thoi hn,phụ trách\nt1,a,2025-05-22,b\n")
    with pytest.raises(InputError) as exc:
        read_register(path, "register.csv")
    assert problems(exc) == [
        (1, 1, "missing column 'status' (trạng thái); it is required"),
        (1, 3, "unknown column 'thoi hn'; did you mean 'thời hạn' (deadline)?"),
        (1, 4, "unknown column 'phụ trách'; columns: id (mã), title (nội dung), owners (đơn vị chủ trì), "
               "source (nguồn), deadline (thời hạn), status (trạng thái), report_now (báo cáo ngay), "
               "notes (ghi chú), group (nhóm), progress (tiến độ), finished (ngày hoàn thành), "
               "delay_reason (nguyên nhân chậm), proposals (kiến nghị, đề xuất), contact (người "
               "liên hệ), conclusion (kết luận)"),
    ]
    assert str(exc.value).splitlines()[1] == (
        "register.csv:1:3: unknown column 'thoi hn'; did you mean 'thời hạn' (deadline)?")


def test_repeated_column_and_value_without_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [
        ["id", "owners", "status", "Trạng thái"],
        ["t1", "a", "done", "late", None, "stray"],
        ["t2", "a", "done", None, None, "stray again"],
    ])
    with pytest.raises(InputError) as exc:
        read_register(path, "register.xlsx")
    assert problems(exc) == [
        (1, 4, "column 'Trạng thái' repeats 'status' (already column 3)"),
        (2, 6, "value in a column without a header; name the column in the header row or clear it"),
    ]


def test_empty_register(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_register(write_csv(tmp_path, "\n;;\n"), "register.csv")
    assert problems(exc)[0][:2] == (1, 1)
    assert "the register is empty" in problems(exc)[0][2]


def test_bad_bytes_are_located_at_their_cell(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    # Saved as Windows-1258 instead of UTF-8: 0xE0 is 'à'.
    path.write_bytes(b"id;owners;status;title\nt1;a;done;ok\nt2;b;late;H\xe0 N\xe9i\nt3;c;late;\xe0\n")
    with pytest.raises(InputError) as exc:
        read_register(path, "register.csv")
    assert problems(exc) == [
        (3, 4, "not UTF-8 (byte 0xe0; 1 more cell has such bytes); save the file as CSV UTF-8")]


def test_wrong_encoding_everywhere_still_prints(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(b"m\xe3;\xf0\xf5n v\xec;tr\xe0ng th\xe1i\nt1;a;ch\xe2m\n")  # a one-byte code page
    with pytest.raises(InputError) as exc:
        read_register(path, "register.csv")
    # Only the encoding: the misread headers it causes would just be noise.
    assert problems(exc) == [
        (1, 1, "not UTF-8 (byte 0xe3; 3 more cells have such bytes); save the file as CSV UTF-8")]
    str(exc.value).encode("utf-8")  # printable: no undecoded bytes in the message


def test_utf16_and_misnamed_workbook(tmp_path: Path) -> None:
    utf16 = tmp_path / "u.csv"
    utf16.write_bytes("id,owners,status\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        read_register(utf16)
    workbook = write_xlsx(tmp_path, [["id", "owners", "status"]])
    misnamed = tmp_path / "w.csv"
    misnamed.write_bytes(workbook.read_bytes())
    with pytest.raises(InputError, match=r"name it \.xlsx"):
        read_register(misnamed)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupt_xlsx_is_a_clean_error(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "register.xlsx"
    if damage == "garbage":
        path.write_bytes(b"this is not a workbook")
    else:
        good = write_xlsx(tmp_path, [["id", "owners", "status"], ["t1", "a", "done"]], name="g.xlsx")
        path.write_bytes(good.read_bytes()[:-200])
    with pytest.raises(InputError) as exc:
        read_register(path, "register.xlsx")
    (problem,) = exc.value.problems
    assert (problem.file, problem.line, problem.column) == ("register.xlsx", 1, 1)
    assert "cannot read the workbook" in problem.message and ".xlsx" in problem.message


def test_unreadable_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        read_register(tmp_path / "missing.csv")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"\.xls\) cannot be read"):
        read_register(tmp_path / "old.xls")
    (tmp_path / "r.ods").write_bytes(b"")
    with pytest.raises(InputError, match=r"must be a \.csv or \.xlsx"):
        read_register(tmp_path / "r.ods")


# -- problems the schema finds, located through the map ---------------------------------------

def test_bad_status_is_reported_at_its_cell(tmp_path: Path) -> None:
    path = write_csv(tmp_path, (
        "id,title,owners,status,deadline\n"
        "t0,A,a,done,\n"
        "t1,B,a,late,\n"
        "t2,C,a,on_track,\n"
        "t3,D,a,xogn,\n"
    ))
    tasks, smap = read_register(path, "register.csv")
    _, errors = validate(tasks, smap)
    assert len(errors) == 1
    assert errors[0].startswith("register.csv:5:4: tasks[3].status: ")
    # The accepted forms, the Vietnamese words included, are listed.
    assert "expected one of 'done'" in errors[0] and "'Đang thực hiện theo lộ trình'" in errors[0]


def test_impossible_date_keeps_what_was_typed(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "id,owners,status,deadline\nt1,a,done,31/02/2025\n")
    tasks, smap = read_register(path, "register.csv")
    assert tasks[0]["deadline"] == "31/02/2025"
    _, errors = validate(tasks, smap)
    assert [e.split(": ")[:2] for e in errors] == [["register.csv:2:4", "tasks[0].deadline"]]


def test_empty_required_cell_is_located_at_the_cell(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["id", "owners", "status"], ["t1", None, "done"]])
    tasks, smap = read_register(path, "register.xlsx")
    with pytest.raises(ValidationError) as exc:
        Task.model_validate(tasks[0])
    (err,) = exc.value.errors()
    assert err["type"] == "missing"
    assert smap.locate(("tasks", 0, *err["loc"])) == (2, 2)
    # A loader that locates "missing" at the enclosing mapping gets the row's first cell.
    assert smap.locate(("tasks", 0), key=True) == (2, 1)
