"""Batch over the reference meeting (plus one submitted annex): every document for every
connection point, counts that agree with the register, a TOC that matches, bookmarks that
point right, an index that loads, and reruns that render only what changed."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pypdf
import pytest
import yaml

from tests.conftest import REFERENCE, STEM, need, run_cli
from tests.readers import docx_text, pdf_pages, pdf_words, squash

POINTS = ["ha-noi", "ho-chi-minh", "hai-phong", "da-nang", "can-tho", "hue"]
ANNEX_TITLE = "Báo cáo của Ủy ban nhân dân thành phố Hà Nội"
MM = 72 / 25.4


def make_annex(path: Path, pages: int) -> None:
    """A PDF a unit might submit: WeasyPrint prints it, one marker per page, A5 landscape."""
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">ANNEX-MARKER-{i}</p>'
                   for i in range(1, pages + 1))
    HTML(string=f"<style>@page {{ size: A5 landscape }}</style>{body}").write_pdf(path)


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference meeting with one annex submitted by the Hà Nội city."""
    folder = tmp_path_factory.mktemp("batch")
    make_annex(folder / "annex-ha-noi.pdf", 3)
    text = REFERENCE.read_text(encoding="utf-8")
    text += ("\nattachments:\n  - {id: bc-ha-noi, title: " + ANNEX_TITLE +
             ", file: annex-ha-noi.pdf, unit: ubnd-ha-noi}\n")
    path = folder / "meeting.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def batch(meeting: Path) -> Path:
    proc = run_cli("batch", meeting, "--out", meeting.parent / "out")
    (meeting.parent / "first-run.txt").write_text(proc.stdout, encoding="utf-8")
    return meeting.parent / "out" / STEM


