"""An all-or-nothing write that fails leaves neither the file half-written nor its
temporary file behind (a section kept with a batch's outputs is written this way too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.publish import write_synced


def test_a_write_that_cannot_land_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(OSError):
        write_synced(target, b"%PDF-1.7 whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert list(target.iterdir()) == []


def test_a_write_lands_whole(tmp_path: Path) -> None:
    write_synced(tmp_path / "file.pdf", b"%PDF-1.7 whole")
    assert [p.name for p in tmp_path.iterdir()] == ["file.pdf"]
    assert (tmp_path / "file.pdf").read_bytes() == b"%PDF-1.7 whole"
