"""The status-by-unit chart: valid PNG and inlinable SVG, same bytes each time, input text kept literal."""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
import threading
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from briefgen.render.chart import (
    STYLES,
    WRAP,
    ChartData,
    chart_geometry,
    chart_png,
    chart_svg,
)
from briefgen.render.chart_draw import Rect, Text, font_file

STATUSES = ["Đã hoàn thành", "Đang thực hiện theo lộ trình", "Chậm, muộn", "Có nguy cơ chậm",
            "Chưa triển khai"]
LONG = "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"
UNITS = [LONG, "Tổ giúp việc Ban Chỉ đạo", "Chính phủ", "Bộ Khoa học và Công nghệ", "Bộ Nội vụ",
         "Bộ Tài chính", "Ủy ban nhân dân thành phố Hà Nội", "Thành phố Hồ Chí Minh",
         "Thành phố Đà Nẵng", "Ban Cơ yếu Chính phủ", "Đơn vị được giao (nguồn không nêu)"]
COUNTS = [[3, 2, 5, 1, 0], [1, 4, 2, 0, 1], [0, 0, 7, 2, 1], [2, 1, 0, 0, 0], [0, 3, 1, 1, 2],
          [1, 0, 0, 0, 0], [5, 4, 3, 2, 1], [0, 2, 0, 1, 0], [1, 1, 1, 1, 1], [0, 0, 0, 0, 3],
          [12, 9, 0, 0, 0]]
TITLE = 'Tình trạng nhiệm vụ theo đơn vị chủ trì & "các" <đơn vị>'
WIDTH = 160  # mm: the width of the text block the documents print the chart at
SAMPLE = ChartData(units=UNITS, statuses=STATUSES, counts=COUNTS, title=TITLE, width_mm=WIDTH)
NASTY = "$x^2$ <b>&"
SVG_NS = "{http://www.w3.org/2000/svg}"