def files_of(folder: Path) -> dict[str, tuple[str, int]]:
    """name -> (sha256, mtime_ns) of every output file."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_every_document_every_point_every_format(batch: Path, meeting: Path) -> None:
    owners = {o for t in yaml.safe_load(meeting.read_text(encoding="utf-8"))["tasks"]
              for o in t["owners"]}
    manifest = json.loads((batch / "manifest.json").read_text(encoding="utf-8"))
    names = {f["file"] for f in manifest["files"]}
    expected = {f"{STEM}-{kind}" for kind in ("minutes", "notice", "pack", "report")}
    expected |= {f"{STEM}-{kind}-{p}" for p in POINTS for kind in ("invitation", "pack")}
    for stem in expected:
        for fmt in ("docx", "pdf", "html"):
            assert f"{stem}.{fmt}" in names, f"{stem}.{fmt} missing"
    reports = {n for n in names if n.startswith(f"{STEM}-report-") and n.endswith(".pdf")}
    assert len(reports) == len(owners) == 13, "one task report per owner unit"
    for f in manifest["files"]:
        data = (batch / f["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"]
        assert len(data) == f["size"]
        if f["format"] == "pdf":
            assert len(pypdf.PdfReader(batch / f["file"]).pages) == f["pages"]
        assert re.fullmatch(r"[A-Za-z0-9._-]+", f["file"])


def test_ha_noi_pack_carries_its_people_and_recommendations(batch: Path) -> None:
    wanted = ["Trần Sỹ Thanh", "Nguyễn Trọng Đông", "Khu công nghiệp Công nghệ cao Hòa Lạc",
              "tuyến đường sắt đô thị số 5 (Văn Cao - Hòa Lạc)",
              "Hoàn thiện thể chế và vận hành đô thị thông minh",
              "quy chế phối hợp chia sẻ dữ liệu", "Tây Hồ Tây, Đông Anh, Hòa Lạc"]
    for fmt, text in texts(batch, f"{STEM}-pack-ha-noi").items():
        missing = [w for w in wanted if w not in text]
        assert not missing, f"{fmt} lacks {missing}"


@pytest.mark.parametrize("point", [p for p in POINTS if p != "ha-noi"])
def test_other_points_do_not_carry_ha_noi_attendees(batch: Path, point: str) -> None:
    for kind in ("pack", "invitation"):
        for fmt, text in texts(batch, f"{STEM}-{kind}-{point}").items():
            for name in ("Trần Sỹ Thanh", "Nguyễn Trọng Đông", "các sở, ngành của thành phố"):
                assert name not in text, f"{kind}-{point}.{fmt} carries {name}"


def texts(batch: Path, stem: str) -> dict[str, str]:
    import html

    raw = (batch / f"{stem}.html").read_text(encoding="utf-8")
    return {
        "pdf": squash("\n".join(pdf_pages(batch / f"{stem}.pdf"))),
        "docx": squash(docx_text(batch / f"{stem}.docx")),
        "html": squash(html.unescape(re.sub(r"<[^>]+>", " ", raw))),
    }


def outline(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    """Flattened (title, 1-based page) of every bookmark."""
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((squash(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


@pytest.mark.parametrize("scope", [None, *POINTS])
def test_toc_page_numbers_are_where_sections_start(batch: Path, scope: str | None) -> None:
    path = batch / (f"{STEM}-pack-{scope}.pdf" if scope else f"{STEM}-pack.pdf")
    reader = pypdf.PdfReader(path)
    pages = pdf_pages(path)
    body = pages[1].split("MỤC LỤC", 1)[1]
    toc = [(squash(m.group(1)).rstrip(" ."), int(m.group(2)))
           for m in re.finditer(r"(.+?)[ .]*?(\d+)\n", body, re.S)]
    assert len(toc) >= 5, f"table of contents read from page 2: {toc}"
    marks = dict(outline(reader))
    for title, page in toc:
        start = squash(pages[page - 1])
        if title.startswith("Phụ lục:"):
            assert "ANNEX-MARKER-1" in start
        else:
            assert start.startswith(title) or start.split(" ", 1)[1].startswith(title), \
                f"'{title}' is not at the top of page {page}"
        assert marks.get(title) == page or title.startswith("Phụ lục"), (title, marks)
    # The TOC entries are links to the pages they name.
    links = [a for a in reader.pages[1].get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    assert len(links) >= len(toc)


@pytest.mark.parametrize("stem", [f"{STEM}-pack", f"{STEM}-pack-ha-noi"])
def test_annex_is_bound_with_bookmark_and_continuing_page_numbers(batch: Path, stem: str) -> None:
    path = batch / f"{stem}.pdf"
    reader = pypdf.PdfReader(path)
    marks = dict(outline(reader))
    start = marks[ANNEX_TITLE]
    pages = pdf_pages(path)
    for i in range(3):
        assert f"ANNEX-MARKER-{i + 1}" in pages[start - 1 + i]
    assert len(pages) == start + 2, "the annex closes the pack"
    numbers = {w[0]: w[5] for w in pdf_words(path) if w[2] < 20 * MM and w[5].isdigit()}
    for page in range(start, start + 3):
        assert numbers.get(page) == str(page), f"page {page} is numbered on"


def test_annex_not_in_packs_of_other_points(batch: Path) -> None:
    reader = pypdf.PdfReader(batch / f"{STEM}-pack-hai-phong.pdf")
    assert ANNEX_TITLE not in dict(outline(reader))


def test_counts_agree_with_the_register(batch: Path, meeting: Path) -> None:
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    tasks = data["tasks"]
    total = len(tasks)
    progress = sum(t["status"] in ("done", "on_track") for t in tasks)
    now = sum(bool(t.get("report_now")) for t in tasks)
    assert (progress, total, now) == (21, 44, 19)
    for stem in ("minutes", "notice", "pack", "report"):
        text = squash("\n".join(pdf_pages(batch / f"{STEM}-{stem}.pdf")))
        assert f"{progress}/{total}" in text, stem
    for unit in sorted({o for t in tasks for o in t["owners"]}):
        own = [t for t in tasks if unit in t["owners"]]
        text = squash(docx_text(batch / f"{STEM}-report-{unit}.docx"))
        assert f"có {len(own)} nhiệm vụ" in text, unit
    hanoi = [t for t in tasks if {"ubnd-ha-noi", "tu-ha-noi"} & set(t["owners"])]
    pack = squash("\n".join(pdf_pages(batch / f"{STEM}-pack-ha-noi.pdf")))
    assert f"Sổ theo dõi có {len(hanoi)} nhiệm vụ" in pack


def test_index_loads_in_chromium_and_every_link_resolves(batch: Path, tmp_path: Path) -> None:
    chromium = need("chromium")
    proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path}",
                           "--dump-dom", (batch / "index.html").as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    hrefs = re.findall(r'href="([^"]+)"', proc.stdout)
    manifest = json.loads((batch / "manifest.json").read_text(encoding="utf-8"))
    assert len(hrefs) == len(manifest["files"])
    for href in hrefs:
        assert (batch / href).resolve().parent == batch.resolve()
        assert (batch / href).is_file(), href


def test_the_summary_counts_by_document(batch: Path, meeting: Path) -> None:
    """Without --verbose, one row per kind of document: files, pages and seconds."""
    said = (meeting.parent / "first-run.txt").read_text(encoding="utf-8")
    manifest = json.loads((batch / "manifest.json").read_text(encoding="utf-8"))["files"]
    for kind in ("invitation", "pack", "report", "minutes", "notice"):
        files = [f for f in manifest if f["document"] == kind]
        pages = sum(f["pages"] for f in files if f["format"] == "pdf")
        row = re.search(rf"│ {kind}\s+│\s+([\d,]+) │\s+([\d,]+) │", said)
        assert row and row.groups() == (f"{len(files):,}", f"{pages:,}"), (kind, said)
    assert f"{STEM}-pack-hai-phong.pdf" not in said  # the files are behind --verbose


def test_rerun_renders_nothing_and_keeps_every_byte(batch: Path, meeting: Path) -> None:
    before = files_of(batch)
    proc = run_cli("batch", meeting, "--out", meeting.parent / "out")
    assert "0 of" in proc.stdout and "nothing changed" in proc.stdout
    assert files_of(batch) == before


def test_a_rerun_with_nothing_to_render_lays_nothing_out(batch: Path, meeting: Path) -> None:
    """Nothing changed: no renderer is warmed up (WeasyPrint, docxtpl), no worker started."""
    code = ("import sys\nfrom briefgen.cli import app\n"
            f"sys.argv = ['briefgen', 'batch', {str(meeting)!r}, '--out', "
            f"{str(meeting.parent / 'out')!r}]\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "import multiprocessing\n"
            "print('LOADED', sorted(m for m in ('weasyprint', 'docxtpl') if m in sys.modules),"
            " len(multiprocessing.active_children()))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=300)
    assert "0 of" in done.stdout and "LOADED [] 0" in done.stdout, done.stdout[-500:]


def kept_sections(batch: Path) -> dict[str, int]:
    """The sections a batch printed apart and kept with its outputs: file name -> inode."""
    return {p.name: p.stat().st_ino for p in (batch / ".briefgen-sections").glob("*.pdf")}


def test_touching_one_attendee_rerenders_only_what_shows_it(batch: Path, meeting: Path,
                                                           tmp_path: Path) -> None:
    """On a copy of the module's batch (its generation link is relative): the other tests go
    on seeing the batch of the meeting as it is, whichever order they run in. The copy is
    brought up to date first: the packs binding the annex name its path, which moved."""
    shutil.copytree(meeting.parent, tmp_path / "copy", symlinks=True)
    meeting, batch = tmp_path / "copy" / meeting.name, tmp_path / "copy" / "out" / STEM
    assert batch.is_symlink() and batch.resolve().is_relative_to(tmp_path)
    run_cli("batch", meeting, "--out", meeting.parent / "out")
    before = files_of(batch)
    sections = kept_sections(batch)
    assert sections, "the packs' shared sections were printed apart and kept"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("attendees: [hp-lanh-dao]",
                                    "attendees: [hp-lanh-dao, ky-thuat]"), encoding="utf-8")
    proc = run_cli("batch", meeting, "--out", meeting.parent / "out", "--verbose")
    after = files_of(batch)
    listed = set(re.findall(rf"{STEM}-[\w.-]+", proc.stdout))  # --verbose: every file rendered
    assert {f"{STEM}-invitation-hai-phong.pdf", f"{STEM}-pack-hai-phong.docx"} <= listed
    changed = {n.rsplit(".", 1)[0] for n in after if after[n] != before.get(n)} - {
        "manifest", "index", ""}
    changed.discard(".briefgen-state")
    assert changed, "the change was rendered"
    assert {f"{STEM}-invitation-hai-phong", f"{STEM}-pack-hai-phong"} <= changed
    assert not [c for c in changed if any(p in c for p in POINTS if p != "hai-phong")], changed
    assert not [c for c in changed if "report" in c], changed
    # The whole pack was printed again (its list of participants changed), drawing its other
    # sections from those the first run kept: carried over to the new generation, not
    # laid out again (the same file, linked).
    assert f"{STEM}-pack" in changed
    assert kept_sections(batch) == sections


def test_docx_pack_has_a_toc_field(batch: Path) -> None:
    d = docx.Document(str(batch / f"{STEM}-pack.docx"))
    instr = " ".join(e.text or "" for e in d.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText"))
    simple = d.element.body.xpath(".//w:fldSimple/@w:instr")
    assert "TOC" in instr or any("TOC" in s for s in simple)


def test_output_names_are_safe_whatever_the_input(tmp_path: Path) -> None:
    from briefgen.view.parts import safe_stem
    from briefgen.writer import inside

    for hostile in ("../../etc/passwd", "/abs/path", "..", "a/b\\c", "Điểm cầu Hà Nội", "\x00x", ""):
        stem = safe_stem(hostile)
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", stem), (hostile, stem)
        assert inside(tmp_path, stem + ".pdf").parent == tmp_path.resolve()
    assert safe_stem("Điểm cầu Hà Nội") == "Diem-cau-Ha-Noi"
    with pytest.raises(ValueError):
        inside(tmp_path, "../escape.pdf")
