"""Faults found trying to break briefgen (issue 9): alias bombs refused before memory runs out,
and characters that make a printed document read differently from its data refused with
the character and its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.load.source import MAX_VALUES
from tests.conftest import REFERENCE, run_cli


def test_nested_aliases_are_refused_with_the_limit_stated(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    bomb = tmp_path / "laughs.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert bomb.stat().st_size < 1000  # a few hundred bytes standing for 10^10 values
    proc = run_cli("validate", bomb, check=False)
    assert proc.returncode == 2, proc.stderr
    assert f"more than {MAX_VALUES:,} values" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{bomb}:")


@pytest.mark.parametrize(("char", "name"), [("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
                                            ("\u2066", "LEFT-TO-RIGHT ISOLATE")])
def test_bidirectional_controls_are_refused_at_their_place(char: str, name: str,
                                                           tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "title: Khu công nghiệp công nghệ cao,", f"title: Khu công nghiệp {char}công nghệ cao,")
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert f"agenda[1].title: contains U+{ord(char):04X} ({name}) at position 17" in proc.stderr


def test_c1_controls_from_a_sheet_are_refused_at_their_cell(tmp_path: Path) -> None:
    (tmp_path / "register.csv").write_text("id,owners,status,title\nt1,bcd,done,A\x85B\n",
                                           encoding="utf-8")
    text = REFERENCE.read_text(encoding="utf-8")
    head, rest = text.split("\ntasks:\n", 1)
    tail = rest.split("\nstatements:\n", 1)[1]
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(f"{head}\nregister_file: register.csv\n\nstatements:\n{tail}",
                       encoding="utf-8")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert f"{tmp_path / 'register.csv'}:2:4: tasks[0].title: contains U+0085" in proc.stderr


def test_a_templates_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    proc = run_cli("render", REFERENCE, "--templates", tmp_path / "nowhere", "--out",
                   tmp_path / "out", check=False)
    said = "".join(c for c in proc.stderr if not c.isspace() and c not in "│╭╮╰╯─")
    assert proc.returncode == 2 and "nowhere" in said and "doesnotexist" in said, proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["validate", "render"])
def test_an_unknown_profile_is_refused_at_its_line(command: str, tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8").replace("  regime: party\n",
                                                         "  regime: party\n  profile: party-hd99\n")
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    proc = run_cli(command, meeting, "--out", tmp_path / "out", check=False) \
        if command == "render" else run_cli(command, meeting, check=False)
    line = text.splitlines().index("  profile: party-hd99") + 1
    assert proc.returncode == 2, proc.stderr
    assert f"{meeting}:{line}:12: meeting.profile: unknown profile 'party-hd99'" in proc.stderr
    assert "party-hd36" in proc.stderr
