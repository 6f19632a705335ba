"""`briefgen next MEETING --date DATE --out NEXT`: the next session's meeting file started from
this one, through the real CLI on real files: the register carried as it was (inline, CSV or
XLSX), one new task per conclusion naming lead units, previous: naming this meeting, the
clerk's comments kept, the response log carried; refusals write nothing."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from briefgen.load.notations import STATUS_WORDS
from briefgen.model.meeting import ConclusionItem, Meeting, Task, TaskStatus
from briefgen.model.validate import load_meeting
from tests.conftest import REFERENCE, run_cli

DATE = "28/05/2025"
#: Each status as the documents word it (the first, long form), as clerks' registers write it.
WORDS = {status: word for word, status in reversed(STATUS_WORDS.items())}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_next(meeting: Path, out: Path, *more: str, check: bool = True) -> tuple[int, str, str]:
    proc = run_cli("next", meeting, "--date", DATE, "--out", out, *more, check=check)
    return proc.returncode, proc.stdout, proc.stderr


def led(m: Meeting) -> list[tuple[int, ConclusionItem]]:
    """The conclusion items naming lead units, with their numbers (1-based)."""
    assert m.conclusions is not None
    return [(n, c) for n, c in enumerate(m.conclusions.items, 1) if c.lead]


def check_new_tasks(old: Meeting, new: Meeting) -> list[Task]:
    """Every old task carried as it was, then one new task per conclusion item with lead
    units, shaped from it; returns the new tasks."""
    assert [t.id for t in new.tasks[:len(old.tasks)]] == [t.id for t in old.tasks]
    carried = {t.id: t for t in new.tasks}
    for t in old.tasks:
        assert carried[t.id] == t, t.id
        assert carried[t.id].status is t.status
    made = new.tasks[len(old.tasks):]
    items = led(old)
    assert items and len(made) == len(items)
    for task, (n, item) in zip(made, items, strict=True):
        assert task.conclusion == n
        assert task.owners == item.lead
        assert task.deadline == item.deadline
        assert task.title == item.text
        assert task.status is TaskStatus.not_started
        assert task.source and f"{old.meeting.date:%d/%m/%Y}" in task.source
    return made


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    meeting = tmp_path / REFERENCE.name
    shutil.copy(REFERENCE, meeting)
    return meeting


def test_next_starts_the_next_session_from_the_reference(reference: Path) -> None:
    lead = "      lead: [chinh-phu]\n"  # conclusion 3, with supporting units too
    before = REFERENCE.read_text(encoding="utf-8").replace(
        lead, f"{lead}      support: [tgv, bo-tai-chinh]\n")
    assert before.count("support:") == 1
    reference.write_text(before, encoding="utf-8")
    out = reference.with_name("next.yaml")
    _, stdout, _ = run_next(reference, out)
    old, _ = load_meeting(reference)
    new, _ = load_meeting(out)
    assert new.meeting.date == dt.date(2025, 5, 28)
    assert new.meeting.id == old.meeting.id.replace("2025-05-22", "2025-05-28") != old.meeting.id
    assert (new.units, new.people, new.points, new.agenda) == (
        old.units, old.people, old.points, old.agenda)
    # The next: block gives the session's title, chair and time (issue 25).
    upcoming = old.next
    assert upcoming is not None and upcoming.chair and upcoming.day_part
    assert new.meeting.chairs == [upcoming.chair] != old.meeting.chairs
    assert new.meeting.day_part == upcoming.day_part != old.meeting.day_part
    assert f"{new.meeting.kind} {new.meeting.with_whom or ''}".strip() == upcoming.title
    assert f"title: {upcoming.title}" in " ".join(stdout.split())
    # The sections next does not change are as the clerk wrote them, line for line.
    written, made_text = before.splitlines(), out.read_text(encoding="utf-8").splitlines()
    for key in ("units:", "people:", "points:"):
        start = written.index(key)
        end = next(i for i in range(start + 1, len(written)) if written[i][:1].isalpha())
        block = written[start:end]
        at = made_text.index(key)
        assert made_text[at:at + len(block)] == block, key
    assert max(map(len, made_text[made_text.index("units:"):made_text.index("agenda:")])) \
        == max(map(len, written[written.index("units:"):written.index("agenda:")]))
    assert new.previous is not None and old.conclusions is not None
    assert new.previous.file == reference.name
    assert (new.previous.date, new.previous.chair) == (old.meeting.date, old.meeting.chairs[0])
    assert new.previous.decisions == [c.text for c in old.conclusions.items]
    assert new.previous.title.startswith(old.meeting.kind)
    if hasattr(Meeting, "earlier"):  # the previous session's meeting, read from previous.file
        assert new.earlier is not None and new.earlier.meeting.id == old.meeting.id

    made = check_new_tasks(old, new)
    names = {u.id: u.name for u in old.units}
    for task, (_, item) in zip(made, led(old), strict=True):
        assert task.id in stdout
        assert task.notes == ("Phối hợp: " + ", ".join(names[u] for u in item.support)
                              if item.support else None)
    assert any(t.notes for t in made)
    text = out.read_text(encoding="utf-8")
    no_lead = [n for n, c in enumerate(old.conclusions.items, 1) if not c.lead]
    assert no_lead, "the reference has conclusions naming no lead unit"
    for n in no_lead:
        assert f"# Conclusion {n} names no lead unit" in text
    assert (new.statements, new.recommendations, new.conclusions, new.attachments, new.next) == (
        [], [], None, [], None)
    raw = yaml.safe_load(text)
    assert not {"statements", "recommendations", "conclusions", "attachments", "next"} & set(raw)
    for kind, info in raw["documents"].items():
        assert not {"number", "date"} & set(info), kind

    # the clerk's comments on units, people and points survive the round trip
    source = REFERENCE.read_text(encoding="utf-8")
    section = source[source.index("\nunits:\n"):source.index("\nagenda:\n")]
    comments = [line.strip() for line in section.splitlines() if line.strip().startswith("#")]
    assert comments
    for comment in comments:
        assert comment in text
    assert text.count(f"# Made by `briefgen next` from {reference.name}") == 1
    assert reference.read_text(encoding="utf-8") == before  # the meeting itself is not touched


def with_register(tmp_path: Path, register: str) -> Path:
    """The reference meeting with its tasks: moved out to the register file ``register``."""
    head, rest = REFERENCE.read_text(encoding="utf-8").split("\ntasks:\n", 1)
    tail = rest.split("\nstatements:\n", 1)[1]
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(f"{head}\nregister_file: {register}\n\nstatements:\n{tail}", encoding="utf-8")
    return meeting


def test_a_csv_register_is_copied_with_the_new_rows(tmp_path: Path) -> None:
    old_m, _ = load_meeting(REFERENCE)
    header = ["STT", "Mã", "Đơn vị chủ trì", "Trạng thái", "Báo cáo ngay", "Nhóm"]
    rows = [[str(i), t.id, ", ".join(t.owners), WORDS[t.status.value], "x" if t.report_now else "",
             t.group or ""] for i, t in enumerate(old_m.tasks, 1)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    sheet = tmp_path / "so-theo-doi.csv"
    sheet.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    meeting = with_register(tmp_path, sheet.name)
    before = sheet.read_bytes()
    old, _ = load_meeting(meeting)
    assert old.tasks == old_m.tasks

    out = tmp_path / "next.yaml"
    run_next(meeting, out)
    copy = tmp_path / "next.register.csv"
    assert sheet.read_bytes() == before
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["register_file"] == copy.name
    new, _ = load_meeting(out)
    made = check_new_tasks(old, new)

    data = copy.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    old_lines, new_lines = before.split(b"\r\n"), data.split(b"\r\n")
    assert new_lines[1:len(old_lines) - 1] == old_lines[1:-1]  # the old rows, byte for byte
    assert new_lines[0].startswith(old_lines[0] + b";")  # the columns it lacked, added
    assert new_lines[-1] == b"" and len(new_lines) == len(old_lines) + len(made)
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    columns = table[0]
    assert {"Nội dung", "Nguồn", "Thời hạn", "Kết luận"} <= set(columns)
    for row, task in zip(table[len(rows) + 1:], made, strict=True):
        cell = dict(zip(columns, row, strict=False))
        assert cell["Mã"] == task.id and cell["Kết luận"] == str(task.conclusion)
        assert cell["Trạng thái"] == WORDS["not_started"]  # in the register's own words
        assert cell["Thời hạn"] == (f"{task.deadline:%d/%m/%Y}" if task.deadline else "")
    assert [r[0] for r in table[1:]] == [str(i) for i in range(1, len(table))]  # STT goes on


def test_an_xlsx_register_is_copied_with_the_new_rows(tmp_path: Path) -> None:
    old_m, _ = load_meeting(REFERENCE)
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    columns = ["id", "title", "owners", "deadline", "status", "report_now", "group", "conclusion"]
    ws.append(columns)
    for t in old_m.tasks:
        ws.append([t.id, t.title, ", ".join(t.owners), t.deadline, t.status.value,
                   "x" if t.report_now else None, t.group, t.conclusion])
    book.create_sheet("Ghi chú")["A1"] = "Không sửa"
    sheet = tmp_path / "register.xlsx"
    book.save(sheet)
    meeting = with_register(tmp_path, sheet.name)
    before = sha(sheet)
    old, _ = load_meeting(meeting)
    assert old.tasks == old_m.tasks

    out = tmp_path / "next.yaml"
    run_next(meeting, out)
    copy = tmp_path / "next.register.xlsx"
    assert sha(sheet) == before
    new, _ = load_meeting(out)
    made = check_new_tasks(old, new)

    copied = openpyxl.load_workbook(copy)
    assert copied.sheetnames == ["Sheet", "Ghi chú"]
    rows = list(copied.worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:len(columns)] == columns and "source" in header[len(columns):]  # added
    assert len(rows) == 1 + len(old.tasks) + len(made)
    for row, task in zip(rows[1 + len(old.tasks):], made, strict=True):
        cell = dict(zip(header, row, strict=False))
        assert (cell["id"], cell["status"], cell["conclusion"]) == (task.id, "not_started",
                                                                    task.conclusion)
        assert (cell["deadline"].date() if cell["deadline"] else None) == task.deadline
    # One register-sheet writer for collect and next: the copy is saved the same for the same
    # content, whenever next runs.
    first = copy.read_bytes()
    run_next(meeting, out, "--force")
    assert copy.read_bytes() == first


def test_an_existing_next_is_refused_without_force(reference: Path) -> None:
    out = reference.with_name("next.yaml")
    out.write_text("# the clerk's draft\n", encoding="utf-8")
    code, _, stderr = run_next(reference, out, check=False)
    assert code == 2
    assert "already there; give --force" in stderr and "next.yaml" in stderr
    assert out.read_text(encoding="utf-8") == "# the clerk's draft\n"

    code, _, _ = run_next(reference, out, "--force")
    assert code == 0
    new, _ = load_meeting(out)
    assert new.meeting.date == dt.date(2025, 5, 28)


def test_next_outside_the_meeting_folder_is_refused(reference: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = elsewhere / "next.yaml"
    code, _, stderr = run_next(reference, out, check=False)
    assert code == 2
    assert "put NEXT in the folder of MEETING" in stderr and "previous.file" in stderr
    assert not any(elsewhere.iterdir())
    assert sorted(p.name for p in reference.parent.iterdir()) == sorted(["elsewhere", reference.name])


@pytest.mark.parametrize(("date", "message"), [("31/02/2025", "expected a date"),
                                               ("21/05/2025", "is not after")])
def test_a_bad_date_is_refused(reference: Path, date: str, message: str) -> None:
    out = reference.with_name("next.yaml")
    proc = run_cli("next", reference, "--date", date, "--out", out, check=False)
    assert proc.returncode == 2 and message in proc.stderr
    assert not out.exists()


def test_the_response_log_is_carried_with_the_meeting_it_answered(reference: Path) -> None:
    old_m, _ = load_meeting(reference)
    owned = {u: [t.id for t in old_m.open_tasks(u)] for u in old_m.open_units()[:2]}
    entries = [{"unit": unit, "received": "2025-05-27", "file": f"form-{unit}.xlsx",
                "sha256": hashlib.sha256(unit.encode()).hexdigest(), "digest": f"d-{unit}",
                "answers": {tasks[0]: {"progress": "Đang hoàn thiện hồ sơ"}}}
               for unit, tasks in owned.items()]
    entries[1]["meeting"] = "phien-truoc"  # carried already, from an earlier session
    log = reference.with_name(f"{reference.stem}.responses.yaml")
    log.write_text(yaml.safe_dump({"responses": entries}, allow_unicode=True), encoding="utf-8")
    before = sha(log)
    old, _ = load_meeting(reference)

    out = reference.with_name("next.yaml")
    _, stdout, _ = run_next(reference, out)
    assert sha(log) == before
    carried = out.with_name("next.responses.yaml")
    assert carried.name in stdout
    new, _ = load_meeting(out)
    assert [r.meeting for r in new.responses] == [old.meeting.id, "phien-truoc"]
    assert [r.model_copy(update={"meeting": None}) for r in new.responses] == [
        r.model_copy(update={"meeting": None}) for r in old.responses]
    assert new.own_responses() == []  # none answers this session's requests yet


def test_without_a_next_block_next_says_what_it_could_not_carry(reference: Path) -> None:
    text = reference.read_text(encoding="utf-8")
    start = text.index("\nnext:\n") + 1
    end = text.index("\n\n", start) + 1
    reference.write_text(text[:start] + text[end:], encoding="utf-8")
    out = reference.with_name("next.yaml")
    proc = run_cli("next", reference, "--out", out, check=False)
    assert proc.returncode == 2 and "no next: block" in proc.stderr and not out.exists()
    _, stdout, _ = run_next(reference, out)
    said = " ".join(stdout.split())
    assert "not carried: this file has no next: block" in said
    old, new = load_meeting(reference)[0], load_meeting(out)[0]
    assert new.meeting.chairs == old.meeting.chairs and new.meeting.kind == old.meeting.kind


def test_the_next_block_gives_the_date_by_default(reference: Path) -> None:
    out = reference.with_name("next.yaml")
    run_cli("next", reference, "--out", out)
    old, new = load_meeting(reference)[0], load_meeting(out)[0]
    assert old.next is not None and new.meeting.date == old.next.date
