"""``briefgen sign`` refusing: each error a located message and exit 2 (3 for the machine),
no traceback, nothing written (the PDF unchanged, no temporary file beside it), and the
passphrase never printed."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.readers import squash
from tests.signing import pki
from tests.signing.tools import sign

NOTHING = "1 problem; nothing was written.\n"


@pytest.fixture
def untouched(notice: Path) -> Iterator[Path]:
    """The notice, checked afterwards to be as it was, alone in its folder."""
    before = notice.read_bytes()
    yield notice
    assert notice.read_bytes() == before
    assert [p.name for p in notice.parent.iterdir()] == [notice.name]


def refused(proc: subprocess.CompletedProcess[str], message: str, code: int = 2) -> None:
    assert proc.returncode == code, proc.stderr
    assert proc.stderr == message
    assert "Traceback" not in proc.stdout + proc.stderr
    assert pki.PASSPHRASE not in proc.stdout + proc.stderr


def test_wrong_passphrase(untouched: Path, keys: pki.Pki, monkeypatch: pytest.MonkeyPatch
                          ) -> None:
    monkeypatch.setenv(pki.PASSPHRASE_VAR, "sai mật khẩu")
    proc = sign(untouched, keys.signer, "signer", check=False)
    refused(proc, f"{keys.signer}:1:1: cannot open the key: wrong passphrase\n" + NOTHING)
    assert "sai mật khẩu" not in proc.stdout + proc.stderr


def test_passphrase_variable_not_set(untouched: Path, keys: pki.Pki,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pki.PASSPHRASE_VAR, raising=False)
    refused(sign(untouched, keys.signer, "signer", check=False),
            f"{keys.signer}:1:1: the environment variable {pki.PASSPHRASE_VAR} (named by "
            "--passphrase-env) is not set\n" + NOTHING)


def test_key_needs_a_passphrase(untouched: Path, keys: pki.Pki) -> None:
    refused(run_cli("sign", untouched, "--key", keys.signer, "--role", "signer", check=False),
            f"{keys.signer}:1:1: cannot open the key: it needs a passphrase; give "
            "--passphrase-env VAR, the environment variable that holds it\n" + NOTHING)


def test_expired_certificate(untouched: Path, keys: pki.Pki, passphrase: str) -> None:
    refused(sign(untouched, keys.expired, "signer", check=False),
            f"{keys.expired}:1:1: the certificate of Trần Thị Bình is expired at the signing "
            "time 2025-05-22T10:30:00+07:00: it is valid from 2020-01-01T00:00:00Z to "
            "2021-01-01T00:00:00Z\n" + NOTHING)


def test_certificate_not_for_signing(untouched: Path, keys: pki.Pki, passphrase: str) -> None:
    refused(sign(untouched, keys.encipher_only, "signer", check=False),
            f"{keys.encipher_only}:1:1: the certificate of Lê Văn Cường is not for signing: its "
            "key usage is keyEncipherment; a signing certificate has digitalSignature or "
            "nonRepudiation\n" + NOTHING)


def test_not_a_pdf(keys: pki.Pki, passphrase: str, tmp_path: Path) -> None:
    text = tmp_path / "notice.pdf"
    text.write_text("Thông báo kết luận\n", encoding="utf-8")
    refused(sign(text, keys.signer, "signer", check=False),
            f"{text}:1:1: not a PDF file (it does not start with %PDF-)\n" + NOTHING)
    assert text.read_text(encoding="utf-8") == "Thông báo kết luận\n"


def test_image_not_a_png(untouched: Path, keys: pki.Pki, images: dict[str, Path],
                         passphrase: str) -> None:
    refused(sign(untouched, keys.signer, "signer", "--image", images["jpeg"], check=False),
            f"{images['jpeg']}:1:1: not a PNG image (it is a JPEG image); give the signature or "
            "seal image as a PNG with a transparent background\n" + NOTHING)


def test_image_damaged(untouched: Path, keys: pki.Pki, images: dict[str, Path],
                       passphrase: str, tmp_path: Path) -> None:
    broken = tmp_path / "seal.png"
    broken.write_bytes(images["seal"].read_bytes()[:60])
    proc = sign(untouched, keys.issuer, "issuer", "--image", broken, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{broken}:1:1: the PNG image is damaged: ")
    assert proc.stderr.endswith(NOTHING)


@pytest.mark.parametrize("width, size", [(4_001, 1), (10, 2_000_001)])
def test_image_over_the_limits(untouched: Path, keys: pki.Pki, passphrase: str,
                               tmp_path: Path, width: int, size: int) -> None:
    """The limits a meeting file's images have hold for --image too (docs/limits.md)."""
    from PIL import Image

    from briefgen.load.limits import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS

    big = tmp_path / "seal.png"
    Image.new("L", (width, 10), 255).save(big)
    if size > MAX_IMAGE_BYTES:
        with big.open("ab") as f:  # bytes after IEND: still a PNG, now over the size
            f.write(b"\0" * size)
        message = f"'seal.png' is {big.stat().st_size:,} bytes; an image may have at most"
    else:
        assert width > MAX_IMAGE_PIXELS
        message = f"'seal.png' is {width:,}×10 pixels; an image may have at most"
    proc = sign(untouched, keys.issuer, "issuer", "--image", big, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"{big}:1:1: {message}"), proc.stderr
    assert proc.stderr.endswith(NOTHING) and "Traceback" not in proc.stderr


