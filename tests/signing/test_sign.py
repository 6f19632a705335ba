"""``briefgen sign``: a notice briefgen rendered, signed by the person with authority and then
by the body with its seal, judged by pyHanko itself (not by briefgen's own code): two valid
PAdES signatures, the first untouched by the second; placed on the recorded signature block;
the stamp font embedded, the images there, qpdf finding nothing wrong; the same inputs
giving the same bytes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import need, run_cli
from tests.signing import pki
from tests.signing.conftest import NOTICE
from tests.signing.tools import inside, pyhanko_statuses, recorded_blocks, sign, widgets


@pytest.fixture(scope="module")
def signed(rendered_notice: Path, keys: pki.Pki, images: dict[str, Path],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The notice signed in place as signer (with the signature image), then as issuer (with
    the seal)."""
    target = tmp_path_factory.mktemp("signed") / NOTICE
    shutil.copy(rendered_notice, target)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(pki.PASSPHRASE_VAR, pki.PASSPHRASE)
        sign(target, keys.signer, "signer", "--image", images["signature"])
        sign(target, keys.issuer, "issuer", "--image", images["seal"])
    yield target


def test_pyhanko_finds_two_valid_signatures_the_first_untouched(signed: Path, keys: pki.Pki
                                                                ) -> None:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    first, last = pyhanko_statuses(signed, keys.ca)
    for status in (first, last):
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.bottom_line
    assert first.signing_cert.subject.native["common_name"] == pki.SIGNER_NAME
    assert last.signing_cert.subject.native["common_name"] == pki.ISSUER_ORG
    # the first covers the file up to its own revision; after it only a signature was added
    assert first.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert first.modification_level is not None
    assert first.modification_level <= ModificationLevel.FORM_FILLING
    assert first.docmdp_ok
    assert last.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert last.modification_level == ModificationLevel.NONE


def test_signatures_are_pades_with_the_role_and_time(signed: Path) -> None:
    from typing import Any

    from pypdf import PdfReader

    form: Any = PdfReader(signed).root_object["/AcroForm"]
    sigs = {str(f["/T"]): f["/V"] for f in (ref.get_object() for ref in form["/Fields"])}
    assert set(sigs) == {"signer-1", "issuer-1"}
    for name, reason in (("signer-1", "Ký ban hành"), ("issuer-1", "Đóng dấu cơ quan")):
        sig = sigs[name]
        assert sig["/SubFilter"] == "/ETSI.CAdES.detached"
        assert sig["/Reason"] == reason
        assert sig["/M"] == "D:20250522103000+07'00'"


def test_fields_lie_on_the_recorded_signature_block(signed: Path, rendered_notice: Path
                                                    ) -> None:
    (block,) = recorded_blocks(rendered_notice)
    box, cell = list(map(float, block["box"])), list(map(float, block["cell"]))
    found = widgets(signed)
    signer, issuer = found["signer-1"], found["issuer-1"]
    assert signer.page == issuer.page == block["page"]
    assert signer.rect == pytest.approx(box, abs=0.01)
    rect = issuer.rect
    assert inside(rect, cell)
    # over the left third of the signing space, reaching a little past it
    third = box[0] + (box[2] - box[0]) / 3
    assert rect[0] <= box[0] + 0.01 and third < rect[2] < third + 20
    assert rect[1] < box[1] and rect[3] > box[3]


def test_stamp_font_is_embedded(signed: Path) -> None:
    listing = subprocess.run([need("pdffonts"), str(signed)], capture_output=True, text=True,
                             check=True).stdout
    fonts = {font for w in widgets(signed).values() for font in w.fonts}
    assert fonts, "the stamps show no text"
    for font in fonts:
        assert "LiberationSerif" in font or "Times" in font or "Termes" in font, font
        (line,) = [line for line in listing.splitlines() if line.startswith(font + " ")]
        # name, type (two words), encoding, then emb sub uni
        assert line.split()[4] == "yes", line


def test_images_are_in_the_stamps(signed: Path) -> None:
    found = widgets(signed)
    for name, size in (("signer-1", (300, 120)), ("issuer-1", (200, 200))):
        (image,) = found[name].images
        assert (image["/Width"], image["/Height"]) == size
        assert "/SMask" in image  # the transparent background kept


