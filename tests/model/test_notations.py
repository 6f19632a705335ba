"""The clerk's notations: dates, parts of day, authorities and statuses as clerks write them
are accepted and normalised, in a meeting file as in a register sheet; anything else is
refused with the accepted forms listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from briefgen.load.sheets import read_sheet
from briefgen.model.columns import TASKS
from briefgen.model.meeting import Authority, DayPart, MeetingInfo, Signer, Task, TaskStatus
from tests.conftest import REFERENCE, run_cli

INFO = {"id": "m", "regime": "state", "holder": "b", "kind": "phiên họp", "place": "Hà Nội",
        "mode": "online", "chairs": ["c"]}


@pytest.mark.parametrize(("written", "date"), [
    ("2022-04-09", dt.date(2022, 4, 9)), ("09/04/2022", dt.date(2022, 4, 9)),
    ("9-4-2022", dt.date(2022, 4, 9)), ("9.4.2022", dt.date(2022, 4, 9)),
    ("2022-4-9", dt.date(2022, 4, 9)), ("22/05/2025", dt.date(2025, 5, 22)),
])
def test_dates_as_clerks_write_them(written: str, date: dt.date) -> None:
    assert MeetingInfo.model_validate({**INFO, "date": written}).date == date


@pytest.mark.parametrize("written", ["31/02/2025", "2025/05/22", "22 tháng 5", "5-22-2025"])
def test_other_dates_are_refused_with_the_accepted_forms(written: str) -> None:
    with pytest.raises(ValidationError) as caught:
        MeetingInfo.model_validate({**INFO, "date": written})
    message = str(caught.value)
    assert "expected a real date (YYYY-MM-DD)" in message and "22/05/2025" in message
    assert repr(written) in message


@pytest.mark.parametrize(("written", "part"), [
    ("sáng", DayPart.morning), ("Chiều", DayPart.afternoon), ("tối", DayPart.evening),
    ("buổi sáng", DayPart.morning), ("chieu", DayPart.afternoon), ("afternoon", DayPart.afternoon),
])
def test_parts_of_day_in_words(written: str, part: DayPart) -> None:
    info = MeetingInfo.model_validate({**INFO, "date": "2025-05-22", "day_part": written})
    assert info.day_part is part


def test_unknown_part_of_day_lists_the_words() -> None:
    with pytest.raises(ValidationError) as caught:
        MeetingInfo.model_validate({**INFO, "date": "2025-05-22", "day_part": "trưa"})
    assert "'sáng'" in str(caught.value) and "'chiều'" in str(caught.value)


@pytest.mark.parametrize(("written", "authority"), [
    ("TM.", Authority.on_behalf), ("T/M", Authority.on_behalf), ("tm", Authority.on_behalf),
    ("KT.", Authority.deputy), ("K/T", Authority.deputy), ("KT", Authority.deputy),
    ("TL.", Authority.by_order), ("T/L", Authority.by_order), ("TUQ.", Authority.by_authorisation),
    ("Q.", Authority.acting), ("deputy", Authority.deputy),
])
def test_authorities_as_printed(written: str, authority: Authority) -> None:
    assert Signer(position="Phó Trưởng ban", authority=written).authority is authority  # type: ignore[arg-type]


def test_unknown_authority_lists_the_forms() -> None:
    with pytest.raises(ValidationError) as caught:
        Signer(position="x", authority="KTT")  # type: ignore[arg-type]
    assert "'KT.'" in str(caught.value) and "'K/T'" in str(caught.value)


@pytest.mark.parametrize(("written", "status"), [
    ("đang thực hiện", TaskStatus.on_track), ("Đã hoàn thành", TaskStatus.done),
    ("chậm, muộn", TaskStatus.late), ("chua trien khai", TaskStatus.not_started),
])
def test_statuses_in_words_in_a_meeting_file(written: str, status: TaskStatus) -> None:
    assert Task(id="t", owners=["u"], status=written).status is status  # type: ignore[arg-type]


def test_a_register_sheet_takes_the_same_notations(tmp_path: Path) -> None:
    sheet = tmp_path / "register.csv"
    sheet.write_text("id,owners,status,deadline\nt1,u,đang thực hiện,9-4-2022\n"
                     "t2,u,Chậm,09/04/2022\n", encoding="utf-8")
    tasks, _ = read_sheet(sheet, TASKS)
    valid = [Task.model_validate(t) for t in tasks]
    assert [t.status for t in valid] == [TaskStatus.on_track, TaskStatus.late]
    assert {t.deadline for t in valid} == {dt.date(2022, 4, 9)}


def test_a_meeting_file_in_the_clerks_notation_validates_and_prints(tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    text = text.replace("  date: 2025-05-22\n  day_part: afternoon", "  date: 22/05/2025\n  day_part: chiều")
    text = text.replace("authority: by_order", "authority: T/L")
    path = tmp_path / "meeting.yaml"
    path.write_text(text, encoding="utf-8")
    run_cli("validate", path)
    run_cli("render", path, "--doc", "notice", "--format", "html", "--out", tmp_path / "out")
    html = (tmp_path / "out" / f"{REFERENCE.stem}-notice.html").read_text(encoding="utf-8")
    html = html.replace("\xa0", " ")  # names in capitals keep their phrases with no-break spaces
    assert "chiều ngày 22 tháng 5 năm 2025" in html.lower() and "T/L BAN CHỈ ĐẠO" in html
