"""Issue 10's round trip on the reference meeting, through the real CLI: `requests` writes a
letter and a form per owner unit; units fill the forms (one leaves its form blank, one makes
three mistakes); `collect` refuses the bad form and merges nothing, then `--skip-bad` merges
the rest; the task report prints the new counts, who has not answered and why tasks are late;
a rerun changes nothing and says so."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html
from openpyxl import load_workbook

from briefgen.followup.forms import FORM_SHEET, STATUS_CHOICES
from briefgen.model import load_meeting
from tests.conftest import REFERENCE, run_cli

STEM = "bcd-khcn-2025-05-22"
WORDS = {status: word for word, status in STATUS_CHOICES.items()}


def task_rows(ws: object) -> dict[str, int]:
    """Task id -> its row in a form (column B holds the id)."""
    return {str(row[1].value): row[1].row for row in ws.iter_rows()  # type: ignore[attr-defined]
            if row[1].value is not None and row[0].value is not None
            and str(row[0].value).isdigit()}


def fill(form: Path, answers: dict[str, dict[int, object]]) -> None:
    """Type answers into a form as a unit would: task id -> {column: value}."""
    book = load_workbook(form)
    ws = book[FORM_SHEET]
    rows = task_rows(ws)
    for task, cells in answers.items():
        for col, value in cells.items():
            ws.cell(rows[task], col, value)
    book.save(form)


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("cycle")
    meeting = folder / "meeting.yaml"
    shutil.copy(REFERENCE, meeting)
    out = folder / "requests"
    run_cli("requests", meeting, "--due", "28/05/2025", "--out", out)
    m, _ = load_meeting(meeting)
    return {"folder": folder, "meeting": meeting, "out": out, "m": m}


def test_requests_write_a_letter_and_a_form_per_owner_unit(cycle: dict[str, object]) -> None:
    out, m = cycle["out"], cycle["m"]
    assert isinstance(out, Path)
    units = list(dict.fromkeys(o for t in m.tasks if t.status.value != "done"  # type: ignore[attr-defined]
                               for o in t.owners))
    assert len(units) > 5
    for unit in units:
        for suffix in (".docx", ".pdf"):
            assert (out / f"{STEM}-request-{unit}{suffix}").is_file(), (unit, suffix)
        assert (out / f"{STEM}-form-{unit}.xlsx").is_file()
    assert len(list(out.glob("*.xlsx"))) == len(units)
    text = " ".join(subprocess.run(["pdftotext", str(out / f"{STEM}-request-bo-khcn.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    tasks = m.open_tasks("bo-khcn")
    assert "V/v báo cáo tình hình thực hiện nhiệm vụ được giao" in text
    assert "Kính gửi: Bộ Khoa học và Công nghệ" in text
    assert f"thực hiện {len(tasks)} nhiệm vụ do đơn vị chủ trì chưa hoàn thành" in text
    assert "trước ngày 28 tháng 5 năm 2025" in text
    assert "-form-bo" in text.replace(" ", "") and "khcn.xlsx" in text.replace(" ", "")


def test_the_cycle_refuses_a_bad_form_merges_the_rest_and_reports(cycle: dict[str, object]
                                                                  ) -> None:
    meeting, out, m = cycle["meeting"], cycle["out"], cycle["m"]
    assert isinstance(meeting, Path) and isinstance(out, Path)
    answered = folder = meeting.parent / "answered"
    shutil.copytree(out, folder)
    forms = sorted(answered.glob("*.xlsx"))
    units = [f.stem.removeprefix(f"{STEM}-form-") for f in forms]
    blank_unit, bad_unit = "tgv", "bo-khcn"
    assert blank_unit in units and bad_unit in units
    late = WORDS["late"]
    for form, unit in zip(forms, units, strict=True):
        tasks = m.open_tasks(unit)
        if unit == blank_unit:
            continue
        if unit == bad_unit:
            first = tasks[0].id
            fill(form, {first: {7: "xong rồi", 9: "31/02/2025", 3: "Nội dung khác"}})
            continue
        fill(form, {t.id: {7: late, 8: "Đang hoàn thiện hồ sơ", 9: dt.datetime(2025, 6, 30),
                           10: f"Chờ ý kiến thẩm định ({unit})", 11: "Đề nghị gia hạn",
                           12: "Văn phòng đơn vị"} for t in tasks})
    register_before = hashlib.sha256(meeting.read_bytes()).hexdigest()

    proc = run_cli("collect", meeting, *forms, check=False)
    bad = answered / f"{STEM}-form-{bad_unit}.xlsx"
    assert proc.returncode == 2, proc.stderr
    located = [line for line in proc.stderr.splitlines() if line.startswith(f"{bad}:")]
    assert len(located) == 3, proc.stderr
    assert hashlib.sha256(meeting.read_bytes()).hexdigest() == register_before
    assert not meeting.with_name("meeting.responses.yaml").exists()

    proc = run_cli("collect", meeting, *forms, "--skip-bad", "--received", "27/05/2025")
    assert proc.returncode == 0
    assert f"refused {bad}" in proc.stderr
    assert f"returned by unit {blank_unit} with nothing filled in" in proc.stdout
    after, _ = load_meeting(meeting)
    merged = [u for u in units if u not in (blank_unit, bad_unit)]
    for unit in merged:
        for t in m.open_tasks(unit):
            now = next(x for x in after.tasks if x.id == t.id)
            assert now.status.value == "late" and now.finished == dt.date(2025, 6, 30)
    assert len(after.responses) == len(merged)
    assert meeting.with_name("meeting.previous.yaml").read_bytes() == REFERENCE.read_bytes()

    again = run_cli("collect", meeting, *[answered / f"{STEM}-form-{u}.xlsx" for u in merged])
    assert again.stdout.count("already merged; nothing to change") == len(merged)
    assert load_meeting(meeting)[0] == after

    report = meeting.parent / "report"
    run_cli("render", meeting, "--doc", "report", "--format", "pdf", "--out", report)
    text = subprocess.run(["pdftotext", str(report / f"{STEM}-report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    asked = len(units)
    now = [t for t in after.tasks if t.report_now]
    answered_tasks = {task for r in after.responses for task in r.answers}
    assert (f"{len(merged)}/{asked} đơn vị đã gửi báo cáo; "
            f"{sum(t.id in answered_tasks for t in now)}/{len(now)} đầu việc phải báo cáo ngay "
            "đã có báo cáo") in " ".join(text.split())
    assert "Đơn vị chưa gửi báo cáo" in text
    assert "Tổ giúp việc Ban Chỉ đạo" in text  # the blank form's unit, still to answer
    # In the PDF the lines of a wrapped cell interleave with the cells beside it: its words.
    reason = f"Chờ ý kiến thẩm định ({merged[0]})"
    assert all(word in text.split() for word in reason.split())
    # The pack says the same, in its own chapter.
    run_cli("render", meeting, "--doc", "pack", "--format", "html", "--out", report)
    pack = " ".join(html.fromstring((report / f"{STEM}-pack.html").read_bytes()).text_content()
                    .split())
    assert "Kết quả báo cáo của các đơn vị" in pack
    assert f"{len(merged)}/{asked} đơn vị đã gửi báo cáo" in pack
    assert reason in pack

    # The next session's file: it validates, and what changed since the session before the
    # answers is exactly what the answers and the conclusions made.
    following = meeting.parent / "next.yaml"
    run_cli("next", meeting, "--date", "28/05/2025", "--out", following)
    nxt, _ = load_meeting(following)
    assert nxt.earlier is not None and nxt.earlier.meeting.id == m.meeting.id  # type: ignore[attr-defined]
    made = [t for t in nxt.tasks if t.conclusion is not None]
    assert [t.conclusion for t in made] == [
        n for n, c in enumerate(m.conclusions.items, 1) if c.lead]  # type: ignore[attr-defined]
    before = meeting.with_name("meeting.previous.yaml")  # the register before the answers
    page = meeting.parent / "changes.html"
    run_cli("diff", before, following, "--format", "html", "--out", page)
    table = html.fromstring(page.read_bytes()).findall(
        ".//table[@class='grid changes']/tbody/tr")
    rows = [tr.findall("td")[3].text_content() for tr in table]
    was = {t.id: t for t in m.tasks}  # type: ignore[attr-defined]
    newly_late = [t for t in after.tasks if t.status.value in ("late", "at_risk")
                  and was[t.id].status.value not in ("late", "at_risk")]
    kinds = {"late": "Mới chậm, muộn", "at_risk": "Mới có nguy cơ chậm"}
    assert sorted(rows) == sorted([kinds[t.status.value] for t in newly_late]
                                  + ["Nhiệm vụ mới"] * len(made))
