"""Running the signing commands and reading their PDFs back, for the tests."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.conftest import run_cli
from tests.signing import pki

if TYPE_CHECKING:
    from pyhanko.sign.validation.status import PdfSignatureStatus


def recorded_blocks(pdf: Path) -> list[dict[str, Any]]:
    from pypdf import PdfReader

    info = PdfReader(pdf).metadata
    assert info is not None
    return list(json.loads(str(info["/BriefgenSignatureBlocks"])))


def sign(pdf: Path, key: Path, role: str, *more: str | Path, check: bool = True
         ) -> subprocess.CompletedProcess[str]:
    """``briefgen sign`` with the test passphrase variable and the fixed signing time."""
    return run_cli("sign", pdf, "--key", key, "--passphrase-env", pki.PASSPHRASE_VAR,
                   "--role", role, "--signing-time", pki.SIGNING_TIME, *more, check=check)


@dataclass
class Widget:
    """A signature widget: its page (0-based), /Rect, and the BaseFont names and image
    XObjects its appearance uses (nested forms included)."""

    page: int
    rect: list[float]
    fonts: set[str] = field(default_factory=set)
    images: list[Any] = field(default_factory=list)


def widgets(pdf: Path) -> dict[str, Widget]:
    """Every signature widget of ``pdf`` by field name."""
    from pypdf import PdfReader

    found: dict[str, Widget] = {}
    for number, page in enumerate(PdfReader(pdf).pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/FT") != "/Sig":
                continue
            widget = Widget(number, [float(v) for v in annot["/Rect"]])
            todo = [annot["/AP"]["/N"].get_object()]
            while todo:
                form = todo.pop()
                resources = form.get("/Resources") or {}
                for font in (resources.get("/Font") or {}).values():
                    widget.fonts.add(str(font.get_object()["/BaseFont"])[1:])
                for xobject in (resources.get("/XObject") or {}).values():
                    xobject = xobject.get_object()
                    if xobject.get("/Subtype") == "/Image":
                        widget.images.append(xobject)
                    elif xobject.get("/Subtype") == "/Form":
                        todo.append(xobject)
            found[str(annot["/T"])] = widget
    return found


def pyhanko_statuses(pdf: Path, ca: Path) -> list[PdfSignatureStatus]:
    """pyHanko's own judgement of every signature, trusting ``ca``."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
    with pdf.open("rb") as handle:
        reader = PdfFileReader(handle)
        return [validate_pdf_signature(
            sig, ValidationContext(trust_roots=[load_cert_from_pemder(str(ca))]),
            key_usage_settings=usage) for sig in reader.embedded_signatures]


def inside(inner: list[float], outer: list[float], slack: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)
