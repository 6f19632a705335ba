"""The "task status by unit" chart: stacked horizontal bars, SVG for HTML and PNG for PDF/DOCX.

The geometry (rows, wrapped labels, bar segments, axis ticks, legend, which counts fit in
their segment) is computed once in plain Python, text measured with FreeType on Liberation
Serif; `chart_draw` then writes it as a hand-written SVG or rasterises it with Pillow. No
matplotlib: a chart costs milliseconds, and a worker pays no plotting-library import.

Documents are printed in black and white, so statuses differ by grey level and hatching,
never by hue alone. The same data gives the same bytes in both formats.
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.render.chart_draw import Face, Item, Line, Rect, Scene, Text, text_width, to_png, to_svg
from briefgen.view.model import ChartData

__all__ = ["WRAP", "ChartData", "chart_geometry", "chart_png", "chart_svg"]

WRAP = 28  # characters per line of a unit label
UNIT_IN = 0.45  # height per one- or two-line unit row
LINE_IN = 0.17  # extra height per label line beyond two
MARGIN_IN = 0.95  # axis and padding
LEGEND_ROW_IN = 0.2
MAX_HEIGHT_IN = 24 / 2.54  # never taller than a printed page's text block
EMPTY_HEIGHT_IN = 0.8
LABEL_PT = 10
COUNT_PT = 9
LEGEND_PT = COUNT_PT + 0.5
BOX_PAD = 0.3  # white box round a count on hatching, in font sizes
LEGEND_COLS = 3  # the longest status ("Đang thực hiện theo lộ trình") allows three

# Points, as matplotlib's constrained layout placed things before.
PAD = 3.0  # figure edge to anything drawn
LABEL_GAP = 4.0  # unit label to the axis
TICK_LEN, TICK_GAP = 3.5, 3.5  # x ticks below the axis, tick to its label
BAR_SHARE = 0.62  # bar height over UNIT_IN
TOTAL_GAP = 3.0  # bar end to its bold total
COUNT_SIDE = 3.0  # room a count needs beside its digits inside a segment
SPINE_PT, EDGE_PT, GRID_PT = 0.8, 0.6, 0.5
GRID = "#bfbfbf"
LEGEND_BOTTOM = 4.75  # figure bottom to the legend box
LEGEND_GAP = 4.25  # legend box to the tick labels
LEGEND_BORDER = 0.4  # in legend font sizes, inside the (invisible) legend frame
LEGEND_LINE = 1.0586  # one legend row's text height, in font sizes
LEGEND_SPACING = 0.5  # between legend rows, in font sizes
SWATCH_W, SWATCH_H = 1.8, 0.96  # in legend font sizes
SWATCH_GAP, COLUMN_GAP = 0.8, 1.2  # swatch to label, column to column, in legend font sizes
LINE_PITCH = 1.33  # baseline to baseline of a wrapped label, in font sizes
CENTRE_DROP = 0.33  # baseline below the centre of a line of digits and capitals, in font sizes
TEXT_BOX = 1.0  # height of a count's text box, in font sizes
ASCENT = 0.77  # top of a tick label's box above its baseline, in font sizes
TICK_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)  # MaxNLocator's default steps
TICK_BINS = 10

# (face, hatch, count-label colour) by status position; hatches tell the statuses apart
# when a printer flattens the greys.
STYLES: list[tuple[str, str, str]] = [
    ("#404040", "", "#ffffff"),     # done
    ("#a6a6a6", "", "#000000"),     # on track
    ("#ffffff", "xxx", "#000000"),  # late: the densest mark, it is what readers look for
    ("#e0e0e0", "///", "#000000"),  # at risk
    ("#ffffff", "", "#000000"),     # not started: an empty box
]
EXTRA_HATCHES = ["\\\\\\", "---", "|||", "+++"]

# Characters XML 1.0 cannot carry even escaped; they would make the inlined SVG ill-formed.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# FreeType faces are shared between threads; a chart takes milliseconds, so one at a time.
_LOCK = threading.Lock()


@functools.lru_cache(maxsize=16)
def chart_svg(data: ChartData) -> str:
    """The chart as one ``<svg>`` element (no prolog), text as ``<text>``, ready to inline."""
    scene = chart_geometry(data)
    return to_svg(scene)


@functools.lru_cache(maxsize=16)
def chart_png(data: ChartData, dpi: int = 150) -> bytes:
    """The chart as a greyscale PNG data.width_mm wide at dpi, without metadata."""
    scene = chart_geometry(data)
    with _LOCK:
        return to_png(scene, dpi)


@functools.lru_cache(maxsize=16)
def chart_geometry(data: ChartData) -> Scene:
    """Everything the chart draws, in points from the top-left corner, in paint order."""
    _check(data)
    with _LOCK:
        return _empty(data) if not data.units else _bars_chart(data)


def _clean(text: str) -> str:
    # Stripped first, so a dropped character cannot leave a mark unjoined to its letter; NFC:
    # one precomposed glyph per Vietnamese letter, not a base with stacked marks.
    return unicodedata.normalize("NFC", _XML_INVALID.sub("", text))


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _check(data: ChartData) -> None:
    if len(data.counts) != len(data.units):
        raise ValueError(f"chart: {len(data.units)} units but {len(data.counts)} count rows")
    for unit, row in zip(data.units, data.counts, strict=True):
        if len(row) != len(data.statuses):
            raise ValueError(f"chart: {unit!r} has {len(row)} counts for {len(data.statuses)} statuses")
        if any(n < 0 for n in row):
            raise ValueError(f"chart: {unit!r} has a negative count")


def _style(j: int) -> tuple[str, str, str]:
    if j < len(STYLES):
        return STYLES[j]
    return ("#ffffff", EXTRA_HATCHES[(j - len(STYLES)) % len(EXTRA_HATCHES)], "#000000")


def _pt(mm: float) -> float:
    """Millimetres in points."""
    return mm / 25.4 * 72


# -- the empty chart -------------------------------------------------------------------------

def _empty(data: ChartData) -> Scene:
    """A small figure with the title in italics, centred, wrapped to the width."""
    width, height = _pt(data.width_mm), EMPTY_HEIGHT_IN * 72
    lines = _fit_lines(_one_line(data.title), width - 2 * PAD, LABEL_PT, "italic")
    top = height / 2 - (len(lines) - 1) * LINE_PITCH * LABEL_PT / 2
    items = tuple(Text("message", width / 2, top + i * LINE_PITCH * LABEL_PT + CENTRE_DROP * LABEL_PT,
                       line, LABEL_PT, "italic", "middle") for i, line in enumerate(lines))
    return Scene(width, height, _clean(data.title), items)


def _fit_lines(text: str, room: float, size: float, face: Face) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, face) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


# -- the bar chart ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Frame:
    """The plot area in pt, and the data range it shows."""

    left: float
    top: float
    right: float
    bottom: float
    xmax: float  # data value at the right edge
    ymax: float  # sum of row heights (in inches of the old layout) at the bottom edge

    def x(self, value: float) -> float:
        return self.left + value / self.xmax * (self.right - self.left)

    def y(self, value: float) -> float:
        return self.top + value / self.ymax * (self.bottom - self.top)


def _bars_chart(data: ChartData) -> Scene:
    labels = [textwrap.wrap(_clean(unit), WRAP) for unit in data.units]
    rows = [UNIT_IN + LINE_IN * max(0, len(lines) - 2) for lines in labels]
    statuses = [_one_line(s) for s in data.statuses]
    legend_rows = -(-len(statuses) // LEGEND_COLS)
    width = _pt(data.width_mm)
    height = min(MAX_HEIGHT_IN, MARGIN_IN + sum(rows) + LEGEND_ROW_IN * legend_rows) * 72
    totals = [sum(row) for row in data.counts]
    frame = _frame(labels, rows, totals, width, height, legend_rows)
    centres = [frame.y(sum(rows[:i]) + rows[i] / 2) for i in range(len(rows))]
    ticks = _ticks(frame.xmax)

    shapes: list[Item] = [Line("grid", frame.x(t), frame.top, frame.x(t), frame.bottom, GRID, GRID_PT)
                          for t in ticks]
    texts: list[Item] = []
    bar_h = frame.y(UNIT_IN * BAR_SHARE) - frame.top
    for counts, total, yc in zip(data.counts, totals, centres, strict=True):
        _bar(shapes, texts, frame, counts, yc, bar_h)
        texts.append(Text("total", frame.x(total) + TOTAL_GAP, yc + CENTRE_DROP * COUNT_PT, str(total),
                          COUNT_PT, "bold"))
    _axes(shapes, texts, frame, ticks)
    for lines, yc in zip(labels, centres, strict=True):
        first = yc - (len(lines) - 1) * LINE_PITCH * LABEL_PT / 2 + CENTRE_DROP * LABEL_PT
        texts += [Text("label", frame.left - LABEL_GAP, first + i * LINE_PITCH * LABEL_PT, line,
                       LABEL_PT, anchor="end") for i, line in enumerate(lines)]
    _legend(shapes, texts, statuses, width, height)
    return Scene(width, height, _clean(data.title), tuple(shapes + texts))


def _frame(labels: list[list[str]], rows: list[float], totals: list[int], width: float,
           height: float, legend_rows: int) -> _Frame:
    label_w = max((text_width(line, LABEL_PT) for lines in labels for line in lines), default=0.0)
    left, right = PAD + label_w + LABEL_GAP, width - PAD
    legend = _legend_height(legend_rows) + LEGEND_GAP if legend_rows else PAD - LEGEND_BOTTOM
    bottom = height - LEGEND_BOTTOM - legend - TEXT_BOX * COUNT_PT - TICK_GAP - TICK_LEN
    # Room for the total after the longest bar, as before, and more if a total would not fit.
    plot = right - left
    xmax = max(totals) * 1.1 + 0.5 if max(totals) else 1.6
    for total in totals:
        room = plot - TOTAL_GAP - text_width(str(total), COUNT_PT, "bold")
        if room > 0:
            xmax = max(xmax, total * plot / room)
    return _Frame(left, PAD, right, bottom, xmax, sum(rows))


def _ticks(xmax: float) -> list[int]:
    """Integer ticks from 0 as matplotlib's MaxNLocator(integer=True) picks them for 0..xmax."""
    raw = xmax / TICK_BINS
    scale = 10 ** math.floor(math.log10(raw))
    stairs = [0.1 * s for s in TICK_STEPS[:-1]] + list(TICK_STEPS) + [10 * TICK_STEPS[1]]
    steps = [s * scale for s in stairs if s * scale < 1 or abs(s * scale - round(s * scale)) < 0.001]
    step = next((s for s in steps if s >= raw), steps[-1])
    whole = max(1, round(step))
    return list(range(0, math.floor(xmax) + 1, whole))


