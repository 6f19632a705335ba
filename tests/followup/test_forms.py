"""The response form an owner unit fills in: written per unit, opened by real clients
(openpyxl, LibreOffice), filled as a unit would and read back, and every kind of mistake in a
returned form refused at its cell."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from briefgen.errors import InputError, Problem
from briefgen.followup.forms import (
    FORM_SHEET,
    META_SHEET,
    STATUS_CHOICES,
    form_bytes,
)
from briefgen.followup.returned import Answer, read_form
from briefgen.load.limits import MAX_FIELD_CHARS
from briefgen.model import Meeting, load_meeting
from briefgen.model.meeting import TaskStatus
from tests.conftest import REFERENCE, need
from tests.readers import pdf_text, squash

DUE = dt.date(2025, 6, 15)
SHOWN = "vptw.xlsx"  # the name messages give the file
# The columns, as the unit sees them.
HEADERS = ["STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Thời hạn", "Trạng thái hiện tại",
           "Báo cáo ngay", "Trạng thái mới", "Tiến độ, kết quả thực hiện",
           "Ngày hoàn thành (hoặc dự kiến)", "Nguyên nhân chậm", "Kiến nghị, đề xuất",
           "Người liên hệ"]
FILL = range(7, 13)  # G..L
# The statuses as templates/labels/vi.yaml words them (in the documents).
VI_STATUSES = {"Đã hoàn thành": "done", "Đang thực hiện theo lộ trình": "on_track",
               "Chậm, muộn": "late", "Có nguy cơ chậm": "at_risk",
               "Chưa triển khai": "not_started"}


@pytest.fixture(scope="module")
def meeting() -> Meeting:
    m, _ = load_meeting(REFERENCE)
    return m


def owners_with_open_tasks() -> list[str]:
    m, _ = load_meeting(REFERENCE)
    return sorted({o for t in m.tasks if t.status != "done" for o in t.owners})


def write_form(folder: Path, meeting: Meeting, unit: str = "vptw",
               due: dt.date | None = DUE) -> Path:
    path = folder / f"{unit}.xlsx"
    path.write_bytes(form_bytes(meeting, unit, due=due))
    return path


def edit(path: Path, change: Callable[[Worksheet, Any], object]) -> Path:
    """Change a saved form as another tool would: openpyxl ignores the sheet's protection."""
    book = openpyxl.load_workbook(path)
    change(book[FORM_SHEET], book)
    book.save(path)
    return path


def row_of(ws: Worksheet, task: str) -> int:
    rows = [c.row for c in ws["B"] if c.value == task]
    assert len(rows) == 1, f"{task} appears {len(rows)} times"
    return rows[0]


def header_row(ws: Worksheet) -> int:
    return next(c.row for c in ws["A"] if c.value == "STT")


def covered(sqref: Any) -> set[str]:
    """Every cell a data validation's ranges cover."""
    return {f"{get_column_letter(c)}{r}" for rng in sqref.ranges
            for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1)}


def refused(path: Path, meeting: Meeting) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        read_form(path, meeting, SHOWN)
    return caught.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def at(problem: Problem, row: int, col: int) -> None:
    assert str(problem).startswith(f"{SHOWN}:{row}:{col}: "), str(problem)


# -- which tasks -----------------------------------------------------------------------------

def test_open_tasks_are_the_units_undone_tasks_in_register_order(meeting: Meeting) -> None:
    assert [t.id for t in meeting.open_tasks("vptw")] == ["t01", "t02", "t03", "t04", "t05"]
    # A shared task goes to each of its owners.
    assert [t.id for t in meeting.open_tasks("tu-ha-noi")] == ["t18"]
    assert [t.id for t in meeting.open_tasks("tu-da-nang")] == ["t18"]
    # A done task is no longer asked about; register order is kept.
    tasks = [t.model_copy(update={"status": TaskStatus.done}) if t.id == "t02" else t
             for t in meeting.tasks]
    changed = meeting.model_copy(update={"tasks": list(reversed(tasks))})
    assert [t.id for t in changed.open_tasks("vptw")] == ["t05", "t04", "t03", "t01"]
    assert meeting.open_tasks("bcd") == []


