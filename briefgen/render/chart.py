"""The "task status by unit" chart: stacked horizontal bars, SVG for HTML/PDF and PNG for DOCX.

Drawn with matplotlib's object API on Agg (no pyplot, no figure manager), so it is safe in
worker processes. matplotlib is imported inside the functions: importing it takes ~0.4 s,
which commands that draw no chart should not pay.

Documents are printed in black and white, so statuses differ by grey level and hatching,
never by hue alone. The same data gives the same bytes in both formats.
"""

from __future__ import annotations

import functools
import html
import io
import re
import textwrap
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.view.model import ChartData

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

WRAP = 28  # characters per line of a unit label
UNIT_IN = 0.45  # height per one- or two-line unit row
LINE_IN = 0.17  # extra height per label line beyond two
MARGIN_IN = 0.95  # axis and padding
LEGEND_ROW_IN = 0.2
MAX_HEIGHT_IN = 24 / 2.54  # never taller than a printed page's text block
EMPTY_HEIGHT_IN = 0.8
LABEL_PT = 10
COUNT_PT = 9
BOX_PAD = 0.3  # white box round a count on hatching, in font sizes
LEGEND_COLS = 3  # the longest status ("Đang thực hiện theo lộ trình") allows three
FONTS = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]
LIBERATION = Path("/usr/share/fonts/truetype/liberation2")

# (face, hatch, count-label colour) by status position; hatches tell the statuses apart
# when a printer flattens the greys. Line hatches only: a dot hatch adds ~75 KB per pattern to the SVG.
STYLES: list[tuple[str, str, str]] = [
    ("#404040", "", "white"),     # done
    ("#a6a6a6", "", "black"),     # on track
    ("#ffffff", "xxx", "black"),  # late: the densest mark, it is what readers look for
    ("#e0e0e0", "///", "black"),  # at risk
    ("#ffffff", "", "black"),     # not started: an empty box
]
EXTRA_HATCHES = ["\\\\\\", "---", "|||", "+++"]

# Characters XML 1.0 cannot carry even escaped; they would make the inlined SVG ill-formed.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# rcParams are process-global: rc_context swaps them for the duration of one render, so two
# threads must not draw at once.
_LOCK = threading.Lock()


@functools.lru_cache(maxsize=16)
def chart_svg(data: ChartData) -> str:
    """The chart as one ``<svg>`` element (no prolog), glyphs drawn as paths, ready to inline."""
    with _render_context():
        fig = _figure(data)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue().decode("utf-8")
    start = text.index("<svg")
    label = html.escape(_clean(data.title), quote=True)
    return f'<svg role="img" aria-label="{label}"' + text[start + len("<svg"):].rstrip() + "\n"


@functools.lru_cache(maxsize=16)
def chart_png(data: ChartData, dpi: int = 150) -> bytes:
    """The chart as a PNG for Word, without a creation-software stamp."""
    with _render_context():
        fig = _figure(data)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


@contextmanager
def _render_context() -> Iterator[None]:
    import matplotlib as mpl

    with _LOCK:
        rc: dict[RcKeyType, Any] = {
            "font.family": "serif",
            "font.serif": _available_fonts(),
            "font.size": LABEL_PT,
            "text.parse_math": False,  # labels are input data: "$x$" prints as written
            "text.usetex": False,
            "svg.fonttype": "path",  # WeasyPrint then needs no font to draw the SVG
            "svg.hashsalt": "briefgen-chart",  # stable ids, hence stable bytes
            "hatch.linewidth": 0.6,
            "hatch.color": "black",
            "axes.unicode_minus": False,
        }
        with mpl.rc_context():
            # From matplotlib's defaults, so a user's matplotlibrc cannot change our bytes.
            mpl.rcdefaults()
            mpl.rcParams.update(rc)
            yield