def test_key_file_missing(untouched: Path, passphrase: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.p12"
    refused(sign(untouched, missing, "signer", check=False),
            f"{missing}:1:1: cannot read the key file: no such file or directory\n" + NOTHING)


def test_key_file_not_pkcs12(untouched: Path, passphrase: str, tmp_path: Path) -> None:
    garbage = tmp_path / "key.p12"
    garbage.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot really\n")
    refused(sign(untouched, garbage, "signer", check=False),
            f"{garbage}:1:1: not a PKCS#12 key file (.p12 or .pfx): cannot read it\n" + NOTHING)


def test_pdf_briefgen_did_not_make(foreign_pdf: Path, keys: pki.Pki, passphrase: str) -> None:
    before = foreign_pdf.read_bytes()
    refused(sign(foreign_pdf, keys.signer, "signer", check=False),
            f"{foreign_pdf}:1:1: {foreign_pdf} was not made by briefgen (no recorded signature "
            "block): give --field PAGE/X1,Y1,X2,Y2\n" + NOTHING)
    assert foreign_pdf.read_bytes() == before


def test_block_out_of_range(untouched: Path, keys: pki.Pki, passphrase: str) -> None:
    refused(sign(untouched, keys.signer, "signer", "--block", "2", check=False),
            f"{untouched}:1:1: --block 2: this document has 1 signature block (1 to 1)\n"
            + NOTHING)


def test_field_malformed(untouched: Path, keys: pki.Pki, passphrase: str) -> None:
    refused(sign(untouched, keys.signer, "signer", "--field", "3/320,650,550", check=False),
            f"{untouched}:1:1: --field: expected four numbers X1,Y1,X2,Y2 after the page, got "
            "'320,650,550'\n" + NOTHING)


def test_field_past_the_last_page(untouched: Path, keys: pki.Pki, passphrase: str) -> None:
    refused(sign(untouched, keys.signer, "signer", "--field", "9/320,650,550,720", check=False),
            f"{untouched}:1:1: the signature goes on page 9, but the PDF has 3 pages\n" + NOTHING)


def test_one_bad_file_writes_none(untouched: Path, keys: pki.Pki, passphrase: str,
                                  tmp_path: Path) -> None:
    text = tmp_path / "other" / "not.pdf"
    text.parent.mkdir()
    text.write_text("x", encoding="utf-8")
    refused(run_cli("sign", untouched, text, "--key", keys.signer, "--passphrase-env",
                    pki.PASSPHRASE_VAR, "--role", "signer", check=False),
            f"{text}:1:1: not a PDF file (it does not start with %PDF-)\n" + NOTHING)


def test_out_folder_cannot_be_made(untouched: Path, keys: pki.Pki, passphrase: str,
                                   tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "signed"
    refused(sign(untouched, keys.signer, "signer", "--out", out, check=False),
            f"cannot write {out}: a part of this path is a file, not a folder; nothing was "
            "changed.\n", code=3)


def test_bad_signing_time(untouched: Path, keys: pki.Pki, passphrase: str) -> None:
    proc = run_cli("sign", untouched, "--key", keys.signer, "--passphrase-env",
                   pki.PASSPHRASE_VAR, "--role", "signer", "--signing-time", "22/05/2025",
                   check=False)
    assert proc.returncode == 2
    assert ("expected an ISO 8601 time such as 2025-05-22T10:30:00+07:00, got '22/05/2025'"
            in squash(proc.stderr.replace("│", " ")))


def test_unknown_role(untouched: Path, keys: pki.Pki, passphrase: str) -> None:
    proc = sign(untouched, keys.signer, "witness", check=False)
    assert proc.returncode == 2
    assert "unknown role 'witness'; choose signer or issuer" in squash(
        proc.stderr.replace("│", " "))
