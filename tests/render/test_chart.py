"""The status-by-unit chart: valid PNG and inlinable SVG, same bytes each time, input text kept literal."""

from __future__ import annotations

import html
import io
import re
import struct
import subprocess
import sys
import threading
import warnings
import xml.etree.ElementTree as ET

import pytest

from briefgen.render.chart import WRAP, ChartData, chart_png, chart_svg

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


def render(data: ChartData) -> tuple[str, bytes]:
    """Both formats, with any matplotlib warning (a missing Vietnamese glyph above all) an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return chart_svg(data), chart_png(data)


@pytest.fixture(scope="module")
def sample() -> tuple[str, bytes]:
    return render(SAMPLE)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def comments(svg: str) -> list[str]:
    """The text matplotlib notes beside each drawn string (glyphs themselves are paths)."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(svg, parser=parser)
    # matplotlib escapes <, & and "--" inside the comment, where XML does not decode them.
    return [html.unescape(str(el.text).strip()) for el in root.iter() if el.tag is ET.Comment]


def glyph_fonts(svg: str) -> set[str]:
    """Fonts whose glyphs the SVG defines, from ids such as ``LiberationSerif-Bold-13``."""
    return {m.group(1) for m in re.finditer(r'<path id="([A-Za-z]+(?:-[A-Za-z]+)*)-[0-9a-f]+"', svg)}


def test_png_opens_at_16_cm(sample: tuple[str, bytes]) -> None:
    _, png = sample
    width, height = png_size(png)
    assert abs(width - 16 / 2.54 * 150) < 2
    assert height > 11 * 0.45 * 150  # grows with 11 units
    from matplotlib.image import imread

    assert imread(io.BytesIO(png)).shape[:2] == (height, width)


def test_svg_is_one_accessible_element(sample: tuple[str, bytes]) -> None:
    svg, _ = sample
    assert svg.startswith("<svg ") and not svg.startswith("<?xml")
    assert "<!DOCTYPE" not in svg
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == TITLE
    assert "<text" not in svg  # glyphs as paths: WeasyPrint needs no font


def test_vietnamese_drawn_in_the_serif_font(sample: tuple[str, bytes]) -> None:
    svg, _ = sample
    fonts = glyph_fonts(svg)
    assert fonts and all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts), fonts
    assert "Đang thực hiện theo lộ trình" in comments(svg)


def test_same_data_same_bytes(sample: tuple[str, bytes]) -> None:
    assert render(SAMPLE) == sample


def test_same_bytes_from_concurrent_threads(sample: tuple[str, bytes]) -> None:
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
    assert NASTY in comments(svg)
    # Mathtext would have drawn x and the superscript from DejaVu or Computer Modern.
    assert all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in glyph_fonts(svg))
    png_size(png)


def test_long_name_wraps() -> None:
    svg, _ = render(SAMPLE)
    lines = [c for c in comments(svg) if len(c) > 3 and c in LONG]  # > 3: not the counts
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
    assert "Không có nhiệm vụ" in comments(svg)
    width, height = png_size(png)
    assert height < width / 4


def test_counts_must_match_units_and_statuses() -> None:
    with pytest.raises(ValueError, match="count rows"):
        chart_svg(ChartData(units=["A", "B"], statuses=STATUSES, counts=[[1] * 5], title="t", width_mm=WIDTH))
    with pytest.raises(ValueError, match="3 counts for 5 statuses"):
        chart_png(ChartData(units=["A"], statuses=STATUSES, counts=[[1, 2, 3]], title="t", width_mm=WIDTH))


def test_matplotlib_loaded_late_and_never_pyplot() -> None:
    code = (
        "import sys\n"
        "from briefgen.render.chart import ChartData, chart_png\n"
        "assert 'matplotlib' not in sys.modules, 'imported at module load'\n"
        "chart_png(ChartData(['A'], ['x'], [[1]], 't', 160))\n"
        "assert 'matplotlib' in sys.modules\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot used'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
