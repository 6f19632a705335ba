"""The reference minutes and notice carry every fact of facts.md, in PDF and DOCX alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import STEM
from tests.readers import docx_text, pdf_flow, squash
from tests.reference_facts import minutes_facts, notice_facts

CASES = [("minutes", minutes_facts()), ("notice", notice_facts())]


@pytest.mark.parametrize(("doc", "facts"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_every_fact_is_printed(rendered: dict[str, Path], doc: str, facts: list[str],
                               fmt: str) -> None:
    path = rendered["party"] / f"{STEM}-{doc}.{fmt}"
    text = squash(read(path, fmt))
    missing = [fact for fact in facts if not printed(fact, text)]
    assert not missing, f"{path.name} lacks: {missing}"


def printed(fact: str, text: str) -> bool:
    """The fact verbatim, allowing only a capital first letter where it opens a sentence."""
    fact = squash(fact)
    return fact in text or (fact[:1].upper() + fact[1:]) in text


def read(path: Path, fmt: str) -> str:
    if fmt == "pdf":
        return pdf_flow(path)
    if fmt == "docx":
        return docx_text(path)
    import html as html_lib
    import re

    return html_lib.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("doc", ["minutes", "notice"])
def test_pdf_and_docx_carry_the_same_facts(rendered: dict[str, Path], doc: str) -> None:
    """Both formats come from one view: the same checked strings in both, none in one only."""
    pdf = squash(pdf_flow(rendered["party"] / f"{STEM}-{doc}.pdf"))
    word = squash(docx_text(rendered["party"] / f"{STEM}-{doc}.docx"))
    facts = minutes_facts()
    assert [f for f in facts if printed(f, pdf)] == [f for f in facts if printed(f, word)]


def test_text_is_nfc_in_every_format(rendered: dict[str, Path]) -> None:
    import unicodedata

    for doc in ("minutes", "notice"):
        for fmt in ("pdf", "docx", "html"):
            text = read(rendered["party"] / f"{STEM}-{doc}.{fmt}", fmt)
            assert unicodedata.is_normalized("NFC", text), f"{doc}.{fmt} is not NFC"