@functools.cache
def _available_fonts() -> list[str]:
    """FONTS minus the ones not installed, so font lookup logs no 'not found' warning."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    if "Liberation Serif" not in names and LIBERATION.is_dir():
        # A font cache built before fonts-liberation2 was installed does not list it.
        for path in sorted(LIBERATION.glob("LiberationSerif-*.ttf")):
            font_manager.fontManager.addfont(str(path))
        names = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in FONTS if name in names] or ["DejaVu Serif"]


def _clean(text: str) -> str:
    # NFC: matplotlib draws one glyph per code point, so decomposed diacritics would stack badly.
    return _XML_INVALID.sub("", unicodedata.normalize("NFC", text))


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
    return ("#ffffff", EXTRA_HATCHES[(j - len(STYLES)) % len(EXTRA_HATCHES)], "black")


def _figure(data: ChartData) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _check(data)
    if not data.units:
        fig = Figure(figsize=(_inches(data.width_mm), EMPTY_HEIGHT_IN))
        FigureCanvasAgg(fig)
        fig.text(0.5, 0.5, _clean(data.title), ha="center", va="center", fontstyle="italic",
                 wrap=True)
        return fig

    labels = ["\n".join(textwrap.wrap(_clean(u), WRAP)) for u in data.units]
    rows = [_row_height(label) for label in labels]
    legend_rows = -(-len(data.statuses) // LEGEND_COLS)
    height = min(MAX_HEIGHT_IN, MARGIN_IN + sum(rows) + LEGEND_ROW_IN * legend_rows)
    fig = Figure(figsize=(_inches(data.width_mm), height), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()

    # Row centres spaced by each label's height, so a three-line name gets room.
    ys: list[float] = []
    y = 0.0
    for h in rows:
        ys.append(y + h / 2)
        y += h

    left = [0] * len(data.units)
    segments: list[tuple[Any, int, str]] = []  # (patch, count, text colour)
    for j, status in enumerate(data.statuses):
        face, hatch, ink = _style(j)
        widths = [row[j] for row in data.counts]
        bars = ax.barh(ys, widths, height=UNIT_IN * 0.62, left=left, color=face, hatch=hatch,
                       edgecolor="black", linewidth=0.6, label=_clean(status), zorder=2)
        segments += [(patch, n, ink) for patch, n in zip(bars.patches, widths, strict=True) if n > 0]
        left = [a + b for a, b in zip(left, widths, strict=True)]

    totals = left
    top = max(totals) or 1
    for yc, total in zip(ys, totals, strict=True):
        ax.annotate(str(total), (total, yc), xytext=(3, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=COUNT_PT, fontweight="bold")

    _axes_style(ax, ys, labels, top, y)
    handles, names = ax.get_legend_handles_labels()
    # matplotlib fills legend columns first; reorder so the statuses read left to right.
    order = [k for c in range(LEGEND_COLS) for k in range(c, len(handles), LEGEND_COLS)]
    fig.legend([handles[k] for k in order], [names[k] for k in order], loc="outside lower center",
               ncols=LEGEND_COLS, frameon=False, fontsize=COUNT_PT + 0.5, handlelength=1.8,
               handleheight=1.1, columnspacing=1.2)
    _count_labels(fig, ax, segments)
    return fig


def _row_height(label: str) -> float:
    return UNIT_IN + LINE_IN * max(0, label.count("\n") - 1)


def _axes_style(ax: Axes, ys: list[float], labels: list[str], top: int, bottom: float) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.set_yticks(ys, labels)
    ax.set_ylim(bottom, 0)  # first unit at the top, as in the register table
    ax.tick_params(axis="y", length=0, pad=4)
    ax.set_xlim(0, top * 1.1 + 0.5)  # room for the total after the longest bar
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelsize=COUNT_PT)
    ax.grid(axis="x", color="#bfbfbf", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _count_labels(fig: Figure, ax: Axes, segments: list[tuple[Any, int, str]]) -> None:
    """Put each count inside its segment, only where it fits (the total is shown anyway)."""
    fig.draw_without_rendering()  # run the layout so segment sizes are final
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for patch, n, ink in segments:
        x, y = patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2
        hatched = bool(patch.get_hatch())
        # Over hatching the digits get a small white box so they stay readable.
        box = {"boxstyle": f"square,pad={BOX_PAD}", "facecolor": "white", "edgecolor": "none"} \
            if hatched else None
        text = ax.text(x, y, str(n), ha="center", va="center", fontsize=COUNT_PT, color=ink,
                       bbox=box, zorder=3)
        seg = patch.get_window_extent(renderer)
        need = text.get_window_extent(renderer)
        pad = 4 + (2 * BOX_PAD * COUNT_PT * fig.dpi / 72 if hatched else 0)
        if need.width + pad > seg.width or need.height > seg.height:
            text.remove()


def _inches(mm: float) -> float:
    """Millimetres in inches, as cm / 2.54 (160 mm gives the very float 16 / 2.54 gives)."""
    return mm / 10 / 2.54
