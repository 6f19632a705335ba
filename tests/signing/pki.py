"""A throwaway certificate authority and the keys the signing tests sign with, made in the
test with ``cryptography`` (RSA 2048; nothing is committed), and the images they show."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = "mật-khẩu đúng 123"
PASSPHRASE_VAR = "BRIEFGEN_TEST_PASSPHRASE"
SIGNING_TIME = "2025-05-22T10:30:00+07:00"
SIGNER_NAME = "Nguyễn Văn An"
ISSUER_ORG = "Ban Chỉ đạo phát triển khoa học, công nghệ"
VALID = (dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2040, 1, 1, tzinfo=dt.UTC))


@dataclass(frozen=True)
class Pki:
    """Where the test keys are: the CA certificate (PEM) and PKCS#12 files."""

    ca: Path
    signer: Path
    issuer: Path
    expired: Path
    encipher_only: Path
    other_ca: Path  # a CA that issued none of them
    tsa_cert: Path  # a timestamp authority's certificate (PEM) and key (PEM, no passphrase)
    tsa_key: Path


def _name(cn: str, org: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(parts)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _ca(cn: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _key()
    name = _name(cn, "Briefgen Test PKI")
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(VALID[0]).not_valid_after(VALID[1])
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(cert_sign=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def _usage(signing: bool = False, encipher: bool = False, cert_sign: bool = False
           ) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=signing, content_commitment=signing,
                         key_encipherment=encipher, data_encipherment=False, key_agreement=False,
                         key_cert_sign=cert_sign, crl_sign=cert_sign, encipher_only=False,
                         decipher_only=False)


def _certificate(ca: tuple[rsa.RSAPrivateKey, x509.Certificate], subject: x509.Name,
                 usage: x509.KeyUsage, valid: tuple[dt.datetime, dt.datetime],
                 timestamping: bool = False) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    ca_key, ca_cert = ca
    key = _key()
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(valid[0]).not_valid_after(valid[1])
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(usage, critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   ca_key.public_key()), critical=False))
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return key, builder.sign(ca_key, hashes.SHA256())


def _issue(ca: tuple[rsa.RSAPrivateKey, x509.Certificate], subject: x509.Name,
           usage: x509.KeyUsage, valid: tuple[dt.datetime, dt.datetime], out: Path) -> Path:
    key, cert = _certificate(ca, subject, usage, valid)
    ca_cert = ca[1]
    out.write_bytes(pkcs12.serialize_key_and_certificates(
        b"key", key, cert, [ca_cert],
        serialization.BestAvailableEncryption(PASSPHRASE.encode("utf-8"))))
    return out


def make_pki(folder: Path) -> Pki:
    """A CA, its signer and issuer keys, an expired key and a key for encryption only."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = _ca("Briefgen Test Root CA")
    (folder / "ca.pem").write_bytes(ca[1].public_bytes(serialization.Encoding.PEM))
    other = _ca("Some Other Root CA")
    (folder / "other-ca.pem").write_bytes(other[1].public_bytes(serialization.Encoding.PEM))
    signing = _usage(signing=True)
    tsa_key, tsa_cert = _certificate(ca, _name("Briefgen Test TSA"), signing, VALID,
                                     timestamping=True)
    (folder / "tsa.pem").write_bytes(tsa_cert.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa-key.pem").write_bytes(tsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return Pki(
        ca=folder / "ca.pem",
        signer=_issue(ca, _name(SIGNER_NAME, ISSUER_ORG), signing, VALID, folder / "signer.p12"),
        issuer=_issue(ca, _name(ISSUER_ORG, ISSUER_ORG), signing, VALID, folder / "issuer.p12"),
        expired=_issue(ca, _name("Trần Thị Bình"), signing,
                       (dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                        dt.datetime(2021, 1, 1, tzinfo=dt.UTC)), folder / "expired.p12"),
        encipher_only=_issue(ca, _name("Lê Văn Cường"), _usage(encipher=True), VALID,
                             folder / "encipher.p12"),
        other_ca=folder / "other-ca.pem",
        tsa_cert=folder / "tsa.pem",
        tsa_key=folder / "tsa-key.pem",
    )


def signature_png(path: Path) -> Path:
    """A blue signature stroke on a transparent background."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.line([(20, 90), (80, 20), (120, 100), (170, 30), (220, 95), (280, 40)],
              fill=(20, 40, 180, 255), width=6)
    img.save(path, format="PNG")
    return path


def seal_png(path: Path) -> Path:
    """A red round seal on a transparent background."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((4, 4, 196, 196), outline=(210, 20, 20, 255), width=8)
    draw.ellipse((40, 40, 160, 160), outline=(210, 20, 20, 255), width=4)
    draw.regular_polygon((100, 100, 30), 5, fill=(210, 20, 20, 255))
    img.save(path, format="PNG")
    return path


def jpeg_named_png(path: Path) -> Path:
    """A JPEG image under a .png name."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 30), (200, 200, 255)).save(buf, format="JPEG")
    path.write_bytes(buf.getvalue())
    return path


def forged_signer(folder: Path) -> Path:
    """A self-signed certificate in the name of the real signer (the same subject as
    :attr:`Pki.signer`'s), as anyone can make: its own key signs it, no CA vouches for it."""
    key = _key()
    name = _name(SIGNER_NAME, ISSUER_ORG)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(VALID[0]).not_valid_after(VALID[1])
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(signing=True), critical=True)
            .sign(key, hashes.SHA256()))
    out = folder / "forged.p12"
    out.write_bytes(pkcs12.serialize_key_and_certificates(
        b"key", key, cert, None,
        serialization.BestAvailableEncryption(PASSPHRASE.encode("utf-8"))))
    return out
