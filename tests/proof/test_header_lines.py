"""A long name on the lines the clerk gives (units[].header_lines): printed on those lines in
the PDF and the DOCX, recorded in the PDF, and the proof's header rule accepting breaks
exactly there; lines that do not spell the header name are refused at their line; without
lines the name breaks between its phrases at the profile's phrase_chars.

The lines here are a test fixture, not a real document's: the widest line ends inside a
phrase ("… PHÁT / TRIỂN …"), a break the phrase rule never makes, so that the proof must know
the clerk gave it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from briefgen.errors import InputError
from briefgen.model.profile import load_profile
from briefgen.proof import proof_pdf
from briefgen.proof.pages import HEADER_LINES, read_pdf
from briefgen.view import vi
from tests.conftest import REFERENCE, ROOT, once, run_cli
from tests.readers import docx_text

LINES = ["Ban Chỉ đạo Trung ương về phát", "triển khoa học, công nghệ,", "đổi mới sáng tạo và",
         "chuyển đổi số"]
PRINTED = [vi.upper(line) for line in LINES]
UNIT = "    short: Ban Chỉ đạo\n"


def _with_lines(folder: Path, lines: list[str]) -> Path:
    text = REFERENCE.read_text(encoding="utf-8")
    assert UNIT in text
    path = folder / "lines.yaml"
    given = f"    header_lines: {json.dumps(lines, ensure_ascii=False)}\n"
    path.write_text(text.replace(UNIT, UNIT + given, 1), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def given(shared: Path) -> Path:
    """The reference's notice, PDF and DOCX, its issuing body on the fixture's lines."""

    def make(base: Path) -> None:
        run_cli("render", _with_lines(base, LINES), "--doc", "notice", "--format", "pdf,docx",
                "--out", base / "out")

    return once(shared, "header-lines", make) / "out"


def _pdf(folder: Path) -> Path:
    return next(folder.glob("*-notice.pdf"))


def _recording(pdf: Path, folder: Path, record: list[list[str]] | None) -> Path:
    """The same PDF with its record of the given lines replaced (None: removed)."""
    writer = PdfWriter(clone_from=PdfReader(pdf))
    info = {k: v for k, v in (writer.metadata or {}).items() if k != f"/{HEADER_LINES}"}
    if record is not None:
        info[f"/{HEADER_LINES}"] = json.dumps(record, ensure_ascii=True)
    writer._info = None  # a fresh information dictionary holding exactly ``info``
    writer.add_metadata(info)
    out = folder / pdf.name
    buf = io.BytesIO()
    writer.write(buf)
    out.write_bytes(buf.getvalue())
    return out


def test_the_pdf_prints_each_given_line_whole_and_records_them(given: Path) -> None:
    page = read_pdf(_pdf(given), tables=False)[0]
    texts = [" ".join(s.text for s in ln.segments) for ln in page.lines[:8]]
    for line in PRINTED:
        assert any(line in t for t in texts), (line, texts)
    assert page.header_lines == (tuple(PRINTED),)


def test_the_docx_breaks_the_name_at_the_given_lines(given: Path) -> None:
    text = docx_text(next(given.glob("*-notice.docx"))).replace(vi.NBSP, " ")
    assert "\n".join(PRINTED) in text


def test_the_proof_accepts_the_given_breaks_and_no_others(given: Path, tmp_path: Path) -> None:
    """As printed: nothing. The same page without its record: the break inside the phrase
    "VỀ PHÁT TRIỂN KHOA HỌC," is found; with a record of other lines, it is found too."""
    assert [f for f in proof_pdf(_pdf(given))[0] if f.rule == "name-break"] == []
    other = ["BAN CHỈ ĐẠO TRUNG ƯƠNG VỀ PHÁT TRIỂN", "KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO",
             "VÀ CHUYỂN ĐỔI SỐ"]
    for name, record in (("bare", None), ("other", [other])):
        (tmp_path / name).mkdir()
        pdf = _recording(_pdf(given), tmp_path / name, record)
        found = [str(f) for f in proof_pdf(pdf)[0] if f.rule == "name-break"]
        assert any("PHÁT / TRIỂN" in f and "page 1" in f for f in found), (name, found)


def test_lines_that_do_not_spell_the_name_are_refused_at_their_line(tmp_path: Path) -> None:
    source = _with_lines(tmp_path, LINES[:2])
    out = tmp_path / "out"
    proc = run_cli("render", source, "--doc", "notice", "--out", out, check=False)
    line = next(i for i, t in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
                if "header_lines" in t)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{source}:{line}:" in proc.stderr and "units[1].header_lines:" in proc.stderr
    assert "must read as the header name" in proc.stderr and not out.exists()


def test_without_lines_the_name_breaks_between_phrases_at_the_profiles_length(
        tmp_path: Path) -> None:
    """The phrase rule's length is a layout number of the profile, validated like the others."""
    name = vi.upper("Trường Đại học Tôn Đức Thắng")
    assert vi.phrases(name, 24) == [["TRƯỜNG", "ĐẠI", "HỌC"], ["TÔN", "ĐỨC", "THẮNG"]]
    assert vi.phrases(name, 40) == [name.split()]
    profile = ROOT / "templates" / "profiles" / "state-nd30.yaml"
    assert load_profile(profile).header.phrase_chars == 24
    bad = tmp_path / "state.yaml"
    bad.write_text(profile.read_text(encoding="utf-8").replace("phrase_chars: 24",
                                                                "phrase_chars: 0"),
                   encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(bad)
    assert "header.phrase_chars" in str(caught.value)


def test_a_given_line_too_wide_even_at_the_smallest_size_is_warned_at_its_line(
        tmp_path: Path) -> None:
    """The first line holding most of the name: wider than the column at 12 pt, it
    would wrap between its words. validate says so at that line (exit 0), --strict refuses;
    the fixture's own lines, all narrow enough, are not warned."""
    wide = ["Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ,", "đổi mới sáng tạo",
            "và chuyển đổi số"]
    source = _with_lines(tmp_path, wide)
    line = next(i for i, t in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
                if "header_lines" in t)
    proc = run_cli("validate", source)
    warned = [t for t in proc.stderr.splitlines() if "header_lines" in t]
    assert len(warned) == 1 and warned[0].startswith(f"{source}:{line}:"), proc.stderr
    assert "units[1].header_lines[0]: warning:" in warned[0]
    assert "even at 12 pt (the profile's header.smallest_pt)" in warned[0]
    assert "split it where it should break" in warned[0]
    strict = run_cli("validate", source, "--strict", check=False)
    assert strict.returncode == 2 and "header_lines[0]" in strict.stderr
    (tmp_path / "fine").mkdir()
    assert "header_lines" not in run_cli("validate", _with_lines(tmp_path / "fine", LINES)).stderr
