"""The document page of ``briefgen serve`` shows what the proof finds on the document it drew:
read once from the PDF in memory, with the page and the rule, as ``briefgen proof`` names them."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from briefgen.serve.workspace import Drawn
from tests.proof.test_rules import BAD, GOOD


@pytest.mark.parametrize("rule", ["subject-widow", "heading-sequence"])
def test_a_drawn_document_with_a_defect_shows_it_and_a_mended_one_nothing(rule: str) -> None:
    bad = Drawn(HTML(string=BAD[rule]).write_pdf(), texts=[])
    found = bad.findings("doc.pdf")
    assert [f.rule for f in found] == [rule] and found[0].page >= 1
    assert bad.findings("doc.pdf") is found  # read once, kept with the drawing
    assert "proof" in bad.seconds
    assert Drawn(HTML(string=GOOD[rule]).write_pdf(), texts=[]).findings("doc.pdf") == []
