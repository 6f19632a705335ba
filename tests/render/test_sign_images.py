"""Signature and seal images (documents.<doc>.signer.signature_image, seal_image): printed at
their real size, the signature centred between the position line and the name, the seal over
its left third, in PDF, DOCX and HTML alike; bad images are located input errors."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from PIL import Image, ImageDraw

from tests.conftest import REFERENCE, STEM, run_cli

DPI = 300
SIGNATURE_MM, SEAL_MM = (45.0, 18.0), (40.0, 40.0)
SIGNER = "signer: {authority: by_order, on_behalf_of: Ban Chỉ đạo, position: Tổ trưởng Tổ giúp việc"


def px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def drawn(path: Path, size_mm: tuple[float, float], ring: bool) -> None:
    """A transparent PNG saying its resolution, as a scanner writes it."""
    img = Image.new("RGBA", (px(size_mm[0]), px(size_mm[1])), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if ring:
        draw.ellipse([2, 2, img.width - 3, img.height - 3], outline=(200, 20, 20, 230), width=12)
    else:
        draw.line([(4, img.height - 4), (img.width - 4, 4)], fill=(20, 40, 160, 255), width=6)
    img.save(path, dpi=(DPI, DPI))


def meeting_with(folder: Path, signature: str = "chu-ky.png", seal: str = "dau.png") -> Path:
    text = REFERENCE.read_text(encoding="utf-8")
    assert text.count(SIGNER + "}") == 1
    text = text.replace(SIGNER + "}", f"{SIGNER}, signature_image: {signature}, seal_image: {seal}}}")
    path = folder / "meeting.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("images")
    drawn(folder / "chu-ky.png", SIGNATURE_MM, ring=False)
    drawn(folder / "dau.png", SEAL_MM, ring=True)
    run_cli("render", meeting_with(folder), "--doc", "notice", "--format", "pdf,docx,html",
            "--out", folder / "out")
    return folder / "out"


def test_pdf_prints_both_images_at_their_real_size(signed: Path) -> None:
    listing = subprocess.run(["pdfimages", "-list", str(signed / f"{STEM}-notice.pdf")],
                             capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    images = [(int(r[3]), int(r[4]), int(r[12]), int(r[13])) for r in rows if r[2] == "image"]
    sizes = {(w, h) for w, h, _, _ in images}
    assert {(px(SIGNATURE_MM[0]), px(SIGNATURE_MM[1])), (px(SEAL_MM[0]), px(SEAL_MM[1]))} <= sizes
    # Printed at real size: the pixels per inch on the page are the scan's.
    assert all(abs(xppi - DPI) <= 2 and abs(yppi - DPI) <= 2 for _, _, xppi, yppi in images)


def test_docx_has_the_signature_inline_and_the_seal_over_it(signed: Path) -> None:
    body = Document(str(signed / f"{STEM}-notice.docx")).element.body
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    inline = body.findall(f".//{wp}inline")
    anchors = body.findall(f".//{wp}anchor")
    assert len(inline) == 1 and len(anchors) == 1

    def mm(drawing: object) -> tuple[float, float]:
        extent = drawing.find(f"{wp}extent")  # type: ignore[attr-defined]
        return (round(int(extent.get("cx")) / 36_000, 1), round(int(extent.get("cy")) / 36_000, 1))

    # The signature at its real size on a transparent canvas as tall as the signing space,
    # which holds the taller seal whole below the position line (docs/proof.md).
    assert mm(inline[0]) == (SIGNATURE_MM[0], max(SIGNATURE_MM[1], SEAL_MM[1]))
    assert mm(anchors[0]) == SEAL_MM
    left = int(anchors[0].find(f"{wp}positionH/{wp}posOffset").text) / 36_000
    # The seal's right edge a third of the way into the signature that follows it.
    assert left + SEAL_MM[0] == pytest.approx(SIGNATURE_MM[0] / 3, abs=0.05)
    # In the same paragraph, just before the signature.
    assert anchors[0].getparent().getparent().getnext() is not None


def test_html_carries_the_images_inline(signed: Path) -> None:
    html = (signed / f"{STEM}-notice.html").read_text(encoding="utf-8")
    images = re.findall(r'<img class="(sign-image|seal-image)"[^>]*src="data:image/png;base64,', html)
    assert sorted(images) == ["seal-image", "sign-image"]
    widths = dict(re.findall(r'<img class="(sign-image|seal-image)"[^>]*style="width: ([\d.]+)mm', html))
    assert float(widths["sign-image"]) == pytest.approx(SIGNATURE_MM[0], abs=0.1)
    assert float(widths["seal-image"]) == pytest.approx(SEAL_MM[0], abs=0.1)
    assert "file:" not in html


def jpeg_named_png(path: Path) -> None:
    Image.new("RGB", (200, 100), (255, 255, 255)).save(path, format="JPEG")


def huge_png(path: Path) -> None:
    Image.new("1", (4_001, 10)).save(path)


@pytest.mark.parametrize(("make", "name", "said"), [
    (jpeg_named_png, "dau.png", "'dau.png' is a JPEG file whatever its name says; give a PNG"),
    (huge_png, "dau.png", "'dau.png' is 4,001×10 pixels; an image may have at most 4,000 pixels"),
    (None, "dau.png", "no image file 'dau.png' next to the meeting file"),
    (None, "../dau.png", "is outside the meeting file's folder"),
])
def test_a_bad_image_is_a_located_error(tmp_path: Path, make: object, name: str, said: str
                                        ) -> None:
    drawn(tmp_path / "chu-ky.png", SIGNATURE_MM, ring=False)
    if callable(make):
        make(tmp_path / name)
    meeting = meeting_with(tmp_path, seal=name)
    line = next(i for i, t in enumerate(meeting.read_text().splitlines(), 1) if "seal_image" in t)
    out = tmp_path / "out"
    proc = run_cli("render", meeting, "--doc", "notice", "--out", out, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{meeting}:{line}:" in proc.stderr and "seal_image" in proc.stderr
    assert said in proc.stderr
    assert not out.exists()


def test_the_seal_covers_no_printed_word(signed: Path) -> None:
    """The seal, taller than the room to sign, sits in a signing space as tall as it: the
    proof finds no image over the position line or the name, in the PDF nor in Word's
    layout (LibreOffice)."""
    from briefgen.proof import proof_files

    result = proof_files([signed / f"{STEM}-notice.pdf", signed / f"{STEM}-notice.docx"])
    assert [f for f in result.findings if f.rule == "image-over-text"] == []
