"""Body parts read back from the reference meeting's batch (PDF through pdfplumber, DOCX
through python-docx, the index through lxml): the invitation's first paragraph indented as
every body paragraph (formats.md, "body"); the pack's and the minutes' participants grouped
under bold lines;
the index naming each file by its format."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
import yaml
from docx import Document
from docx.shared import Length
from docx.text.paragraph import Paragraph
from lxml import html

from briefgen.assets import DEFAULT_TEMPLATES
from briefgen.model import load_meeting
from briefgen.model.profile import Profile, choose_profile
from tests.conftest import REFERENCE, once, run_cli

PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def batch(shared: Path) -> Path:
    base = once(shared, "body-parts", lambda out: run_cli(
        "batch", REFERENCE, "--out", out, "--format", "pdf,docx,html", "--jobs", "1"))
    return base / REFERENCE.stem


@pytest.fixture(scope="module")
def profile() -> Profile:
    m, _ = load_meeting(REFERENCE)
    return choose_profile(DEFAULT_TEMPLATES / "profiles", m.meeting.regime, m.meeting.date,
                          m.meeting.profile)


def _lines(pdf: Path, page: int) -> list[dict]:
    with pdfplumber.open(pdf) as doc:
        return doc.pages[page].extract_text_lines()


def _first_line_indent(p: Paragraph) -> Length:
    """The paragraph's first-line indent as Word applies it: its own, else its style chain's."""
    if p.paragraph_format.first_line_indent is not None:
        return p.paragraph_format.first_line_indent
    style = p.style
    while style is not None:
        if style.paragraph_format.first_line_indent is not None:
            return style.paragraph_format.first_line_indent
        style = style.base_style
    return Length(0)


def test_the_invitations_first_paragraph_is_indented_as_the_others(
        batch: Path, profile: Profile) -> None:
    left = profile.page.margin_left_mm * PT_PER_MM
    indent = profile.body.indent_cm * 10 * PT_PER_MM
    invitations = sorted(batch.glob("*-invitation-*.pdf"))
    assert invitations
    for pdf in invitations:
        lines = _lines(pdf, 0)
        # The paragraph's first words, as its HTML twin holds them.
        words = " ".join(next(p.text_content() for p in html.parse(
            str(pdf.with_suffix(".html"))).getroot().iter("p")
            if "kính mời" in p.text_content()).split()[:3])
        first = next(ln for ln in lines if ln["text"].startswith(words))
        attend = next(ln for ln in lines if ln["text"].startswith("Tới dự"))
        assert abs(first["x0"] - (left + indent)) < 1, (pdf.name, first["text"], first["x0"])
        assert abs(first["x0"] - attend["x0"]) < 1
    for docx in sorted(batch.glob("*-invitation-*.docx")):
        paragraphs = Document(str(docx)).paragraphs
        invites = next(p for p in paragraphs if "kính mời:" in p.text)
        attend = next(p for p in paragraphs if p.text.startswith("Tới dự"))
        assert _first_line_indent(invites) == _first_line_indent(attend) > 0, docx.name


def _participants(pdf: Path, heading: str, end: str | None) -> list[dict]:
    """The lines of the participants' section: from its heading to the line opening with
    ``end`` (None: the heading's page's end), running page numbers left out."""
    out: list[dict] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            lines = [ln for ln in page.extract_text_lines() if not ln["text"].isdigit()]
            if not out:
                at = next((i for i, ln in enumerate(lines) if ln["text"].endswith(heading)),
                          None)
                if at is None:
                    continue
                lines = lines[at:]
            for ln in lines:
                if end is not None and ln["text"].startswith(end):
                    return out
                out.append(ln)
            if end is None:
                return out
    return out


@pytest.mark.parametrize(("kind", "end"), [("pack", None), ("minutes", "III.")])
def test_the_participants_are_grouped_under_bold_lines(
        batch: Path, profile: Profile, kind: str, end: str | None) -> None:
    """Each group (the chairs, the minutes' secretary, every connection point) a bold line
    with no dash; its people below it, each a dash, one indent further in: in the pack and
    the minutes, PDF and DOCX."""
    indent = profile.body.indent_cm * 10 * PT_PER_MM
    pdf = batch / f"{REFERENCE.stem}-{kind}.pdf"
    lines = _participants(pdf, "Thành phần tham dự", end)
    groups = [ln for ln in lines if ln["text"].endswith(":") and "Bold" in ln["chars"][0][
        "fontname"]]
    assert len(groups) >= 2  # the chairs and at least one point
    for group in groups:
        assert not group["text"].startswith("-")
        member = lines[lines.index(group) + 1]
        assert member["text"].startswith("- ")
        assert "Bold" not in member["chars"][0]["fontname"]
        assert abs(member["x0"] - group["x0"] - indent) < 1, (group["text"], member["text"])
    paragraphs = Document(str(pdf.with_suffix(".docx"))).paragraphs
    heads = [i for i, p in enumerate(paragraphs) if p.style.name == "BG Group"]
    assert len(heads) == len(groups)
    for i in heads:
        head, member = paragraphs[i], paragraphs[i + 1]
        assert head.style.font.bold and not head.text.startswith("-")
        assert member.text.startswith("- ")
        assert member.style.paragraph_format.left_indent == _first_line_indent(head) > 0


def test_the_index_names_each_file_by_its_format(batch: Path) -> None:
    page = html.parse(str(batch / "index.html")).getroot()
    heads = [th.text_content() for th in page.iter("th")]
    links = 0
    for row in page.iter("tr"):
        for column, cell in enumerate(row.findall("td")):
            for a in cell.iter("a"):
                assert a.text_content() == heads[column], a.get("href")
                assert a.get("title") == a.get("href")
                assert (batch / a.get("href")).exists()
                links += 1
    assert links == len([f for f in batch.iterdir() if f.suffix in (".pdf", ".docx", ".html")
                         and f.name != "index.html"])


def test_a_point_whose_units_own_no_task_says_so_once(batch: Path) -> None:
    """A point's pack where none of its units (host and others) owns a task: one sentence
    saying so, no empty count table, no empty unit table or chart, and no "0/0" (PDF and
    DOCX alike); a point whose units own tasks keeps its tables and chart."""
    m, _ = load_meeting(REFERENCE)
    labels = yaml.safe_load((DEFAULT_TEMPLATES / "labels" / "vi.yaml").read_text(encoding="utf-8"))
    owners = {o for t in m.tasks for o in t.owners}
    idle = {p.id for p in m.points if not p.central and not {p.host, *p.units} & owners}
    busy = {p.id for p in m.points if not p.central} - idle
    assert idle, "the reference has a point whose units own no task"
    for point in idle | busy:
        pdf = batch / f"{m.meeting.id}-pack-{point}.pdf"
        with pdfplumber.open(pdf) as doc:
            text = " ".join((page.extract_text() or "") for page in doc.pages)
        words = " ".join(p.text for p in Document(str(pdf.with_suffix(".docx"))).paragraphs)
        for printed in (" ".join(text.split()), words):
            assert (labels["pack_own_none"] in printed) is (point in idle), point
            assert ("0/0" in printed) is False, point
            assert (labels["chart_title"] in printed) is (point in busy), point
