"""Meetings known only from what a notice says (no agenda, no statements, no task register)
print no empty part: the minutes give no "0 nhóm nội dung" line, no heading over nothing and
no register sentence; the pack says once that no agenda was given and that the register holds
no task. Each real meeting in inputs/ is held to what its own data holds, in HTML (one render
per meeting, shared)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from briefgen.model import load_meeting
from briefgen.view.build import ViewBuilder
from tests.conftest import ROOT, once, run_cli
from tests.readers import html_headings

MEETINGS = sorted((ROOT / "inputs").glob("*.yaml"))


@pytest.fixture(scope="module")
def pages(shared: Path) -> Path:
    def make(base: Path) -> None:
        for meeting in MEETINGS:
            run_cli("render", meeting, "--doc", "minutes,pack", "--format", "html", "--out", base)
    return once(shared, "sparse-meetings", make)


def _text(page: Path) -> str:
    return " ".join(lxml.html.parse(str(page)).getroot().text_content().split())


@pytest.mark.parametrize("source", MEETINGS, ids=[m.stem for m in MEETINGS])
def test_the_minutes_print_only_the_parts_the_meeting_has(pages: Path, source: Path) -> None:
    m, _ = load_meeting(source)
    labels = ViewBuilder(m).L  # the meeting's labels: its session's noun in them
    page = pages / f"{m.meeting.id}-minutes.html"
    text, headings = _text(page), html_headings(page)
    agenda_words = labels["agenda_line"].split("{")[0].strip()
    assert (agenda_words in text) is bool(m.agenda)
    assert ("0/0" in text) is False
    register_words = labels["register_line"].split("{")[0].strip()
    assert (register_words in text) is bool(m.tasks)
    discussed = any(s.group for s in m.statements if not s.opening) or bool(m.recommendations)
    content = labels["section_content"]
    # The content section (III) always; the discussion under it only where something was said.
    assert sum(h.endswith(f". {content}") for h in headings) == 1 + discussed


@pytest.mark.parametrize("source", MEETINGS, ids=[m.stem for m in MEETINGS])
def test_the_pack_says_once_what_the_meeting_lacks(pages: Path, source: Path) -> None:
    m, _ = load_meeting(source)
    labels = ViewBuilder(m).L  # the meeting's labels: its session's noun in them
    text = _text(pages / f"{m.meeting.id}-pack.html")
    assert (labels["register_empty"] in text) is (not m.tasks)
    assert ("0/0" in text) is False
    agenda_words = labels["agenda_line"].split("{")[0].strip()
    assert (agenda_words in text) is bool(m.agenda)


def test_the_sessions_before_and_after_are_told_once_however_many_open(tmp_path: Path) -> None:
    """The previous and next sessions' sentences print once, under the first opening speech,
    when two speeches open the session (the second speaker's first statement made opening)."""
    source = ROOT / "inputs" / "bcd-khcn-2025-05-22.yaml"
    text = source.read_text(encoding="utf-8")
    m, _ = load_meeting(source)
    second = next(i for i, s in enumerate(m.statements) if not s.opening)
    speaker = m.statements[second].speaker
    variant = tmp_path / source.name
    variant.write_text(text.replace(f"  - speaker: {speaker}\n", f"  - speaker: {speaker}\n"
                                    "    opening: true\n", 1), encoding="utf-8")
    assert sum(s.opening for s in load_meeting(variant)[0].statements) == 2
    for folder, meeting in (("one", source), ("two", variant)):
        run_cli("render", meeting, "--doc", "minutes", "--format", "html", "--out",
                tmp_path / folder)
    one, two = (_text(tmp_path / f / f"{m.meeting.id}-minutes.html") for f in ("one", "two"))
    assert m.next is not None
    told = m.next.title
    assert one.count(told) >= 1 and two.count(told) == one.count(told)


@pytest.mark.parametrize("source", MEETINGS, ids=[m.stem for m in MEETINGS])
def test_the_assigned_units_cell_opens_with_a_capital(pages: Path, source: Path) -> None:
    """A unit named alone in a cell opens as a sentence does ("Các Đảng ủy trực thuộc, …"),
    as in the register's tables; a lead not given prints the blank to fill."""
    m, _ = load_meeting(source)
    root = lxml.html.parse(str(pages / f"{m.meeting.id}-minutes.html")).getroot()
    cells = [" ".join(row.xpath("./td")[2].text_content().split())
             for row in root.xpath("//table[contains(@class, 'grid')]//tbody/tr")]
    assigned = [c for c in (m.conclusions.items if m.conclusions else []) if c.lead or c.deadline]
    assert len(cells) == len(assigned)
    for cell in cells:
        assert cell.startswith("……") or cell[:1].isupper(), cell


@pytest.mark.parametrize("source", MEETINGS, ids=[m.stem for m in MEETINGS])
def test_the_documents_call_the_session_what_its_kind_says(pages: Path, source: Path) -> None:
    """A "hội nghị" has a "TÀI LIỆU PHỤC VỤ HỘI NGHỊ" and minutes that "Hội nghị kết thúc";
    a "cuộc họp" a "Nội dung cuộc họp": the word the meeting's kind opens with, never another."""
    from briefgen.view import vi
    from briefgen.view.build import load_labels, session_noun

    m, _ = load_meeting(source)
    noun = session_noun(list(load_labels("vi")["session_nouns"]), m.meeting.kind)
    assert noun is not None and m.meeting.kind.casefold().startswith(noun)
    pack = _text(pages / f"{m.meeting.id}-pack.html")
    minutes = _text(pages / f"{m.meeting.id}-minutes.html")
    assert f"TÀI LIỆU PHỤC VỤ {vi.upper(noun)}" in pack and f"Chương trình {noun}" in pack
    assert f"{vi.sentence_case(noun)} kết thúc vào hồi" in minutes
    assert f"Nội dung {noun}" in minutes
    others = [n for n in load_labels("vi")["session_nouns"] if n != noun]
    assert not any(f"{vi.sentence_case(n)} kết thúc" in minutes for n in others)
