"""Checking the signatures of PDFs with pyHanko: for each, who signed and in which role, when,
whether the signed bytes are intact, what was changed after it, and (given the trusted root
certificates) whether its certificate chain holds."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from briefgen.errors import InputError
from briefgen.load.limits import MAX_KEY_BYTES, refuse_special
from briefgen.signing.appearance import ROLE_REASONS
from briefgen.signing.sign import read_pdf

#: What a signature's certificate must allow: the same as ``briefgen sign`` asks.
SIGNING_USAGES = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                                     match_all_key_usages=False)
#: What was changed after a signature, by pyHanko's modification level.
_CHANGES = {
    ModificationLevel.NONE: "nothing",
    ModificationLevel.LTA_UPDATES: "validation data",
    ModificationLevel.FORM_FILLING: "signatures or form fields",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "the content",
}


@dataclass(frozen=True)
class SignatureReport:
    """One signature as pyHanko judged it."""

    number: int  # 1-based, in the order they were made
    field: str
    signer: str  # the certificate subject's common name
    role: str  # signer, issuer, or the signature's /Reason as written
    signed_at: dt.datetime | None  # from the timestamp token if any, else as the signer said
    intact: bool  # the signed bytes are unchanged and the signature matches them
    coverage: str
    changes_ok: bool  # nothing but allowed changes (further signatures) after it
    chain: str
    chain_ok: bool | None  # None: not checked (no --trust given)
    problem: str = ""  # why pyHanko could not judge it at all

    @property
    def holds(self) -> bool:
        return self.intact and self.changes_ok and self.chain_ok is not False


@dataclass(frozen=True)
class FileReport:
    """Every signature of one file."""

    file: Path
    signatures: list[SignatureReport]

    @property
    def holds(self) -> bool:
        """At least one signature, and each holds."""
        return bool(self.signatures) and all(s.holds for s in self.signatures)


def load_trust(files: list[Path]) -> list[asn1_x509.Certificate]:
    """The trusted root certificates in ``files`` (PEM or DER)."""
    roots: list[asn1_x509.Certificate] = []
    for file in files:
        refuse_special(file, "certificate file", MAX_KEY_BYTES)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError.single(file, f"cannot read the certificate file: "
                                          f"{(exc.strerror or str(exc)).lower()}") from None
        try:
            found = list(load_certs_from_pemder_data(data))
        except Exception:
            found = []
        if not found:
            raise InputError.single(file, "not a certificate file (PEM or DER): no certificate "
                                          "found in it")
        roots.extend(found)
    return roots


def verify_file(file: Path, trust: list[asn1_x509.Certificate] | None) -> FileReport:
    """Judge every signature of ``file``; ``trust`` None leaves the chains unchecked."""
    data = read_pdf(file)
    with _quiet():
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            embedded = list(reader.embedded_regular_signatures)
        except Exception:  # pyHanko raises many kinds on a damaged file or signature
            return FileReport(file, _each_field(file, reader if "reader" in locals() else None,
                                                trust))
        reports = [_judge(number, sig, trust) for number, sig in enumerate(embedded, 1)]
    return FileReport(file, reports)


def _each_field(file: Path, reader: PdfFileReader | None,
                trust: list[asn1_x509.Certificate] | None) -> list[SignatureReport]:
    """Every signature field judged on its own, when pyHanko cannot list them together: a
    signature whose data (/Contents) is damaged does not hold, named by its field (exit 4);
    only a file that cannot be read at all is bad input."""
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        if reader is None:
            raise ValueError("no reader")
        fields = list(enumerate_sig_fields(reader, filled_status=True))
    except Exception as exc:
        raise InputError.single(file, f"not a readable PDF: {exc}") from None
    reports = []
    for number, (name, sig_obj, sig_field) in enumerate(fields, 1):
        if sig_obj.get_object().get("/Type") == "/DocTimeStamp":
            continue
        try:
            reports.append(_judge(number, EmbeddedPdfSignature(reader, sig_field, name), trust))
        except Exception as exc:
            reason = str(sig_obj.get_object().get("/Reason", "") or "")
            role = next((r for r, text in ROLE_REASONS.items() if text == reason), reason or "?")
            reports.append(SignatureReport(
                number, str(name), "?", role, None, intact=False, coverage="?",
                changes_ok=False, chain="not checked", chain_ok=False,
                problem=f"its signature data (/Contents) is damaged: {type(exc).__name__}"))
    return reports


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pyHanko's loggers silenced: they print a traceback for every certificate whose chain
    does not reach a trusted root, which the report says in one word."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _judge(number: int, sig: EmbeddedPdfSignature, trust: list[asn1_x509.Certificate] | None
           ) -> SignatureReport:
    field = str(sig.field_name)
    reason = str(sig.sig_object.get("/Reason", "") or "")
    role = next((r for r, text in ROLE_REASONS.items() if text == reason), reason or "?")
    try:
        signer = str(sig.signer_cert.subject.native.get("common_name", "?"))
    except Exception:
        signer = "?"
    context = ValidationContext(trust_roots=list(trust or []), allow_fetching=False)
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context,
                                        key_usage_settings=SIGNING_USAGES)
    except Exception as exc:  # a signature pyHanko cannot even evaluate: it does not hold
        return SignatureReport(number, field, signer, role, sig.self_reported_timestamp,
                               intact=False, coverage="?", changes_ok=False,
                               chain="not checked", chain_ok=False,
                               problem=f"{type(exc).__name__}: {exc}")
    intact = bool(status.intact and status.valid)
    checked = trust is not None and intact  # pyHanko trusts no signature that does not match
    return SignatureReport(
        number, field, signer, role, _when(status, sig), intact=intact,
        coverage=_coverage(status), changes_ok=bool(status.docmdp_ok),
        chain=_chain(status) if checked else "not checked",
        chain_ok=bool(status.trusted) if checked else None)


def _when(status: PdfSignatureStatus, sig: EmbeddedPdfSignature) -> dt.datetime | None:
    stamp = status.timestamp_validity
    if stamp is not None and stamp.intact and stamp.valid:
        return stamp.timestamp
    return status.signer_reported_dt or sig.self_reported_timestamp


def _coverage(status: PdfSignatureStatus) -> str:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "whole file"
    if status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        level = status.modification_level
        after = _CHANGES.get(level, str(level)) if level is not None else "not analysed"
        return f"its revision; changed after: {after}"
    return "part of the file only"


def _chain(status: PdfSignatureStatus) -> str:
    if status.trusted:
        path = status.validation_path
        root = "?"
        if path is not None:
            root = str(path.trust_anchor.authority.name.native.get("common_name", root))
        return f"trusted ({root})"
    return "NOT trusted"
