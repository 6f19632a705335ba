"""`briefgen explain`: each sentence a document writes, what it is made of, and the key that
replaces it; a clerk's own sentence is shown as theirs and printed as written."""

from __future__ import annotations

import os

from tests.conftest import REFERENCE, ROOT, run_cli


def explain(*args: str) -> str:
    os.environ["COLUMNS"] = "400"  # one table row a line, for reading it back
    try:
        return run_cli("explain", *args).stdout
    finally:
        del os.environ["COLUMNS"]


def test_explain_shows_each_sentence_its_fields_and_its_key() -> None:
    text = explain(str(REFERENCE), "--doc", "notice")
    rows = {line.split("│")[1].strip(): line for line in text.splitlines()
            if "documents.notice.text." in line}
    assert set(rows) == {f"documents.notice.text.{k}" for k in ("subject", "opening", "attending",
                                                                  "close", "end")}
    assert "meeting.holder" in rows["documents.notice.text.opening"]
    assert "Chiều ngày 22 tháng 5 năm 2025" in rows["documents.notice.text.opening"]
    assert "Ban Chỉ đạo thông báo để các cơ quan" in rows["documents.notice.text.end"]


def test_the_clerks_own_sentences_are_shown_as_theirs() -> None:
    text = explain(str(ROOT / "inputs" / "vpcp-tb467-2024-10-07.yaml"), "--doc", "notice")
    opening = next(line for line in text.splitlines() if "text.opening" in line)
    assert "(yours)" in opening and "your text" in opening
    assert "Ngày 07 tháng 10 năm 2024, tại trụ sở Chính phủ" in opening


def test_an_invitation_is_explained_for_its_point() -> None:
    text = explain(str(REFERENCE), "--doc", "invitation", "--point", "hue")
    assert "documents.invitation.text.opening" in text and "trân trọng kính mời" in text
