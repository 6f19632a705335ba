"""Warnings: what still renders but a clerk would want flagged. validate prints each at its
place and exits 0; --strict refuses them with exit 2; render prints them too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.model.test_bad_input import BASE

# The base meeting's own: a role for secretary, two unnamed contacts at Hà Nội, untitled tasks,
# and no signer for its notice, invitation and report.
BASE_WARNINGS = 7


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


CASES = {
    "deadline-before-the-session": (edit("deadline: 2025-06-10", "deadline: 2025-05-10"),
                                    "conclusions.items[0].deadline", "falls before it"),
    "date-far-from-today": (edit("deadline: 2025-06-10", "deadline: 2205-06-10"),
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
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_warning_is_located_and_strict_refuses_it(case: str, tmp_path: Path) -> None:
    text, path, says = CASES[case]
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    proc = run_cli("validate", meeting)
    lines = [line for line in proc.stderr.splitlines() if f": {path}: warning: " in line]
    assert len(lines) == 1 and says in lines[0], proc.stderr
    line, column = (int(x) for x in lines[0].split(":")[1:3])
    assert line > 1 and column >= 1 and lines[0].startswith(f"{meeting}:")
    strict = run_cli("validate", meeting, "--strict", check=False)
    assert strict.returncode == 2 and lines[0] in strict.stderr
    assert "nothing was written" in strict.stderr


def test_a_clean_meeting_has_no_warnings_but_its_own(tmp_path: Path) -> None:
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(BASE, encoding="utf-8")
    proc = run_cli("validate", meeting)
    assert proc.stderr.count(": warning: ") == BASE_WARNINGS, proc.stderr
    assert f"{BASE_WARNINGS} warnings" in proc.stderr


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
