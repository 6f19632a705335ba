"""Issue 22, fault 10: a certificate expired now cannot sign behind a back-dated
--signing-time (the signature is made now; the flag only writes a time for reproducible
output), and a signature whose /Contents is damaged is named, exit 4, not "not a readable PDF"."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from tests.conftest import REFERENCE, run_cli
from tests.signing import pki
from tests.signing.test_sign_errors import NOTHING

NOT_VERIFIED = 4


def expired_yesterday(folder: Path) -> tuple[Path, str]:
    """A signing key valid until yesterday, and a signing time a month back, inside it."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    valid = (now - dt.timedelta(days=400), now - dt.timedelta(days=1))
    key = pki._issue(pki._ca("Briefgen Test Root CA"), pki._name("Phạm Văn Dũng"),
                     pki._usage(signing=True), valid, folder / "lapsed.p12")
    return key, (now - dt.timedelta(days=30)).isoformat()


def test_a_certificate_expired_now_does_not_sign_at_a_back_dated_time(
        notice: Path, passphrase: str, tmp_path: Path) -> None:
    key, back_dated = expired_yesterday(tmp_path)
    before = hashlib.sha256(notice.read_bytes()).hexdigest()
    proc = run_cli("sign", notice, "--key", key, "--passphrase-env", pki.PASSPHRASE_VAR,
                   "--role", "signer", "--signing-time", back_dated, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"{key}:1:1: the certificate of Phạm Văn Dũng is expired now (")
    assert "when the signature is made; --signing-time only sets the time written" in proc.stderr
    assert proc.stderr.endswith(NOTHING)
    assert hashlib.sha256(notice.read_bytes()).hexdigest() == before
    out = tmp_path / "out"
    proc = run_cli("render", REFERENCE, "--doc", "notice", "--format", "pdf", "--out", out,
                   "--sign", f"signer={key}:{pki.PASSPHRASE_VAR}", "--signing-time", back_dated,
                   check=False)
    assert proc.returncode == 2 and "is expired now (" in proc.stderr, proc.stderr
    assert not out.exists()


def test_a_damaged_signature_is_named_and_does_not_hold(notice: Path, keys: pki.Pki,
                                                        passphrase: str, tmp_path: Path) -> None:
    run_cli("sign", notice, "--key", keys.signer, "--passphrase-env", pki.PASSPHRASE_VAR,
            "--role", "signer", "--signing-time", pki.SIGNING_TIME)
    data = bytearray(notice.read_bytes())
    at = data.rindex(b"/Contents <") + len(b"/Contents <") + 6  # inside the CMS structure
    data[at] = ord("a") if data[at] != ord("a") else ord("b")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    proc = run_cli("verify", damaged, "--trust", keys.ca, check=False)
    assert proc.returncode == NOT_VERIFIED, proc.stderr
    assert f"{damaged}: signature 1 (" in proc.stderr and "signer" in proc.stderr
    assert "its signature data (/Contents) is damaged" in proc.stderr, proc.stderr
    assert "not a readable PDF" not in proc.stderr


def test_a_pipe_given_as_key_or_trusted_certificate_is_refused_not_waited_on(
        tmp_path: Path, passphrase: str) -> None:
    fifo = tmp_path / "key.p12"
    os.mkfifo(fifo)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    proc = run_cli("sign", pdf, "--key", fifo, "--passphrase-env", pki.PASSPHRASE_VAR,
                   "--role", "signer", check=False)  # once: hung until killed
    assert proc.returncode == 2
    assert proc.stderr == f"{fifo}:1:1: the key file is not a regular file (a pipe or device); " \
                          "give the file itself\n" + NOTHING
    proc = run_cli("verify", pdf, "--trust", fifo, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{fifo}:1:1: the certificate file is not a regular file")
