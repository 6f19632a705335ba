"""Arbitrary text in a meeting file renders literally in all three formats, or is refused
with a located error; it never becomes markup or template code, and never crashes."""

from __future__ import annotations

import html
import re
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from briefgen.documents import plan
from briefgen.errors import InputError
from briefgen.model import load_meeting
from briefgen.render import RENDERERS
from tests.conftest import ROOT
from tests.readers import docx_text, pdf_text, squash

SKELETON = (ROOT / "templates" / "meeting-skeleton.yaml").read_text(encoding="utf-8")

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
PRINTABLE = st.text(
    alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " <>&\"'{}%#*$\\/|=;:.,!?()[]-_0123456789"),
    min_size=1, max_size=300)
ANY_TEXT = st.text(min_size=0, max_size=2000)


def meeting_with(text: str, folder: Path) -> Path:
    """The skeleton meeting with ``text`` as an agenda title and a conclusion."""
    data = yaml.safe_load(SKELETON)
    data["agenda"][0]["title"] = text
    data["conclusions"]["items"][0]["text"] = text
    path = folder / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def render_all(path: Path, text: str, check_pdf: bool) -> None:
    try:
        m, _ = load_meeting(path)
    except InputError as exc:
        # Refused: only for what documents cannot hold, or what would make the printed text
        # read differently from the data (DEL, C1 controls, bidi overrides: issue 9), and
        # said where.
        for problem in exc.problems:
            assert problem.path in ("agenda[0].title", "conclusions.items[0].text"), problem
            assert problem.line > 1
        assert not text.strip() or re.search(
            "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]",
            text), exc
        return
    mv, jobs = plan(m, ["minutes"], ["html", "docx", "pdf"], base_dir=path.parent)
    want = squash(text)
    for job in jobs:
        data = RENDERERS[job.fmt]().render(mv, job.doc)
        out = path.parent / job.file_name
        out.write_bytes(data)
        if job.fmt == "html":
            page = data.decode("utf-8")
            body = page.split("<body>", 1)[1]
            assert want in squash(html.unescape(re.sub(r"<[^>]+>", " ", body)))
            # Markup in the input arrives escaped: it is text, never tags.
            assert squash(str(escape(unicodedata.normalize("NFC", text)))) in squash(body)
        elif job.fmt == "docx":
            assert want in squash(docx_text(out))
        elif check_pdf:
            assert want in squash(pdf_text(out))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PRINTABLE)
@example("<b>&amp; {{ 7*7 }} {% if true %}x{% endif %} {%p endif %} </w:t>")
@example("$x^2$ \\n ${HOME} '; DROP TABLE")
def test_markup_and_template_syntax_print_literally(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        render_all(meeting_with(text, Path(tmp)), text, check_pdf=True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
@example("bell \x07 here")
@example("x" * 5000)
@example("\u202eRTL override \u200b zero width \ufeff bom")
def test_any_unicode_renders_or_is_refused_cleanly(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        render_all(meeting_with(text, Path(tmp)), text, check_pdf=False)
