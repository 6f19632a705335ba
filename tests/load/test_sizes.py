"""Issue 9, faults 4, 7 and 9 reproduced as filed: a field over 10 MB, a 50 MB meeting file,
a 44,000-task register, a workbook that unpacks to gigabytes, and a hundred thousand bad
characters. Each is refused before the expensive work, with its limit in the message, exit 2,
and nothing written; the problems are printed fifty at a time."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from briefgen.load.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_DEPTH,
    MAX_EXPANDED_CHARS,
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    MAX_FORM_UNPACKED_BYTES,
    MAX_ITEMS,
    MAX_KEY_BYTES,
    MAX_PRINTED,
    MAX_SHEET_BYTES,
    MAX_UNPACKED_BYTES,
)
from briefgen.publish import MAX_JOURNAL_BYTES
from tests.conftest import REFERENCE, ROOT, run_cli

TASKS_HEAD = "\ntasks:\n"


def with_tasks(tmp_path: Path, tasks: str, extra: str = "") -> Path:
    """The reference meeting with its ``tasks:`` replaced (and ``extra`` top-level keys)."""
    text = REFERENCE.read_text(encoding="utf-8")
    head, rest = text.split(TASKS_HEAD, 1)
    tail = rest.split("\nstatements:\n", 1)[1]
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(f"{head}{extra}{tasks}\nstatements:\n{tail}", encoding="utf-8")
    return meeting


def kept_out(tmp_path: Path) -> tuple[Path, bytes]:
    """An output folder holding an earlier file, to show a refused run leaves it as it was."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.pdf").write_bytes(b"%PDF-earlier")
    return out, b"%PDF-earlier"


def assert_untouched(out: Path, earlier: bytes) -> None:
    assert [p.name for p in out.iterdir()] == ["earlier.pdf"]
    assert (out / "earlier.pdf").read_bytes() == earlier


def test_a_field_over_the_limit_is_refused_at_its_line(tmp_path: Path) -> None:
    """Fault 4: a field of 10.5 MB once left a DOCX of 2 paragraphs out of 78, exit 0."""
    big = "Nội dung " * (10_500_000 // 9)
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "title: Khu công nghiệp công nghệ cao,", f"title: Khu công nghiệp {big},", 1)
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    out, earlier = kept_out(tmp_path)
    proc = run_cli("render", meeting, "--doc", "minutes", "--out", out, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    # Over the file's limit first: refused before it is read.
    assert f"{meeting}:1:1: the file is {meeting.stat().st_size:,} bytes" in proc.stderr
    assert f"at most {MAX_FILE_BYTES:,} bytes" in proc.stderr
    assert_untouched(out, earlier)

    # Under the file's limit, over the field's: refused at the field, before the schema.
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "title: Khu công nghiệp công nghệ cao,", f"title: Khu công nghiệp {big[:150_000]},", 1)
    meeting.write_text(text, encoding="utf-8")
    proc = run_cli("render", meeting, "--doc", "minutes", "--out", out, check=False)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Khu công nghiệp Nội" in row)
    length = len(f"Khu công nghiệp {big[:150_000]}")
    assert proc.returncode == 2
    assert re.search(rf"{re.escape(str(meeting))}:{line}:\d+: agenda\[1\]\.title: is "
                     rf"{length:,} characters long; one field holds at most "
                     rf"{MAX_FIELD_CHARS:,} characters", proc.stderr), proc.stderr
    assert_untouched(out, earlier)


