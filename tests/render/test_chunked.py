"""A long register is laid out in parts and joined: the pages are those of a one-piece render
of the same document, page for page (text and pixels), with the same bookmarks, page numbers
and signature block; and what cannot be joined safely is never split."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.documents import plan
from briefgen.model.validate import load_meeting
from briefgen.render import chunked
from briefgen.render.html import render_html
from briefgen.render.pdf import SIGNATURE_BLOCKS, PdfRenderer
from tests.conftest import REFERENCE

TASKS = 440
STATUSES = ("done", "on_track", "late", "at_risk", "not_started")


def long_meeting(folder: Path) -> Path:
    """The reference meeting with 440 tasks whose owners repeat the reference tasks' owners."""
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    ref = data["tasks"]
    data["tasks"] = [{"id": f"t{i + 1:03d}", "owners": list(ref[i % len(ref)]["owners"]),
                      "status": STATUSES[i % len(STATUSES)]} for i in range(TASKS)]
    path = folder / "long.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def outline(pdf: bytes) -> list[tuple[int, str, int, float]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))

    def walk(items: list[Any], depth: int) -> list[tuple[int, str, int, float]]:
        found = []
        for item in items:
            if isinstance(item, list):
                found += walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item),
                              round(float(item.top or 0))))
        return found

    return walk(reader.outline, 0)


def info(pdf: bytes, key: str) -> Any:
    from pypdf import PdfReader

    return (PdfReader(io.BytesIO(pdf)).metadata or {}).get(key)


def pages_as(tool: list[str], pdf: Path, folder: Path) -> list[bytes]:
    folder.mkdir()
    subprocess.run([*tool, str(pdf), str(folder / "p")], check=True)
    return [p.read_bytes() for p in sorted(folder.iterdir())]


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The report of 440 tasks in parts of 100 rows, and the same document in one piece."""
    folder = tmp_path_factory.mktemp("long")
    meeting = long_meeting(folder)
    m, _ = load_meeting(meeting)
    mv, jobs = plan(m, ["report"], ["pdf"], base_dir=folder)
    doc = jobs[0].doc
    patch = pytest.MonkeyPatch()
    patch.setattr(chunked, "PART_ROWS", 100)
    patch.setattr(chunked, "LONG_ROWS", 25)
    patch.setattr(chunked, "SPLIT_ABOVE", 150)
    calls: list[tuple[int, int]] = []
    real_tree = chunked.part_tree

    def counting(found: chunked.Rows, start: int, end: int, **kw: Any) -> Any:
        calls.append((start, end))
        return real_tree(found, start, end, **kw)

    patch.setattr(chunked, "part_tree", counting)
    try:
        parts = PdfRenderer().render(mv, doc)
        # One piece: the very document the parts come from (long rows kept whole), unsplit.
        import tinyhtml5

        html = render_html(mv, doc, chart="png")
        found = chunked.long_rows(tinyhtml5.parse(html, namespace_html_elements=False))
        assert found is not None
        whole_html = chunked.serialise(real_tree(found, 0, len(found.rows) + 1, blank_pages=0,
                                                 first_number=1))
        patch.setattr(chunked, "SPLIT_ABOVE", 10**9)
        patch.setattr("briefgen.render.pdf.render_html", lambda *a, **k: whole_html)
        whole = PdfRenderer().render(mv, doc)
    finally:
        patch.undo()
    (folder / "parts.pdf").write_bytes(parts)
    (folder / "whole.pdf").write_bytes(whole)
    return {"parts": parts, "whole": whole, "calls": calls, "folder": folder,
            "rows": len(found.rows)}


def test_the_register_was_laid_out_in_several_parts(renders: dict[str, Any]) -> None:
    starts = sorted({start for start, _ in renders["calls"]})
    assert len(starts) >= 3 and starts[0] == 0
    assert renders["rows"] >= TASKS  # the register and any other long table


def test_pages_are_the_one_piece_pages_text_and_pixels(renders: dict[str, Any]) -> None:
    folder = renders["folder"]
    texts = {}
    for name in ("parts", "whole"):
        out = subprocess.run(["pdftotext", "-layout", str(folder / f"{name}.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        texts[name] = out.split("\f")
    assert len(texts["parts"]) == len(texts["whole"]) > 20
    assert texts["parts"] == texts["whole"]
    pictures = {name: pages_as(["pdftoppm", "-r", "40", "-png"], folder / f"{name}.pdf",
                               folder / f"png-{name}") for name in ("parts", "whole")}
    differing = [n for n, (a, b) in enumerate(zip(pictures["parts"], pictures["whole"],
                                                  strict=True), 1) if a != b]
    assert not differing, f"pages drawn differently: {differing}"


def test_page_numbers_run_on_across_parts(renders: dict[str, Any]) -> None:
    pages = subprocess.run(["pdftotext", "-layout", str(renders["folder"] / "parts.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout.split("\f")[:-1]
    for number, text in enumerate(pages[1:], 2):  # the first page carries no number
        assert text.split()[0] == str(number), (number, text[:80])


def test_bookmarks_and_signature_block_as_in_one_piece(renders: dict[str, Any]) -> None:
    parts, whole = renders["parts"], renders["whole"]
    assert outline(parts) and [o[:3] for o in outline(parts)] == [o[:3] for o in outline(whole)]
    assert all(abs(a[3] - b[3]) <= 1 for a, b in zip(outline(parts), outline(whole), strict=True))
    assert info(parts, "/" + SIGNATURE_BLOCKS) == info(whole, "/" + SIGNATURE_BLOCKS)
    assert info(parts, "/Title") == info(whole, "/Title")


def test_rerendering_gives_the_same_bytes(renders: dict[str, Any]) -> None:
    meeting = renders["folder"] / "long.yaml"
    m, _ = load_meeting(meeting)
    mv, jobs = plan(m, ["report"], ["pdf"], base_dir=meeting.parent)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunked, "PART_ROWS", 100)
        patch.setattr(chunked, "LONG_ROWS", 25)
        patch.setattr(chunked, "SPLIT_ABOVE", 150)
        assert PdfRenderer().render(mv, jobs[0].doc) == renders["parts"]


@pytest.mark.parametrize("html, annexes, archival", [
    ('<a href="#s1">1</a>' + "<tr>" * 2000, False, False),  # a table of contents links inside
    ("target-counter(attr(href), page)" + "<tr>" * 2000, False, False),
    ("<svg></svg>" + "<tr>" * 2000, False, False),
    ("<tr>" * 2000, True, False),   # annexes are bound onto reserved pages
    ("<tr>" * 2000, False, True),   # an archival PDF is tagged: its structure is one tree
    ("<tr>" * 100, False, False),   # short
])
def test_what_cannot_be_joined_safely_is_never_split(html: str, annexes: bool,
                                                     archival: bool) -> None:
    assert not chunked.splittable(html, annexes, archival)
    assert chunked.splittable("<tr>" * 2000, False, False)
