"""People named as each body writes them: the title first in state documents, the form of
address, name and every title in Party ones; the short title in subject lines; neighbours who
share a title grouped; one chair in the singular."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen.kinds import get
from briefgen.model import load_meeting
from briefgen.view.build import ViewBuilder
from briefgen.view.parts import Parts
from tests.conftest import REFERENCE

# A test's own people (the roles and titles are real forms; the names are placeholders).
PEOPLE = [
    {"id": "a", "name": "Nguyễn Văn A", "titles": ["Ủy viên Trung ương Đảng", "Phó Thủ tướng Chính phủ"],
     "short_title": "Phó Thủ tướng Chính phủ"},
    {"id": "b", "name": "Trần Văn B", "titles": ["Phó Thủ tướng Chính phủ"]},
    {"id": "c", "name": "Lê Thị C", "titles": ["Bộ trưởng Bộ Tài chính"], "address_as": "bà"},
    {"id": "d", "name": "Phạm Văn D", "titles": ["Bí thư Tỉnh ủy"], "name_style": "name_then_titles",
     "address_as": ""},
    {"id": "e", "name": "Hoàng Văn E", "name_style": "first_title_first",
     "titles": ["Thủ tướng Chính phủ", "Trưởng Ban Chỉ đạo Quốc gia"]},
    {"id": "f", "name": "Vũ Văn F", "name_style": "name_dash_titles",
     "titles": ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"]},
]


def parts_for(tmp_path: Path, regime: str, chairs: list[str]) -> Parts:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    data["meeting"]["regime"] = regime
    data["meeting"]["chairs"] = chairs
    data["people"] += PEOPLE
    data["conclusions"]["by"] = chairs[0]
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    meeting, _ = load_meeting(path)
    return Parts(ViewBuilder(meeting), tmp_path)


def test_state_documents_write_the_title_first(tmp_path: Path) -> None:
    people = parts_for(tmp_path, "state", ["b"]).builder.people
    assert people["b"].full == "Phó Thủ tướng Chính phủ Trần Văn B"
    assert people["a"].full == "Ủy viên Trung ương Đảng, Phó Thủ tướng Chính phủ Nguyễn Văn A"
    assert people["a"].short == "Phó Thủ tướng Chính phủ Nguyễn Văn A"
    assert people["d"].full == "Phạm Văn D, Bí thư Tỉnh ủy"  # their own style, no address


def test_party_documents_address_name_and_titles(tmp_path: Path) -> None:
    people = parts_for(tmp_path, "party", ["b"]).builder.people
    assert people["b"].full == "đồng chí Trần Văn B, Phó Thủ tướng Chính phủ"
    assert people["c"].full == "bà Lê Thị C, Bộ trưởng Bộ Tài chính"
    assert people["a"].short == "đồng chí Nguyễn Văn A, Phó Thủ tướng Chính phủ"


def test_neighbours_sharing_a_title_are_grouped(tmp_path: Path) -> None:
    parts = parts_for(tmp_path, "state", ["a", "b", "c"])
    listed = parts.builder.people_list(parts.view.chairs)
    assert listed == "các Phó Thủ tướng Chính phủ: Nguyễn Văn A, Trần Văn B; " \
                     "Bộ trưởng Bộ Tài chính Lê Thị C"


@pytest.mark.parametrize(("regime", "chairs", "sentence"), [
    ("state", ["b"], "Phó Thủ tướng Chính phủ Trần Văn B chủ trì phiên họp."),
    # A sentence that starts with a group starts with a capital ("… Trung ương. Các Phó …").
    ("state", ["a", "b"], ". Các Phó Thủ tướng Chính phủ: Nguyễn Văn A, Trần Văn B đồng chủ trì"),
    ("party", ["b"], "Chủ trì phiên họp có đồng chí Trần Văn B, Phó Thủ tướng Chính phủ."),
    ("party", ["b", "c"], "Chủ trì phiên họp có các đồng chí: Trần Văn B, Phó Thủ tướng Chính "
                          "phủ; Lê Thị C, Bộ trưởng Bộ Tài chính."),
])
def test_one_chair_is_singular_several_plural(tmp_path: Path, regime: str, chairs: list[str],
                                              sentence: str) -> None:
    notice = get("notice").make(parts_for(tmp_path, regime, chairs))
    assert sentence in notice.extra.opening


def test_the_subject_line_takes_the_short_title(tmp_path: Path) -> None:
    notice = get("notice").make(parts_for(tmp_path, "state", ["a"]))
    assert notice.subject.startswith("Kết luận của Phó Thủ tướng Chính phủ Nguyễn Văn A tại")


def test_several_titles_first_before_the_name_the_rest_after(tmp_path: Path) -> None:
    """first_title_first: "Thủ tướng Chính phủ Phạm Minh Chính, Trưởng Ban Chỉ đạo …"."""
    people = parts_for(tmp_path, "state", ["e"]).builder.people
    assert people["e"].full == "Thủ tướng Chính phủ Hoàng Văn E, Trưởng Ban Chỉ đạo Quốc gia"
    assert people["e"].short == "Thủ tướng Chính phủ Hoàng Văn E"
    # A state document: no form of address unless the person's address_as gives one.
    assert people["f"].full == "Vũ Văn F - Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh"


def test_attendees_sharing_a_title_are_grouped_and_named_in_full(tmp_path: Path) -> None:
    parts = parts_for(tmp_path, "state", ["c"])
    b = parts.builder
    listed = b.people_list([b.people[i] for i in ("a", "b", "d")], full=True)
    assert listed == "các Phó Thủ tướng Chính phủ: Nguyễn Văn A, Trần Văn B; Phạm Văn D, Bí thư Tỉnh ủy"


def test_recipients_start_as_sentences(tmp_path: Path) -> None:
    parts = parts_for(tmp_path, "state", ["b"])
    info = parts.info("notice").model_copy(update={"recipients": ["các Phó Thủ tướng Chính phủ"]})
    assert parts.recipients(info)[0] == "- Các Phó Thủ tướng Chính phủ;"


def test_state_documents_address_nobody_unless_the_person_says(tmp_path: Path) -> None:
    """"đồng chí" is the Party's form of address: a state document names a speaker bare, or
    with the person's own ``address_as``; a Party one keeps it."""
    state = parts_for(tmp_path, "state", ["b"]).builder
    assert state.people["b"].called == "Trần Văn B"
    assert state.people["c"].called == "bà Lê Thị C"
    assert state.L["statement_by"].format(**state.naming(state.people["c"])) == \
        "Bà Lê Thị C phát biểu"
    assert state.L["section_conclusions"] == "Kết luận của chủ tọa"
    party = parts_for(tmp_path, "party", ["b"]).builder
    assert party.L["statement_by"].format(**party.naming(party.people["b"])) == \
        "Đồng chí Trần Văn B phát biểu"
    assert party.people["d"].called == "Phạm Văn D"  # address_as: '' — none
