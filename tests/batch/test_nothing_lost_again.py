"""Issue 22 ("Nothing lost, again"): each fault found trying the commands as a hostile or
careless user would, through the real CLI, with the sha256 of every file that must not change
taken before and after. (Fault 4's round trip: tests/render/test_archive_round_trip.py; fault
8 and /dev/zero, FIFO: tests/load/test_amplification.py; fault 10: tests/signing/.)"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from openpyxl import load_workbook

from briefgen.followup.forms import FORM_SHEET
from briefgen.load.limits import MAX_FORM_UNPACKED_BYTES
from briefgen.model import load_meeting
from briefgen.publish import JOURNAL
from tests.conftest import REFERENCE, ROOT, STEM, need, run_cli
from tests.followup.test_cycle import task_rows

SMALL = ROOT / "inputs" / "laichau-bch-hn3-2025-11-29.yaml"  # no tasks, no points: fast batch


def sha(*paths: Path) -> dict[Path, str]:
    """sha256 of each file, and of every file under each folder."""
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*")))
             if f.is_file()]
    return {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def with_id(source: Path, folder: Path, ident: str) -> Path:
    """``source`` with its meeting id replaced, as ``folder/<ident>.yaml``."""
    text = source.read_text(encoding="utf-8")
    old = load_meeting(source)[0].meeting.id
    target = folder / f"{ident.replace('.', '_')}.yaml"
    target.write_text(text.replace(f"  id: {old}\n", f"  id: {ident}\n", 1), encoding="utf-8")
    return target


def with_csv_register(folder: Path, *, first_title: str | None = None,
                      log: bool = False) -> Path:
    """The reference meeting with its tasks in ``register.csv`` (the first task's title
    replaced by ``first_title``), and a response log of one answer when ``log``."""
    m, _ = load_meeting(REFERENCE)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "owners", "status", "title"])
    for n, t in enumerate(m.tasks):
        title = first_title if n == 0 and first_title is not None else t.title
        writer.writerow([t.id, ", ".join(t.owners), t.status.value, title or ""])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "register.csv").write_text(buffer.getvalue(), encoding="utf-8")
    head, rest = REFERENCE.read_text(encoding="utf-8").split("\ntasks:\n", 1)
    tail = rest.split("\nstatements:\n", 1)[1]
    meeting = folder / "meeting.yaml"
    meeting.write_text(f"{head}\nregister_file: register.csv\n\nstatements:\n{tail}",
                       encoding="utf-8")
    if log:
        unit = m.open_units()[0]
        (folder / "meeting.responses.yaml").write_text(
            f"responses:\n  - unit: {unit}\n    received: 2025-05-27\n    file: form.xlsx\n"
            f"    sha256: {'0' * 64}\n    digest: x\n    answers: {{}}\n", encoding="utf-8")
    return meeting


# -- 1. diff --out -------------------------------------------------------------------------


def test_1_diff_never_writes_over_its_inputs_and_an_old_page_needs_force(tmp_path: Path
                                                                          ) -> None:
    old = shutil.copy(REFERENCE, tmp_path / "old.yaml")
    page = tmp_path / "changes.html"
    page.write_text("<p>an earlier page</p>", encoding="utf-8")
    before = sha(tmp_path)
    for target in (old, REFERENCE, page):
        proc = run_cli("diff", old, REFERENCE, "--format", "html", "--out", target, check=False)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith(f"{target}:1:1: --out: "), proc.stderr
    proc = run_cli("diff", old, REFERENCE, "--format", "html", "--out", old, "--force",
                   check=False)
    assert proc.returncode == 2 and "this command also reads this file" in proc.stderr
    assert sha(tmp_path) == before
    run_cli("diff", old, REFERENCE, "--format", "html", "--out", page, "--force")
    assert "<html" in page.read_text(encoding="utf-8")


# -- 2. next --out ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["register.csv", "meeting.responses.yaml"])
def test_2_next_never_writes_over_the_meetings_register_or_log(target: str, tmp_path: Path
                                                               ) -> None:
    meeting = with_csv_register(tmp_path, log=True)
    before = sha(tmp_path)
    proc = run_cli("next", meeting, "--date", "2025-06-30", "--out", tmp_path / target,
                   "--force", check=False)
    assert proc.returncode == 2, proc.stderr
    assert "this command also reads this file" in proc.stderr, proc.stderr
    assert sha(tmp_path) == before


# -- 3 and 12. batch: generations by an exact rule, folder names every disk can hold ------------


@pytest.fixture(scope="module")
def two_batches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, str]]:
    """OUT with meeting ``bcd.link-2`` batched, then meeting ``bcd``; the hashes of
    ``bcd.link-2``'s files taken between the two runs."""
    folder = tmp_path_factory.mktemp("batches")
    out = folder / "out"
    run_cli("batch", with_id(SMALL, folder, "bcd.link-2"), "--out", out, "-j", "1")
    kept = sha((out / "bcd.link-2").resolve())
    run_cli("batch", with_id(SMALL, folder, "bcd"), "--out", out, "-j", "1")
    return out, kept