def _bar(shapes: list[Item], texts: list[Item], frame: _Frame, counts: Sequence[int],
         yc: float, bar_h: float) -> None:
    """One unit's stacked segments, with each count inside its segment where it fits."""
    start = 0
    for j, n in enumerate(counts):
        if n == 0:
            continue
        face, hatch, ink = _style(j)
        x0, x1 = frame.x(start), frame.x(start + n)
        start += n
        shapes.append(Rect("segment", x0, yc - bar_h / 2, x1 - x0, bar_h, face, hatch, EDGE_PT))
        digits = str(n)
        need = text_width(digits, COUNT_PT)
        pad = BOX_PAD * COUNT_PT if hatch else 0.0
        if need + COUNT_SIDE + 2 * pad > x1 - x0 or bar_h < TEXT_BOX * COUNT_PT:
            continue  # the total after the bar still gives the row's sum
        if hatch:  # a white box keeps the digits readable over the hatching
            box_w, box_h = need + 2 * pad, TEXT_BOX * COUNT_PT + 2 * pad
            shapes.append(Rect("count-box", (x0 + x1 - box_w) / 2, yc - box_h / 2, box_w, box_h, "#ffffff"))
        texts.append(Text("count", (x0 + x1) / 2, yc + CENTRE_DROP * COUNT_PT, digits, COUNT_PT,
                          anchor="middle", color=ink))


