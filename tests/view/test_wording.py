"""Sentence forms as data (briefgen.view.forms): how a form is filled and chosen, a body that
chairs or concludes, an empty override, and facts a source may not give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.kinds import get
from briefgen.model import load_meeting
from briefgen.view.build import ViewBuilder, load_labels
from briefgen.view.forms import Form, choose, fill, forms_of
from briefgen.view.parts import Parts
from tests.conftest import REFERENCE, ROOT, run_cli

VPCP = ROOT / "inputs" / "vpcp-tb467-2024-10-07.yaml"


def parts_of(tmp_path: Path, base: Path, change: Any) -> Parts:
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    meeting, _ = load_meeting(path)
    return Parts(ViewBuilder(meeting), tmp_path)


def test_an_empty_field_leaves_no_stray_word_space_or_comma() -> None:
    form = Form("f", "{when}, tại {venue}, {chairs} chủ trì {session} {mode}.")
    text = fill(form, {"when": "ngày 07 tháng 10 năm 2024", "venue": "", "chairs": "X",
                       "session": "cuộc họp", "mode": ""})
    assert text == "Ngày 07 tháng 10 năm 2024, X chủ trì cuộc họp."
    # Every sentence starts with a capital, whatever its first field.
    assert fill(Form("g", "{a}. {b}"), {"a": "một", "b": "các Phó Thủ tướng"}) == \
        "Một. Các Phó Thủ tướng"


def test_the_meeting_file_beats_the_profile_which_beats_the_labels_order() -> None:
    labels = load_labels("vi")
    fields = {"when": "Ngày 1", "holder": "H", "session": "S", "venue": "V", "venue_at": "tại V",
              "mode_phrase": "M", "chaired": "C.", "chairs": "C", "matter": ""}
    first = next(iter(forms_of(labels, "notice", "opening")))
    assert choose(labels, "notice", "opening", None, None, fields).form == first
    assert choose(labels, "notice", "opening", None, "chair_presided", fields).form == \
        "chair_presided"
    chosen = choose(labels, "notice", "opening", "body_held", "chair_presided", fields)
    assert chosen.form == "body_held" and chosen.text == "Ngày 1, H tổ chức S tại V."
    # Only forms whose fields are all given are offered: no matter, no body_considered.
    assert "chair_presided" in chosen.others and "body_considered" not in chosen.others


def test_english_labels_have_every_form_and_type_vietnamese_ones_have() -> None:
    vi, en = load_labels("vi"), load_labels("en")
    assert set(vi["types"]) == set(en["types"])
    for kind, sentences in vi["forms"].items():
        for sentence, forms in sentences.items():
            assert set(forms) == set(en["forms"][kind][sentence]), (kind, sentence)
            for name in forms:  # the same fields, so a meeting renders in both languages
                vi_form = forms_of(vi, kind, sentence)[name]
                en_form = forms_of(en, kind, sentence)[name]
                assert set(vi_form.fields) == set(en_form.fields), (kind, sentence, name)


def test_a_body_chairs_and_concludes(tmp_path: Path) -> None:
    def body(data: dict[str, Any]) -> None:
        data["meeting"]["chairs"] = ["chinh-phu"]
        data["conclusions"]["by"] = "chinh-phu"
        data["documents"]["notice"].pop("forms")
        data["documents"]["notice"]["forms"] = {"opening": "chair_presided"}

    notice = get("notice").make(parts_of(tmp_path, VPCP, body))
    assert notice.subject.startswith("Kết luận của Chính phủ tại cuộc họp")
    assert ", tại trụ sở Chính phủ, Chính phủ chủ trì cuộc họp" in notice.extra.opening
    assert "Chính phủ đã kết luận như sau:" in notice.extra.close


def test_an_unknown_id_for_who_concluded_names_both_collections(tmp_path: Path) -> None:
    data = yaml.safe_load(VPCP.read_text(encoding="utf-8"))
    data["conclusions"]["by"] = "chinh-phuu"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("validate", path, check=False)
    assert result.returncode == 2
    assert "conclusions.by: unknown person or unit 'chinh-phuu'" in result.stderr
    assert "did you mean 'chinh-phu'?" in result.stderr


def test_an_empty_override_drops_its_sentence(tmp_path: Path) -> None:
    def drop(data: dict[str, Any]) -> None:
        data["documents"]["notice"]["text"] = {"close": "", "attending": ""}

    notice = get("notice").make(parts_of(tmp_path, VPCP, drop))
    assert notice.extra.close == "" and notice.extra.attending == []
    assert "Tham dự" not in notice.extra.opening  # the attending sentence is gone too


def test_mode_chairs_and_place_may_be_unknown(tmp_path: Path) -> None:
    def unknown(data: dict[str, Any]) -> None:
        for key in ("mode", "chairs", "place"):
            data["meeting"].pop(key)
        data["documents"]["notice"]["forms"] = {}

    parts = parts_of(tmp_path, REFERENCE, unknown)
    notice = get("notice").make(parts)
    assert notice.header.place_date.startswith("……, ngày")
    assert "Chủ trì phiên họp có đồng chí ……." in notice.extra.opening  # a party meeting
    minutes = get("minutes").make(parts)
    assert minutes.signatures[1].name == "……"
    result = run_cli("validate", tmp_path / "meeting.yaml")
    for what in ("(mode) is not given", "(place) is not given", "(chairs) is not given"):
        assert what in result.stderr, what


@pytest.mark.parametrize(("forms", "session"), [
    ({"name": "of_holder", "sequence": "thu"}, "(Đề án) thứ 38 của Chính phủ"),
    ({"name": "holder_then_sequence"}, "(Đề án) Chính phủ lần thứ 38"),
    ({"name": "holder_after", "sequence": "thu"}, "(Đề án) thứ 38 Chính phủ"),
])
def test_the_meeting_names_its_sessions_for_every_document(
        tmp_path: Path, forms: dict[str, str], session: str) -> None:
    def assembly(data: dict[str, Any]) -> None:
        data["meeting"]["sequence"] = 38
        data["meeting"]["forms"] = forms

    parts = parts_of(tmp_path, VPCP, assembly)
    assert session in get("minutes").make(parts).subject.replace("\xa0", " ")  # breaks kept out
    assert session in get("minutes").make(parts).extra.opening
    assert session in get("notice").make(parts).extra.opening


def test_minutes_sentences_come_from_forms_too(tmp_path: Path) -> None:
    def plain(data: dict[str, Any]) -> None:
        data["documents"]["minutes"] = {"forms": {"opening": "none", "end": "ended"}}

    minutes = get("minutes").make(parts_of(tmp_path, VPCP, plain))
    assert minutes.extra.opening == ""
    # The VPCP's session is a "cuộc họp" (its kind): the minutes call it that.
    assert minutes.extra.end.startswith("Cuộc họp kết thúc vào hồi")
    assert "đọc lại" not in minutes.extra.end
    assert minutes.extra.forms["end"].others == ("ended_read_back",)


def test_a_role_that_concludes_is_warned(tmp_path: Path) -> None:
    data = yaml.safe_load(VPCP.read_text(encoding="utf-8"))
    data["conclusions"]["by"] = "lanh-dao-bo"
    path = tmp_path / "role.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("validate", path)
    assert "conclusions.by: warning: who concluded is a role" in result.stderr
    assert "give its unit id instead" in result.stderr


def test_a_cited_sentence_ends_before_the_conclusion_runs_on() -> None:
    """A conclusion citing the agenda prints the citation as a sentence of its own: its
    closing punctuation before the conclusion's first word (issue 23: "…còn chậm muộn Thời
    gian từ nay…")."""
    meeting, _ = load_meeting(REFERENCE)
    view = ViewBuilder(meeting).view
    cited = [c for c in view.conclusions if c.cited]
    assert cited
    for c in cited:
        assert all(t.endswith((".", "!", "?")) for t in c.cited), c.cited
    # A sentence of its own, with its verb, not a number opening a fragment after "1."
    agenda = f"Phiên họp đã trao đổi, làm rõ {len(meeting.agenda)} nhóm nội dung, đầu việc: "
    assert any(t.startswith(agenda) for c in cited for t in c.cited)


@pytest.mark.parametrize(("kind", "noun"), [
    ("hội nghị lần thứ III Ban Chấp hành Đảng bộ tỉnh khóa XV", "hội nghị"),
    ("cuộc họp về tình hình triển khai các cụm công nghiệp", "cuộc họp"),
    ("Phiên họp chuyên đề", "phiên họp"), ("kỳ họp thứ 8", "kỳ họp"),
    ("hội nghịxyz", "phiên họp"), ("họp giao ban", "phiên họp")])
def test_the_session_is_called_what_its_kind_begins_with(kind: str, noun: str) -> None:
    from briefgen.view.build import session_noun

    assert session_noun(list(load_labels("vi")["session_nouns"]), kind) == noun
