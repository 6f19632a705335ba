"""Shared fixtures: the reference meeting rendered once per session through the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Reference minutes and notice, party and state, in every format: {'party': dir, ...}."""
    base = tmp_path_factory.mktemp("rendered")
    dirs = {"party": base / "party", "state": base / "state"}
    run_cli("render", REFERENCE, "--doc", "minutes,notice", "--format", "docx,pdf,html",
            "--out", dirs["party"])
    run_cli("render", state_variant(base), "--doc", "minutes,notice", "--format",
            "docx,pdf,html", "--out", dirs["state"])
    return dirs


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise AssertionError(f"{tool} is not installed; `make test` installs it")
    return path
