"""Issue 9's batch faults, reproduced as filed: a run killed at any step, two runs into one
folder, a folder that cannot be written, points deleted from the meeting, an annex replaced
by another of the same length. Each asserts the exit code, the message and the folder."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.batch.test_batch import make_annex
from tests.conftest import REFERENCE, ROOT, STEM, run_cli

CHANGE = ("attendees: [hp-lanh-dao]", "attendees: [hp-lanh-dao, ky-thuat]")


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file of the generation ``folder`` shows."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def consistent(folder: Path) -> None:
    """Every file the manifest lists is on disk with the hash the manifest gives."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (folder / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]


def briefgen(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "briefgen", *map(str, args)], cwd=ROOT,
                            env={**os.environ, **(env or {})}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def alive_with(marker: str) -> list[int]:
    """Pids of processes whose environment carries ``marker`` (a run and its workers)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker.encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


def none_alive(marker: str) -> bool:
    for _ in range(50):
        if not alive_with(marker):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture()
def meeting(tmp_path: Path) -> Path:
    path = tmp_path / "meeting.yaml"
    shutil.copy(REFERENCE, path)
    return path


@pytest.fixture()
def previous(meeting: Path) -> tuple[Path, dict[str, str]]:
    """A finished batch, then the meeting changed: the next run has work to do."""
    run_cli("batch", meeting, "--out", meeting.parent / "out", "-j", "2")
    meeting.write_text(meeting.read_text(encoding="utf-8").replace(*CHANGE), encoding="utf-8")
    folder = meeting.parent / "out" / STEM
    return folder, snapshot(folder)


@pytest.mark.parametrize("step", ["rendering", "staged", "switch"])
def test_sigkill_at_any_step_before_the_switch_leaves_the_previous_outputs(
        meeting: Path, previous: tuple[Path, dict[str, str]], step: str) -> None:
    folder, before = previous
    marker = f"BRIEFGEN_TEST_RUN={uuid.uuid4().hex}"
    run = briefgen("batch", meeting, "--out", folder.parent, "-j", "2",
                   env={"BRIEFGEN_FAILPOINT": step, "BRIEFGEN_TEST_RUN": marker.split("=")[1]})
    run.communicate(timeout=300)
    assert run.returncode == -signal.SIGKILL
    assert none_alive(marker), "workers outlived the killed run"
    assert snapshot(folder) == before
    consistent(folder)
    proc = run_cli("batch", meeting, "--out", folder.parent)
    assert "0 of" not in proc.stdout
    consistent(folder)
    assert sorted(p.name for p in folder.parent.iterdir()) == sorted(
        [STEM, os.readlink(folder)]), "an interrupted run's files stayed"


def test_sigkill_after_the_switch_shows_the_new_outputs_whole(
        meeting: Path, previous: tuple[Path, dict[str, str]]) -> None:
    folder, before = previous
    run = briefgen("batch", meeting, "--out", folder.parent, env={"BRIEFGEN_FAILPOINT": "switched"})
    run.communicate(timeout=300)
    assert run.returncode == -signal.SIGKILL
    after = snapshot(folder)
    assert after != before
    consistent(folder)
    run_cli("batch", meeting, "--out", folder.parent)
    assert snapshot(folder) == after
    assert len(list(folder.parent.iterdir())) == 2, "the old generation was not cleaned up"


def test_kill_9_from_outside_while_rendering_kills_the_workers(
        meeting: Path, previous: tuple[Path, dict[str, str]]) -> None:
    folder, before = previous
    token = uuid.uuid4().hex
    run = briefgen("batch", meeting, "--out", folder.parent, "-j", "2", "--force",
                   env={"BRIEFGEN_TEST_RUN": token})
    deadline = time.monotonic() + 120
    while len(alive_with(token)) < 3 and time.monotonic() < deadline:  # the run and 2 workers
        time.sleep(0.05)
    assert len(alive_with(token)) >= 3, "the pool never started"
    os.kill(run.pid, signal.SIGKILL)
    run.communicate(timeout=60)
    assert none_alive(token), f"workers outlived kill -9: {alive_with(token)}"
    assert snapshot(folder) == before


def test_a_second_run_waits_for_the_first_and_the_folder_stays_consistent(
        meeting: Path, previous: tuple[Path, dict[str, str]]) -> None:
    folder, _ = previous
    other = meeting.parent / "other.yaml"
    other.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        "attendees: [hue-lanh-dao]", "attendees: [hue-lanh-dao, ky-thuat]"), encoding="utf-8")
    runs = [briefgen("batch", m, "--out", folder.parent, "-j", "1") for m in (meeting, other)]
    results = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], results
    assert any("is writing into" in err and "waiting" in err for _, err in results)
    consistent(folder)


def test_a_run_that_cannot_get_the_folder_in_time_refuses(
        meeting: Path, previous: tuple[Path, dict[str, str]]) -> None:
    folder, before = previous
    held = os.open(folder.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = run_cli("batch", meeting, "--out", folder.parent, "--wait", "1", check=False)
    finally:
        os.close(held)
    assert proc.returncode == 3
    assert "another briefgen run" in proc.stderr and "waited 1 s" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(folder) == before


def test_out_being_a_file_is_said_so_before_rendering(meeting: Path) -> None:
    target = meeting.parent / "out"
    target.write_text("not a folder")
    proc = run_cli("batch", meeting, "--out", target, check=False)
    assert proc.returncode == 3, proc.stderr
    assert f"cannot write {target}: this is a file, not a folder" in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert target.read_text() == "not a folder"


def in_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` as root of a private user and mount namespace: real tmpfs mounts
    (read-only, or a few hundred kilobytes) without touching the machine's."""
    return subprocess.run(["unshare", "-rm", "sh", "-uc", script], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize(("mount", "reason"), [
    ("-o ro", "the file system is read-only; nothing was rendered and nothing was changed."),
    ("-o size=400k", "no space left on the device (the disk is full)"),
])
def test_read_only_and_full_disks_are_reported_as_such(meeting: Path, mount: str,
                                                       reason: str) -> None:
    out = meeting.parent / "mnt"
    out.mkdir()
    proc = in_namespace(f"mount -t tmpfs {mount} tmpfs {out}; "
                        f"{sys.executable} -m briefgen batch {meeting} --out {out} -j 1; "
                        f"echo rc=$?; ls -A {out}")
    assert "rc=3" in proc.stdout, proc.stderr
    assert f"cannot write {out}" in proc.stderr and reason in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert ".tmp" not in proc.stderr, "a hidden temporary name was shown, not the real path"
    assert proc.stdout.split("rc=3")[1].split() == [], "the failed run left files"


def test_outputs_of_a_deleted_point_go_and_a_file_put_there_by_hand_stays(meeting: Path) -> None:
    out = meeting.parent / "out"
    run_cli("batch", meeting, "--out", out)
    folder = out / STEM
    (folder / "ghi-chu.txt").write_text("bản ký tay đã quét", encoding="utf-8")
    text = meeting.read_text(encoding="utf-8")
    # The point's own block goes, and so does every reference to it.
    meeting.write_text(text.replace("point: hue", "point: da-nang"), encoding="utf-8")
    import yaml
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    data["points"] = [p for p in data["points"] if p["id"] != "hue"]
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    proc = run_cli("batch", meeting, "--out", out)
    gone = [n for n in snapshot(folder) if n.endswith(("-hue.pdf", "-hue.docx", "-hue.html"))]
    assert not gone, gone
    assert f"{STEM}-invitation-hue.pdf" in proc.stdout and "removed 6 files" in proc.stdout
    assert (folder / "ghi-chu.txt").read_text(encoding="utf-8") == "bản ký tay đã quét"
    consistent(folder)


def test_an_annex_replaced_by_another_of_the_same_length_is_bound_anew(tmp_path: Path) -> None:
    import pypdf

    one, two = tmp_path / "a.pdf", tmp_path / "b.pdf"
    make_annex(one, 2)
    make_annex(two, 3)
    size = max(one.stat().st_size, two.stat().st_size)
    for pdf in (one, two):  # bytes after %%EOF are ignored by every reader
        pdf.write_bytes(pdf.read_bytes().ljust(size, b"\n"))
    assert one.stat().st_size == two.stat().st_size
    annex = tmp_path / "annex.pdf"
    shutil.copy(one, annex)
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(REFERENCE.read_text(encoding="utf-8") + (
        "\nattachments:\n  - {id: bc, title: Báo cáo, file: annex.pdf, unit: ubnd-ha-noi}\n"),
        encoding="utf-8")
    run_cli("batch", meeting, "--out", tmp_path / "out")
    pack = tmp_path / "out" / STEM / f"{STEM}-pack.pdf"
    pages = len(pypdf.PdfReader(pack).pages)
    os.replace(two, annex)
    proc = run_cli("batch", meeting, "--out", tmp_path / "out", "--verbose")
    assert f"{STEM}-pack.pdf" in proc.stdout
    assert len(pypdf.PdfReader(pack).pages) == pages + 1


def test_a_folder_without_write_permission_is_said_so_before_rendering(meeting: Path) -> None:
    out = meeting.parent / "khoa"
    out.mkdir()
    out.chmod(0o555)
    # root writes anywhere: drop the capabilities that let it, as a clerk's account has none.
    as_user = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"] \
        if os.geteuid() == 0 else []
    proc = subprocess.run([*as_user, sys.executable, "-m", "briefgen", "batch", str(meeting),
                           "--out", str(out)], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert proc.returncode == 3, proc.stderr
    assert (f"cannot write {out}: permission denied; nothing was rendered and nothing was "
            "changed.") in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("step", ["render-staged", "journalled", "renaming"])
def test_a_render_killed_while_writing_is_whole_after_the_next_run(step: str,
                                                                  tmp_path: Path) -> None:
    """``render --out`` writes into a folder the user keeps: killed before its journal, the
    old files stay and its staged files go; killed after it (between two renames too), the
    next run into the folder finishes the interrupted renames first. No hidden file is left."""
    out = tmp_path / "out"
    run_cli("render", REFERENCE, "--doc", "notice", "--out", out)
    before = snapshot(out)
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        "không còn nhiều;", "không còn nhiều (sửa);"), encoding="utf-8")
    killed = subprocess.run([sys.executable, "-m", "briefgen", "render", str(meeting), "--doc",
                             "notice", "--out", str(out)], cwd=ROOT, capture_output=True,
                            env={**os.environ, "BRIEFGEN_FAILPOINT": step}, check=False)
    assert killed.returncode == -signal.SIGKILL
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert hidden and all(name.startswith(".briefgen-") for name in hidden)

    expected = tmp_path / "expected"
    run_cli("render", meeting, "--doc", "notice", "--out", expected)
    run_cli("render", REFERENCE, "--doc", "minutes", "--format", "html", "--out", out)
    after = snapshot(out)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    notice = {name: digest for name, digest in after.items() if "-notice." in name}
    if step == "render-staged":
        assert notice == before  # nothing journalled: the earlier files, as they were
    else:
        assert notice == snapshot(expected)  # journalled: finished by the next run
    assert f"{STEM}-minutes.html" in after


@pytest.mark.parametrize(("parent", "survives"), [("os.getppid()", True), ("1", False)])
def test_a_worker_whose_run_died_before_it_started_exits(parent: str, survives: bool) -> None:
    """The run's pid is read by the run before it forks: a worker started after the run
    died (its parent already the reaper) exits at once instead of waiting for ever."""
    code = ("import os; from briefgen.batch.workers import _die_with_parent; "
            f"_die_with_parent({parent}); print('alive')")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert (proc.returncode, proc.stdout.strip()) == ((0, "alive") if survives else (1, ""))
