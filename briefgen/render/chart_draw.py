"""A tiny vector scene (rectangles, lines, text) written as inline SVG or rasterised to PNG.

The chart module lays its drawing out once, in points from the top-left corner, as a
`Scene`; this module writes that scene in both formats so they show the same picture:
`to_svg` as one hand-written ``<svg>`` element and `to_png` with Pillow's ImageDraw and
FreeType. Text is measured and drawn with Liberation Serif, metric-compatible with the
Times New Roman that the SVG names first.

Nothing here is thread-safe on its own (FreeType faces are shared): callers serialise.
"""

from __future__ import annotations

import functools
import html
import io
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageColor, ImageDraw, ImageFont

from briefgen.fonts import times_font

Face = Literal["regular", "bold", "italic"]
Anchor = Literal["start", "middle", "end"]

FONT_FAMILY = "'Times New Roman', 'Liberation Serif', serif"
HATCH_LW = 0.6  # hatch line width, pt
HATCH_PER_INCH = 6  # lines per inch per hatch character, as matplotlib draws them
_MEASURE_PX = 1000  # text is measured at this size and scaled, so hinting does not round it
_SUPERSAMPLE = 4  # hatch masks are drawn this many times larger, then reduced: smooth diagonals
# Hatch characters by the line family they add to: / and \ diagonals, - horizontal, | vertical.
_FAMILIES = {"/": "/x", "\\": "\\x", "-": "-+", "|": "|+"}
_SLUGS = {"/": "f", "\\": "b", "-": "h", "|": "v"}


@dataclass(frozen=True)
class Rect:
    kind: str  # what it shows ("segment", "count-box", "swatch"): for tests and readers
    x: float
    y: float
    w: float
    h: float
    fill: str  # "#rrggbb"
    hatch: str = ""  # matplotlib-style hatch: "xxx", "///", "---", ...
    edge: float = 0.0  # black outline width in pt, 0 for none


@dataclass(frozen=True)
class Line:
    kind: str
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    width: float


@dataclass(frozen=True)
class Text:
    kind: str  # "label", "count", "total", "tick", "legend", "message"
    x: float
    y: float  # the baseline
    text: str
    size: float  # pt
    face: Face = "regular"
    anchor: Anchor = "start"
    color: str = "#000000"


Item = Rect | Line | Text


@dataclass(frozen=True)
class Scene:
    width: float  # pt
    height: float  # pt
    title: str  # the accessible name
    items: tuple[Item, ...]  # in paint order


# -- fonts -----------------------------------------------------------------------------------

def font_file(face: Face) -> str:
    """The Times New Roman-compatible serif in the given face (Liberation Serif here)."""
    return str(times_font(face.capitalize()))


@functools.cache
def _measure_font(face: Face) -> ImageFont.FreeTypeFont:
    return _load(face, _MEASURE_PX)


@functools.lru_cache(maxsize=32)
def _raster_font(face: Face, px: float) -> ImageFont.FreeTypeFont:
    return _load(face, px)


def _load(face: Face, px: float) -> ImageFont.FreeTypeFont:
    # Basic layout, not Raqm: the same glyph advances whether or not libraqm is installed.
    return ImageFont.truetype(font_file(face), px, layout_engine=ImageFont.Layout.BASIC)


def text_width(text: str, size: float, face: Face = "regular") -> float:
    """The advance width of one line of text, in pt (no kerning, as Pillow's basic layout)."""
    return size * sum(_advance(face, cluster) for _, cluster in _clusters(text))


@functools.lru_cache(maxsize=4096)
def _advance(face: Face, cluster: str) -> float:
    """The advance of one glyph cluster, in ems, unhinted."""
    return _measure_font(face).getlength(cluster) / _MEASURE_PX


