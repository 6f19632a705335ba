"""Warnings: what still renders but a clerk would want flagged. validate prints each at its
place and exits 0; --strict refuses them with exit 2; render prints them too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen import kinds
from briefgen.errors import Problem
from briefgen.model import load_meeting
from briefgen.model.warnings import find_warnings
from tests.conftest import run_cli
from tests.model.test_bad_input import BASE

# The base meeting's own blanks, whatever kinds are registered: a role for secretary, an issuing
# unit with no symbol, no contacts at Hà Nội (two), an agenda group with no time, presenter nor
# lead unit, untitled tasks; and for each kind it gets that its kind says is signed by a signer
# it does not name (counted from the registry): no signer, no number, no date of issue (the
# base gives none).
OWN_WARNINGS = 8
PER_UNSIGNED_KIND = 3


def warnings_of(meeting: Path, today: dt.date | None = None) -> list[Problem]:
    """The meeting's warnings as validate finds them, on ``today`` (default: the meeting's
    own date, so that no test depends on the year it runs in)."""
    m, smap = load_meeting(meeting)
    return find_warnings(m, smap, today or m.meeting.date, made=kinds.made(m))


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


CASES = {
    "deadline-before-the-session": (edit("deadline: 2025-06-10", "deadline: 2025-05-10"),
                                    "conclusions.items[0].deadline", "falls before it"),
    "date-far-from-the-day": (edit("deadline: 2025-06-10", "deadline: 2205-06-10"),
                            "conclusions.items[0].deadline", "more than 10 years from today"),
    "next-before-this": (BASE + "next: {title: phiên họp sau, date: 2025-05-01}\n", "next.date",
                         "dated before this one"),
    "previous-after-this": (BASE + "previous: {title: phiên họp trước, date: 2025-07-01}\n",
                            "previous.date", "dated after this one"),
    "link-test-after-start": (edit("attendees: [thu-ky]}",
                                   "attendees: [thu-ky], link_test: {technical: '14:30'}}"),
                              "points[1].link_test.technical", "not before the start (14:00)"),
    "listed-twice": (edit("attendees: [thu-ky]}", "attendees: [thu-ky, thu-ky]}"),
                     "points[1].attendees[1]", "listed twice"),
    "chair-is-secretary": (edit("secretary: thu-ky", "secretary: chu-tri"), "meeting.secretary",
                           "also a chair"),
    "same-name": (edit("  - {id: thu-ky,", "  - {id: an-2, name: Nguyễn Văn An}\n  - {id: thu-ky,"),
                  "people[1].name", "another person is named 'Nguyễn Văn An' too (line 19)"),
    "done-yet-report-now": (edit("{id: t02, owners: [bcd], status: done}",
                                 "{id: t02, owners: [bcd], status: done, report_now: true}"),
                            "tasks[1].report_now", "done, yet marked"),
    "untitled-tasks": (BASE, "tasks[0]", "a task has no title (and 1 more like it)"),
    "role-only-secretary": (BASE, "meeting.secretary", "the secretary is a role"),
    # Every blank a page prints is warned, at the line that would fill it.
    "no-end-time": (edit('  end: "16:30"\n', ""), "meeting",
                    "the end time is not given (meeting.end): the minutes print '…… giờ ……'"),
    "signer-names-nobody": (BASE + "  notice: {signer: {position: Trưởng ban}}\n",
                            "documents.notice.signer", "the notice's signer names no person"),
    "signer-is-a-role": (BASE + "  notice: {signer: {position: Trưởng ban, person: thu-ky}}\n",
                         "documents.notice.signer.person", "signed by a role"),
    "no-symbol": (BASE, "units[0]", "has no symbol (units[0].symbol)"),
    "no-agenda": (edit("agenda:\n  - {id: kiem-diem, title: Kiểm điểm nhiệm vụ, tasks: [t01]}\n",
                       "").replace("    group: kiem-diem\n", ""),
                  "agenda", "no agenda is given (agenda): the pack's agenda prints"),
    "agenda-without-time": (edit("tasks: [t01]}", "tasks: [t01], presenters: [chu-tri], "
                                 "lead_units: [vptw]}"),
                            "agenda[0]", "an agenda group has no time (time); the pack's agenda"),
    "agenda-without-lead-unit": (edit("tasks: [t01]}", "tasks: [t01], presenters: [chu-tri], "
                                      "time: '14:00'}"),
                                 "agenda[0]", "an agenda group has no lead unit (lead_units)"),
    "deadline-without-lead": (edit("lead: [vptw], deadline:", "deadline:"),
                              "conclusions.items[0]", "sets a deadline but names no lead unit"),
    "no-technical-contact": (edit("attendees: [thu-ky]}",
                                  "attendees: [thu-ky], content_contact: chu-tri}"),
                             "points[1]", "a point has no technical contact (technical_contact)"),
    "unnamed-content-contact": (edit("attendees: [thu-ky]}",
                                     "attendees: [thu-ky], content_contact: thu-ky}"),
                                "points[1].content_contact", "content contact is not a named"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_warning_is_located_and_strict_refuses_it(case: str, tmp_path: Path) -> None:
    text, path, says = CASES[case]
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    found = [w for w in warnings_of(meeting) if w.path == path]
    assert len(found) == 1 and says in found[0].message, found
    assert found[0].line > 1 and found[0].column >= 1 and found[0].file == str(meeting)
    strict = run_cli("validate", meeting, "--strict", check=False)
    assert strict.returncode == 2 and "nothing was written" in strict.stderr
    if not any("years from today" in w.message for w in warnings_of(meeting, dt.date.today())):
        assert str(found[0]) in strict.stderr  # as validate prints it, in the years it holds


def test_a_clean_meeting_has_no_warnings_but_its_own(tmp_path: Path) -> None:
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(BASE, encoding="utf-8")
    m, _ = load_meeting(meeting)
    unsigned = [k for k in kinds.made(m).signed if getattr(m.documents, k).signer is None]
    assert "request" in unsigned  # the letter asking the open tasks' units to report
    found = warnings_of(meeting)
    assert len(found) == OWN_WARNINGS + PER_UNSIGNED_KIND * len(unsigned), found
    proc = run_cli("validate", meeting)
    today = warnings_of(meeting, dt.date.today())
    assert proc.stderr.count(": warning: ") == len(today), proc.stderr
    assert f"{len(today)} warnings" in proc.stderr


def test_render_prints_the_warnings_and_strict_writes_nothing(tmp_path: Path) -> None:
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(BASE, encoding="utf-8")
    proc = run_cli("render", meeting, "--format", "html", "--out", tmp_path / "out")
    assert "warning: the secretary is a role" in proc.stderr
    html = (tmp_path / "out" / "demo-2025-06-02-minutes.html").read_text(encoding="utf-8")
    assert "……" in html and "nguồn không nêu" not in html
    strict = run_cli("render", meeting, "--format", "html", "--out", tmp_path / "strict",
                     "--strict", check=False)
    assert strict.returncode == 2 and not (tmp_path / "strict").exists()


KINDS = ("minutes", "notice", "invitation", "pack", "report", "request")


def _concerns(line: str) -> set[str]:
    return {kind for kind in KINDS if kind in line.split("warning:", 1)[1]}


@pytest.mark.parametrize("kind", ["notice", "minutes", "pack"])
def test_render_warns_only_for_the_documents_it_makes(tmp_path: Path, kind: str) -> None:
    """A blank is warned for the document being made, never for another."""
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(edit('  end: "16:30"\n', ""), encoding="utf-8")
    every = run_cli("validate", meeting).stderr
    proc = run_cli("render", meeting, "--doc", kind, "--format", "html", "--out", tmp_path / "o")
    warned = [ln for ln in proc.stderr.splitlines() if ": warning: " in ln]
    assert warned and all(ln.split(" warning: ")[0] in every for ln in warned)
    assert all(_concerns(ln) <= {kind} for ln in warned), warned
    others = [ln for ln in every.splitlines() if ": warning: " in ln and kind in _concerns(ln)]
    def where(lines: list[str]) -> set[str]:
        return {ln.split(" warning: ")[0] for ln in lines}

    assert where(others) <= where(warned)  # and every one of its own


def test_the_request_letters_signer_is_warned(tmp_path: Path) -> None:
    """documents.request has a signer like the others: a letter with none is warned."""
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(BASE, encoding="utf-8")
    proc = run_cli("requests", meeting, "--format", "docx", "--out", tmp_path / "o")
    assert "no signer for the request (documents.request.signer)" in proc.stderr
    assert "invitation" not in proc.stderr and "minutes" not in proc.stderr
