"""What a signature or seal image must be, wherever it is given (the meeting file's
``signature_image``/``seal_image``, ``briefgen sign --image``): a PNG, by its first bytes
whatever its name says, within the size limits (:mod:`briefgen.load.limits`)."""

from __future__ import annotations

from briefgen.load.limits import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HEAD_BYTES = 24  # the signature and the IHDR chunk, which gives the size in pixels
_OTHER_KINDS = ((b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"%PDF-", "a PDF"),
                (b"BM", "a BMP image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"))


def is_png(head: bytes) -> bool:
    return head.startswith(PNG_MAGIC)


def other_kind(head: bytes) -> str:
    """What a file that is not a PNG is, by its first bytes ('' when unknown)."""
    for magic, kind in _OTHER_KINDS:
        if head.startswith(magic):
            return kind
    return "a WebP image" if head[8:12] == b"WEBP" else ""


def over_limits(name: str, size: int, head: bytes) -> str:
    """Why a PNG of ``size`` bytes starting with ``head`` is too large ('' when it is not)."""
    if size > MAX_IMAGE_BYTES:
        return (f"'{name}' is {size:,} bytes; an image may have at most "
                f"{MAX_IMAGE_BYTES:,} bytes ({MAX_IMAGE_BYTES // 1_000_000} MB)")
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if not (0 < width <= MAX_IMAGE_PIXELS and 0 < height <= MAX_IMAGE_PIXELS):
        return (f"'{name}' is {width:,}×{height:,} pixels; an image may have at most "
                f"{MAX_IMAGE_PIXELS:,} pixels a side")
    return ""