def test_3_batching_one_meeting_keeps_another_whose_id_it_prefixes(
        two_batches: tuple[Path, dict[Path, str]]) -> None:
    out, kept = two_batches
    assert (out / "bcd.link-2").is_dir() and (out / "bcd").is_dir()
    assert sha((out / "bcd.link-2").resolve()) == kept
    assert (out / "bcd.link-2" / "index.html").is_file()


@pytest.mark.parametrize("ident", ["CON", "aux.pdf", "COM1", "lpt9.txt", "nul", "con."])
def test_12_ids_windows_cannot_name_a_folder_are_refused(ident: str, tmp_path: Path) -> None:
    meeting = with_id(SMALL, tmp_path, ident)
    proc = run_cli("batch", meeting, "--out", tmp_path / "out", check=False)
    assert proc.returncode == 2, proc.stderr
    assert f"meeting.id: '{ident}'" in proc.stderr and "Windows" in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_12_an_id_differing_only_in_case_from_a_folder_there_is_refused(
        two_batches: tuple[Path, dict[Path, str]], tmp_path: Path) -> None:
    out, _ = two_batches
    before = sha(out.resolve())
    proc = run_cli("batch", with_id(SMALL, tmp_path, "BCD"), "--out", out, check=False)
    assert proc.returncode == 3, proc.stderr
    assert f"cannot write {out / 'BCD'}: another meeting's folder 'bcd'" in proc.stderr
    assert sha(out.resolve()) == before and not (out / "BCD").exists()


# -- 4 and 11. extract ---------------------------------------------------------------------------


