"""Signing as part of a render or a batch (--sign ROLE=KEY.p12[:VAR]): the PDFs with a
signature block come out signed by the signer, then the issuer, with the meeting's signature
and seal images; nothing of the keys reaches the outputs; an archival PDF stays PDF/A-3."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from pypdf import PdfReader

from briefgen.model import load_meeting
from tests.conftest import REFERENCE, ROOT, STEM, need, run_cli
from tests.signing import pki
from tests.signing.tools import pyhanko_statuses, widgets

WHEN = "2025-05-23T09:00:00+07:00"
SIGNER = "signer: {authority: by_order, on_behalf_of: Ban Chỉ đạo, position: Tổ trưởng Tổ giúp việc"


def with_images(folder: Path, images: dict[str, Path]) -> Path:
    """The reference meeting, its notice's signer given a signature and a seal image."""
    text = REFERENCE.read_text(encoding="utf-8")
    assert text.count(SIGNER + "}") == 1
    for name in ("signature", "seal"):
        (folder / f"{name}.png").write_bytes(images[name].read_bytes())
    text = text.replace(SIGNER + "}", f"{SIGNER}, signature_image: signature.png, "
                                      "seal_image: seal.png}")
    meeting = folder / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    return meeting


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory, keys: pki.Pki, images: dict[str, Path],
           ) -> Path:
    folder = tmp_path_factory.mktemp("render-sign")
    meeting = with_images(folder, images)
    env = pki.PASSPHRASE_VAR
    with pytest.MonkeyPatch.context() as patch:  # the passphrase: in the environment only
        patch.setenv(env, pki.PASSPHRASE)
        render_signed(meeting, folder, keys, env)
    return folder / "out"


def render_signed(meeting: Path, folder: Path, keys: pki.Pki, env: str) -> None:
    run_cli("render", meeting, "--doc", "notice,pack", "--format", "pdf,docx",
            "--pdf-variant", "pdf/a-3u", "--sign", f"signer={keys.signer}:{env}",
            "--sign", f"issuer={keys.issuer}:{env}", "--signing-time", WHEN,
            "--out", folder / "out")


def test_the_notice_is_signed_twice_and_both_hold(signed: Path, keys: pki.Pki) -> None:
    pdf = signed / f"{STEM}-notice.pdf"
    statuses = pyhanko_statuses(pdf, keys.ca)
    assert [s.bottom_line for s in statuses] == [True, True]
    found = widgets(pdf)
    assert sorted(found) == ["issuer-1", "signer-1"]
    assert all(w.images for w in found.values())  # the signature and the seal
    # Shown once: by the signatures, not printed on the page as well; the DOCX prints them.
    assert not PdfReader(pdf).pages[-1].images
    drawings = Document(str(signed / f"{STEM}-notice.docx")).inline_shapes
    assert len(drawings) == 1  # the signature inline (the seal floats over it)
    proc = run_cli("verify", pdf, "--trust", keys.ca)
    assert "2 signatures in 1 file: all hold" in proc.stdout


def test_the_pack_has_no_signature_block_and_stays_unsigned(signed: Path) -> None:
    with pikepdf.open(signed / f"{STEM}-pack.pdf") as pdf:
        assert "/AcroForm" not in pdf.Root


def test_signing_keeps_the_pdf_a_claims(signed: Path) -> None:
    pdf = signed / f"{STEM}-notice.pdf"
    with pikepdf.open(pdf) as doc:
        with doc.open_metadata() as xmp:
            assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "U")
        for page in doc.pages:
            for annot in page.get("/Annots", []):
                assert int(annot.F) & 4, "an annotation that would not print"
    fonts = subprocess.run([need("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    checked = subprocess.run([need("qpdf"), "--check", str(pdf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    run_cli("extract", pdf, "--out", signed.parent / "extracted")
    assert (signed.parent / "extracted" / "meeting.yaml").read_bytes() == \
        (signed.parent / "meeting.yaml").read_bytes()


def test_nothing_of_the_keys_reaches_the_outputs(signed: Path, keys: pki.Pki) -> None:
    secrets = [pki.PASSPHRASE.encode(), str(keys.signer).encode(), keys.signer.read_bytes()[:64]]
    for file in signed.iterdir():
        data = file.read_bytes()
        assert not any(secret in data for secret in secrets), file


def test_a_batch_signs_and_a_change_of_key_signs_again(tmp_path: Path, keys: pki.Pki,
                                                         passphrase: str) -> None:
    """On a meeting with no connection points (a small batch): signed by the signer, then a
    run adding the issuer renders the PDFs again, and only them."""
    meeting = tmp_path / "meeting.yaml"
    meeting.write_bytes((ROOT / "inputs" / "vpcp-tb467-2024-10-07.yaml").read_bytes())
    stem = load_meeting(meeting)[0].meeting.id
    args = ["batch", meeting, "--out", tmp_path / "out", "--signing-time", WHEN, "--verbose"]
    run_cli(*args, "--sign", f"signer={keys.signer}:{passphrase}")
    folder = tmp_path / "out" / stem
    notice = folder / f"{stem}-notice.pdf"
    assert sorted(widgets(notice)) == ["signer-1"]
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    assert str(keys.signer) not in manifest and pki.PASSPHRASE not in manifest
    changed = run_cli(*args, "--sign", f"signer={keys.signer}:{passphrase}",
                      "--sign", f"issuer={keys.issuer}:{passphrase}")
    assert sorted(widgets(notice)) == ["issuer-1", "signer-1"]
    files = json.loads(manifest)["files"]
    pdfs = sorted(f["file"] for f in files if f["format"] == "pdf")
    assert sorted(set(re.findall(rf"{stem}-[\w.-]+\.\w+", changed.stdout))) == pdfs


def test_a_bad_key_stops_the_render_before_anything_is_written(tmp_path: Path, keys: pki.Pki,
                                                                passphrase: str) -> None:
    out = tmp_path / "out"
    proc = run_cli("render", REFERENCE, "--doc", "notice", "--format", "pdf", "--sign",
                   f"signer={keys.expired}:{passphrase}", "--out", out, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert str(keys.expired) in proc.stderr and not out.exists()
    proc = run_cli("render", REFERENCE, "--doc", "notice", "--sign", "notary=x.p12", "--out",
                   out, check=False)
    assert proc.returncode == 2 and "ROLE=KEY.p12" in proc.stderr
