"""Where a signature goes on the page and what it shows there.

briefgen's PDF renderer records each signature block of a document in the document
information dictionary (:data:`SIGNATURE_BLOCKS`, a JSON list): its page, the whole cell and
the empty space between the position line and the name line, in PDF points from the page's
bottom left. A signature is placed on that space, as Nghị định 30/2020/NĐ-CP, Phụ lục I asks:

- the signer's (người có thẩm quyền) on the signing space, showing the image of the signature
  and the signer's name, position and signing time;
- the body's (cơ quan, tổ chức) over the left third of that space, showing the seal and the
  body's name and the signing time in ISO 8601.

The text is set in the Times New Roman-compatible font fontconfig finds, embedded (subset).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from briefgen.errors import InputError
from briefgen.load.images import is_png, other_kind, over_limits
from briefgen.load.limits import MAX_IMAGE_BYTES, refuse_special

Role = Literal["signer", "issuer"]
ROLES: tuple[Role, ...] = ("signer", "issuer")
#: Each role as the signature dictionary's /Reason says it (``briefgen verify`` reads it back).
ROLE_REASONS: dict[Role, str] = {"signer": "Ký ban hành", "issuer": "Đóng dấu cơ quan"}

#: The document information key briefgen's PDF renderer records the signature blocks under
#: (briefgen.render.pdf.SIGNATURE_BLOCKS, spelt again here: importing the renderers would
#: cost every signing their start-up).
SIGNATURE_BLOCKS = "/BriefgenSignatureBlocks"
#: How far (points) the body's seal field reaches past the left third of the signing space.
SEAL_BLEED = 12.0

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Block:
    """One signature block as the renderer recorded it (``page`` 0-based)."""

    page: int
    box: Rect
    cell: Rect
    authority: str | None
    position: str
    name: str


@dataclass(frozen=True)
class Placement:
    """Where a new signature field goes: its page (0-based) and rectangle, and the block it
    was placed on (None for a rectangle given with --field)."""

    page: int
    rect: Rect
    block: Block | None
    number: int | None = None  # the block's, 1-based


def read_blocks(info: Any, file: Path) -> list[Block]:
    """The signature blocks recorded in a PDF's document information dictionary (a mapping,
    or None); [] when there is none."""
    raw = info.get(SIGNATURE_BLOCKS) if info is not None else None
    if raw is None:
        return []
    try:
        items = json.loads(str(raw))
        return [Block(page=int(b["page"]), box=_rect(b["box"]), cell=_rect(b["cell"]),
                      authority=b.get("authority"), position=str(b.get("position") or ""),
                      name=str(b.get("name") or "")) for b in items]
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError.single(file, f"the recorded signature blocks ({SIGNATURE_BLOCKS[1:]}) "
                                      f"are damaged: {exc}") from None


def _rect(value: Any) -> Rect:
    x1, y1, x2, y2 = (float(v) for v in value)
    return (x1, y1, x2, y2)


def parse_field(spec: str) -> tuple[int, Rect]:
    """``PAGE/X1,Y1,X2,Y2`` (PAGE 1-based) into (page 0-based, rectangle); ValueError with
    the reason otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*([^/]+)", spec)
    if not match:
        raise ValueError(f"expected PAGE/X1,Y1,X2,Y2 (e.g. 3/320,650,550,720), got {spec!r}")
    page = int(match.group(1))
    parts = match.group(2).split(",")
    try:
        x1, y1, x2, y2 = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"expected four numbers X1,Y1,X2,Y2 after the page, got "
                         f"{match.group(2)!r}") from None
    if page < 1:
        raise ValueError(f"pages are counted from 1, got {page}")
    if x2 <= x1 or y2 <= y1:
        raise ValueError(f"the rectangle {x1:g},{y1:g},{x2:g},{y2:g} is empty: X2 must be more "
                         "than X1 and Y2 more than Y1")
    return page - 1, (x1, y1, x2, y2)


def place(blocks: list[Block], role: Role, number: int | None, file: Path) -> Placement:
    """The field for ``role`` on block ``number`` (1-based; default the last block)."""
    if number is None:
        number = len(blocks)
    if not 1 <= number <= len(blocks):
        raise InputError.single(file, f"--block {number}: this document has {len(blocks)} "
                                      f"signature block{'s' if len(blocks) != 1 else ''} "
                                      f"(1 to {len(blocks)})")
    block = blocks[number - 1]
    return Placement(block.page, field_rect(block, role), block, number)


def field_rect(block: Block, role: Role) -> Rect:
    """The signer's field is the signing space; the body's covers the left third of it, a
    little larger (the seal lies over the signature's left third, Phụ lục I), inside the cell."""
    x1, y1, x2, y2 = block.box
    if role == "signer":
        return block.box
    cx1, cy1, cx2, cy2 = block.cell
    third = (x2 - x1) / 3
    return (max(cx1, x1 - SEAL_BLEED), max(cy1, y1 - SEAL_BLEED),
            min(cx2, x1 + third + SEAL_BLEED), min(cy2, y2 + SEAL_BLEED))