def archive_with(folder: Path, names: list[str]) -> Path:
    """A PDF embedding one small file under each of ``names`` (as a forged archive would)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    for n, name in enumerate(names):
        pdf.attachments[f"key{n}"] = pikepdf.AttachedFileSpec(pdf, f"file {n}\n".encode(),
                                                              filename=name)
    target = folder / "archive.pdf"
    pdf.save(target)
    return target


def test_4_extract_restores_two_files_of_one_base_name_in_their_folders(tmp_path: Path
                                                                         ) -> None:
    pdf = archive_with(tmp_path, ["a/m.yaml", "b/m.yaml"])
    out = tmp_path / "out"
    run_cli("extract", pdf, "--out", out)
    assert (out / "a" / "m.yaml").read_bytes() == b"file 0\n"
    assert (out / "b" / "m.yaml").read_bytes() == b"file 1\n"
    proc = run_cli("extract", pdf, "--out", out, check=False)  # again: both there
    assert proc.returncode == 2 and "already exists; give --force" in proc.stderr


def test_4_extract_writes_all_or_nothing_when_one_file_cannot_be_written(tmp_path: Path
                                                                       ) -> None:
    pdf = archive_with(tmp_path, ["b/x.yaml", "a/m.yaml"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "a").write_text("a file where extract needs a folder", encoding="utf-8")
    before = sha(out)
    proc = run_cli("extract", pdf, "--out", out, check=False)
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.startswith(f"cannot write {out / 'a' / 'm.yaml'}: "), proc.stderr
    assert sha(out) == before and sorted(p.name for p in out.iterdir()) == ["a"]


@pytest.mark.parametrize("name", ["..", ".", "../x.yaml", "a/../../x", "/etc/x", "x" * 300])
def test_11_extract_refuses_a_name_it_cannot_restore_inside_the_folder(name: str,
                                                                      tmp_path: Path) -> None:
    pdf = archive_with(tmp_path, ["good.yaml", name])
    out = tmp_path / "out"
    proc = run_cli("extract", pdf, "--out", out, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"{pdf}:1:1: embeds a file named"), proc.stderr
    assert "nothing was written" in proc.stderr and not out.exists()


def test_11_extract_of_a_missing_pdf_is_bad_input(tmp_path: Path) -> None:
    proc = run_cli("extract", tmp_path / "none.pdf", check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{tmp_path / 'none.pdf'}:1:1: cannot read file: No such file")


# -- 5 and 6. render --out: a folder in the way, a journal not ours -------------------------------


@pytest.fixture
def out_folder(rendered: dict[str, Path], tmp_path: Path) -> Path:
    """A copy of a folder the reference minutes and notice were rendered into."""
    return Path(shutil.copytree(rendered["party"], tmp_path / "out"))


def test_5_a_folder_in_the_way_is_named_and_nothing_is_replaced(out_folder: Path) -> None:
    html = out_folder / f"{STEM}-minutes.html"
    html.unlink()
    html.mkdir()
    before = sha(out_folder)
    proc = run_cli("render", REFERENCE, "--doc", "minutes", "--out", out_folder, check=False)
    assert proc.returncode == 3, proc.stderr
    assert f"cannot write {html}: a folder is in the way of this file" in proc.stderr
    assert sha(out_folder) == before and not (out_folder / JOURNAL).exists()
    html.rmdir()
    run_cli("render", REFERENCE, "--doc", "minutes", "--format", "html", "--out", out_folder)


@pytest.mark.parametrize("journal", [b"garbage without a tab\n", b"\xff\xfe\n",
                                     b".briefgen-staged-1-0\t/tmp/victim\n",
                                     b".briefgen-staged-1-0\t../victim\n",
                                     b"../../etc/passwd\tvictim\n"])
def test_6_a_journal_not_ours_is_refused_with_how_to_recover(journal: bytes, out_folder: Path,
                                                             tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("a file outside --out", encoding="utf-8")
    (out_folder / ".briefgen-staged-1-0").write_text("staged", encoding="utf-8")
    (out_folder / JOURNAL).write_bytes(journal)
    before = sha(tmp_path)
    proc = run_cli("render", REFERENCE, "--doc", "minutes", "--format", "html", "--out",
                   out_folder, check=False)
    assert proc.returncode == 3, proc.stderr
    assert "the journal of an interrupted run is damaged" in proc.stderr, proc.stderr
    assert f"delete {JOURNAL} and run again" in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert sha(tmp_path) == before


# -- 7. formulas written outward -------------------------------------------------------------


FORMULA = '=HYPERLINK("http://example.invalid","bấm vào đây")'
COMMAND = "=cmd|'/C calc'!A0"


def formulas_libreoffice_sees(files: list[Path], tmp: Path) -> list[str]:
    """Every cell LibreOffice, a real spreadsheet, takes for a formula when it opens ``files``
    (CSV or XLSX; each saved again as XLSX and read back)."""
    soffice = need("soffice")
    out = tmp / "libreoffice"
    proc = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'profile'}",
                           "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                           *map(str, files)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    found: list[str] = []
    for file in files:
        saved = out / f"{file.stem}.xlsx"
        assert saved.is_file(), f"LibreOffice wrote no {saved.name} ({proc.stderr.strip()})"
        found += [f"{saved.name}!{c.coordinate}: {c.value}" for ws in load_workbook(saved)
                  for row in ws.iter_rows() for c in row if c.data_type == "f"]
    return found


def typed_text_answers(form: Path, task: str, cells: dict[int, str]) -> None:
    """Answers typed into the form as text (as Excel keeps what is typed after an
    apostrophe, or into a cell formatted as text, which the form's answer cells are)."""
    book = load_workbook(form)
    ws = book[FORM_SHEET]
    for col, value in cells.items():
        ws.cell(task_rows(ws)[task], col, value).data_type = "s"
    book.save(form)


def test_7_text_starting_as_a_formula_stays_text_in_forms_and_csv_registers(tmp_path: Path
                                                                            ) -> None:
    meeting = with_csv_register(tmp_path, first_title=FORMULA)
    m, _ = load_meeting(meeting)
    task = m.tasks[0]
    unit = task.owners[0]
    run_cli("requests", meeting, "--unit", unit, "--format", "docx", "--out", tmp_path / "req")
    (form,) = (tmp_path / "req").glob("*.xlsx")
    ws = load_workbook(form)[FORM_SHEET]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == FORMULA)
    assert cell.data_type == "s"  # text, not a formula LibreOffice would run

    rows_before = (tmp_path / "register.csv").read_text(encoding="utf-8").splitlines()
    typed_text_answers(form, task.id, {8: COMMAND, 11: "@SUM(1+1)"})
    run_cli("collect", meeting, form, "--received", "27/05/2025")
    rows = (tmp_path / "register.csv").read_text(encoding="utf-8").splitlines()
    changed = [r for r in rows if r.startswith(f"{task.id},")]
    assert f"'{COMMAND}" in changed[0] and "'@SUM(1+1)" in changed[0], changed
    assert [r for r in rows[1:] if not r.startswith(f"{task.id},")] == \
        [r for r in rows_before[1:] if not r.startswith(f"{task.id},")]
    # Only the title the clerk typed into the register (row 2, column D) is a formula: the
    # form's copy of it and the answers briefgen wrote are text.
    seen = formulas_libreoffice_sees([form, tmp_path / "register.csv"], tmp_path)
    assert [f.split(":")[0] for f in seen] == ["register.xlsx!D2"], seen
    again, _ = load_meeting(meeting)  # read back: the answers as the unit typed them
    assert again.tasks[0].title == FORMULA
    assert again.tasks[0].progress == COMMAND and again.tasks[0].proposals == "@SUM(1+1)"


