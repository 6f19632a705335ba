"""`briefgen explain`: each sentence a document writes, what it is made of, and the key that
replaces it; a clerk's own sentence is shown as theirs and printed as written."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from tests.conftest import REFERENCE, ROOT, run_cli


def explain(*args: str, columns: int = 400) -> str:
    os.environ["COLUMNS"] = str(columns)
    try:
        return run_cli("explain", *args).stdout
    finally:
        del os.environ["COLUMNS"]


def blocks(text: str) -> dict[str, str]:
    """Each sentence's block by its key line: the key, then its indented lines."""
    out: dict[str, str] = {}
    for block in text.split("\n\n")[1:]:
        key, _, rest = block.partition("\n")
        out[key.strip()] = " ".join(rest.split())
    return out


def test_explain_shows_each_sentence_its_form_its_fields_and_its_key() -> None:
    rows = blocks(explain(str(REFERENCE), "--doc", "notice"))
    assert set(rows) == {f"documents.notice.text.{k}" for k in ("subject", "opening", "attending",
                                                                  "close", "end")}
    assert "meeting.holder" in rows["documents.notice.text.opening"]
    assert "Chiều ngày 22 tháng 5 năm 2025" in rows["documents.notice.text.opening"]
    assert "form: held (documents.notice.forms.opening)" in rows["documents.notice.text.opening"]
    assert "Ban Chỉ đạo thông báo để các cơ quan" in rows["documents.notice.text.end"]
    # The reference's attendees are named at points: the other attending forms fit too.
    assert "other forms that fit: meeting_had, present" in rows["documents.notice.text.attending"]


def test_explain_is_readable_at_80_columns() -> None:
    """No line longer than the terminal, and no key or field name cut across lines."""
    text = explain(str(REFERENCE), "--doc", "notice", columns=80)
    lines = text.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    words = set(text.split())
    for key in ("(documents.notice.forms.opening);", "meeting.with_whom,", "points[].attendees"):
        assert key in words, key


def test_the_clerks_own_sentences_are_shown_as_theirs(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "inputs" / "laocai-ubnd-ccn-2026-06-19.yaml").read_text("utf-8"))
    data["documents"]["notice"]["text"] = {"opening": "Ngày 19 tháng 6 năm 2026, lời của tôi."}
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rows = blocks(explain(str(path), "--doc", "notice"))
    opening = rows["documents.notice.text.opening (yours)"]
    assert "your text" in opening and "form:" not in opening
    assert opening.startswith("Ngày 19 tháng 6 năm 2026, lời của tôi.")
    # The other sentences are the forms this meeting picks.
    assert "form: summed_up" in rows["documents.notice.text.end"]


def test_an_invitation_is_explained_for_its_point() -> None:
    text = explain(str(REFERENCE), "--doc", "invitation", "--point", "hue")
    assert "documents.invitation.text.opening" in text and "trân trọng kính mời" in text
