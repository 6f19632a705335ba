"""The registry of document kinds: every kind has its templates, labels, schema field and
view, and a new kind needs nothing but its own module and templates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner, Result

from briefgen import kinds
from briefgen.assets import DEFAULT_TEMPLATES
from briefgen.cli import app
from briefgen.kinds import Blank, Kind, Scope, SignedBy
from briefgen.model import load_meeting
from briefgen.model.meeting import Documents, Regime
from briefgen.view.build import ViewBuilder
from briefgen.view.model import DocView
from briefgen.view.parts import Parts
from tests.conftest import REFERENCE
from tests.readers import docx_text, pdf_text, squash


@pytest.fixture(scope="module")
def parts() -> Parts:
    meeting, _ = load_meeting(REFERENCE)
    return Parts(ViewBuilder(meeting), REFERENCE.parent)


@pytest.mark.parametrize("kind", list(kinds.KINDS.values()), ids=list(kinds.KINDS))
def test_every_kind_has_templates_labels_schema_field_and_view(kind: Kind, parts: Parts) -> None:
    assert (DEFAULT_TEMPLATES / "html" / f"{kind.name}.html").is_file()
    for regime in Regime:
        assert (DEFAULT_TEMPLATES / "docx" / regime.value / f"{kind.name}.docx").is_file()
    for labels in (DEFAULT_TEMPLATES / "labels").glob("*.yaml"):
        data = yaml.safe_load(labels.read_text(encoding="utf-8"))
        for key in ("doc_type", "doc_abbr", "doc_name"):
            assert kind.name in data[key], f"{labels.name}: {key}.{kind.name}"
    assert kind.name in Documents.model_fields, "documents.<kind> in the meeting schema"
    scopes = kind.scopes(parts, every=True)
    assert scopes, "made for at least one scope of the reference meeting"
    for scope in scopes:
        doc = kind.make(parts, scope)
        assert doc.kind == kind.name
        assert (doc.extra is None) if kind.view is None else isinstance(doc.extra, kind.view)
        # A charted kind charts what it has rows for (a point whose units own no task: none).
        assert (doc.chart is not None) == (kind.charted and bool(getattr(doc.extra, "units", ())))
        if not kind.binds_annexes:
            assert doc.annexes == ()


def test_scopes_follow_the_declarations(parts: Parts) -> None:
    points = [p.id for p in parts.invited_points()]
    units = parts.report_units()
    expected = {Scope.meeting: [None], Scope.each_point: points,
                Scope.meeting_and_points: [None, *points], Scope.meeting_and_units: [None, *units],
                Scope.each_open_unit: parts.meeting.open_units()}
    assert parts.meeting.open_units() and set(parts.meeting.open_units()) <= set(units)
    for kind in kinds.KINDS.values():
        assert kind.scopes(parts, every=True) == expected[kind.scope], kind.name
        alone = kind.scope in (Scope.each_point, Scope.each_open_unit)
        assert kind.scopes(parts) == (expected[kind.scope] if alone else expected[kind.scope][:1])


def test_the_cli_offers_every_kind_and_its_narrowing_option() -> None:
    result = CliRunner().invoke(app, ["render", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for kind in kinds.KINDS.values():
        assert kind.name in result.output
        if kind.option:
            assert f"--{kind.option}" in result.output


# -- a sixth kind, registered by this test alone ----------------------------------------------

@dataclass(frozen=True)
class AttendanceView:
    """Who attends, point by point."""

    rows: list[tuple[str, str]]  # (point, attendee)


def build_attendance(parts: Parts, scope: str | None) -> DocView:
    points = [parts.point(scope)] if scope else parts.view.points
    rows = [(p.name, a.full) for p in points for a in p.attendees]
    return parts.doc("attendance", "Danh sách đại biểu", parts.info("attendance"),
                     scope=points[0].name if scope else None, scope_id=scope,
                     extra=AttendanceView(rows))


# Its header prints a number and a date of issue, which the meeting file cannot give it.
ATTENDANCE = Kind(name="attendance", scope=Scope.meeting_and_points, view=AttendanceView,
                  build=build_attendance, signed_by=SignedBy.signer,
                  prints=frozenset({Blank.number, Blank.date}))
ATTENDANCE_ROW = "| attendance | danh sách đại biểu | whole meeting, and one per connection point |"

HTML = """{% extends "html/base.html" %}
{% block content %}
<table class="grid">{% for point, who in doc.extra.rows %}
<tr><td>{{ point }}</td><td>{{ who }}</td></tr>{% endfor %}</table>
{% endblock %}
"""


NAME = "Danh sách đại biểu"


def attendance_templates(folder: Path) -> Path:
    """The kind's templates: its HTML, its Word file, and its words in the labels."""
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "attendance.html").write_text(HTML, encoding="utf-8")
    (folder / "docx" / "party").mkdir(parents=True)
    word = docx.Document()
    word.add_paragraph("{{ doc.title }} {{ doc.header.number }}")
    word.add_paragraph("{%p for point, who in doc.extra.rows %}")
    word.add_paragraph("{{ point }}: {{ who }}")
    word.add_paragraph("{%p endfor %}")
    word.save(str(folder / "docx" / "party" / "attendance.docx"))
    (folder / "labels").mkdir()
    for file in (DEFAULT_TEMPLATES / "labels").glob("*.yaml"):
        labels = yaml.safe_load(file.read_text(encoding="utf-8"))
        labels["doc_type"]["attendance"] = "DANH SÁCH ĐẠI BIỂU"
        labels["doc_abbr"]["attendance"] = "DS"
        labels["doc_name"]["attendance"] = NAME
        (folder / "labels" / file.name).write_text(yaml.safe_dump(labels, allow_unicode=True),
                                                   encoding="utf-8")
    return folder


