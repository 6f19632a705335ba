"""The PDF records where each signature block landed (/BriefgenSignatureBlocks), for `briefgen
sign` to place its fields there whatever the template: checked against the words printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import STEM
from tests.readers import pdf_words


def blocks(pdf: Path) -> tuple[list[dict[str, object]], float]:
    reader = PdfReader(pdf)
    recorded = reader.metadata["/BriefgenSignatureBlocks"]
    return json.loads(str(recorded)), float(reader.pages[0].mediabox.height)


@pytest.mark.parametrize("regime", ["party", "state"])
@pytest.mark.parametrize("kind", ["minutes", "notice"])
def test_the_signature_space_lies_between_the_position_and_the_name(
        rendered: dict[str, Path], regime: str, kind: str) -> None:
    pdf = rendered[regime] / f"{STEM}-{kind}.pdf"
    found, height = blocks(pdf)
    words = pdf_words(pdf)
    assert found and len(found) == (2 if kind == "minutes" else 1)
    for block in found:
        x1, y1, x2, y2 = block["box"]  # type: ignore[misc]
        cx1, cy1, cx2, cy2 = block["cell"]  # type: ignore[misc]
        assert cx1 <= x1 < x2 <= cx2 and cy1 <= y1 < y2 <= cy2
        top, bottom = height - y2, height - y1  # pdftotext measures from the page's top
        page = [w for w in words if w[0] == int(block["page"]) + 1  # type: ignore[call-overload]
                and x1 <= (w[1] + w[3]) / 2 <= x2 and height - cy2 <= w[2] and w[4] <= height - cy1]
        position = str(block["position"]).split()[0]
        name = str(block["name"]).split()[-1]
        above = [w for w in page if w[5] == position]
        below = [w for w in page if w[5] == name]
        assert above and max(w[4] for w in above) <= top + 0.5, (block, above)
        assert below and min(w[2] for w in below) >= bottom - 0.5, (block, below)
        assert not [w for w in page if top + 0.5 < (w[2] + w[4]) / 2 < bottom - 0.5]
