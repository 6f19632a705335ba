"""Signing documents as they are rendered (``render --sign``, ``batch --sign``): each PDF with
a signature block is signed in memory, before anything is written, by each key in the order
given (the signer, then the issuer with the seal), with the images the meeting file names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from briefgen.documents import Job
from briefgen.errors import InputError
from briefgen.signing.appearance import ROLES, Role
from briefgen.signing.keys import Key, load_key
from briefgen.signing.sign import Request, sign_pdf


@dataclass(frozen=True)
class SignAs:
    """One key to sign with, and in which role."""

    role: Role
    key: Key


def parse_sign(value: str) -> tuple[Role, Path, str | None]:
    """``ROLE=KEY.p12`` or ``ROLE=KEY.p12:VAR`` (VAR: the environment variable holding the
    key's passphrase; the passphrase itself never goes on the command line)."""
    role, sep, rest = value.partition("=")
    if not sep or role not in ROLES or not rest:
        raise ValueError(f"expected ROLE=KEY.p12[:VAR] with ROLE signer or issuer, got {value!r}")
    path, _, env = rest.partition(":")
    return cast(Role, role), Path(path), env or None


def load_signers(values: list[str], when: dt.datetime) -> list[SignAs]:
    """The keys, opened and checked for ``when`` (all before any rendering). ValueError for
    a value that is not ROLE=KEY.p12[:VAR]; InputError for a key that cannot sign then."""
    signs = []
    for value in values:
        role, path, env = parse_sign(value)
        key = load_key(path, env)
        key.check_for(when)
        signs.append(SignAs(role, key))
    roles = [s.role for s in signs]
    if len(set(roles)) != len(roles):
        raise InputError.single(Path(values[0]), "--sign: one key per role (signer, issuer)")
    return signs


def identity(signs: list[SignAs]) -> str:
    """What a batch fingerprint counts of the signing: roles and certificates, never keys."""
    return "|".join(f"{s.role}:{s.key.fingerprint.hex()}" for s in signs)


def finisher(signs: list[SignAs], when: dt.datetime) -> Callable[[Job, bytes], bytes]:
    """What signs a rendered job's bytes: PDFs whose document has a signature; the rest as
    they are."""

    def finish(job: Job, data: bytes) -> bytes:
        if job.fmt != "pdf" or not job.doc.signatures:
            return data
        block = job.doc.signatures[-1]
        for s in signs:
            art = block.image if s.role == "signer" else block.seal
            image = Path(art.path) if art else None
            data = sign_pdf(data, Path(job.file_name), Request(s.key, s.role, when, image=image))
        return data

    return finish