def test_7_next_appends_a_conclusion_starting_as_a_formula_as_text(tmp_path: Path) -> None:
    meeting = with_csv_register(tmp_path)
    lead = "Việc đầu tư xây dựng các khu công nghiệp"
    text = meeting.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith(f"    - text: {lead}"))
    quoted = line.replace("- text: ", f'- text: "{COMMAND} ', 1) + '"'
    text = text.replace(line, quoted, 1)
    meeting.write_text(text, encoding="utf-8")
    run_cli("next", meeting, "--date", "2025-06-30", "--out", tmp_path / "next.yaml")
    copy = (tmp_path / "next.register.csv").read_text(encoding="utf-8")
    assert f",\"'{COMMAND} {lead}" in copy, copy  # quoted (it holds commas), apostrophe first
    new, _ = load_meeting(tmp_path / "next.yaml")
    assert any(t.title and t.title.startswith(COMMAND) for t in new.tasks)


# -- 9. a returned form that unpacks to hundreds of megabytes ------------------------------------


def test_9_a_form_unpacking_beyond_its_limit_is_refused_before_it_is_unpacked(tmp_path: Path
                                                                              ) -> None:
    meeting = with_csv_register(tmp_path)
    bomb = tmp_path / "form.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_FORM_UNPACKED_BYTES + 1))
    assert bomb.stat().st_size < 1_000_000
    before = sha(tmp_path)
    proc = run_cli("collect", meeting, bomb, check=False)
    assert proc.returncode == 2, proc.stderr
    assert f"briefgen unpacks at most {MAX_FORM_UNPACKED_BYTES:,} bytes" in proc.stderr
    assert sha(tmp_path) == before
