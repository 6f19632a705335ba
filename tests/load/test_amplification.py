"""Issue 22, faults 8 and 9: a few kilobytes of YAML standing for gigabytes (characters,
merge keys, nesting) are refused before they are built, located, with the limit stated; and
no reader reads without bound or waits on what is not a regular file. (Time and memory of each
refusal are measured apart, with /usr/bin/time -v, not asserted here.)"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefgen.load.limits import MAX_DEPTH, MAX_EXPANDED_CHARS, MAX_FILE_BYTES
from tests.conftest import REFERENCE, run_cli
from tests.load.amplified import write_all

REFUSED = {
    "laughs": f"the file stands for more than {MAX_EXPANDED_CHARS:,} characters once its aliases",
    "merge-chain": f"the file stands for more than {MAX_EXPANDED_CHARS:,} characters once",
    "merge-depth": f"nests more than {MAX_DEPTH} levels deep",
    "brackets": f"nests more than {MAX_DEPTH} levels deep",
    "alias-chain": f"nests more than {MAX_DEPTH} levels deep",
    "response-log": f"nests more than {MAX_DEPTH} levels deep",
}


@pytest.fixture(scope="module")
def amplified(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("amplified"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_amplification_is_refused_located_with_its_limit(
        name: str, amplified: dict[str, Path]) -> None:
    meeting = amplified[name]
    assert meeting.stat().st_size < 200_000
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    first = proc.stderr.splitlines()[0]
    where = meeting.with_name("meeting.responses.yaml") if name == "response-log" else meeting
    located = re.match(rf"{re.escape(str(where))}:(\d+):(\d+): (.*)", first)
    assert located, first
    assert int(located.group(1)) > 1 and REFUSED[name] in located.group(3), first


def test_diff_also_refuses_an_amplification_without_a_traceback(
        amplified: dict[str, Path]) -> None:
    proc = run_cli("diff", REFERENCE, amplified["merge-chain"], check=False)
    assert proc.returncode == 2 and REFUSED["merge-chain"] in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_device_is_refused_not_read(tmp_path: Path) -> None:
    proc = run_cli("diff", "/dev/zero", REFERENCE, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("/dev/zero:1:1: the file is not a regular file"), proc.stderr


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "meeting.yaml"
    os.mkfifo(fifo)
    proc = run_cli("validate", fifo, check=False)  # once: hung until killed
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"{fifo}:1:1: the file is not a regular file"), proc.stderr


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "meeting.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk spent
    proc = run_cli("diff", REFERENCE, big, check=False)
    assert proc.returncode == 2
    assert f"briefgen reads at most {MAX_FILE_BYTES:,} bytes" in proc.stderr, proc.stderr