def test_qpdf_finds_nothing_wrong(signed: Path) -> None:
    proc = subprocess.run([need("qpdf"), "--check", str(signed)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No syntax or stream encoding errors found" in proc.stdout


def test_verify_says_both_hold(signed: Path, keys: pki.Pki) -> None:
    proc = run_cli("verify", signed, "--trust", keys.ca)
    assert "2 signatures in 1 file: all hold" in proc.stdout
    assert "Nguyễn" in proc.stdout and "issuer" in proc.stdout and "trusted" in proc.stdout


def test_same_inputs_same_bytes(rendered_notice: Path, keys: pki.Pki, images: dict[str, Path],
                                passphrase: str, tmp_path: Path) -> None:
    copies = []
    for name in ("a", "b"):
        target = tmp_path / name / NOTICE
        target.parent.mkdir()
        shutil.copy(rendered_notice, target)
        sign(target, keys.signer, "signer", "--image", images["signature"])
        sign(target, keys.issuer, "issuer", "--image", images["seal"])
        copies.append(target.read_bytes())
    assert copies[0] == copies[1]
    later = tmp_path / NOTICE
    shutil.copy(rendered_notice, later)
    run_cli("sign", later, "--key", keys.signer, "--passphrase-env", passphrase, "--role",
            "signer", "--image", images["signature"], "--signing-time",
            "2025-05-22T10:30:01+07:00")
    assert later.read_bytes() != copies[0]


def test_in_place_keeps_the_mode_and_leaves_no_temporary_file(notice: Path, keys: pki.Pki,
                                                              passphrase: str) -> None:
    os.chmod(notice, 0o640)
    before = notice.read_bytes()
    sign(notice, keys.signer, "signer")
    after = notice.read_bytes()
    assert after.startswith(before)  # an incremental update: the signed bytes follow the old
    assert len(after) > len(before)
    assert notice.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in notice.parent.iterdir()) == [NOTICE]


def test_out_writes_there_and_leaves_the_file(notice: Path, keys: pki.Pki, passphrase: str,
                                              tmp_path: Path) -> None:
    before = notice.read_bytes()
    proc = sign(notice, keys.signer, "signer", "--out", tmp_path / "signed")
    assert notice.read_bytes() == before
    written = tmp_path / "signed" / NOTICE
    assert written.read_bytes().startswith(before)
    assert "signer-1" in proc.stdout
    assert [s.intact and s.valid for s in pyhanko_statuses(written, keys.ca)] == [True]


def test_without_an_image_the_stamp_is_text(notice: Path, keys: pki.Pki, passphrase: str
                                            ) -> None:
    sign(notice, keys.issuer, "issuer")
    stamp = widgets(notice)["issuer-1"]
    assert stamp.images == [] and stamp.fonts


def test_field_places_a_signature_on_a_pdf_briefgen_did_not_make(
        foreign_pdf: Path, keys: pki.Pki, passphrase: str) -> None:
    sign(foreign_pdf, keys.signer, "signer", "--field", "1/320,650,550,720")
    found = widgets(foreign_pdf)["signer-1"]
    assert found.page == 0 and found.rect == [320, 650, 550, 720]
    (status,) = pyhanko_statuses(foreign_pdf, keys.ca)
    assert status.bottom_line


def test_signs_several_files(rendered_notice: Path, keys: pki.Pki, passphrase: str,
                             tmp_path: Path) -> None:
    files = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        files.append(shutil.copy(rendered_notice, tmp_path / name / NOTICE))
    proc = run_cli("sign", *files, "--key", keys.signer, "--passphrase-env", passphrase,
                   "--role", "signer")
    for file in files:
        assert "signer-1" in widgets(Path(file))
    assert len(re.findall(r"signer-1", proc.stdout)) == 2


def test_timestamp_authority_makes_it_b_t(notice: Path, keys: pki.Pki, passphrase: str) -> None:
    """--timestamp-url: the signature carries a timestamp token from the authority (a server
    on the loopback interface here), which pyHanko finds valid and trusted."""
    from tests.signing.tsa import STAMPED, serving

    with serving(keys.tsa_cert, keys.tsa_key) as url:
        sign(notice, keys.signer, "signer", "--timestamp-url", url)
    (status,) = pyhanko_statuses(notice, keys.ca)
    assert status.bottom_line
    stamp = status.timestamp_validity
    assert stamp is not None and stamp.intact and stamp.valid and stamp.trusted
    assert stamp.timestamp == STAMPED
    proc = run_cli("verify", notice, "--trust", keys.ca)
    assert "1 signature in 1 file: all hold" in proc.stdout
    # the time verify reports is the authority's, not the one the signer's machine wrote
    from briefgen.signing.verify import load_trust, verify_file

    (report,) = verify_file(notice, load_trust([keys.ca])).signatures
    assert report.signed_at == STAMPED
