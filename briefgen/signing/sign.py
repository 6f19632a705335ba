"""Signing PDFs: a PAdES baseline signature (B-B, or B-T with a timestamp authority) added as
an incremental update, so that a signature made before stays valid.

Every file is checked and signed in memory first; only then are the signed files written,
each to a temporary file beside its target, synced, and moved into place. An error in any of
them writes nothing.

With a fixed signing time the same inputs and key give the same bytes: pyHanko's random
choices (the document ID's second half, the font subset's name prefix, image names) are
drawn from the inputs here. RSA PKCS#1 v1.5 signatures are deterministic; ECDSA ones are not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import DocumentMetadata
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.common_utils import TimestampRequestError

from briefgen.errors import EnvironmentFault, InputError
from briefgen.fonts import times_font
from briefgen.publish import fsync_dir
from briefgen.signing.appearance import (
    ROLE_REASONS,
    Placement,
    Role,
    check_png,
    issuer_lines,
    parse_field,
    place,
    read_blocks,
    signer_lines,
    stamp_style,
)
from briefgen.signing.keys import Key


@dataclass(frozen=True)
class Request:
    """What to sign with, as the command line gave it."""

    key: Key
    role: Role
    when: dt.datetime  # the signing time, timezone-aware
    block: int | None = None  # 1-based; None: the last one
    field: str | None = None  # PAGE/X1,Y1,X2,Y2
    image: Path | None = None
    timestamp_url: str | None = None


@dataclass(frozen=True)
class Signed:
    """One file signed: where it was written and where its signature lies."""

    source: Path
    target: Path
    placement: Placement
    field_name: str


def signing_time(value: str | None) -> dt.datetime:
    """``--signing-time`` (ISO 8601; without an offset, the machine's local time) or now."""
    if value is None:
        return dt.datetime.now().astimezone().replace(microsecond=0)
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"expected an ISO 8601 time such as 2025-05-22T10:30:00+07:00, "
                         f"got {value!r}") from None
    return when if when.tzinfo is not None else when.astimezone()


def sign_files(files: list[Path], request: Request, out_dir: Path | None = None) -> list[Signed]:
    """Sign every file (in place, or into ``out_dir``); all or none are written."""
    targets = [(out_dir / f.name) if out_dir is not None else f for f in files]
    seen: dict[Path, Path] = {}
    for file, target in zip(files, targets, strict=True):
        other = seen.setdefault(target.resolve(), file)
        if other is not file:
            raise InputError.single(file, "this file is given twice" if other.resolve() ==
                                    file.resolve() else f"{other} has the same name, and both "
                                    f"would be written to {target}: sign them one at a time")
    request.key.check_for(request.when)
    image = check_png(request.image) if request.image is not None else None
    font = times_font()
    signed: list[tuple[Signed, bytes]] = []
    for file, target in zip(files, targets, strict=True):
        data = read_pdf(file)
        placement, field_name = _prepare(data, file, request)
        result = _sign(data, request, placement, field_name, image, font, file)
        signed.append((Signed(file, target, placement, field_name), result))
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EnvironmentFault.from_os_error(exc, out_dir) from None
    write_atomically([(s.target, data, s.source) for s, data in signed])
    return [s for s, _ in signed]


def read_pdf(file: Path) -> bytes:
    """The bytes of ``file``, refused unless it is a PDF (a regular file, at most
    :data:`MAX_ARCHIVE_BYTES`: never a pipe or a device read without end)."""
    from briefgen.load.limits import MAX_ARCHIVE_BYTES, too_large_file

    try:
        if file.exists() and not file.is_dir() and not file.is_file():
            raise InputError.single(file, "not a regular file (a pipe or a device); give the "
                                    "PDF file itself")
        if file.is_file() and (size := file.stat().st_size) > MAX_ARCHIVE_BYTES:
            raise InputError.single(file, too_large_file(size, MAX_ARCHIVE_BYTES, "PDF"))
        data = file.read_bytes()
    except IsADirectoryError:
        raise InputError.single(file, "this is a folder, not a PDF file") from None
    except OSError as exc:
        raise InputError.single(file, f"cannot read the file: {(exc.strerror or str(exc)).lower()}"
                                ) from None
    if b"%PDF-" not in data[:1024]:
        raise InputError.single(file, "not a PDF file (it does not start with %PDF-)")
    return data


def sign_pdf(data: bytes, file: Path, request: Request) -> bytes:
    """``data`` (the PDF ``file`` will hold) with one more signature: for ``render --sign``,
    which signs documents before they are written. The key must have been checked."""
    image = check_png(request.image) if request.image is not None else None
    placement, field_name = _prepare(data, file, request)
    return _sign(data, request, placement, field_name, image, times_font(), file)


