"""A deadline prints on one line in every task table (a date cut as '30/6/202' + '5' is
misread): the widest date, 30/12/2025, in the deadline column of both regimes' profiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REFERENCE, STEM, run_cli, state_variant
from tests.readers import pdf_words


@pytest.mark.parametrize("regime", ["party", "state"])
def test_the_widest_deadline_stays_on_one_line(tmp_path: Path, regime: str) -> None:
    source = REFERENCE if regime == "party" else state_variant(tmp_path)
    text = source.read_text(encoding="utf-8")
    first = re.search(r"  - \{id: (t\d+), owners: \[[\w-]+\], status: on_track", text)
    assert first
    text = text.replace(first.group(0), first.group(0) + ", deadline: 2025-12-30", 1)
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    run_cli("render", meeting, "--doc", "report", "--format", "pdf", "--out", tmp_path / "out")
    words = [w[5] for w in pdf_words(tmp_path / "out" / f"{STEM}-report.pdf")]
    assert "30/12/2025" in words
    assert not [w for w in words if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{1,3}", w)], words
