"""The signing key: a PKCS#12 file (.p12/.pfx) holding the private key and its certificate,
opened with a passphrase read from an environment variable (never from the command line, so
that it shows in no process list or shell history, and is never printed)."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import internal
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from briefgen.errors import InputError
from briefgen.load.limits import MAX_KEY_BYTES, refuse_special


@dataclass(frozen=True)
class Key:
    """A private key and its certificate, ready for pyHanko."""

    file: Path
    signer: signers.SimpleSigner
    certificate: x509.Certificate

    @property
    def name(self) -> str:
        """The holder's name: the certificate subject's common name (CN)."""
        return _attribute(self.certificate, NameOID.COMMON_NAME) or "?"

    @property
    def organisation(self) -> str:
        """The holder's organisation (O), or its common name for a body's own certificate."""
        return _attribute(self.certificate, NameOID.ORGANIZATION_NAME) or self.name

    @property
    def fingerprint(self) -> bytes:
        return self.certificate.fingerprint(hashes.SHA256())

    def check_for(self, when: dt.datetime) -> None:
        """Refuse a certificate not valid at ``when`` or not meant for signing; and one not
        valid now, the moment the signature is really made, whatever time ``when`` (a
        ``--signing-time`` for reproducible output) writes into it."""
        cert = self.certificate
        start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        for moment, at in ((when, f"at the signing time {when.isoformat()}"),
                           (now, f"now ({_utc(now)}), when the signature is made; "
                                 "--signing-time only sets the time written in it")):
            if not start <= moment <= end:
                state = "expired" if moment > end else "not yet valid"
                raise InputError.single(self.file, f"the certificate of {self.name} is {state} "
                                                   f"{at}: it is valid from {_utc(start)} to "
                                                   f"{_utc(end)}")
        try:
            usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound:
            return
        if not (usage.digital_signature or usage.content_commitment):
            raise InputError.single(self.file, f"the certificate of {self.name} is not for "
                                               f"signing: its key usage is {_usages(usage)}; a "
                                               "signing certificate has digitalSignature or "
                                               "nonRepudiation")


def _attribute(certificate: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    """One attribute of the certificate's subject. A name longer than X.520's 64 characters
    (a Vietnamese body's name is often 64 bytes and more in UTF-8) is accepted as it is, as
    the certificate authorities that issue them do; cryptography would warn about it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        found = certificate.subject.get_attributes_for_oid(oid)
    return str(found[0].value) if found else None


def _utc(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _usages(usage: x509.KeyUsage) -> str:
    names = ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
             "keyAgreement", "keyCertSign", "cRLSign"]
    attrs = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign"]
    found = [n for n, a in zip(names, attrs, strict=True) if getattr(usage, a)]
    return ", ".join(found) or "empty"


def load_key(path: Path, passphrase_env: str | None) -> Key:
    """Open the PKCS#12 file ``path`` with the passphrase in the environment variable
    ``passphrase_env`` (None: a key without a passphrase)."""
    refuse_special(path, "key file", MAX_KEY_BYTES)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError.single(path, "cannot read the key file: this is a folder, not a "
                                      "file") from None
    except OSError as exc:
        raise InputError.single(path, f"cannot read the key file: "
                                      f"{(exc.strerror or str(exc)).lower()}") from None
    passphrase: bytes | None = None
    if passphrase_env is not None:
        value = os.environ.get(passphrase_env)
        if value is None:
            raise InputError.single(path, f"the environment variable {passphrase_env} (named by "
                                          "--passphrase-env) is not set")
        passphrase = value.encode("utf-8")
    if not _is_pkcs12(data):
        raise InputError.single(path, "not a PKCS#12 key file (.p12 or .pfx): cannot read it")
    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        hint = ("" if passphrase_env is not None else
                "; give --passphrase-env VAR, the environment variable that holds it")
        what = "wrong passphrase" if passphrase_env is not None else "it needs a passphrase"
        raise InputError.single(path, f"cannot open the key: {what}{hint}") from None
    if key is None or cert is None:
        missing = "private key" if key is None else "certificate"
        raise InputError.single(path, f"the key file holds no {missing}: export the signing "
                                      "certificate with its private key")
    try:
        signer = signers.SimpleSigner(
            signing_key=internal.translate_pyca_cryptography_key_to_asn1(key),
            signing_cert=internal.translate_pyca_cryptography_cert_to_asn1(cert),
            # a list, in the file's order: a set's order would vary between runs
            cert_registry=SimpleCertificateStore.from_certs(
                [internal.translate_pyca_cryptography_cert_to_asn1(c) for c in others]))
    except Exception as exc:  # a key type pyHanko cannot sign with
        raise InputError.single(path, f"cannot sign with this key: {exc}") from None
    return Key(path, signer, cert)


def _is_pkcs12(data: bytes) -> bool:
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        pfx["auth_safe"]["content_type"].native  # noqa: B018  # parses the outer structure
    except Exception:
        return False
    return True
