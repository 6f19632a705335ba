"""One workspace server for the serve tests: ``briefgen serve`` started as a user starts it,
on a copy of the reference meeting, its printed address read back."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REFERENCE, ROOT

ADDRESS = re.compile(r"(http://(127\.0\.0\.1):(\d+))/\?token=(\S+)")


@dataclass
class Server:
    proc: subprocess.Popen[str]
    meeting: Path
    url: str  # the printed address, token included
    base: str  # http://127.0.0.1:PORT
    port: int
    token: str


def start(meeting: Path, out: Path, env: dict[str, str] | None = None) -> Server:
    """``briefgen serve MEETING --port 0`` until it prints its address (its output goes to a
    log beside the meeting's folder, read back for the address)."""
    log = meeting.parent.parent / f"serve-{time.monotonic_ns()}.log"
    with open(log, "w") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "serve", str(meeting), "--port", "0", "--out",
             str(out)], cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, **(env or {})})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if found := ADDRESS.search(log.read_text()):
            return Server(proc, meeting, found.group(0), found.group(1), int(found.group(3)),
                          found.group(4))
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("briefgen serve printed no address:\n" + log.read_text())


def stop(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGINT)
        try:
            server.proc.wait(20)
        except subprocess.TimeoutExpired:
            server.proc.kill()


def meeting_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / REFERENCE.name
    shutil.copy(REFERENCE, path)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("serve")
    running = start(meeting_copy(base / "meeting"), base / "out")
    yield running
    stop(running)