def test_the_five_statuses_are_the_documents_words() -> None:
    assert {w: s.value for w, s in STATUS_CHOICES.items()} == VI_STATUSES
    assert list(STATUS_CHOICES) == list(VI_STATUSES)


# -- the form --------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", owners_with_open_tasks())
def test_form_of_every_owner_unit(meeting: Meeting, unit: str, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting, unit)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [FORM_SHEET, META_SHEET]
    ws, meta = book[FORM_SHEET], book[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    assert ws.sheet_state == "visible"

    name = next(u.name for u in meeting.units if u.id == unit)
    lines = [c.value for c in ws["A"][:header_row(ws) - 1] if c.value]
    assert f"Đơn vị: {name}" in lines
    assert "Hạn gửi báo cáo: 15/06/2025" in lines
    assert "PHIẾU BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ" in lines

    top = header_row(ws)
    assert [c.value for c in ws[top]] == HEADERS
    expected = [t for t in meeting.tasks if unit in t.owners and t.status != "done"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=top + 1)]
    assert [r[1] for r in rows] == [t.id for t in expected]
    assert [r[0] for r in rows] == list(range(1, len(expected) + 1))
    words = {s: w for w, s in VI_STATUSES.items()}
    for r, task in zip(rows, expected, strict=True):
        assert r[2] == (task.title or "……")
        assert r[3] == (f"{task.deadline:%d/%m/%Y}" if task.deadline else None)
        assert r[4] == words[task.status.value]
        assert r[5] == ("x" if task.report_now else None)
        assert r[6:] == [None] * 6
    count = f"Số nhiệm vụ cần báo cáo: {len(expected)}"
    assert any(line.startswith(count) for line in lines)

    first, last = top + 1, top + len(expected)
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 1
    status = lists[0]
    assert covered(status.sqref) == {f"G{r}" for r in range(first, last + 1)}
    sheet, cells = status.formula1.split("!")
    assert sheet.strip("'") == META_SHEET
    assert [c.value for row in meta[cells.replace("$", "")] for c in row] == list(VI_STATUSES)
    assert status.showErrorMessage and status.errorStyle == "stop"
    assert "Chọn một trong năm trạng thái" in status.error
    dates = [v for v in ws.data_validations.dataValidation if v.type == "date"]
    assert len(dates) == 1
    assert covered(dates[0].sqref) == {f"I{r}" for r in range(first, last + 1)}

    assert ws.protection.sheet is True
    for row in range(1, last + 3):
        for col in range(1, 15):
            cell = ws.cell(row, col)
            fill_in = first <= row <= last and col in FILL
            assert cell.protection.locked is not fill_in, f"{cell.coordinate} locked={fill_in}"
    assert ws.freeze_panes == f"A{first}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.cell(top, 1).font.b and ws.cell(top, 1).font.name == "Times New Roman"
    assert ws.cell(first, 3).font.name == "Times New Roman" and ws.cell(first, 3).alignment.wrap_text
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width


def test_no_due_date_no_due_line(meeting: Meeting, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_form(tmp_path, meeting, due=None))[FORM_SHEET]
    assert not any(str(c.value).startswith("Hạn gửi") for c in ws["A"])
    assert row_of(ws, "t01") == header_row(ws) + 1
    assert read_form(tmp_path / "vptw.xlsx", meeting).answers == ()


def test_same_input_same_bytes(meeting: Meeting) -> None:
    first = form_bytes(meeting, "don-vi-chua-neu", due=DUE)
    assert form_bytes(meeting, "don-vi-chua-neu", due=DUE) == first
    assert form_bytes(meeting, "don-vi-chua-neu", due=None) != first
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.created == book.properties.modified == dt.datetime(2025, 5, 22)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_unknown_unit_is_refused(meeting: Meeting) -> None:
    with pytest.raises(ValueError, match="'nobody' is not in the meeting's units"):
        form_bytes(meeting, "nobody", due=None)


