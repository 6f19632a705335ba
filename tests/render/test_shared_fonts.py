"""One font configuration serves every PDF a process prints (fonts load once), and the bytes
are those of a document printed alone: no font, glyph or subset carries over."""

from __future__ import annotations

from briefgen.documents import plan
from briefgen.model.validate import load_meeting
from briefgen.render.pdf import PdfRenderer
from tests.conftest import REFERENCE


def test_documents_printed_after_others_are_byte_identical_to_printed_alone() -> None:
    m, _ = load_meeting(REFERENCE)
    mv, jobs = plan(m, ["notice", "invitation", "minutes"], ["pdf"],
                    base_dir=REFERENCE.parent, every=True)
    chosen = [jobs[0], jobs[1], jobs[-1]]  # a notice, an invitation, the minutes
    one = PdfRenderer()
    together = [one.render(mv, job.doc) for job in chosen]
    assert one._shared_fonts is not None  # the same configuration served all three
    alone = [PdfRenderer().render(mv, job.doc) for job in chosen]
    assert together == alone
    again = [one.render(mv, job.doc) for job in reversed(chosen)][::-1]
    assert again == alone


def test_a_document_with_its_own_font_faces_gets_a_configuration_of_its_own() -> None:
    renderer = PdfRenderer()
    plain = renderer._fonts("<style>p { font-family: serif }</style>")
    assert renderer._fonts("<p>x</p>") is plain
    own = renderer._fonts('<style>@font-face { font-family: X; src: url(x.ttf) }</style>')
    linked = renderer._fonts('<link rel="stylesheet" href="fonts.css">')
    assert own is not plain and linked is not plain and linked is not own