def _axes(shapes: list[Item], texts: list[Item], frame: _Frame, ticks: list[int]) -> None:
    """Left and bottom axis lines, x ticks and their labels."""
    shapes.append(Line("axis", frame.left, frame.top, frame.left, frame.bottom, "#000000", SPINE_PT))
    shapes.append(Line("axis", frame.left, frame.bottom, frame.right, frame.bottom, "#000000", SPINE_PT))
    baseline = frame.bottom + TICK_LEN + TICK_GAP + ASCENT * COUNT_PT
    for t in ticks:
        x = frame.x(t)
        shapes.append(Line("tick", x, frame.bottom, x, frame.bottom + TICK_LEN, "#000000", SPINE_PT))
        texts.append(Text("tick", x, baseline, str(t), COUNT_PT, anchor="middle"))


def _legend_height(rows: int) -> float:
    return LEGEND_PT * (2 * LEGEND_BORDER + rows * LEGEND_LINE + (rows - 1) * LEGEND_SPACING)


def _legend(shapes: list[Item], texts: list[Item], statuses: list[str], width: float,
            height: float) -> None:
    """Swatches and names in LEGEND_COLS columns reading left to right, centred below the axis."""
    if not statuses:
        return
    size = LEGEND_PT
    cols = min(LEGEND_COLS, len(statuses))
    names = [text_width(s, size) for s in statuses]
    col_w = [(SWATCH_W + SWATCH_GAP) * size + max(names[c::cols]) for c in range(cols)]
    x = max(PAD, (width - sum(col_w) - (cols - 1) * COLUMN_GAP * size) / 2)
    lefts = []
    for w in col_w:
        lefts.append(x)
        x += w + COLUMN_GAP * size
    top = height - LEGEND_BOTTOM - _legend_height(-(-len(statuses) // cols)) + LEGEND_BORDER * size
    for k, status in enumerate(statuses):
        face, hatch, _ = _style(k)
        left = lefts[k % cols]
        yc = top + (k // cols) * (LEGEND_LINE + LEGEND_SPACING) * size + LEGEND_LINE * size / 2
        shapes.append(Rect("swatch", left, yc - SWATCH_H * size / 2, SWATCH_W * size, SWATCH_H * size,
                           face, hatch, EDGE_PT))
        texts.append(Text("legend", left + (SWATCH_W + SWATCH_GAP) * size, yc + CENTRE_DROP * size,
                          status, size))
