"""Sections laid out once and printed onto every pack that holds them: the packs come out as
the packs laid out whole, page for page (text and pixels), with the same bookmarks and links;
equal inputs give equal bytes, from a fresh or a kept section; a damaged kept section is laid
out again; and what cannot be reused is printed whole."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest

from briefgen.documents import plan
from briefgen.model.validate import load_meeting
from briefgen.render import reuse, sections
from briefgen.render.html import render_html
from briefgen.render.pdf import PdfRenderer
from briefgen.render.weasy import load_weasyprint
from tests.conftest import REFERENCE
from tests.render.test_chunked import outline, pages_as

CHOSEN = ("pack", "pack-ha-noi", "pack-hue")  # the whole pack and two points'


def links(pdf: bytes) -> list[list[int]]:
    """Per page, the page each internal link goes to."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    named = reader.named_destinations
    found = []
    for page in reader.pages:
        targets = []
        for annot in page.get("/Annots") or []:
            dest = annot.get_object().get("/Dest")
            if isinstance(dest, str):  # WeasyPrint names its destinations
                targets.append(reader.get_destination_page_number(named[dest]))
            elif dest is not None:
                targets.append(reader.get_page_number(dest[0].get_object()))
        found.append(targets)
    return found


def drawn_on(pdf: bytes) -> list[int]:
    """The pages that print a section printed apart."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        found = []
        for number, page in enumerate(document.pages):
            page.contents_coalesce()
            if f"/BriefgenPage{number} Do".encode() in page.obj.Contents.read_bytes():
                found.append(number)
        return found


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Three reference packs laid out whole, and the same reusing the sections a batch of all
    seven packs would print apart (kept in a folder, as a batch keeps them)."""
    folder = tmp_path_factory.mktemp("sections")
    m, _ = load_meeting(REFERENCE)
    mv, jobs = plan(m, ["pack"], ["pdf"], base_dir=REFERENCE.parent, every=True)
    htmls = [render_html(mv, j.doc, chart="none") for j in jobs]
    wanted = sections.worth_apart(htmls)
    chosen = [j for j in jobs if j.doc.file_stem.split("22-", 1)[1] in CHOSEN]
    assert len(chosen) == len(CHOSEN)
    whole = {j.doc.file_stem: PdfRenderer().render(mv, j.doc) for j in chosen}
    reusing = PdfRenderer(sections=reuse.SectionStore(wanted, folder / "kept"))
    reused = {j.doc.file_stem: reusing.render(mv, j.doc) for j in chosen}
    for stem in whole:
        (folder / f"whole-{stem}.pdf").write_bytes(whole[stem])
        (folder / f"reused-{stem}.pdf").write_bytes(reused[stem])
    return {"folder": folder, "mv": mv, "jobs": chosen, "wanted": wanted, "whole": whole,
            "reused": reused, "htmls": htmls}


def texts(pdf: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout.split("\f")


def test_shared_sections_were_printed_apart_and_drawn_on(packs: dict[str, Any]) -> None:
    kept = sorted((packs["folder"] / "kept").glob("*.pdf"))
    assert kept and {p.name.split(".")[0] for p in kept} <= packs["wanted"]
    # The agenda is the same in every pack: one of the sections printed apart.
    agenda = {s.key for html in packs["htmls"] for s in sections.split(html).sections
              if 'id="agenda"' in s.opening}
    assert len(agenda) == 1 and agenda <= packs["wanted"]
    for stem, pdf in packs["reused"].items():
        # The agenda is one page, the fourth of a point's pack, the third of the whole pack.
        assert (2 if stem.endswith("-pack") else 3) in drawn_on(pdf), stem
        assert not drawn_on(packs["whole"][stem])


@pytest.mark.parametrize("stem", CHOSEN)
def test_pages_are_the_whole_packs_pages_text_and_pixels(packs: dict[str, Any],
                                                         stem: str) -> None:
    folder, name = packs["folder"], f"bcd-khcn-2025-05-22-{stem}"
    reused, whole = folder / f"reused-{name}.pdf", folder / f"whole-{name}.pdf"
    assert texts(reused) == texts(whole) and len(texts(whole)) > 5  # cover, contents, sections
    pictures = [pages_as(["pdftoppm", "-r", "40", "-png"], pdf, folder / f"png-{pdf.stem}")
                for pdf in (reused, whole)]
    differing = [n for n, (a, b) in enumerate(zip(*pictures, strict=True), 1) if a != b]
    assert not differing, f"pages drawn differently: {differing}"


def test_contents_bookmarks_and_links_as_laid_out_whole(packs: dict[str, Any]) -> None:
    for stem, pdf in packs["reused"].items():
        whole = packs["whole"][stem]
        assert [o[:3] for o in outline(pdf)] == [o[:3] for o in outline(whole)]
        assert all(abs(a[3] - b[3]) <= 1 for a, b in zip(outline(pdf), outline(whole),
                                                          strict=True))
        assert links(pdf) == links(whole) and any(links(whole)), stem


def test_kept_sections_give_the_same_bytes_and_damaged_ones_are_laid_out_again(
        packs: dict[str, Any]) -> None:
    kept = packs["folder"] / "kept"
    damaged = sorted(kept.glob("*.pdf"))[0]
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    renderer = PdfRenderer(sections=reuse.SectionStore(packs["wanted"], earlier=kept))
    for job in packs["jobs"]:
        assert renderer.render(packs["mv"], job.doc) == packs["reused"][job.doc.file_stem]


HEAD = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        "<style>@page {{ size: A5; }} {style}</style></head><body>")


