"""Nothing lost when `briefgen collect` is killed (SIGKILL) midway: before the register is
replaced it is as it was; after, it holds the answers whole; either way a rerun of the same
forms ends where an uninterrupted run ends, and a further rerun changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.followup.forms import STATUS_CHOICES
from briefgen.model import load_meeting
from tests.conftest import REFERENCE, ROOT, STEM, run_cli
from tests.followup.test_cycle import fill

WORDS = {status: word for word, status in STATUS_CHOICES.items()}
UNITS = ("bo-khcn", "vptw")


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], dict[str, str | None]]:
    """Two filled forms, and the register and log an uninterrupted collect makes of them."""
    folder = tmp_path_factory.mktemp("killed")
    meeting = folder / "meeting.yaml"
    shutil.copy(REFERENCE, meeting)
    run_cli("requests", meeting, "--unit", UNITS[0], "--out", folder / "a")
    run_cli("requests", meeting, "--unit", UNITS[1], "--out", folder / "b")
    m, _ = load_meeting(meeting)
    forms = [folder / "a" / f"{STEM}-form-{UNITS[0]}.xlsx", folder / "b" / f"{STEM}-form-{UNITS[1]}.xlsx"]
    for form, unit in zip(forms, UNITS, strict=True):
        fill(form, {t.id: {7: WORDS["late"], 9: dt.datetime(2025, 6, 30),
                           10: f"Chờ ý kiến ({unit})"} for t in m.open_tasks(unit)})
    clean = folder / "clean"
    clean.mkdir()
    shutil.copy(REFERENCE, clean / "meeting.yaml")
    run_cli("collect", clean / "meeting.yaml", *forms, "--received", "27/05/2025")
    expected = {"register": digest(clean / "meeting.yaml"),
                "log": digest(clean / "meeting.responses.yaml")}
    return folder, forms, expected


@pytest.mark.parametrize("step", ["register-staged", "register-kept", "collect-logging"])
def test_a_killed_collect_loses_nothing(answered: tuple[Path, list[Path], dict[str, str | None]],
                                        tmp_path: Path, step: str) -> None:
    _, forms, expected = answered
    meeting = tmp_path / "meeting.yaml"
    shutil.copy(REFERENCE, meeting)
    log = tmp_path / "meeting.responses.yaml"
    killed = subprocess.run(
        [sys.executable, "-m", "briefgen", "collect", str(meeting), *map(str, forms),
         "--received", "27/05/2025"],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "BRIEFGEN_FAILPOINT": step})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if step == "collect-logging":
        assert digest(meeting) == expected["register"]  # the answers, whole
    else:
        assert digest(meeting) == digest(REFERENCE)  # as it was
    assert not log.exists()
    load_meeting(meeting)  # whichever it is, it reads

    rerun = run_cli("collect", meeting, *forms, "--received", "27/05/2025")
    assert rerun.returncode == 0
    assert digest(meeting) == expected["register"] and digest(log) == expected["log"]
    assert not list(tmp_path.glob(".*briefgen-tmp")), "a temporary file of the killed run stayed"

    again = run_cli("collect", meeting, *forms, "--received", "28/05/2025")
    assert again.stdout.count("already merged; nothing to change") == len(forms)
    assert digest(meeting) == expected["register"] and digest(log) == expected["log"]
