"""The commands' side of issue 27: `batch --format` refuses an unknown format before any
work; `serve` refuses a missing meeting file."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REFERENCE, run_cli


def test_batch_refuses_an_unknown_format_before_rendering(tmp_path: Path) -> None:
    proc = run_cli("batch", REFERENCE, "--format", "pdf,odt", "--out", tmp_path, check=False)
    assert proc.returncode == 2 and "odt" in proc.stderr
    assert not any(tmp_path.iterdir())


def test_serve_refuses_a_missing_meeting_file(tmp_path: Path) -> None:
    proc = run_cli("serve", tmp_path / "none.yaml", "--port", "0", check=False)
    assert proc.returncode == 2 and "none.yaml" in proc.stderr


def test_serve_on_a_port_in_use_is_a_fault_of_the_machine() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_cli("serve", REFERENCE, "--port", str(port), check=False)
    assert proc.returncode == 3 and f"127.0.0.1:{port}" in proc.stderr
    assert "--port" in proc.stderr and "Traceback" not in proc.stderr