def page(body: str, style: str = "h1 { break-before: page; }", title: str = "A") -> str:
    return HEAD.format(title=title, style=style) + body + "</body></html>"


SECTIONED = page("<p>Cover</p>" + "".join(
    f'<h1 id="s{n}" {sections.MARK}>Section {n}</h1>' + "<p>Text of the section.</p>" * 40
    for n in range(3)))


def test_what_a_section_may_hold_to_be_reused() -> None:
    split = sections.split(SECTIONED)
    assert split is not None and [s.fit for s in split.sections] == [True] * 3
    linked = sections.split(SECTIONED.replace("Text of", '<a href="#s0">Text</a> of', 1))
    assert linked is not None and not linked.sections[0].fit and linked.sections[1].fit
    anchored = sections.split(SECTIONED.replace("<p>Text", '<p id="x">Text', 1))
    assert anchored is not None and not anchored.sections[0].fit


def test_a_section_is_printed_apart_when_its_copies_add_up_to_a_long_one() -> None:
    """Printing apart costs about a small document: a short section is worth it only when
    many documents hold it; a long one always (a later run may reuse it)."""
    def sectioned(paragraphs: int, cover: str) -> str:
        return page(f"<p>{cover}</p><h1 {sections.MARK}>Shared</h1>"
                    + "<p>Text of the section.</p>" * paragraphs)

    def wanted(paragraphs: int, documents: int) -> bool:
        htmls = [sectioned(paragraphs, f"Cover {n}") for n in range(documents)]
        found = sections.split(htmls[0])
        assert found is not None
        return found.sections[0].key in sections.worth_apart(htmls)

    short = len(sections.split(sectioned(20, "x")).sections[0].text)  # type: ignore[union-attr]
    assert short * 2 < sections.LONG <= short * 8
    assert not wanted(20, 1) and not wanted(20, 2)
    assert wanted(20, 8)
    assert wanted(sections.LONG // 20, 1)  # long: some 4,000 characters of paragraphs


@pytest.mark.parametrize("style", ["@page :left { margin-left: 3cm; }",
                                   "h1 { string-set: title content(); }",
                                   "h1 { counter-increment: chapter; }"])
def test_styles_that_depend_on_what_came_before_print_whole(style: str) -> None:
    assert sections.split(page(SECTIONED.split("<body>")[1].split("</body>")[0], style)) \
        is None


def test_a_document_opening_with_a_section_prints_whole() -> None:
    assert sections.split(page(f"<h1 {sections.MARK}>1</h1><p>x</p>")) is None


def test_the_title_is_not_part_of_what_a_section_is_laid_out_from() -> None:
    one = sections.split(SECTIONED)
    other = sections.split(SECTIONED.replace("<title>A</title>", "<title>B</title>"))
    assert one is not None and other is not None
    assert [s.key for s in one.sections] == [s.key for s in other.sections]
    assert one.alone(one.sections[1]) == other.alone(other.sections[1])
    assert "<title>" not in one.alone(one.sections[1])


def test_sections_that_do_not_open_a_page_print_whole(tmp_path: Path) -> None:
    """A template that marks sections which do not begin a page: the layout check finds the
    placeholders sharing pages, and the document is printed whole."""
    html = SECTIONED.replace("h1 { break-before: page; }", "")
    split = sections.split(html)
    assert split is not None
    weasyprint = load_weasyprint()

    def parse(text: str) -> Any:
        return weasyprint.HTML(string=text).render()

    store = reuse.SectionStore(frozenset(s.key for s in split.sections), tmp_path)
    prepared = reuse.prepare(split, split, store, parse, lambda d: bytes(d.write_pdf()))
    assert prepared is not None and prepared.printed
    assert reuse.placed(parse(prepared.html).pages, prepared.expected()) is None
    opened = sections.split(SECTIONED)
    assert opened is not None
    store = reuse.SectionStore(frozenset(s.key for s in opened.sections), tmp_path / "b")
    prepared = reuse.prepare(opened, opened, store, parse, lambda d: bytes(d.write_pdf()))
    assert prepared is not None
    assert reuse.placed(parse(prepared.html).pages, prepared.expected()) is not None


def test_the_next_generation_carries_the_sections_still_wanted(tmp_path: Path) -> None:
    earlier, folder = tmp_path / "earlier", tmp_path / "new"
    for key in ("a" * 64, "b" * 64, "c" * 64):
        reuse.SectionStore(frozenset(), earlier).put(key, reuse.Printed(b"%PDF-" + key[:1].encode(), 1))
    store = reuse.SectionStore(frozenset({"a" * 64, "c" * 64}), folder, earlier)
    store.put("c" * 64, reuse.Printed(b"%PDF-c2", 1))  # printed anew this run
    assert [name.split(".")[0] for name in store.carried()] == ["a" * 64]
    assert store.get("a" * 64) == reuse.Printed(b"%PDF-a", 1)
    assert store.get("b" * 64) == reuse.Printed(b"%PDF-b", 1)  # readable, but not carried