def check_png(path: Path) -> bytes:
    """The bytes of ``path``, refused unless they are a PNG image (by its magic bytes) within
    the limits a meeting file's images have."""
    refuse_special(path, "image")  # a pipe or a device is never read
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:  # refused before it is read
            raise InputError.single(path, over_limits(path.name, path.stat().st_size, b""))
        data = path.read_bytes()
    except OSError as exc:
        raise InputError.single(path, f"cannot read the image: {reason(exc)}") from None
    if not is_png(data):
        kind = other_kind(data)
        raise InputError.single(path, "not a PNG image" + (f" (it is {kind})" if kind else "")
                                + "; give the signature or seal image as a PNG with a "
                                "transparent background")
    too_large = over_limits(path.name, len(data), data)
    if too_large:
        raise InputError.single(path, too_large)
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
    except Exception as exc:  # Pillow raises many kinds on a damaged image
        raise InputError.single(path, f"the PNG image is damaged: {exc}") from None
    return data


def reason(exc: OSError) -> str:
    """An OSError in words, without the path (the message names the file already)."""
    return (exc.strerror or str(exc)).lower()


def signer_lines(name: str, position: str, when: dt.datetime) -> list[str]:
    """The signer's appearance text: name, position, signing time."""
    lines = [f"Ký bởi: {name}"]
    if position:
        lines.append(f"Chức vụ: {position}")
    lines.append(f"Thời gian ký: {when.strftime('%d/%m/%Y %H:%M:%S')} {_offset(when)}")
    return lines


def issuer_lines(organisation: str, when: dt.datetime) -> list[str]:
    """The body's appearance text: its name and the signing time in ISO 8601 (Phụ lục I)."""
    return [organisation, when.isoformat(timespec="seconds")]


def _offset(when: dt.datetime) -> str:
    text = when.strftime("%z")
    return f"{text[:3]}:{text[3:]}" if text else ""


def stamp_style(role: Role, rect: Rect, lines: list[str], image: bytes | None,
                font: Path) -> Any:
    """A pyHanko stamp style for the field ``rect``: the image (if any) and the text lines,
    in ``font`` (embedded). For the signer the image takes the left half and the text the
    right; for the body the seal fills the field above two lines of text."""
    import io

    from PIL import Image
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    width = rect[2] - rect[0]
    size = 8 if role == "signer" else 6
    text = TextBoxStyle(font=font_factory(font, size),
                        font_size=size, leading=size + 2,
                        text_color=(0.0, 0.0, 0.0),
                        box_layout_rule=SimpleBoxLayoutRule(
                            x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MID,
                            margins=Margins.uniform(0)))
    background = None
    if image is not None:
        picture: Image.Image = Image.open(io.BytesIO(image))
        if picture.mode not in ("RGB", "RGBA", "P", "PA", "L", "LA"):  # what pyHanko embeds
            picture = picture.convert("RGBA")
        # A fixed name: pyHanko would otherwise draw a random one (a reproducible signature
        # must not change with it).
        background = PdfImage(picture, name=role)
    mid = AxisAlignment.ALIGN_MID
    if role == "signer":
        half = int(width / 2) if background is not None else 0
        art = SimpleBoxLayoutRule(x_align=mid, y_align=mid, margins=Margins(2, half + 2, 2, 2),
                                  inner_content_scaling=InnerScaling.STRETCH_TO_FIT)
        words = SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN if background is not None else mid, y_align=mid,
            margins=Margins(half + 4, 2, 2, 2))
    else:
        words_height = 2 * (size + 2) + 2
        art = SimpleBoxLayoutRule(x_align=mid, y_align=AxisAlignment.ALIGN_MAX,
                                  margins=Margins(1, 1, 1, int(words_height)),
                                  inner_content_scaling=InnerScaling.STRETCH_TO_FIT)
        words = SimpleBoxLayoutRule(x_align=mid, y_align=AxisAlignment.ALIGN_MIN,
                                    margins=Margins(1, 1, 1, 1))
    return TextStampStyle(
        stamp_text="\n".join(line.replace("%", "%%") for line in lines),
        text_box_style=text, inner_content_layout=words, border_width=0,
        background=background, background_layout=art, background_opacity=1.0)


def font_factory(font: Path, size: int) -> Any:
    """A pyHanko font factory embedding a subset of ``font``, with its metrics right whatever
    the font's units per em.

    pyHanko (0.38) writes glyph widths (/W) and kerning in the font's own units, which PDF
    reads as thousandths of an em: right for a 1000-unit font, too wide for a 2048-unit one
    such as Liberation Serif (the letters of the stamp's text spread apart). Here HarfBuzz
    measures in thousandths of an em and the widths and font descriptor are scaled to match.
    """
    import io
    import logging

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    # fontTools tells of every font table it drops from the subset ("FFTM NOT subset")
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

    class Accumulator(GlyphAccumulator):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.font_units = upem = self.units_per_em
            self.units_per_em = 1000
            self.hb_font.scale = (1000, 1000)
            self.tt.recalcTimestamp = False  # the subset keeps the font's date, not today's
            descriptor = self.cidfont_obj._font_descriptor  # pyHanko has no accessor for it
            for key in ("/Ascent", "/Descent", "/CapHeight"):
                if key in descriptor:
                    descriptor[key] = generic.NumberObject(
                        round(int(descriptor[key]) * 1000 / upem))
            descriptor["/FontBBox"] = generic.ArrayObject(
                generic.NumberObject(round(int(v) * 1000 / upem))
                for v in descriptor["/FontBBox"])

        def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
            if glyph_id not in self._glyphs:
                cid, width = super()._get_cid_and_width(glyph_id)
                self._glyphs[glyph_id] = (cid, round(width * 1000 / self.font_units))
            return self._glyphs[glyph_id]

    data = font.read_bytes()

    class Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return Accumulator(writer=writer, font_handle=io.BytesIO(data),
                               font_size=self.font_size, obj_stream=obj_stream)

    return Factory(str(font), font_size=size)
