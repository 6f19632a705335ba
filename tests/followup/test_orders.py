"""Issue 25: docs/between-sessions.md through the real CLI, in the docs' order (collect, then
next) and in the reverse order (next first, then collect into the earlier file): the next
session's pack and `briefgen diff` show the same changes, naming the tasks the units reported
done and the ones they reported newly late; neither order loses the units' answers."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html

from briefgen.followup.forms import STATUS_CHOICES
from briefgen.model import Meeting, load_meeting
from briefgen.model.meeting import TaskStatus
from briefgen.view.build import load_labels
from tests.conftest import REFERENCE, STEM, need, run_cli
from tests.followup.test_cycle import fill
from tests.readers import docx_headings, docx_text, html_headings, pdf_cells, squash

WORDS = {status: word for word, status in STATUS_CHOICES.items()}
LATE = (TaskStatus.late, TaskStatus.at_risk)
DONE_BY, LATE_BY = 2, 3  # how many tasks the two units report done and late


def two_units(m: Meeting) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
    """The first unit with DONE_BY open tasks, and another with LATE_BY open tasks not yet
    late nor at risk: the tasks each will report on."""
    units = list(dict.fromkeys(o for t in m.tasks for o in t.owners))
    done_unit = next(u for u in units if len(m.open_tasks(u)) >= DONE_BY)
    late_unit = next(u for u in units if u != done_unit and
                     len([t for t in m.open_tasks(u) if t.status not in LATE]) >= LATE_BY)
    done = [t.id for t in m.open_tasks(done_unit)][:DONE_BY]
    late = [t.id for t in m.open_tasks(late_unit) if t.status not in LATE][:LATE_BY]
    return (done_unit, done), (late_unit, late)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], tuple, tuple]:
    """The requests of the reference meeting, two of its forms filled as units would, one
    re-saved by LibreOffice Calc."""
    folder = tmp_path_factory.mktemp("requests")
    meeting = folder / "meeting.yaml"
    shutil.copy(REFERENCE, meeting)
    run_cli("requests", meeting, "--due", "28/05/2025", "--format", "docx", "--out", folder)
    m, _ = load_meeting(meeting)
    (done_unit, done), (late_unit, late) = two_units(m)
    done_form = folder / f"{STEM}-form-{done_unit}.xlsx"
    late_form = folder / f"{STEM}-form-{late_unit}.xlsx"
    fill(done_form, {t: {7: WORDS[TaskStatus.done], 8: "Đã trình ban hành",
                         9: dt.datetime(2025, 5, 20), 12: "Văn phòng đơn vị"} for t in done})
    fill(late_form, {t: {7: WORDS[TaskStatus.late], 8: "Đang hoàn thiện hồ sơ",
                         9: dt.datetime(2025, 6, 30), 10: "Chờ ý kiến thẩm định",
                         11: "Đề nghị gia hạn", 12: "Phòng Tổng hợp"} for t in late})
    # As a unit using LibreOffice Calc returns it: opened and saved again.
    saved = folder / "saved"
    proc = subprocess.run([need("soffice"), f"-env:UserInstallation=file://{folder / 'profile'}",
                           "--headless", "--convert-to", "xlsx", "--outdir", str(saved),
                           str(late_form)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and (saved / late_form.name).is_file(), proc.stderr
    return [done_form, saved / late_form.name], (done_unit, done), (late_unit, late)


def cycle(folder: Path, forms: list[Path], *, next_first: bool) -> dict[str, str]:
    """Collect and next in the order given, then the next pack (HTML) and diff: the pack's
    changes section as text, and diff's output."""
    meeting, nxt = folder / "meeting.yaml", folder / "next.yaml"
    shutil.copy(REFERENCE, meeting)
    steps = [("next", meeting, "--date", "28/05/2025", "--out", nxt),
             ("collect", meeting, *forms, "--received", "27/05/2025")]
    said = {step[0]: run_cli(*step).stdout for step in (steps if next_first else steps[::-1])}
    run_cli("render", nxt, "--doc", "pack", "--format", "html", "--out", folder / "out")
    page = html.fromstring((folder / "out" / f"{load_meeting(nxt)[0].meeting.id}-pack.html"
                            ).read_bytes())
    return {"pack": changes_section(page),
            "diff": run_cli("diff", meeting, nxt).stdout, "collect": said["collect"],
            "folder": str(folder)}


def changes_section(page: html.HtmlElement) -> str:
    """The text of the pack's "what changed" section: its heading up to the next chapter."""
    (heading,) = page.xpath("//h2[contains(., 'Những thay đổi từ phiên họp trước')]")
    parts = [heading.text_content()]
    for after in heading.itersiblings():
        if after.tag in ("h1", "h2") and not after.getnext().xpath("self::table[contains("
                                                                  "@class, 'followed')]"):
            break
        parts.append(after.text_content())
    return " ".join(" ".join(parts).split())