def test_libreoffice_prints_the_form_and_saves_it_back(meeting: Meeting, tmp_path: Path) -> None:
    """LibreOffice, a real client, opens the form; a form it saves again still reads back."""
    soffice = need("soffice")
    path = write_form(tmp_path, meeting, "don-vi-chua-neu")
    edit(path, lambda ws, _: ws.cell(row_of(ws, "t22"), 7, "Chậm, muộn"))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for fmt, out in (("pdf", tmp_path / "pdf"), ("xlsx", tmp_path / "saved")):
        proc = subprocess.run([soffice, profile, "--headless", "--convert-to", fmt, "--outdir",
                               str(out), str(path)], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        # Without the Calc module LibreOffice exits 0 having written nothing.
        assert (out / f"{path.stem}.{fmt}").is_file(), (
            f"LibreOffice wrote no {fmt} ({proc.stderr.strip()}); is libreoffice-calc-nogui installed?")
    text = squash(pdf_text(tmp_path / "pdf" / "don-vi-chua-neu.pdf"))
    assert "Đơn vị: Đơn vị được giao" in text
    assert "PHIẾU BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ" in text
    assert "t44" in text and "response-form/1" not in text  # every row printed, the hidden sheet not
    back = read_form(tmp_path / "saved" / "don-vi-chua-neu.xlsx", meeting)
    assert [(a.task, a.status) for a in back.answers] == [("t22", TaskStatus.late)]


# -- filled and read back --------------------------------------------------------------------

def test_filled_form_reads_back(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)

    def fill(ws: Worksheet, _: Any) -> None:
        r1, r2, r3, r5 = (row_of(ws, t) for t in ("t01", "t02", "t03", "t05"))
        ws.cell(r1, 7, "Đã hoàn thành")
        ws.cell(r1, 8, "Đã trình Bộ Chính trị\r\nngày 10/6")
        ws.cell(r1, 9, dt.datetime(2025, 6, 10))
        ws.cell(r1, 12, "0912 345 678")
        ws.cell(r2, 7, "Chậm, muộn")
        ws.cell(r2, 9, "30/9/2025")
        ws.cell(r2, 10, unicodedata.normalize("NFD", "Chờ ý kiến các bộ"))  # as some tools type
        ws.cell(r2, 11, "  Gia hạn đến quý IV  ")
        ws.cell(r3, 7, "chua trien khai")  # a notation the register accepts
        ws.cell(r3, 9, "2025-12-31")
        ws.cell(r5, 12, 912345678)  # a number where text is due

    edit(path, fill)
    form = read_form(path, meeting, SHOWN)
    assert form.file == SHOWN
    assert (form.meeting, form.unit) == ("bcd-khcn-2025-05-22", "vptw")
    assert len(form.digest) == 64 and len(form.sha256) == 64
    assert form.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    ws = openpyxl.load_workbook(path)[FORM_SHEET]
    assert form.answers == (
        Answer("t01", row_of(ws, "t01"), TaskStatus.done, "Đã trình Bộ Chính trị\nngày 10/6",
               dt.date(2025, 6, 10), None, None, "0912 345 678"),
        Answer("t02", row_of(ws, "t02"), TaskStatus.late, None, dt.date(2025, 9, 30),
               "Chờ ý kiến các bộ", "Gia hạn đến quý IV", None),
        Answer("t03", row_of(ws, "t03"), TaskStatus.not_started, None, dt.date(2025, 12, 31),
               None, None, None),
        Answer("t05", row_of(ws, "t05"), None, None, None, None, None, "912345678"),
    )
    assert form.answers[1].delay_reason == unicodedata.normalize("NFC", "Chờ ý kiến các bộ")
    assert form.answers[1].fields() == {"status": "late", "finished": dt.date(2025, 9, 30),
                                        "delay_reason": "Chờ ý kiến các bộ",
                                        "proposals": "Gia hạn đến quý IV"}
    assert form.answers[3].fields() == {"contact": "912345678"}
    # The digest is the request's: the same for the form as sent.
    (tmp_path / "sent").mkdir()
    assert form.digest == read_form(write_form(tmp_path / "sent", meeting), meeting).digest


def test_untouched_form_gives_no_answers(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting, "don-vi-chua-neu")
    edit(path, lambda ws, _: ws.cell(row_of(ws, "t30"), 8, "   "))  # blanks are not answers
    form = read_form(path, meeting)
    assert form.answers == ()
    assert form.unit == "don-vi-chua-neu"


# -- mistakes, each at its cell ----------------------------------------------------------------

def test_not_an_xlsx(meeting: Meeting, tmp_path: Path) -> None:
    for name, data in (("text.xlsx", "Mã nhiệm vụ;Trạng thái\nt01;xong\n".encode()),
                       ("cut.xlsx", form_bytes(meeting, "vptw", due=None)[:3000]),
                       ("empty.xlsx", b"")):
        path = tmp_path / name
        path.write_bytes(data)
        problem = only(refused(path, meeting))
        at(problem, 1, 1)
        assert "damaged or not .xlsx" in problem.message


def test_a_zip_that_is_no_workbook(meeting: Meeting, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "báo cáo")
    problem = only(refused(path, meeting))
    at(problem, 1, 1)
    assert "damaged or not .xlsx" in problem.message


def test_a_missing_file(meeting: Meeting, tmp_path: Path) -> None:
    problem = only(refused(tmp_path / "none.xlsx", meeting))
    at(problem, 1, 1)
    assert "cannot read file" in problem.message


def test_no_hidden_sheet(meeting: Meeting, tmp_path: Path) -> None:
    path = edit(write_form(tmp_path, meeting), lambda _, book: book.remove(book[META_SHEET]))
    problem = only(refused(path, meeting))
    at(problem, 1, 1)
    assert "hidden part was changed or this is not a briefgen form" in problem.message


def test_any_other_workbook(meeting: Meeting, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(["Mã nhiệm vụ", "Trạng thái mới"])
    book.active.append(["t01", "Đã hoàn thành"])
    book.save(tmp_path / "own.xlsx")
    problem = only(refused(tmp_path / "own.xlsx", meeting))
    at(problem, 1, 1)
    assert "not a briefgen form" in problem.message


@pytest.mark.parametrize("cell, value", [("L2", "t02"),  # the copied title of t01
                                         ("K3", "t09"),  # the id of t02
                                         ("B3", "khac"),  # the unit
                                         ("D2", "Chưa triển khai"),  # a drop-down word
                                         ("G5", "Hạn gửi báo cáo: 30/06/2025")])  # a title line
def test_hidden_sheet_changed(meeting: Meeting, tmp_path: Path, cell: str, value: str) -> None:
    def change(_: Worksheet, book: Any) -> None:
        book[META_SHEET][cell] = value

    problem = only(refused(edit(write_form(tmp_path, meeting), change), meeting))
    at(problem, 1, 1)
    assert "hidden part was changed" in problem.message


def test_form_of_another_meeting(meeting: Meeting, tmp_path: Path) -> None:
    other = meeting.model_copy(update={
        "meeting": meeting.meeting.model_copy(update={"id": "bcd-khcn-2025-09-10"})})
    problem = only(refused(write_form(tmp_path, other), meeting))
    at(problem, 1, 1)
    assert "'bcd-khcn-2025-09-10'" in problem.message
    assert "'bcd-khcn-2025-05-22'" in problem.message


def test_unit_not_in_the_meeting(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    now = meeting.model_copy(update={"units": [u for u in meeting.units if u.id != "vptw"]})
    problem = only(refused(path, now))
    at(problem, 1, 1)
    assert "unit 'vptw'" in problem.message and "not in the meeting's units" in problem.message


def test_prefilled_cell_changed(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    ws = openpyxl.load_workbook(path)[FORM_SHEET]
    row, top = row_of(ws, "t02"), header_row(ws)
    edit(path, lambda ws, _: (ws.cell(row, 2, "t09"), ws.cell(row, 6, "x"),
                              ws.cell(top, 7, "Trạng thái")))
    g, b, f = refused(path, meeting)
    at(b, row, 2)
    assert f"cell B{row} (Mã nhiệm vụ)" in b.message
    assert "prefilled cell was changed: it was 't02', it is now 't09'" in b.message
    assert b.path == "Mã nhiệm vụ"
    at(f, row, 6)
    assert f"F{row} (Báo cáo ngay)" in f.message and "it was empty, it is now 'x'" in f.message
    at(g, top, 7)
    assert f"G{top}" in g.message and "it was 'Trạng thái mới', it is now 'Trạng thái'" in g.message


def test_title_line_changed(meeting: Meeting, tmp_path: Path) -> None:
    path = edit(write_form(tmp_path, meeting), lambda ws, _: ws.cell(3, 1, "Đơn vị: Bộ Tài chính"))
    problem = only(refused(path, meeting))
    at(problem, 3, 1)
    assert "'Đơn vị: Văn phòng Trung ương Đảng'" in problem.message
    assert "'Đơn vị: Bộ Tài chính'" in problem.message


def test_task_no_longer_in_the_register(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    row = row_of(openpyxl.load_workbook(path)[FORM_SHEET], "t03")
    edit(path, lambda ws, _: ws.cell(row, 8, "Đã xong"))
    now = meeting.model_copy(update={"tasks": [t for t in meeting.tasks if t.id != "t03"]})
    problem = only(refused(path, now))
    at(problem, row, 2)
    assert f"cell B{row} (Mã nhiệm vụ)" in problem.message
    assert "'t03' is no longer in the register" in problem.message
    assert read_form(path, meeting).answers[0].task == "t03"  # read against the old register


def test_task_no_longer_owned_by_the_unit(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    row = row_of(openpyxl.load_workbook(path)[FORM_SHEET], "t02")
    edit(path, lambda ws, _: ws.cell(row, 7, "Đã hoàn thành"))
    # The register changed after the form went out: t02 moved to another unit.
    text = REFERENCE.read_text(encoding="utf-8")
    assert "{id: t02, owners: [vptw]," in text
    moved = tmp_path / "moved.yaml"
    moved.write_text(text.replace("{id: t02, owners: [vptw],", "{id: t02, owners: [bo-khcn],"),
                     encoding="utf-8")
    now, _ = load_meeting(moved)
    problem = only(refused(path, now))
    at(problem, row, 2)
    assert "task not assigned to that unit" in problem.message
    assert "'t02'" in problem.message and "bo-khcn" in problem.message


def test_status_outside_the_five_words(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    ws = openpyxl.load_workbook(path)[FORM_SHEET]
    r1, r2, r3 = row_of(ws, "t01"), row_of(ws, "t02"), row_of(ws, "t03")
    edit(path, lambda ws, _: (ws.cell(r1, 7, "Hoàn thàh"), ws.cell(r2, 7, "Xong rồi nhé"),
                              ws.cell(r3, 7, 3)))
    p1, p2, p3 = refused(path, meeting)
    for problem, row in ((p1, r1), (p2, r2), (p3, r3)):
        at(problem, row, 7)
        assert f"cell G{row} (Trạng thái mới)" in problem.message
        assert problem.path == "Trạng thái mới"
        assert "is not one of the five statuses" in problem.message
        for word in VI_STATUSES:
            assert f"'{word}'" in problem.message
    assert "'Hoàn thàh'" in p1.message and "did you mean 'Đã hoàn thành'?" in p1.message
    assert "'Xong rồi nhé'" in p2.message and "did you mean" not in p2.message


def test_status_notations_accepted(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    words = {"t01": "HOÀN THÀNH", "t02": "cham, muon", "t03": "đúng tiến độ", "t04": "at_risk",
             "t05": " Chưa thực hiện "}
    edit(path, lambda ws, _: [ws.cell(row_of(ws, t), 7, w) for t, w in words.items()])
    assert [a.status for a in read_form(path, meeting).answers] == [
        TaskStatus.done, TaskStatus.late, TaskStatus.on_track, TaskStatus.at_risk,
        TaskStatus.not_started]


def test_bad_dates(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    ws = openpyxl.load_workbook(path)[FORM_SHEET]
    r1, r2, r3 = row_of(ws, "t01"), row_of(ws, "t02"), row_of(ws, "t03")
    edit(path, lambda ws, _: (ws.cell(r1, 9, "31/02/2025"), ws.cell(r2, 9, "cuối tháng 6"),
                              ws.cell(r3, 9, "22-5-2025")))
    p1, p2 = refused(path, meeting)
    at(p1, r1, 9)
    assert f"cell I{r1} (Ngày hoàn thành (hoặc dự kiến))" in p1.message
    assert "'31/02/2025' is not a real date" in p1.message
    at(p2, r2, 9)
    assert "'cuối tháng 6' is not a date" in p2.message and "dd/mm/yyyy" in p2.message
    assert p2.path == "Ngày hoàn thành (hoặc dự kiến)"


def test_text_with_a_misleading_character(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    ws = openpyxl.load_workbook(path)[FORM_SHEET]
    r1, r2 = row_of(ws, "t01"), row_of(ws, "t04")
    edit(path, lambda ws, _: (ws.cell(r1, 8, "Đã xong \u202eabc"), ws.cell(r2, 11, "Đề nghị\x9b")))
    p1, p2 = refused(path, meeting)
    at(p1, r1, 8)
    assert f"cell H{r1} (Tiến độ, kết quả thực hiện)" in p1.message
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE) at position 9" in p1.message
    at(p2, r2, 11)
    assert "U+009B" in p2.message and "Kiến nghị, đề xuất" in p2.message


def test_text_over_the_field_limit(meeting: Meeting, tmp_path: Path) -> None:
    # openpyxl cuts a cell to Excel's 32,767 characters; other tools write what they like.
    path = write_form(tmp_path, meeting)
    row = row_of(openpyxl.load_workbook(path)[FORM_SHEET], "t05")
    edit(path, lambda ws, _: ws.cell(row, 10, "PLACEHOLDER"))
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if b"PLACEHOLDER" in content:
                content = content.replace(b"PLACEHOLDER", b"a" * (MAX_FIELD_CHARS + 1))
            dst.writestr(info, content)
    path.write_bytes(data.getvalue())
    problem = only(refused(path, meeting))
    at(problem, row, 10)
    assert f"cell J{row} (Nguyên nhân chậm)" in problem.message
    assert f"is {MAX_FIELD_CHARS + 1:,} characters long" in problem.message


def test_values_outside_the_fill_in_cells(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    ws = openpyxl.load_workbook(path)[FORM_SHEET]
    last, top = row_of(ws, "t05"), header_row(ws)
    edit(path, lambda ws, _: (ws.cell(last + 2, 8, "Ghi thêm: xin gia hạn"),
                              ws.cell(last, 13, "ghi chú"), ws.cell(top - 1, 4, "?"),
                              ws.cell(last + 1, 2, "t06"), ws.cell(last + 1, 7, "Chậm, muộn")))
    above, beside, added_id, added_status, below = refused(path, meeting)
    # A row the unit added for a task of its own choosing is not read either.
    at(added_id, last + 1, 2)
    assert f"cell B{last + 1} (Mã nhiệm vụ): a value was typed outside" in added_id.message
    at(added_status, last + 1, 7)
    assert "outside the fill-in cells ('Chậm, muộn')" in added_status.message
    at(below, last + 2, 8)
    assert f"cell H{last + 2}" in below.message
    assert "typed outside the fill-in cells ('Ghi thêm: xin gia hạn')" in below.message
    at(beside, last, 13)
    assert f"cell M{last}" in beside.message and "outside the fill-in cells" in beside.message
    at(above, top - 1, 4)
    assert "outside the fill-in cells" in above.message


def test_three_mistakes_in_one_form(meeting: Meeting, tmp_path: Path) -> None:
    path = write_form(tmp_path, meeting)
    ws = openpyxl.load_workbook(path)[FORM_SHEET]
    r1, r3, r5 = row_of(ws, "t01"), row_of(ws, "t03"), row_of(ws, "t05")
    edit(path, lambda ws, _: (ws.cell(r1, 7, "Sắp xong"), ws.cell(r3, 9, "30/13/2025"),
                              ws.cell(r5, 3, "Nhiệm vụ khác"), ws.cell(r3, 8, "Đúng")))
    problems = refused(path, meeting)
    assert [(p.line, p.column) for p in problems] == [(r1, 7), (r3, 9), (r5, 3)]
    assert "five statuses" in problems[0].message
    assert "'30/13/2025' is not a real date" in problems[1].message
    assert "it was '……', it is now 'Nhiệm vụ khác'" in problems[2].message
    with pytest.raises(InputError) as caught:
        read_form(path, meeting, SHOWN)
    assert str(caught.value).count(f"{SHOWN}:") == 3