def _clusters(text: str) -> Iterator[tuple[int, str]]:
    """(index, characters) of each base character with the combining marks that follow it."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            yield start, text[start:i]
            start = i


# -- SVG -------------------------------------------------------------------------------------

def to_svg(scene: Scene) -> str:
    """The scene as one ``<svg>`` element (no prolog) sized in pt, text kept as text."""
    w, h = _num(scene.width), _num(scene.height)
    parts = [f'<svg role="img" aria-label="{_esc(scene.title)}" xmlns="http://www.w3.org/2000/svg" '
             f'width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}">']
    hatches = sorted({item.hatch for item in scene.items if isinstance(item, Rect) and item.hatch})
    if hatches:
        parts += ["<defs>", *(_svg_pattern(hatch) for hatch in hatches), "</defs>"]
    parts.append(f'<rect width="{w}" height="{h}" fill="#fff"/>')
    in_text = False
    for item in scene.items:
        if isinstance(item, Text) != in_text:
            in_text = not in_text
            parts.append(f'<g font-family="{_esc(FONT_FAMILY)}">' if in_text else "</g>")
        parts.append(_svg_item(item))
    parts.append("</g></svg>\n" if in_text else "</svg>\n")
    return "\n".join(parts)


def _svg_item(item: Item) -> str:
    if isinstance(item, Text):
        attrs = f'x="{_num(item.x)}" y="{_num(item.y)}" font-size="{_num(item.size)}"'
        if item.face == "bold":
            attrs += ' font-weight="bold"'
        elif item.face == "italic":
            attrs += ' font-style="italic"'
        if item.anchor != "start":
            attrs += f' text-anchor="{item.anchor}"'
        if item.color != "#000000":
            attrs += f' fill="{item.color}"'
        return f"<text {attrs}>{_esc(item.text)}</text>"
    if isinstance(item, Line):
        return (f'<line x1="{_num(item.x1)}" y1="{_num(item.y1)}" x2="{_num(item.x2)}" '
                f'y2="{_num(item.y2)}" stroke="{item.color}" stroke-width="{_num(item.width)}"/>')
    box = f'x="{_num(item.x)}" y="{_num(item.y)}" width="{_num(item.w)}" height="{_num(item.h)}"'
    edge = f' stroke="#000" stroke-width="{_num(item.edge)}"' if item.edge else ""
    if not item.hatch:
        return f'<rect {box} fill="{item.fill}"{edge}/>'
    # The face, then the hatch over it, outlined last so the hatch does not cover the edge.
    return f'<rect {box} fill="{item.fill}"/><rect {box} fill="url(#{_pattern_id(item.hatch)})"{edge}/>'


def _svg_pattern(hatch: str) -> str:
    """A tile of hatch lines in user space, so the hatches of all bars line up as in the PNG."""
    p = hatch_period(hatch, "/")  # the tile: one diagonal period, two straight ones
    n, q, r = _num(p), _num(p / 4), _num(3 * p / 4)
    paths = {
        "/": f"M0 {n}L{n} 0M-1 1L1 -1M{_num(p - 1)} {_num(p + 1)}L{_num(p + 1)} {_num(p - 1)}",
        "\\": f"M0 0L{n} {n}M-1 {_num(p - 1)}L1 {_num(p + 1)}M{_num(p - 1)} -1L{_num(p + 1)} 1",
        "-": f"M0 {q}H{n}M0 {r}H{n}",
        "|": f"M{q} 0V{n}M{r} 0V{n}",
    }
    d = "".join(paths[family] for family in hatch_families(hatch))
    return (f'<pattern id="{_pattern_id(hatch)}" patternUnits="userSpaceOnUse" width="{n}" height="{n}">'
            f'<path d="{d}" stroke="#000" stroke-width="{_num(HATCH_LW)}" fill="none"/></pattern>')


def _pattern_id(hatch: str) -> str:
    # Named after the hatch alone: two charts inlined in one page share identical patterns.
    return "briefgen-hatch-" + "".join(_SLUGS[f] for f in hatch_families(hatch)) + str(_density(hatch))


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# -- hatches ---------------------------------------------------------------------------------

def hatch_families(hatch: str) -> list[str]:
    """The line families ("/", "\\", "-", "|") a matplotlib-style hatch string draws."""
    return [family for family, chars in _FAMILIES.items() if any(c in chars for c in hatch)]


def _density(hatch: str) -> int:
    return max((sum(hatch.count(c) for c in chars) for chars in _FAMILIES.values()), default=1)


def hatch_period(hatch: str, family: str) -> float:
    """Distance between two lines of a family along x (or y), in pt, as matplotlib spaces them:
    diagonals 2 / (6 n) inch apart ("xxx" gives 8 pt), straight lines 1 / (6 n) inch."""
    share = 2 if family in "/\\" else 1
    return 72 * share / (HATCH_PER_INCH * _density(hatch))


# -- PNG -------------------------------------------------------------------------------------

def to_png(scene: Scene, dpi: int) -> bytes:
    """The scene as a greyscale PNG at dpi, white background, without metadata but its dpi."""
    s = dpi / 72
    img = Image.new("L", (round(scene.width * s), round(scene.height * s)), 255)
    draw = ImageDraw.Draw(img)
    for item in scene.items:
        if isinstance(item, Rect):
            _png_rect(img, draw, item, s)
        elif isinstance(item, Line):
            _png_line(draw, item, s)
        else:
            _png_text(draw, item, s)
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def _grey(color: str) -> int:
    value = ImageColor.getcolor(color, "L")
    return value if isinstance(value, int) else value[0]


def _png_text(draw: ImageDraw.ImageDraw, text: Text, s: float) -> None:
    """Draw text glyph cluster by glyph cluster at the unhinted positions the layout measured.

    Hinting rounds each advance to whole pixels, which at 150 dpi makes a 28-letter label
    some 3 pt wider than measured; placed one by one, the glyphs keep the measured width
    (and the SVG's), while each is still hinted for a crisp outline.
    """
    font, fill = _raster_font(text.face, text.size * s), _grey(text.color)
    width = text_width(text.text, text.size, text.face)
    x = (text.x - {"start": 0.0, "middle": width / 2, "end": width}[text.anchor]) * s
    em = text.size * s
    for _, cluster in _clusters(text.text):
        if not cluster.isspace():
            draw.text((x, text.y * s), cluster, fill=fill, font=font, anchor="ls")
        x += _advance(text.face, cluster) * em


def _png_rect(img: Image.Image, draw: ImageDraw.ImageDraw, rect: Rect, s: float) -> None:
    x0, y0 = round(rect.x * s), round(rect.y * s)
    x1, y1 = round((rect.x + rect.w) * s), round((rect.y + rect.h) * s)
    if x1 > x0 and y1 > y0:
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=_grey(rect.fill))
        if rect.hatch:
            img.paste(0, (x0, y0, x1, y1), _hatch_mask(rect.hatch, (x0, y0, x1, y1), s))
    if rect.edge:
        # Pixel-snapped strokes centred on the edges, so neighbouring segments share theirs.
        lw = max(1, round(rect.edge * s))
        lo = lw // 2
        for box in ((x0 - lo, y0 - lo, x1 - lo + lw - 1, y0 - lo + lw - 1),
                    (x0 - lo, y1 - lo, x1 - lo + lw - 1, y1 - lo + lw - 1),
                    (x0 - lo, y0 - lo, x0 - lo + lw - 1, y1 - lo + lw - 1),
                    (x1 - lo, y0 - lo, x1 - lo + lw - 1, y1 - lo + lw - 1)):
            draw.rectangle(box, fill=0)


def _png_line(draw: ImageDraw.ImageDraw, line: Line, s: float) -> None:
    lw = max(1, round(line.width * s))
    lo = lw // 2
    x1, y1, x2, y2 = (round(v * s) for v in (line.x1, line.y1, line.x2, line.y2))
    if x1 == x2:  # vertical: a snapped column of pixels
        draw.rectangle((x1 - lo, min(y1, y2), x1 - lo + lw - 1, max(y1, y2)), fill=_grey(line.color))
    elif y1 == y2:
        draw.rectangle((min(x1, x2), y1 - lo, max(x1, x2), y1 - lo + lw - 1), fill=_grey(line.color))
    else:
        draw.line((x1, y1, x2, y2), fill=_grey(line.color), width=lw)


def _hatch_mask(hatch: str, box: tuple[int, int, int, int], s: float) -> Image.Image:
    """The hatch lines clipped to box, as an antialiased mask aligned to the page-wide lattice."""
    k = _SUPERSAMPLE
    x0, y0, x1, y1 = (v * k for v in box)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    draw = ImageDraw.Draw(mask)
    lw = max(1, round(HATCH_LW * s * k))
    for family in hatch_families(hatch):
        for points in _lattice(family, (x0, y0, x1, y1), hatch_period(hatch, family) * s * k, lw):
            draw.line(points, fill=255, width=lw)
    return mask.reduce(k)


def _lattice(family: str, box: tuple[int, int, int, int], period: float,
             pad: int) -> Iterator[tuple[float, float, float, float]]:
    """Lines of one family crossing box, in box coordinates, on the lattice page-wide.

    "/" lines are x + y = n * period, "\\" lines x - y = n * period (y down), "-" and "|"
    sit half a period off the axes, as the SVG pattern tiles draw them.
    """
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    origin = {"/": x0 + y0, "\\": x0 - y0, "-": y0 - period / 2, "|": x0 - period / 2}[family]
    span = {"/": w + h, "\\": w + h, "-": h, "|": w}[family]
    low = {"/": 0, "\\": -h, "-": 0, "|": 0}[family]
    first = math.floor((origin + low - pad) / period)
    last = math.ceil((origin + low + span + pad) / period)
    for i in range(first, last + 1):
        c = i * period - origin  # the line's constant, relative to the box corner
        if family == "/":
            yield (c + pad, -pad, c - h - pad, h + pad)
        elif family == "\\":
            yield (c - pad, -pad, c + h + pad, h + pad)
        elif family == "-":
            yield (-pad, c, w + pad, c)
        else:
            yield (c, -pad, c, h + pad)
