"""Issue 9, fault 15: messages that misled. An unclosed quote was blamed on the indentation
two lines later; `start: 14.30` was shown as "got 14.3"; statuses in words were refused
without a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REFERENCE, run_cli


def edited(tmp_path: Path, old: str, new: str) -> tuple[Path, list[str]]:
    text = REFERENCE.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    return meeting, text.splitlines()


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_blamed_where_it_opens(quote: str, tmp_path: Path) -> None:
    meeting, lines = edited(tmp_path, "  kind: phiên họp chuyên đề",
                            f"  kind: {quote}phiên họp chuyên đề")
    opened = lines.index(f"  kind: {quote}phiên họp chuyên đề") + 1
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    first = proc.stderr.splitlines()[0]
    assert first.startswith(f"{meeting}:{opened}:9: YAML syntax: "), proc.stderr
    assert "the quote opened here is not closed on its line" in first
    assert "indentation" not in first


def test_a_closed_quote_over_two_lines_is_not_blamed(tmp_path: Path) -> None:
    """A quoted value may run over lines; an error after it that has nothing to do with it is
    not put on the quote."""
    meeting, _ = edited(tmp_path, "  kind: phiên họp chuyên đề\n",
                            '  kind: "phiên họp\n    chuyên đề"\n  place: [Hà Nội\n')
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert "the bracket opened here is not closed" in proc.stderr, proc.stderr
    assert "the quote opened" not in proc.stderr


@pytest.mark.parametrize(("written", "said"), [
    ("14.30", 'got 14.30; write "14:30" (in quotes: unquoted, YAML reads it as a number)'),
    ("14.3", "got 14.3; also accepted"),
    ("'25h00'", "got '25h00'; also accepted: 14h30, 14 giờ 30"),
])
def test_a_time_is_quoted_as_written(written: str, said: str, tmp_path: Path) -> None:
    meeting, lines = edited(tmp_path, "  day_part: afternoon ", f"  start: {written} ")
    line = next(n for n, row in enumerate(lines, 1) if row.startswith(f"  start: {written}"))
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert f"{meeting}:{line}:10: meeting.start: expected a real time (HH:MM), {said}" \
        in proc.stderr, proc.stderr


@pytest.mark.parametrize("written", ["14h30", "14 giờ 30", "14g30", '"14:30"'])
def test_times_as_clerks_write_them(written: str, tmp_path: Path) -> None:
    meeting, _ = edited(tmp_path, "  day_part: afternoon ", f"  start: {written} ")
    out = tmp_path / "out"
    run_cli("render", meeting, "--doc", "minutes", "--format", "html", "--out", out)
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "14 giờ 30" in html


def test_a_status_in_words_is_taken_and_a_slip_gets_a_hint(tmp_path: Path) -> None:
    meeting, lines = edited(tmp_path, "status: late", "status: đang thực hiện")
    assert run_cli("validate", meeting).returncode == 0
    meeting, lines = edited(tmp_path, "status: late", "status: đang thực hien theo lo trinh x")
    line = next(n for n, row in enumerate(lines, 1) if "đang thực hien theo" in row)
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert f"{meeting}:{line}:" in proc.stderr
    assert "did you mean 'Đang thực hiện theo lộ trình'?" in proc.stderr, proc.stderr
