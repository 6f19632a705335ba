"""The HTML and Word templates of each kind print the same outline: one render of every kind of
the reference meeting (and the narrowed pack and report) in HTML and DOCX, whose headings must
read alike, in order.

The HTML's headings are its h1/h2/h3; the DOCX's are the paragraphs in a heading style (Word's
"Heading 1", the builder's "BG Heading 2/3"). The pack's contents title is the one heading apart
by design: Word's TOC field lists "Heading 1" paragraphs, so the builder gives the title a style
of its own; the HTML keeps it inside ``nav.toc``, which is left out here for that reason.
"""

from __future__ import annotations

from pathlib import Path

import docx
import lxml.html
import pytest

from briefgen import kinds
from briefgen.model.validate import load_meeting
from tests.conftest import REFERENCE, once, run_cli
from tests.readers import docx_headings, heading_text, html_headings


@pytest.fixture(scope="module")
def outlines(shared: Path) -> Path:
    """Every kind of the reference meeting, plus the pack for one point and the report for one
    unit, in HTML and DOCX."""
    meeting, _ = load_meeting(REFERENCE)
    point = next(p.id for p in meeting.points if not p.central)  # one invited point
    unit = meeting.open_units()[0]

    def make(base: Path) -> None:
        run_cli("render", REFERENCE, "--doc", ",".join(kinds.names()), "--format", "docx,html",
                "--out", base / "all")
        run_cli("render", REFERENCE, "--doc", "pack", "--point", point, "--format", "docx,html",
                "--out", base / "point")
        run_cli("render", REFERENCE, "--doc", "report", "--unit", unit, "--format", "docx,html",
                "--out", base / "unit")

    return once(shared, "outlines", make)


def test_every_kind_and_narrowing_is_rendered(outlines: Path) -> None:
    """The comparison below covers each kind and both narrowed renders."""
    made = {p.stem for p in outlines.rglob("*.html")}
    for name in kinds.names():
        assert any(f"-{name}" in stem for stem in made), name
    assert list((outlines / "point").glob("*-pack-*.html"))
    assert list((outlines / "unit").glob("*-report-*.html"))


def test_html_and_docx_headings_are_equal(outlines: Path) -> None:
    """Each document's DOCX headings are its HTML headings, in the same order."""
    pages = sorted(outlines.rglob("*.html"))
    assert pages
    for page in pages:
        assert docx_headings(page.with_suffix(".docx")) == html_headings(page), page.name


def test_headed_kinds_have_headings(outlines: Path) -> None:
    """The comparison is not empty where an outline exists: the minutes, the pack and the
    report carry headings in both formats."""
    for name in ("minutes", "pack", "report"):
        page = next((outlines / "all").glob(f"*-{name}.html"))
        assert html_headings(page), name
        assert docx_headings(page.with_suffix(".docx")), name


def test_pack_contents_title_is_alike(outlines: Path) -> None:
    """The heading left out above, the pack's contents title, reads alike in both formats too."""
    for page in outlines.rglob("*-pack*.html"):
        nav = [heading_text(h.text_content()) for h in lxml.html.parse(str(page)).iter("h1")
               if any(a.tag == "nav" for a in h.iterancestors())]
        titles = [heading_text(p.text) for p in docx.Document(str(page.with_suffix(".docx"))).paragraphs
                  if p.style is not None and p.style.name == "BG Contents"]
        assert nav and titles == nav, page.name
