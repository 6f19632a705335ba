"""Sheet columns and answer fields declared once, on the schema's fields: a new field marked
``Column`` is read from a register with no other edit, and one marked ``ANSWER`` joins the
answer fields in its declared place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import pytest

from briefgen.errors import InputError
from briefgen.load.notations import key
from briefgen.load.sheets import Sheet, column_title, header_columns, read_sheet
from briefgen.model.columns import PEOPLE, POINTS, TASKS, marked, sheet_of
from briefgen.model.history import ANSWER_FIELDS
from briefgen.model.meeting import Task
from briefgen.model.text import ANSWER, Answer, Column, Date, Text


class RiskedTask(Task):
    """A task with two fields a later version might add: a text the owner answers, and a date."""

    risk: Annotated[Text | None, Column("rủi ro", "nguy cơ"), ANSWER] = None
    reviewed: Annotated[Date | None, Column("ngày rà soát")] = None


def test_a_new_column_on_a_field_is_read_from_a_csv_register(tmp_path: Path) -> None:
    sheet = sheet_of(RiskedTask, "tasks", "register")
    register = tmp_path / "register.csv"
    register.write_text("Mã;Đơn vị chủ trì;Trạng thái;Nguy cơ;Ngày rà soát\n"
                        "T1;ubnd;Đang thực hiện;Thiếu vốn; 05/03/2026\n", encoding="utf-8")
    rows, smap = read_sheet(register, sheet)
    task = RiskedTask.model_validate(rows[0])
    assert (task.risk, task.reviewed) == ("Thiếu vốn", dt.date(2026, 3, 5))
    assert smap.values[("tasks", 0, "risk")] == (2, 4)
    # The new answer field follows the declared ones, in the order the fields are.
    assert marked(RiskedTask, Answer) == (*ANSWER_FIELDS, "risk")
    # A register adding the column writes its usual header, as the other columns' language is.
    columns, english = header_columns(["Mã", "Trạng thái"], sheet)
    assert (columns, english) == ({"id": 0, "status": 1}, False)
    assert column_title(sheet, "risk", english) == "Rủi ro"


def test_the_hints_name_a_new_column_and_its_header(tmp_path: Path) -> None:
    sheet = sheet_of(RiskedTask, "tasks", "register")
    register = tmp_path / "register.csv"
    register.write_text("Mã,Đơn vị chủ trì,Trạng thái,Rui roo\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_sheet(register, sheet)
    assert [p.message for p in caught.value.problems] == [
        "unknown column 'Rui roo'; did you mean 'rủi ro' (risk)?"]
    assert sheet.column_list().endswith(", risk (rủi ro), reviewed (ngày rà soát)")


@pytest.mark.parametrize("sheet", [TASKS, PEOPLE, POINTS], ids=lambda s: s.collection)
def test_no_two_columns_of_a_sheet_share_a_header(sheet: Sheet) -> None:
    """A header matching two fields would read one column into whichever came last."""
    seen: dict[str, str] = {}
    for field, headers in sheet.columns.items():
        for header in {key(h) for h in (field, *headers)}:
            assert seen.setdefault(header, field) == field, (header, seen[header], field)


def test_every_answer_field_is_a_register_column() -> None:
    """collect adds a column for an answered field the register lacks, headed as declared."""
    assert ANSWER_FIELDS == ("status", "progress", "finished", "delay_reason", "proposals",
                             "contact")
    assert set(ANSWER_FIELDS) <= set(TASKS.columns)
    assert [column_title(TASKS, f, False) for f in ANSWER_FIELDS] == [
        "Trạng thái", "Tiến độ", "Ngày hoàn thành", "Nguyên nhân chậm", "Kiến nghị, đề xuất",
        "Người liên hệ"]
