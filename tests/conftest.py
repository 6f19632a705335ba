"""Shared fixtures: the reference meeting rendered once per test run through the real CLI.

Tests are grouped by the layer of briefgen they exercise (tests/<layer>/). Renders several
files use are made once per run, whichever xdist worker asks first (:func:`once`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "inputs" / "bcd-khcn-2025-05-22.yaml"
STEM = "bcd-khcn-2025-05-22"


def run_cli(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``python -m briefgen`` as a user would, capturing its output."""
    proc = subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"briefgen {args} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def state_variant(tmp: Path) -> Path:
    """The reference meeting in the state regime (same facts, other layout)."""
    text = REFERENCE.read_text(encoding="utf-8").replace("regime: party", "regime: state", 1)
    path = tmp / "state.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A folder every xdist worker of this run sees (the run's base temporary folder)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


def once(shared: Path, name: str, make: Callable[[Path], None]) -> Path:
    """``shared/name``, made by ``make`` the first time any worker asks, then reused."""
    target = shared / name
    with FileLock(f"{target}.lock"):
        if not (target / ".made").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            make(target)
            (target / ".made").touch()
    return target


@pytest.fixture(scope="session")
def rendered(shared: Path) -> dict[str, Path]:
    """Reference minutes and notice, party and state, in every format: {'party': dir, ...}."""

    def make(base: Path) -> None:
        run_cli("render", REFERENCE, "--doc", "minutes,notice", "--format", "docx,pdf,html",
                "--out", base / "party")
        run_cli("render", state_variant(base), "--doc", "minutes,notice", "--format",
                "docx,pdf,html", "--out", base / "state")

    base = once(shared, "rendered", make)
    return {"party": base / "party", "state": base / "state"}


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise AssertionError(f"{tool} is not installed; `make test` installs it")
    return path
