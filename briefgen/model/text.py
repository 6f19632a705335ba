"""Constrained scalar types shared by the schema: clean Unicode text and safe ids."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

# Characters XML 1.0 cannot hold (DOCX and XHTML are XML): C0 controls but tab/newline/CR,
# lone surrogates, and the two non-characters U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """NFC-normalise and refuse characters no document format can carry."""
    bad = _XML_ILLEGAL.search(value)
    if bad:
        raise ValueError(
            f"contains the control character U+{ord(bad.group()):04X} at position "
            f"{bad.start() + 1}, which documents cannot hold; remove it"
        )
    return unicodedata.normalize("NFC", value)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, AfterValidator(clean_text), AfterValidator(_not_blank)]
"""Any human-readable text: NFC, XML-safe, not blank."""

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"),
]
"""An identifier used for cross-references and file names: ASCII letters, digits, ``_.-``."""
