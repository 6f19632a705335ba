"""Sizes that keep a header line whole in its column (a name on the lines the clerk gave,
the place-and-date line): each line measured with the advance widths of the serif the
documents are set in, and set a half point smaller at a time, down to the profile's
``header.smallest_pt``, until the widest fits."""

from __future__ import annotations

import functools
import itertools
import unicodedata
from typing import Any

from briefgen.fonts import times_font
from briefgen.model.profile import Profile

A4_WIDTH_MM = 210.0
PT_PER_MM = 72 / 25.4
#: The share of a column a line may fill: room for what measuring leaves out (kerning, the
#: layout engines' rounding).
FILL = 0.98


@functools.cache
def _metrics(style: str) -> tuple[dict[int, str], Any, int]:
    from fontTools.ttLib import TTFont

    font = TTFont(times_font(style), lazy=True)
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def width_pt(text: str, pt: float, bold: bool = False, italic: bool = False) -> float:
    """The printed width of ``text`` at ``pt`` points."""
    style = ("Bold " if bold else "") + ("Italic" if italic else "") or "Regular"
    cmap, hmtx, per_em = _metrics(style.strip())
    glyphs = (cmap.get(ord(ch)) or cmap.get(0x20) for ch in unicodedata.normalize("NFC", text))
    return sum(hmtx[g][0] for g in glyphs if g) / per_em * pt


def header_columns_pt(profile: Profile) -> tuple[float, float]:
    """The widths of the header's left (issuing body) and right (national lines, date)
    columns, in points, as the HTML and Word templates lay them out."""
    page, header = profile.page, profile.header
    width = A4_WIDTH_MM - page.margin_left_mm - page.margin_right_mm + header.outdent_mm
    left = width * header.left_share
    return left * PT_PER_MM, (width - left) * PT_PER_MM


def fitting_pt(lines: list[str], pt: float, column: float, smallest: float,
               bold: bool = False, italic: bool = False) -> float:
    """The largest size from ``pt`` down to ``smallest`` (half points) at which every line
    fits ``column`` points; ``smallest`` where none does."""
    size = pt
    while size > smallest and max(width_pt(line, size, bold, italic) for line in lines) > column * FILL:
        size -= 0.5
    return max(size, smallest)


def name_lines(runs: list[str], pt: float, column: float, smallest: float,
               bold: bool = False) -> tuple[list[str], float]:
    """A name's phrases (``runs``, each kept whole on its line) set on the fewest lines
    ``column`` points hold, at the largest size from ``pt`` down to ``smallest`` (half
    points) that needs no more lines; at that size, as even as the phrases allow (the least
    room left, squared), so that no short phrase stands alone on a line it could share."""
    best: tuple[list[str], float] | None = None
    size = pt
    while True:
        lines = _even_lines(runs, size, column * FILL, bold)
        if best is None or len(lines) < len(best[0]):
            best = lines, size
        if size <= smallest:
            return best
        size = max(size - 0.5, smallest)


def _even_lines(runs: list[str], pt: float, room: float, bold: bool) -> list[str]:
    """``runs`` grouped into lines of at most ``room`` points (a run wider alone on its own),
    fewest lines first, then least squared room left: a shortest path over the cuts."""
    n = len(runs)
    best: list[tuple[int, float, int]] = [(0, 0.0, 0)] + [(n + 1, 0.0, 0)] * n  # lines, cost, cut
    for end in range(1, n + 1):
        for start in range(end):
            width = width_pt(" ".join(runs[start:end]), pt, bold)
            if width > room and end - start > 1:
                continue
            lines, cost, _ = best[start]
            here = (lines + 1, cost + max(room - width, 0.0) ** 2, start)
            if here[:2] < best[end][:2]:
                best[end] = here
    cuts, end = [], n
    while end:
        cuts.append(end)
        end = best[end][2]
    bounds = [0, *reversed(cuts)]
    return [" ".join(runs[a:b]) for a, b in itertools.pairwise(bounds)]
