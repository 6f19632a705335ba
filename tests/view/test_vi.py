"""Vietnamese wording: the official date rule, leading zeros, and name collation."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from pathlib import Path

import pytest

from briefgen.view import vi
from tests.conftest import ROOT


@pytest.mark.parametrize(("date", "words"), [
    (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
    (dt.date(2025, 2, 22), "ngày 22 tháng 02 năm 2025"),
    (dt.date(2025, 3, 4), "ngày 04 tháng 3 năm 2025"),
    (dt.date(2025, 5, 22), "ngày 22 tháng 5 năm 2025"),
    (dt.date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
])
def test_official_date_wording(date: dt.date, words: str) -> None:
    assert vi.date_words(date) == words


def test_blank_date_leaves_room_to_fill() -> None:
    assert vi.date_words(None, 2025) == "ngày      tháng      năm 2025"
    assert vi.two_digits(1) == "01" and vi.two_digits(12) == "12"


def test_locale_data_from_babel() -> None:
    assert vi.weekday(dt.date(2025, 5, 22)) == "Thứ Năm"
    assert vi.number(3000) == "3.000"
    assert vi.date_words(dt.date(2025, 5, 22), lang="en") == "22 May 2025"


def test_names_sort_by_given_name_then_middle_then_family() -> None:
    expected = ["Lê Văn An", "Lê Thị Anh", "Lê Văn Ánh", "Lê Văn Ân", "Trần Văn Ấn",
                "Nguyễn Chí Dũng", "Lê Văn Dũng", "Nguyễn Trọng Đông", "Đỗ Hà", "Tô Lâm",
                "Nguyễn Duy Ngọc", "Trần Sỹ Thanh", "Phạm Gia Túc"]
    shuffled = expected[:]
    random.Random(7).shuffle(shuffled)
    assert vi.sort_names(shuffled) == expected


def test_collation_letters_before_tones_and_d_before_dd() -> None:
    # a < ă < â as letters; tones only break ties: "Ánh" (a + sắc) before "Ăn".
    assert vi.sort_names(["Ăn", "Ánh", "Anh", "Ân"]) == ["Anh", "Ánh", "Ăn", "Ân"]
    assert vi.sort_names(["Đào", "Dung"]) == ["Dung", "Đào"]
    # Decomposed input sorts like composed input.
    nfd = unicodedata.normalize("NFD", "Nguyễn Trọng Đông")
    assert vi.name_key(nfd) == vi.name_key("Nguyễn Trọng Đông")


PROVINCES = ROOT / "tests" / "data" / "provinces-63.txt"  # a copy of shared/reference/


def test_the_63_provinces_and_cities_sort_as_the_official_list() -> None:
    """The 2022 list, in its official order: syllable by syllable, "TP. Hồ Chí Minh" filed
    under T. Shuffled three ways, it sorts back to itself."""
    names = [n for n in PROVINCES.read_text(encoding="utf-8").splitlines() if n.strip()]
    assert len(names) == 63
    for seed in (1, 2, 3):
        shuffled = names[:]
        random.Random(seed).shuffle(shuffled)
        assert vi.sort_texts(shuffled) == names
    nfd = [unicodedata.normalize("NFD", n) for n in reversed(names)]
    assert [unicodedata.normalize("NFC", n) for n in vi.sort_texts(nfd)] == names


@pytest.mark.parametrize(("first", "second"), [
    ("Bà Rịa - Vũng Tàu", "Bạc Liêu"),  # a syllable that begins another sorts first
    ("Cà Mau", "Cao Bằng"),
    ("Hà Giang", "Hải Dương"),
    ("Hà Nam", "Hà Nội"),
    ("Bình Dương", "Bình Định"),  # d before đ
    ("Lạng Sơn", "Lào Cai"),
    ("Lào Cai", "Lâm Đồng"),  # a before â
    ("Sóc Trăng", "Sơn La"),  # o before ơ
    ("Hà Nam", "Hà Nam Ninh"),  # a shorter name first
])
def test_pairs_where_one_name_begins_another(first: str, second: str) -> None:
    assert vi.sort_texts([second, first]) == [first, second]
    assert vi.text_key(first) < vi.text_key(second)


@pytest.mark.parametrize(("lang", "grouped"), [("vi", "1.232"), ("en", "1,232")])
def test_large_counts_print_grouped_in_every_label(tmp_path: Path, lang: str,
                                                   grouped: str) -> None:
    """Issue 9, fault 15: "44000 nhiệm vụ" printed without its thousands separator."""
    import yaml

    from briefgen.model import load_meeting
    from briefgen.view.build import ViewBuilder
    from tests.conftest import REFERENCE

    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    tasks = data["tasks"]
    data["tasks"] = [{**t, "id": f"{t['id']}-{i}"} for i in range(28) for t in tasks]
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    meeting, _ = load_meeting(path)
    assert len(meeting.tasks) == 28 * len(tasks) == 1232
    register = ViewBuilder(meeting, lang=lang).register(list(meeting.tasks))
    assert grouped in register.summary_text and "1232" not in register.summary_text


def test_lists_join_as_running_text_with_the_labels_and() -> None:
    assert vi.joined([], "và") == ""
    assert vi.joined(["Bộ Nội vụ"], "và") == "Bộ Nội vụ"
    assert vi.joined(["Bộ Nội vụ", "Bộ Tài chính"], "và") == "Bộ Nội vụ và Bộ Tài chính"
    assert vi.joined(["A", "B", "C"], "and") == "A, B and C"
    assert [vi.two_digits(n) for n in (5, 12, 120)] == ["05", "12", "120"]
