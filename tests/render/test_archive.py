"""Archival PDFs (--pdf-variant pdf/a-3u, or the profile's pdf_variant): PDF/A-3 with the
meeting file embedded as its source (given back byte for byte by `briefgen extract`), XMP
naming the document, an output intent, every font embedded, tagged for PDF/UA-1."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pdfua import validate

from briefgen.assets import DEFAULT_TEMPLATES
from tests.conftest import REFERENCE, STEM, need, run_cli


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    run_cli("render", REFERENCE, "--doc", "notice,minutes", "--format", "pdf", "--pdf-variant",
            "pdf/a-3u", "--out", folder)
    return folder


@pytest.mark.parametrize("kind", ["notice", "minutes"])
def test_the_pdf_declares_pdf_a_3_and_names_the_document(archived: Path, kind: str) -> None:
    with pikepdf.open(archived / f"{STEM}-{kind}.pdf") as pdf:
        with pdf.open_metadata() as xmp:
            assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "U")
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:language"] == {"vi"}
            assert xmp["dc:date"] == ["2025-05-22"]
            assert "Ban Chỉ đạo Trung ương" in next(iter(xmp["dc:publisher"]))
            assert xmp["dc:title"].startswith({"notice": "THÔNG BÁO", "minutes": "BIÊN BẢN"}[kind])
            if kind == "notice":
                assert xmp["dc:identifier"] == "Số 01-TB/BCĐTW"
        assert len(pdf.Root.OutputIntents) == 1
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
        (source,) = list(pdf.Root.AF)
        assert source.AFRelationship == "/Source" and str(source.UF) == REFERENCE.name
    fonts = subprocess.run([need("pdffonts"), str(archived / f"{STEM}-{kind}.pdf")],
                           capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts


@pytest.mark.parametrize("kind", ["notice", "minutes"])
def test_the_pdf_passes_the_pdf_ua_checks_and_qpdf(archived: Path, kind: str) -> None:
    path = archived / f"{STEM}-{kind}.pdf"
    report = validate(str(path))
    assert not report.findings, [(f.rule_id, f.message) for f in report.findings]
    checked = subprocess.run([need("qpdf"), "--check", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_extract_gives_back_the_meeting_file_byte_for_byte(archived: Path, tmp_path: Path) -> None:
    proc = run_cli("extract", archived / f"{STEM}-notice.pdf", "--out", tmp_path)
    assert (tmp_path / REFERENCE.name).read_bytes() == REFERENCE.read_bytes()
    assert REFERENCE.name in proc.stdout
    again = run_cli("extract", archived / f"{STEM}-notice.pdf", "--out", tmp_path, check=False)
    assert again.returncode == 2 and "already exists" in again.stderr and "--force" in again.stderr
    run_cli("extract", archived / f"{STEM}-notice.pdf", "--out", tmp_path, "--force")


def test_the_extracted_file_renders_the_same_document(archived: Path, tmp_path: Path) -> None:
    run_cli("extract", archived / f"{STEM}-notice.pdf", "--out", tmp_path)
    run_cli("render", tmp_path / REFERENCE.name, "--doc", "notice", "--format", "pdf",
            "--pdf-variant", "pdf/a-3u", "--out", tmp_path / "again")
    assert (tmp_path / "again" / f"{STEM}-notice.pdf").read_bytes() == \
        (archived / f"{STEM}-notice.pdf").read_bytes()


def test_a_plain_pdf_embeds_nothing_and_extract_says_so(tmp_path: Path) -> None:
    run_cli("render", REFERENCE, "--doc", "notice", "--format", "pdf", "--out", tmp_path)
    with pikepdf.open(tmp_path / f"{STEM}-notice.pdf") as pdf:
        assert "/AF" not in pdf.Root and "/OutputIntents" not in pdf.Root
    proc = run_cli("extract", tmp_path / f"{STEM}-notice.pdf", check=False)
    assert proc.returncode == 2 and "embeds no file" in proc.stderr
    (tmp_path / "x.pdf").write_text("not a pdf")
    proc = run_cli("extract", tmp_path / "x.pdf", check=False)
    assert proc.returncode == 2 and f"{tmp_path / 'x.pdf'}:1:1: not a PDF file" in proc.stderr


def test_the_profile_can_ask_for_it_and_the_option_can_refuse_it(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES / "profiles", templates / "profiles")
    profile = templates / "profiles" / "party-hd36.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "pdf_variant: pdf/a-3u\n",
                       encoding="utf-8")
    run_cli("render", REFERENCE, "--doc", "notice", "--format", "pdf", "--templates", templates,
            "--out", tmp_path / "a")
    run_cli("render", REFERENCE, "--doc", "notice", "--format", "pdf", "--templates", templates,
            "--pdf-variant", "none", "--out", tmp_path / "b")
    with pikepdf.open(tmp_path / "a" / f"{STEM}-notice.pdf") as a, \
            pikepdf.open(tmp_path / "b" / f"{STEM}-notice.pdf") as b:
        assert "/AF" in a.Root and "/AF" not in b.Root


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
