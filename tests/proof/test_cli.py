"""``render --proof``: the documents just made are proofed with what the same reading of the
meeting warned of, so a blank it warned about is no finding and the run exits 0."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REFERENCE, run_cli


def test_render_proof_reads_the_pages_it_made_with_the_warnings_it_printed(tmp_path: Path
                                                                           ) -> None:
    done = run_cli("render", REFERENCE, "--doc", "notice", "--format", "pdf", "--out", tmp_path,
                   "--proof", check=False)
    assert done.returncode == 0, done.stderr
    assert ": warning: " in done.stderr  # the notice's blanks were warned of …
    summary = done.stderr.strip().splitlines()[-1]
    assert summary.startswith("0 findings;") and "official blank" in summary, done.stderr
    assert not summary.startswith("0 findings; 0 official"), "the notice prints warned blanks"