def test_a_word_template_that_would_lose_text_is_refused(tmp_path: Path) -> None:
    """Fault 4 at its root: docxtpl's recovering XML parser cut a run over 10 MB without a
    word. A template writing one is refused, located at the template, and nothing is written."""
    from docx import Document

    templates = tmp_path / "templates"
    run_cli("templates", "copy", templates)
    target = templates / "docx" / "party" / "minutes.docx"
    doc = Document(str(target))
    doc.paragraphs[0].add_run("{{ 'x' * 11000000 }}")
    doc.save(str(target))
    out, earlier = kept_out(tmp_path)
    proc = run_cli("render", REFERENCE, "--doc", "minutes", "--format", "docx", "--templates",
                   templates, "--out", out, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert f"{target}:1:1: the filled Word document is not well-formed XML" in proc.stderr
    assert "content would be lost" in proc.stderr
    assert_untouched(out, earlier)


def test_a_50_mb_meeting_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """Fault 7: a 50 MB meeting file was read without complaint (89 s, 2.3 GB)."""
    meeting = tmp_path / "meeting.yaml"
    with meeting.open("w", encoding="utf-8") as handle:
        handle.write(REFERENCE.read_text(encoding="utf-8"))
        line = "# " + "đệm " * 250 + "\n"
        while handle.tell() < 50_000_000:
            handle.write(line * 1000)
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    size = meeting.stat().st_size
    assert proc.stderr.splitlines()[0] == (
        f"{meeting}:1:1: the file is {size:,} bytes; briefgen reads at most {MAX_FILE_BYTES:,} "
        f"bytes ({MAX_FILE_BYTES // 1_000_000} MB): refused before it is read; split it")


def test_a_44000_task_register_is_refused_with_the_limit(tmp_path: Path) -> None:
    """Fault 7: a 44,000-task register's report ran past 5 minutes above 5 GB."""
    tasks = "".join(f"  - {{id: t{i}, title: Nhiệm vụ {i}, owners: [bo-khcn], status: late}}\n"
                    for i in range(44_000))
    meeting = with_tasks(tmp_path, tasks + "\n", TASKS_HEAD)
    out, earlier = kept_out(tmp_path)
    proc = run_cli("render", meeting, "--doc", "report", "--format", "pdf", "--out", out,
                   check=False)
    line = meeting.read_text(encoding="utf-8").splitlines().index("  - {id: t0, title: Nhiệm vụ "
                                                                   "0, owners: [bo-khcn], "
                                                                   "status: late}") + 1
    assert proc.returncode == 2
    assert (f"{meeting}:{line}:3: tasks: holds 44,000 tasks in the register; briefgen takes at "
            f"most {MAX_ITEMS:,} in one list") in proc.stderr, proc.stderr
    assert_untouched(out, earlier)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_register_sheet_over_the_limit_stops_being_read_at_its_row(suffix: str,
                                                                     tmp_path: Path) -> None:
    rows = [("id", "owners", "status")] + [(f"t{i}", "bo-khcn", "late")
                                          for i in range(MAX_ITEMS + 500)]
    sheet = tmp_path / f"register{suffix}"
    if suffix == ".csv":
        sheet.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        for row in rows:
            book.active.append(row)
        book.save(sheet)
    meeting = with_tasks(tmp_path, "", f"\nregister_file: {sheet.name}\n")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert (f"{sheet}:{MAX_ITEMS + 2}:1: more than {MAX_ITEMS:,} filled rows below the header"
            in proc.stderr), proc.stderr


def test_a_sheet_over_its_size_is_refused_before_it_is_read(tmp_path: Path) -> None:
    sheet = tmp_path / "register.csv"
    with sheet.open("w", encoding="utf-8") as handle:
        handle.write("id,owners,status,notes\n")
        row = "t1,bo-khcn,late," + "x" * 999 + "\n"
        while handle.tell() <= MAX_SHEET_BYTES:
            handle.write(row * 1000)
    meeting = with_tasks(tmp_path, "", "\nregister_file: register.csv\n")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert (f"{sheet}:1:1: the register is {sheet.stat().st_size:,} bytes; briefgen reads at "
            f"most {MAX_SHEET_BYTES:,} bytes") in proc.stderr


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_before_unpacking(tmp_path: Path) -> None:
    from openpyxl import Workbook

    sheet = tmp_path / "register.xlsx"
    book = Workbook()
    book.active.append(("id", "owners", "status"))
    book.save(sheet)
    with zipfile.ZipFile(sheet, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
        block = bytes(1_000_000)
        for _ in range(MAX_UNPACKED_BYTES // len(block) + 1):
            member.write(block)
    assert sheet.stat().st_size < 1_000_000  # a few hundred kilobytes on disk
    meeting = with_tasks(tmp_path, "", "\nregister_file: register.xlsx\n")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert re.search(rf"{re.escape(str(sheet))}:1:1: the workbook unpacks to [\d,]+ bytes; "
                     rf"briefgen unpacks at most {MAX_UNPACKED_BYTES:,} bytes", proc.stderr)


def test_a_hundred_thousand_bad_characters_are_counted_not_all_printed(tmp_path: Path) -> None:
    """Fault 9: 100,000 bad characters took 25 s to report (one line each), 300,000 did not
    finish in 200 s. The first fifty are printed, each at its line and field, and the rest
    counted."""
    count = 300_000
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text("meeting:\n  id: x\nnotes:\n" + '  - "a\x0bb"\n' * count, encoding="utf-8")
    proc = run_cli("validate", meeting, check=False)
    lines = proc.stderr.splitlines()
    assert proc.returncode == 2
    assert len(lines) == MAX_PRINTED + 2
    assert lines[0] == (f"{meeting}:4:7: notes[0]: contains the control character U+000B, "
                        "which YAML files and documents cannot hold; remove it")
    assert lines[MAX_PRINTED - 1].startswith(f"{meeting}:{MAX_PRINTED + 3}:7: "
                                             f"notes[{MAX_PRINTED - 1}]: ")
    assert lines[-2] == (f"… and {count - MAX_PRINTED:,} more problems, not shown (the first "
                         f"{MAX_PRINTED} are above).")
    assert lines[-1] == f"{count:,} problems; nothing was written."


def test_every_limit_is_in_the_docs_with_its_number() -> None:
    doc = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for number in (MAX_FILE_BYTES, MAX_SHEET_BYTES, MAX_UNPACKED_BYTES, MAX_ITEMS,
                   MAX_FIELD_CHARS, MAX_PRINTED, MAX_EXPANDED_CHARS, MAX_DEPTH,
                   MAX_FORM_UNPACKED_BYTES, MAX_ARCHIVE_BYTES, MAX_JOURNAL_BYTES, MAX_KEY_BYTES):
        assert f"{number:,}" in doc, number