def render(data: ChartData) -> tuple[str, bytes]:
    """Both formats, with any warning (from Pillow or FreeType) an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return chart_svg(data), chart_png(data)


def clear_caches() -> None:
    for cached in (chart_svg, chart_png, chart_geometry):
        cached.cache_clear()


@pytest.fixture(scope="module")
def sample() -> tuple[str, bytes]:
    return render(SAMPLE)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def texts(svg: str) -> list[str]:
    """The content of each ``<text>`` (tspans included), as a reader or screen scraper gets it."""
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]


def font_families(svg: str) -> set[str]:
    return {str(el.get("font-family")) for el in ET.fromstring(svg).iter() if el.get("font-family")}


def text_items(data: ChartData, kind: str) -> list[Text]:
    return [i for i in chart_geometry(data).items if isinstance(i, Text) and i.kind == kind]


def rect_items(data: ChartData, kind: str) -> list[Rect]:
    return [i for i in chart_geometry(data).items if isinstance(i, Rect) and i.kind == kind]


def test_png_opens_at_16_cm(sample: tuple[str, bytes]) -> None:
    _, png = sample
    width, height = png_size(png)
    assert abs(width - 16 / 2.54 * 150) < 2
    assert height > 11 * 0.45 * 150  # grows with 11 units
    with Image.open(io.BytesIO(png)) as img:
        img.load()
        assert img.format == "PNG" and img.mode in ("L", "RGB")
        assert img.size == (width, height)
        assert set(img.info) <= {"dpi"}  # no software, date or other text chunks
        assert img.getpixel((0, 0)) in (255, (255, 255, 255))  # white background


def test_png_at_200_dpi_is_as_wide_in_print() -> None:
    width, _ = png_size(chart_png(SAMPLE, dpi=200))
    assert abs(width - 16 / 2.54 * 200) < 2


def test_svg_is_one_accessible_element(sample: tuple[str, bytes]) -> None:
    svg, _ = sample
    assert svg.startswith("<svg ") and not svg.startswith("<?xml")
    assert "<!DOCTYPE" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == TITLE
    assert svg.count("<svg") == 1
    # Prints 16 cm wide: the size in pt, the drawing in the same units.
    width = str(root.get("width"))
    assert width.endswith("pt") and abs(float(width[:-2]) - 160 / 25.4 * 72) < 0.01
    assert str(root.get("viewBox")).split()[2] == width[:-2]
    assert "<style" not in svg  # nothing that would restyle the page it is inlined in


def test_vietnamese_drawn_in_the_serif_font(sample: tuple[str, bytes]) -> None:
    svg, _ = sample
    assert "Đang thực hiện theo lộ trình" in texts(svg)
    assert {"Chính phủ", "Ủy ban nhân dân thành phố Hà", "Thành phố Đà Nẵng"} <= set(texts(svg))
    (family,) = font_families(svg)
    assert family.startswith("'Times New Roman', 'Liberation Serif'") and family.endswith("serif")
    # The PNG measures and draws with Liberation Serif, which has every glyph of the labels.
    for face in ("regular", "bold", "italic"):
        path = font_file(face)
        assert Path(path).name.startswith("LiberationSerif"), path
        cmap = TTFont(path, lazy=True).getBestCmap()
        missing = {c for c in "".join(texts(svg)) + TITLE if ord(c) not in cmap}
        assert not missing, (face, missing)


def test_same_data_same_bytes(sample: tuple[str, bytes]) -> None:
    clear_caches()
    assert render(SAMPLE) == sample


def test_same_bytes_from_concurrent_threads(sample: tuple[str, bytes]) -> None:
    clear_caches()
    results: list[tuple[str, bytes]] = []
    threads = [threading.Thread(target=lambda: results.append(render(SAMPLE))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [sample] * 3


def test_markup_and_math_in_names_stay_literal() -> None:
    data = ChartData(units=[NASTY, "a -- b"], statuses=STATUSES, counts=[[1, 0, 2, 0, 1], [0, 1, 0, 0, 0]],
                     title=NASTY, width_mm=WIDTH)
    svg, png = render(data)
    root = ET.fromstring(svg)  # well-formed despite <, & and "--"
    assert root.get("aria-label") == NASTY
    assert NASTY in texts(svg) and "a -- b" in texts(svg)
    assert not root.findall(f".//{SVG_NS}b")  # "<b>" is text, not an element
    assert len(font_families(svg)) == 1
    png_size(png)


def test_control_characters_dropped_and_text_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Chính phủ")
    data = ChartData(units=[f"A\x00B\x0c{decomposed}", "C\ufffe"], statuses=["x\x1b"],
                     counts=[[1], [2]], title="t\x01--\x7f", width_mm=WIDTH)
    svg, png = render(data)
    root = ET.fromstring(svg)
    assert root.get("aria-label") == "t--\x7f"
    assert "ABChính phủ" in texts(svg)
    assert {"C", "x"} <= set(texts(svg))
    png_size(png)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=3), st.text(max_size=40))
def test_any_text_gives_a_well_formed_svg(units: list[str], title: str) -> None:
    data = ChartData(units=units, statuses=["s"], counts=[[1]] * len(units), title=title, width_mm=WIDTH)
    root = ET.fromstring(chart_svg(data))
    label = str(root.get("aria-label"))
    assert label == unicodedata.normalize("NFC", label)
    png_size(chart_png(data))


def test_long_name_wraps() -> None:
    svg, _ = render(SAMPLE)
    lines = [t for t in texts(svg) if len(t) > 3 and t in LONG]  # > 3: not the counts
    assert " ".join(lines) == LONG
    assert len(lines) >= 3 and all(len(line) <= WRAP for line in lines)


def test_long_names_make_the_chart_taller() -> None:
    short = ChartData(units=["A", "B"], statuses=STATUSES, counts=[[1] * 5] * 2, title="t", width_mm=WIDTH)
    long = ChartData(units=[LONG, "B"], statuses=STATUSES, counts=[[1] * 5] * 2, title="t", width_mm=WIDTH)
    assert png_size(chart_png(long))[1] > png_size(chart_png(short))[1]


def test_no_units_gives_a_small_figure_with_the_message() -> None:
    svg, png = render(ChartData(units=[], statuses=STATUSES, counts=[], title="Không có nhiệm vụ",
                                 width_mm=WIDTH))
    assert ET.fromstring(svg).get("aria-label") == "Không có nhiệm vụ"
    assert texts(svg) == ["Không có nhiệm vụ"]
    assert 'font-style="italic"' in svg
    width, height = png_size(png)
    assert height < width / 4


def test_counts_must_match_units_and_statuses() -> None:
    with pytest.raises(ValueError, match="count rows"):
        chart_svg(ChartData(units=["A", "B"], statuses=STATUSES, counts=[[1] * 5], title="t", width_mm=WIDTH))
    with pytest.raises(ValueError, match="3 counts for 5 statuses"):
        chart_png(ChartData(units=["A"], statuses=STATUSES, counts=[[1, 2, 3]], title="t", width_mm=WIDTH))
    with pytest.raises(ValueError, match="'A' has a negative count"):
        chart_png(ChartData(units=["A"], statuses=["x"], counts=[[-1]], title="t", width_mm=WIDTH))


def test_layout_reads_as_before() -> None:
    """First unit at the top, integer ticks in nice steps, legend rows reading left to right."""
    labels = text_items(SAMPLE, "label")
    assert labels[0].text == "Ban Chỉ đạo Trung ương về" and labels[0].y == min(t.y for t in labels)
    assert [t.text for t in text_items(SAMPLE, "tick")] == [str(n) for n in range(0, 22, 3)]
    legend = sorted(text_items(SAMPLE, "legend"), key=lambda t: (round(t.y), t.x))
    assert [t.text for t in legend] == STATUSES
    assert len({round(t.y) for t in legend}) == 2  # three columns: two rows for five statuses
    assert [t.text for t in text_items(SAMPLE, "total")] == [str(sum(row)) for row in COUNTS]
    swatches = rect_items(SAMPLE, "swatch")
    assert [(s.fill, s.hatch) for s in swatches][2:4] == [
        ("#ffffff", "xxx"), ("#e0e0e0", "///")]


def test_count_that_does_not_fit_is_left_out_but_the_total_is_shown() -> None:
    data = ChartData(units=["A"], statuses=STATUSES, counts=[[1, 99, 0, 0, 0]], title="t", width_mm=WIDTH)
    segments = rect_items(data, "segment")
    assert len(segments) == 2 and segments[0].w < 4
    assert [t.text for t in text_items(data, "count")] == ["99"]
    assert [t.text for t in text_items(data, "total")] == ["100"]
    assert "100" in texts(chart_svg(data))


def test_count_on_hatching_has_a_white_box() -> None:
    scene = chart_geometry(SAMPLE)
    boxes = [i for i in scene.items if isinstance(i, Rect) and i.kind == "count-box"]
    counts = [i for i in scene.items if isinstance(i, Text) and i.kind == "count"]
    hatched = 0
    for seg in (i for i in scene.items if isinstance(i, Rect) and i.kind == "segment"):
        mid_y = seg.y + seg.h / 2
        inside = [t for t in counts if seg.x < t.x < seg.x + seg.w and abs(t.y - mid_y) < seg.h / 2]
        box = [b for b in boxes if seg.x <= b.x and b.x + b.w <= seg.x + seg.w
               and seg.y <= b.y and b.y + b.h <= seg.y + seg.h]
        assert len(inside) == 1  # every count of the sample fits
        if seg.hatch:
            hatched += 1
            assert len(box) == 1 and box[0].fill == "#ffffff" and box[0].edge == 0
            assert box[0].x < inside[0].x < box[0].x + box[0].w
            assert scene.items.index(seg) < scene.items.index(box[0]) < scene.items.index(inside[0])
        else:
            assert not box
    # Counted from the sample: each non-zero count of a status the chart hatches.
    hatching = {j for j, (_, hatch, _) in enumerate(STYLES[:len(STATUSES)]) if hatch}
    assert hatching and hatched == sum(1 for row in COUNTS for j, n in enumerate(row)
                                       if n and j in hatching)


def test_drawing_imports_neither_matplotlib_nor_numpy() -> None:
    code = (
        "import hashlib, sys\n"
        "from briefgen.render.chart import ChartData, chart_png, chart_svg\n"
        "data = ChartData(['Chính phủ', 'B'], ['x', 'y'], [[1, 2], [3, 0]], 't', 160)\n"
        "png, svg = chart_png(data), chart_svg(data)\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
        "assert 'numpy' not in sys.modules, 'numpy imported'\n"
        "print(hashlib.sha256(png).hexdigest(), hashlib.sha256(svg.encode()).hexdigest())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, timeout=120, capture_output=True,
                          text=True)
    # Another process draws the very same bytes: nothing depends on time or the process.
    data = ChartData(["Chính phủ", "B"], ["x", "y"], [[1, 2], [3, 0]], "t", 160)
    assert done.stdout.split() == [hashlib.sha256(chart_png(data)).hexdigest(),
                                   hashlib.sha256(chart_svg(data).encode()).hexdigest()]