@pytest.fixture(scope="module")
def both(forms: tuple, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    files = forms[0]
    return {order: cycle(tmp_path_factory.mktemp(order), files, next_first=order == "reverse")
            for order in ("docs", "reverse")}


def test_both_orders_give_the_same_changes(both: dict[str, dict[str, str]]) -> None:
    assert both["docs"]["pack"] == both["reverse"]["pack"]
    assert both["docs"]["diff"] == both["reverse"]["diff"]


@pytest.mark.parametrize("order", ["docs", "reverse"])
def test_the_changes_name_the_tasks_done_and_newly_late(both: dict[str, dict[str, str]],
                                                        forms: tuple, order: str) -> None:
    (_, done), (_, late) = forms[1], forms[2]
    m, _ = load_meeting(REFERENCE)
    titles = {t.id: t.title for t in m.tasks}
    pack = both[order]["pack"]
    assert f"{len(done)} nhiệm vụ đã hoàn thành" in pack
    assert f"{len(late)} nhiệm vụ mới chậm" in pack
    for ident in (*done, *late):
        if titles[ident]:
            assert " ".join(titles[ident].split())[:40] in pack, ident
    said = " ".join(both[order]["diff"].split())
    for ident in (*done, *late):
        assert ident in said, ident


def test_collect_names_the_tasks_left_blank_and_the_day_received(
        both: dict[str, dict[str, str]], forms: tuple) -> None:
    (done_unit, done), (late_unit, late) = forms[1], forms[2]
    m, _ = load_meeting(REFERENCE)
    said = both["docs"]["collect"]
    for unit, answered in ((done_unit, done), (late_unit, late)):
        blank = [t.id for t in m.open_tasks(unit) if t.id not in answered]
        row = next(line for line in said.splitlines() if f" {unit} " in line)
        assert f" {len(answered)} " in row
        assert f"{len(blank)}: {', '.join(blank)}" in row if blank else "none" in row
    assert "received on 27/05/2025 (given with --received)" in said


@pytest.fixture(scope="module")
def answered_documents(both: dict[str, dict[str, str]]) -> Path:
    """The collected session's report and pack, as PDF, Word and HTML."""
    folder = Path(both["docs"]["folder"])
    run_cli("render", folder / "meeting.yaml", "--doc", "report,pack", "--format", "pdf,docx,html",
            "--out", folder / "answered")
    return folder / "answered"


@pytest.mark.parametrize(("doc", "fmt"), [("report", "pdf"), ("report", "docx"),
                                          ("pack", "pdf"), ("pack", "docx")])
def test_every_answer_is_printed(answered_documents: Path, forms: tuple, doc: str,
                                 fmt: str) -> None:
    """Progress, the date done or expected and the contact of each answer, beside the status,
    reason and proposals, in the report's and the pack's answers."""
    (_, done), (_, late) = forms[1], forms[2]
    path = answered_documents / f"{STEM}-{doc}.{fmt}"
    text = squash(pdf_cells(path) if fmt == "pdf" else docx_text(path)).replace(" )", ")")
    text = text[text.index("Kết quả báo cáo của các đơn vị"):]
    assert "Báo cáo của các đơn vị theo từng nhiệm vụ" in text
    assert "Tiến độ, kết quả thực hiện" in text if fmt == "docx" else "Tiến độ, kết" in text
    # Each done task once (its answer), each late one twice (its answer, and still late); a
    # PDF table row cut by a page break splits its cells, so there at least one of each.
    expected = {"Đã hoàn thành (ngày 20/5/2025)": len(done),
                "Đã trình ban hành; người liên hệ: Văn phòng đơn vị": len(done),
                "Chậm, muộn (dự kiến 30/6/2025)": 2 * len(late),
                "Đang hoàn thiện hồ sơ; người liên hệ: Phòng Tổng hợp": 2 * len(late)}
    for said, count in expected.items():
        assert text.count(said) == count if fmt == "docx" else said in text, said
    assert text.count("Chờ ý kiến thẩm định") == text.count("Đề nghị gia hạn") == 2 * len(late)


@pytest.mark.parametrize("doc", ["report", "pack"])
def test_answered_headings_are_alike_in_html_and_docx(answered_documents: Path, doc: str) -> None:
    """With answers, the report's outline grows a numbered section (and the pack a chapter):
    the Word document prints the same headings as the HTML (tests/render/test_outline_parity.py
    covers the reference meeting, which has none)."""
    page = answered_documents / f"{STEM}-{doc}.html"
    headings = html_headings(page)
    assert load_labels("vi")["report_responses"] in " ".join(headings)
    assert docx_headings(page.with_suffix(".docx")) == headings


@pytest.fixture(scope="module")
def report_page(both: dict[str, dict[str, str]]) -> html.HtmlElement:
    """The collected session's task report, as HTML."""
    folder = Path(both["docs"]["folder"])
    run_cli("render", folder / "meeting.yaml", "--doc", "report", "--format", "html",
            "--out", folder / "report")
    return html.fromstring((folder / "report" / f"{STEM}-report.html").read_bytes())


def cells(table: html.HtmlElement) -> list[list[str]]:
    return [[" ".join(td.text_content().split()) for td in tr.findall("td")]
            for tr in table.findall("tbody/tr")]


def section(page: html.HtmlElement, number: int) -> list[html.HtmlElement]:
    """The elements of the report's section ``number`` (under its h2)."""
    (heading,) = page.xpath(f"//h2[starts-with(normalize-space(.), '{number}.')]")
    out = []
    for after in heading.itersiblings():
        if after.tag == "h2":
            break
        out.append(after)
    return out


def test_the_register_is_numbered_1_2_3_with_its_ids_apart(report_page: html.HtmlElement,
                                                           both: dict[str, dict[str, str]]) -> None:
    m, _ = load_meeting(Path(both["docs"]["folder"]) / "meeting.yaml")
    (table,) = [e for e in section(report_page, 4) if e.tag == "table"]
    rows = cells(table)
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(m.tasks) + 1)]
    assert sorted(r[1] for r in rows) == sorted(t.id for t in m.tasks)