def run_validate() -> Result:
    """``briefgen validate`` of the reference, which exits 0 (its warnings in its output)."""
    result = CliRunner().invoke(app, ["validate", str(REFERENCE)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def attendance() -> Iterator[Kind]:
    kinds.register(ATTENDANCE)
    try:
        yield ATTENDANCE
    finally:
        kinds.unregister(ATTENDANCE.name)
    assert "attendance" not in kinds.KINDS


def test_a_new_kind_is_one_module_and_its_templates(attendance: Kind, tmp_path: Path) -> None:
    templates = attendance_templates(tmp_path / "set")
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(app, ["render", str(REFERENCE), "--doc", "attendance", "--point",
                                 "ha-noi", "--format", "pdf,docx,html", "--templates",
                                 str(templates), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # its own blanks are warned from its declaration, and no other kind's
    for said in ("no signer for the attendance", "the attendance has no number",
                 "the attendance has no date of issue"):
        assert said in result.output, said
    assert "the secretary is a role" in run_validate().output  # the minutes' blank, not its own
    assert "secretary" not in result.output and "minutes" not in result.output
    stem = f"{REFERENCE.stem}-attendance-ha-noi"
    pdf = squash(pdf_text(out / f"{stem}.pdf"))
    assert "DANH SÁCH ĐẠI BIỂU" in pdf and "-DS/BCĐTW" in pdf  # its own type and symbol
    for text in (pdf, squash(docx_text(out / f"{stem}.docx")),
                 squash((out / f"{stem}.html").read_text(encoding="utf-8"))):
        assert "Trần Sỹ Thanh" in text and "Nguyễn Trọng Đông" in text
        assert "Phó Thủ tướng" not in text  # the chairs are not attendees of Hà Nội

    batch = tmp_path / "batch"
    result = runner.invoke(app, ["batch", str(REFERENCE), "--templates", str(templates),
                                 "--out", str(batch), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((batch / REFERENCE.stem / "manifest.json").read_text(encoding="utf-8"))
    made = {f["file"] for f in manifest["files"] if f["document"] == "attendance"}
    points = ["ha-noi", "ho-chi-minh", "hai-phong", "da-nang", "can-tho", "hue"]
    assert made == {f"{REFERENCE.stem}-attendance{s}.{fmt}" for s in ["", *(f"-{p}" for p in points)]
                    for fmt in ("docx", "pdf", "html")}
    index = (batch / REFERENCE.stem / "index.html").read_text(encoding="utf-8")
    assert NAME in index and all(name in index for name in made)

    # validate warns for its missing signer, as the kind declares it signed by one
    result = run_validate()
    assert "no signer for the attendance (documents.attendance.signer)" in result.output

    # templates check takes its templates as a kind's, and the README's table lists it
    result = runner.invoke(app, ["templates", "check", str(templates)])
    assert result.exit_code == 0, result.output
    names = yaml.safe_load((templates / "labels" / "vi.yaml").read_text(encoding="utf-8"))
    assert kinds.table(names["doc_name"]).splitlines()[-1] == ATTENDANCE_ROW


def test_the_readme_table_of_kinds_is_the_registry() -> None:
    names = yaml.safe_load((DEFAULT_TEMPLATES / "labels" / "vi.yaml").read_text(encoding="utf-8"))
    table = kinds.table(names["doc_name"])
    assert table.count("\n") == len(kinds.KINDS) + 1
    assert table in (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def test_validate_warns_for_each_signed_kind_without_its_signer() -> None:
    """The reference names no signer for the invitation, the report nor the request letter:
    each is warned about, as its kind declares a signer; the minutes and the pack are not."""
    result = CliRunner().invoke(app, ["validate", str(REFERENCE)])
    assert result.exit_code == 0, result.output
    meeting, _ = load_meeting(REFERENCE)
    unsigned = {k.name for k in kinds.KINDS.values() if k.signed_by is SignedBy.signer
                and getattr(meeting.documents, k.name).signer is None}
    assert "request" in unsigned and "minutes" not in unsigned and "pack" not in unsigned
    for name in kinds.KINDS:
        said = f"no signer for the {name} (documents.{name}.signer)" in result.output
        assert said == (name in unsigned), name


def test_a_kind_refuses_a_view_that_breaks_its_declaration(parts: Parts) -> None:
    """A view that binds annexes its kind does not declare, or leaves out the signature its
    kind declares, is refused when the document is made."""
    from dataclasses import replace

    from briefgen.view.model import AnnexView

    unsigned = replace(kinds.get("notice"), build=lambda p, s: replace(
        kinds.get("notice").build(p, s), signatures=[]))
    with pytest.raises(ValueError, match="no signature"):
        unsigned.make(parts)
    annex = AnnexView(anchor="annex-a", title="A submitted report", unit="", path="a.pdf",
                      pages=1)
    bound = replace(kinds.get("notice"), build=lambda p, s: replace(
        kinds.get("notice").build(p, s), annexes=(annex,)))
    with pytest.raises(ValueError, match="binds no annexes"):
        bound.make(parts)


@pytest.mark.parametrize("kind", list(kinds.KINDS.values()), ids=list(kinds.KINDS))
def test_every_sentence_a_kind_lets_the_clerk_word_is_a_key_of_the_file(kind: Kind,
                                                                         parts: Parts) -> None:
    from briefgen.model.meeting import Wording

    doc = kind.make(parts, kind.scopes(parts)[0])
    for sentence in kind.sentences:
        assert sentence.key in Wording.model_fields
        assert isinstance(sentence.read(doc), str)
