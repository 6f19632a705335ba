"""Issue 9, fault 12 (files): attachments accepted absolute and ``../`` paths, so any PDF on
the machine could be bound into a pack. Every file a meeting reads now lies in its folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.batch.test_batch import make_annex
from tests.conftest import REFERENCE, run_cli


def meeting_with(folder: Path, extra: str) -> tuple[Path, str]:
    text = REFERENCE.read_text(encoding="utf-8") + extra
    meeting = folder / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    return meeting, text


@pytest.mark.parametrize("where", ["absolute", "parent", "link"])
def test_an_annex_outside_the_meeting_folder_is_refused(where: str, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.pdf"
    make_annex(outside, 1)
    folder = tmp_path / "meeting"
    folder.mkdir()
    name = {"absolute": str(outside), "parent": "../elsewhere.pdf", "link": "annex.pdf"}[where]
    if where == "link":
        os.symlink(outside, folder / "annex.pdf")
    meeting, text = meeting_with(
        folder, f"\nattachments:\n  - {{id: bc, title: Báo cáo, file: {name}}}\n")
    out = tmp_path / "out"
    proc = run_cli("render", meeting, "--doc", "pack", "--format", "pdf", "--out", out,
                   check=False)
    line = len(text.splitlines())
    column = text.splitlines()[-1].index(name) + 1
    said = (f"'{name}' is a link to a file outside the meeting file's folder; copy the annex "
            "into that folder") if where == "link" else (
        f"'{name}' is outside the meeting file's folder; put the annex in that folder (or "
        "below it) and give its path from there")
    assert proc.returncode == 2, proc.stderr
    assert f"{meeting}:{line}:{column}: attachments[0].file: {said}" in proc.stderr, proc.stderr
    assert not out.exists()


def test_an_annex_in_a_subfolder_is_bound(tmp_path: Path) -> None:
    (tmp_path / "annexes").mkdir()
    make_annex(tmp_path / "annexes" / "bc.pdf", 2)
    meeting, _ = meeting_with(
        tmp_path, "\nattachments:\n  - {id: bc, title: Báo cáo, file: annexes/bc.pdf}\n")
    proc = run_cli("validate", meeting)
    assert proc.returncode == 0 and ": ok (" in proc.stdout


def test_a_register_outside_the_meeting_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "register.csv").write_text("id,owners,status\nt1,bo-khcn,late\n", encoding="utf-8")
    folder = tmp_path / "meeting"
    folder.mkdir()
    text = REFERENCE.read_text(encoding="utf-8")
    head, rest = text.split("\ntasks:\n", 1)
    tail = rest.split("\nstatements:\n", 1)[1]
    meeting = folder / "meeting.yaml"
    text = f"{head}\nregister_file: ../register.csv\n\nstatements:\n{tail}"
    meeting.write_text(text, encoding="utf-8")
    proc = run_cli("validate", meeting, check=False)
    line = text.splitlines().index("register_file: ../register.csv") + 1
    assert proc.returncode == 2
    assert (f"{meeting}:{line}:16: register_file: '../register.csv' is outside the meeting "
            "file's folder; put the register in that folder") in proc.stderr, proc.stderr