def _prepare(data: bytes, file: Path, request: Request) -> tuple[Placement, str]:
    """Where the signature of ``data`` goes, and the new field's name."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        pages = int(reader.root["/Pages"]["/Count"])
        info = reader.trailer["/Info"] if "/Info" in reader.trailer else None  # noqa: SIM401
        names = [str(name) for name, _, _ in fields.enumerate_sig_fields(reader)]
    except Exception as exc:  # pyHanko raises many kinds on a damaged file
        raise InputError.single(file, f"not a readable PDF: {exc}") from None
    if getattr(reader, "encrypted", False):
        raise InputError.single(file, "the PDF is encrypted; briefgen signs only unencrypted PDFs")
    blocks = read_blocks(info, file)
    if request.field is not None:
        try:
            page, rect = parse_field(request.field)
        except ValueError as exc:
            raise InputError.single(file, f"--field: {exc}") from None
        placement = Placement(page, rect, None)
    elif not blocks:
        raise InputError.single(file, f"{file} was not made by briefgen (no recorded signature "
                                      "block): give --field PAGE/X1,Y1,X2,Y2")
    else:
        placement = place(blocks, request.role, request.block, file)
    if placement.page >= pages:
        raise InputError.single(file, f"the signature goes on page {placement.page + 1}, but the "
                                      f"PDF has {pages} page{'s' if pages != 1 else ''}")
    number = 1
    while f"{request.role}-{number}" in names:
        number += 1
    return placement, f"{request.role}-{number}"


def _sign(data: bytes, request: Request, placement: Placement, field_name: str,
          image: bytes | None, font: Path, file: Path) -> bytes:
    """``data`` with one more signature, as bytes."""
    key, when = request.key, request.when
    if request.role == "signer":
        position = placement.block.position if placement.block is not None else ""
        lines = signer_lines(key.name, position, when)
    else:
        lines = issuer_lines(key.organisation, when)
    style = stamp_style(request.role, placement.rect, lines, image, font)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=ROLE_REASONS[request.role], name=key.name)
    spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=placement.page,
                               box=placement.rect,  # type: ignore[arg-type]  # floats are fine
                               readable_field_name=ROLE_REASONS[request.role])
    timestamper = None
    if request.timestamp_url:
        from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper

        timestamper = HTTPTimeStamper(request.timestamp_url)
    signer = _TimedSigner(meta, key.signer, when=when, timestamper=timestamper,
                          stamp_style=style, new_field_spec=spec)
    seed = hashlib.sha256(b"\0".join([
        hashlib.sha256(data).digest(), key.fingerprint, request.role.encode(),
        when.isoformat().encode(), repr(placement.rect).encode(), image or b""])).digest()
    try:
        writer = _PinnedWriter(data, when, seed)
        with _seeded(seed):
            out = signer.sign_pdf(writer)
    except TimestampRequestError as exc:
        raise InputError.single(file, f"--timestamp-url: the timestamp authority "
                                      f"{request.timestamp_url} gave no timestamp: {exc}") from None
    except (PdfError, ValueError) as exc:  # a PDF pyHanko cannot update, a field it refuses
        raise InputError.single(file, f"cannot sign: {exc}") from None
    return bytes(out.getvalue())


class _TimedSigner(signers.PdfSigner):
    """A pyHanko ``PdfSigner`` whose signing time is the one given, not the clock's."""

    def __init__(self, meta: signers.PdfSignatureMetadata, signer: signers.Signer, *,
                 when: dt.datetime, **kwargs: Any) -> None:
        super().__init__(meta, signer, **kwargs)
        self.when = when

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self.when
        return session


class _PinnedMetadata(DocumentMetadata):
    """Document metadata whose modification time stays the signing time (pyHanko sets it to
    the clock's on every write)."""

    pinned: dt.datetime | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "last_modified" and self.pinned is not None:
            value = self.pinned
        super().__setattr__(name, value)


class _PinnedWriter(IncrementalPdfFileWriter):
    """An incremental writer over ``data`` whose modification date is ``when`` and whose
    document ID is drawn from ``seed``, where pyHanko would take the clock and random bytes."""

    def __init__(self, data: bytes, when: dt.datetime, seed: bytes) -> None:
        super().__init__(io.BytesIO(data), strict=False)
        meta = _PinnedMetadata()
        meta.pinned = when
        meta.last_modified = when
        self._meta = meta
        first = self._document_id[0]
        if "/ID" not in self.prev.trailer:
            first = generic.ByteStringObject(hashlib.sha256(data).digest()[:16])
        self._document_id = generic.ArrayObject([first, generic.ByteStringObject(seed[:16])])


@contextlib.contextmanager
def _seeded(seed: bytes) -> Iterator[None]:
    """Python's global random generator seeded from ``seed`` (pyHanko names font subsets with
    it), put back as it was afterwards."""
    state = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(state)


def write_atomically(files: list[tuple[Path, bytes, Path]]) -> None:
    """Write each (target, data, source) to a temporary file beside its target, sync it, then
    move them all into place; the source's permissions are kept. Environment faults name the
    target."""
    staged: list[tuple[Path, Path]] = []
    current = files[0][0] if files else Path(".")
    try:
        for target, data, source in files:
            current = target
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
            staged.append((Path(name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            mode = 0o644
            with contextlib.suppress(OSError):
                mode = (target if target.exists() else source).stat().st_mode & 0o777
            os.chmod(name, mode)
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
        for folder in {t.parent for _, t in staged}:
            with contextlib.suppress(OSError):
                fsync_dir(folder)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise EnvironmentFault.from_os_error(exc, current) from None
