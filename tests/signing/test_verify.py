"""``briefgen verify``: exit 0 only when every signature holds; a one-byte change after signing
is found and the broken signature named; a PDF without signature, a chain to a root not
trusted and a file that is not a PDF are each said so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.signing import pki
from tests.signing.conftest import NOTICE
from tests.signing.tools import sign

NOT_VERIFIED = 4
UNVERIFIED = 5
SIGNER = f"signature 1 (signer-1, signer, by {pki.SIGNER_NAME}) does not hold"
ISSUER = f"signature 2 (issuer-1, issuer, by {pki.ISSUER_ORG}) does not hold"
ALTERED = "the signed bytes were changed after signing, or the signature does not match them"


@pytest.fixture(scope="module")
def twice_signed(rendered_notice: Path, keys: pki.Pki, tmp_path_factory: pytest.TempPathFactory
                 ) -> Path:
    target = tmp_path_factory.mktemp("verify") / NOTICE
    shutil.copy(rendered_notice, target)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(pki.PASSPHRASE_VAR, pki.PASSPHRASE)
        sign(target, keys.signer, "signer")
        sign(target, keys.issuer, "issuer")
    return target


def _changed(source: Path, target: Path, index: int) -> Path:
    data = bytearray(source.read_bytes())
    data[index] = ord("3") if data[index] != ord("3") else ord("4")
    target.write_bytes(bytes(data))
    return target


def test_good_file_exits_0(twice_signed: Path, keys: pki.Pki) -> None:
    proc = run_cli("verify", twice_signed, "--trust", keys.ca, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "2 signatures in 1 file: all hold" in proc.stdout


def test_without_trust_chains_are_not_checked(twice_signed: Path) -> None:
    proc = run_cli("verify", twice_signed, check=False)
    assert proc.returncode == UNVERIFIED, proc.stderr
    assert "checked" in proc.stdout and "trusted" not in proc.stdout  # "not checked"
    assert "all hold" not in proc.stdout + proc.stderr
    assert proc.stderr.startswith("2 signatures in 1 file: intact, but the signers are "
                                  "unverified")  # and no traceback from pyHanko's loggers
    assert proc.stderr.count("\n") == len(proc.stderr.strip().splitlines())


def test_a_self_signed_forgery_never_reads_all_hold(rendered_notice: Path, keys: pki.Pki,
                                                    tmp_path: Path) -> None:
    """A certificate anyone can make in the real signer's name: intact bytes, an unverified
    signer without --trust (its own exit code, documented in --help), refused with it."""
    target = tmp_path / NOTICE
    shutil.copy(rendered_notice, target)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(pki.PASSPHRASE_VAR, pki.PASSPHRASE)
        sign(target, pki.forged_signer(tmp_path), "signer")
    alone = run_cli("verify", target, check=False)
    assert alone.returncode == UNVERIFIED, alone.stderr
    assert "all hold" not in alone.stdout + alone.stderr
    assert "intact, but the signers are unverified" in alone.stderr
    trusted = run_cli("verify", target, "--trust", keys.ca, check=False)
    assert trusted.returncode == NOT_VERIFIED
    assert "does not reach a --trust root" in trusted.stderr
    helped = " ".join(run_cli("verify", "--help").stdout.split())
    assert f"{UNVERIFIED} when every signature is intact but, without --trust, its signer is" \
        in helped.replace("│", "").replace("  ", " ")


def test_one_byte_changed_in_the_last_revision_breaks_the_last_signature(
        twice_signed: Path, keys: pki.Pki, tmp_path: Path) -> None:
    data = twice_signed.read_bytes()
    # the year of the issuer's signing time (/M), inside the bytes its signature covers
    at = data.index(b"2025", data.rindex(b"/M (D"))
    changed = _changed(twice_signed, tmp_path / "changed.pdf", at)
    proc = run_cli("verify", changed, "--trust", keys.ca, check=False)
    assert proc.returncode == NOT_VERIFIED
    assert f"{changed}: {ISSUER}: {ALTERED}" in proc.stderr
    assert SIGNER not in proc.stderr  # the first signature's revision is untouched


def test_one_byte_changed_in_the_document_breaks_both(twice_signed: Path, keys: pki.Pki,
                                                       tmp_path: Path) -> None:
    data = twice_signed.read_bytes()
    changed = _changed(twice_signed, tmp_path / "changed.pdf", data.index(b"WeasyPrint"))
    proc = run_cli("verify", changed, "--trust", keys.ca, check=False)
    assert proc.returncode == NOT_VERIFIED
    assert f"{changed}: {SIGNER}: {ALTERED}" in proc.stderr
    assert f"{changed}: {ISSUER}: {ALTERED}" in proc.stderr
    assert "ALTERED" in proc.stdout


def test_a_root_not_trusted_does_not_hold(twice_signed: Path, keys: pki.Pki) -> None:
    proc = run_cli("verify", twice_signed, "--trust", keys.other_ca, check=False)
    assert proc.returncode == NOT_VERIFIED
    assert (f"{twice_signed}: {SIGNER}: its certificate chain does not reach a --trust root, "
            "or a certificate on it is not valid now") in proc.stderr


def test_unsigned_pdf_says_so(rendered_notice: Path) -> None:
    proc = run_cli("verify", rendered_notice, check=False)
    assert proc.returncode == NOT_VERIFIED
    assert proc.stderr == f"{rendered_notice}: has no signature\n"


def test_one_unsigned_file_among_good_ones_fails_the_run(twice_signed: Path,
                                                          rendered_notice: Path) -> None:
    proc = run_cli("verify", twice_signed, rendered_notice, check=False)
    assert proc.returncode == NOT_VERIFIED
    assert f"{rendered_notice}: has no signature" in proc.stderr


def test_not_a_pdf(tmp_path: Path) -> None:
    text = tmp_path / "minutes.pdf"
    text.write_text("not a pdf", encoding="utf-8")
    proc = run_cli("verify", text, check=False)
    assert proc.returncode == 2
    assert proc.stderr == (f"{text}:1:1: not a PDF file (it does not start with %PDF-)\n"
                           "1 problem; nothing was written.\n")


def test_trust_file_that_is_not_a_certificate(twice_signed: Path, tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("hello", encoding="utf-8")
    proc = run_cli("verify", twice_signed, "--trust", bad, check=False)
    assert proc.returncode == 2
    assert f"{bad}:1:1: not a certificate file (PEM or DER): no certificate found in it" \
        in proc.stderr
