"""Signature and seal images at their real size, placed as Nghị định 30/2020/NĐ-CP,
Phụ lục I places them: the signature centred between the position line and the name, the
seal over about the left third of the signature."""

from __future__ import annotations

import base64
from dataclasses import replace
from functools import cache
from pathlib import Path

from briefgen.model.profile import Profile
from briefgen.view.model import SignatureView, SignImage

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH
DEFAULT_DPI = 300.0  # a PNG that does not say its resolution: a scanner's usual setting


@cache
def sign_image(path: Path, max_mm: float) -> SignImage:
    """The PNG at ``path`` at the size its resolution gives, scaled down to ``max_mm`` wide."""
    from PIL import Image

    data = path.read_bytes()
    with Image.open(path) as img:
        width, height = img.size
        dpi = img.info.get("dpi") or (DEFAULT_DPI, DEFAULT_DPI)
    dpi_x, dpi_y = (float(d) or DEFAULT_DPI for d in dpi)
    w_mm, h_mm = width / dpi_x * MM_PER_INCH, height / dpi_y * MM_PER_INCH
    scale = min(1.0, max_mm / w_mm)
    return SignImage(path=str(path), src="data:image/png;base64," + base64.b64encode(data).decode(),
                     width_mm=round(w_mm * scale, 2), height_mm=round(h_mm * scale, 2))


def with_images(s: SignatureView, signature: Path | None, seal: Path | None, p: Profile
                ) -> SignatureView:
    """``s`` with its images and their placement in the signing space (the profile's room to
    sign, or the signature's or the seal's height if taller)."""
    if signature is None and seal is None:
        return s
    image = sign_image(signature, p.signer.signature_max_mm) if signature else None
    stamp = sign_image(seal, p.signer.seal_max_mm) if seal else None
    # The signing space holds both images whole: a seal taller than the room to sign would
    # otherwise reach over the position line above it (docs/proof.md, image-over-text).
    space = max(p.layout.space.signature_pt / PT_PER_MM, image.height_mm if image else 0,
                stamp.height_mm if stamp else 0)
    art_width = image.width_mm if image else (stamp.width_mm if stamp else 0)
    image_top = (space - (image.height_mm if image else 0)) / 2
    seal_left = seal_top = 0.0
    if stamp:
        # The seal's right edge that part of the way into the signature; centred in height.
        seal_left = art_width * p.signer.seal_over - stamp.width_mm if image else 0.0
        seal_top = (space - stamp.height_mm) / 2
    return replace(s, image=image, seal=stamp, space_mm=round(space, 2),
                   art_width_mm=round(art_width, 2), image_top_mm=round(image_top, 2),
                   seal_left_mm=round(seal_left, 2), seal_top_mm=round(seal_top, 2),
                   seal_below_image_mm=round(seal_top - image_top, 2))