def test_the_overdue_section_names_the_late_tasks_without_deadline(
        report_page: html.HtmlElement, both: dict[str, dict[str, str]]) -> None:
    m, _ = load_meeting(Path(both["docs"]["folder"]) / "meeting.yaml")
    undated = [t for t in m.tasks if t.status in LATE and t.deadline is None]
    overdue = [t for t in m.tasks if t.deadline and t.deadline < m.meeting.date
               and t.status is not TaskStatus.done]
    text = " ".join(" ".join(e.text_content().split()) for e in section(report_page, 3))
    assert undated, "the fixture has late tasks without a deadline"
    assert f"{len(undated)} nhiệm vụ chậm, muộn hoặc có nguy cơ chậm chưa có thời hạn" in text
    assert ("Không có." in text) is (not overdue and not undated)


def test_unit_lists_are_in_one_collation(report_page: html.HtmlElement) -> None:
    from briefgen.view.vi import text_key

    unanswered = [" ".join(li.text_content().split()).rstrip(";.")
                  for li in report_page.xpath("//h2[starts-with(normalize-space(.), '5.')]"
                                              "/following-sibling::ul[1]/li")]
    assert len(unanswered) > 2
    assert unanswered == sorted(unanswered, key=text_key)
    (table,) = [e for e in section(report_page, 2) if e.tag == "table"]
    rows = [r for r in cells(table) if r and r[-1].isdigit()][:-1]  # without the total
    assert len(rows) > 2
    totals = [(-int(r[-1]), text_key(r[0])) for r in rows]
    assert totals == sorted(totals)  # most tasks first, ties in the same collation
    tied = [r[0] for r in rows if r[0] in unanswered]
    assert [u for u in unanswered if u in tied] == sorted(tied, key=text_key)


def test_late_and_at_risk_read_apart_in_the_changes(both: dict[str, dict[str, str]]) -> None:
    pack = both["docs"]["pack"]
    assert pack.count("Mới chậm, muộn") == LATE_BY
    assert "Mới chậm, có nguy cơ chậm" not in pack and "thời hạn chưa có thời hạn" not in pack


def test_the_session_after_carries_the_same_register_either_way(
        both: dict[str, dict[str, str]], forms: tuple) -> None:
    """However the answers reached the next session (collected before next, or into the
    earlier file after it), the session after that carries them in its file."""
    (_, done), (_, late) = forms[1], forms[2]
    registers = {}
    for order in ("docs", "reverse"):
        folder = Path(both[order]["folder"])
        third = folder / "third.yaml"
        run_cli("next", folder / "next.yaml", "--date", "30/06/2025", "--out", third)
        m, _ = load_meeting(third, earlier=False)  # its own file, as written
        registers[order] = m.tasks
        status = {t.id: t.status for t in m.tasks}
        assert all(status[t] is TaskStatus.done for t in done), order
        assert all(status[t] is TaskStatus.late for t in late), order
    assert registers["docs"] == registers["reverse"]


def test_a_units_report_prints_its_own_answers(both: dict[str, dict[str, str]],
                                               forms: tuple) -> None:
    late_unit, late = forms[2]
    folder = Path(both["docs"]["folder"])
    run_cli("render", folder / "meeting.yaml", "--doc", "report", "--unit", late_unit,
            "--format", "html", "--out", folder / "unit")
    text = " ".join(html.fromstring((folder / "unit" / f"{STEM}-report-{late_unit}.html")
                                    .read_bytes()).text_content().split())
    assert text.count("Đang hoàn thiện hồ sơ; người liên hệ: Phòng Tổng hợp") == 2 * len(late)
    assert "Đã trình ban hành" not in text  # the other unit's answers
