"""An outline numbers the headings a document prints (briefgen/kinds/outline.py): in order, in
its numbering, an optional section left out giving its number to the next, a per-item section
one number per item, a section's groups under its number, an outline within numbered afresh."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from briefgen import kinds
from briefgen.kinds import minutes
from briefgen.kinds.outline import Numbering, Outline, Section, roman
from briefgen.model import load_meeting
from briefgen.view import model
from briefgen.view.build import ViewBuilder, load_labels
from briefgen.view.parts import Parts
from tests.conftest import REFERENCE

LABELS = {"a": "Alpha", "b": "Beta", "c": "Gamma", "d": "Delta"}


def test_roman_numerals() -> None:
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9, 10, 14, 40, 49, 90, 400, 1994)] == [
        "I", "II", "III", "IV", "V", "IX", "X", "XIV", "XL", "XLIX", "XC", "CD", "MCMXCIV"]
    with pytest.raises(ValueError):
        roman(0)


def test_an_optional_section_left_out_gives_its_number_to_the_next() -> None:
    outline = Outline((Section("a", "a"), Section("b", "b", optional=True), Section("c", "c"),
                       Section("d", "d", optional=True)))
    assert outline.headings(LABELS) == {"a": "1. Alpha", "b": "2. Beta", "c": "3. Gamma",
                                        "d": "4. Delta"}
    assert outline.headings(LABELS, {"b": None}) == {"a": "1. Alpha", "b": "", "c": "2. Gamma",
                                                     "d": "3. Delta"}
    assert outline.headings(LABELS, {"b": None, "d": None})["c"] == "2. Gamma"


def test_a_section_that_is_not_optional_cannot_be_left_out() -> None:
    with pytest.raises(ValueError, match="'a' is not optional"):
        Outline((Section("a", "a"),)).headings(LABELS, {"a": None})


def test_a_per_item_section_numbers_each_item_and_the_next_counts_on() -> None:
    outline = Outline((Section("items", per_item=True), Section("c", "c", groups="parts")))
    made = outline.headings(LABELS, {"items": ["One", "Two"], "parts": ["x", "y"]})
    assert made == {"items": ["1. One", "2. Two"], "c": "3. Gamma", "parts": ["3.1. x", "3.2. y"]}
    none = outline.headings(LABELS, {"items": [], "parts": []})
    assert none == {"items": [], "c": "1. Gamma", "parts": []}


def test_roman_sections_with_an_arabic_outline_within() -> None:
    outline = Outline((Section("a", "a"), Section("b", "b"), Section("c", "c", within=Outline((
        Section("items", per_item=True), Section("d", "d", optional=True))))), Numbering.roman)
    made = outline.headings(LABELS, {"items": ["One"], "d": None})
    assert made == {"a": "I. Alpha", "b": "II. Beta", "c": "III. Gamma", "items": ["1. One"],
                    "d": ""}
    assert outline.keys() == ("a", "b", "c", "items", "d")


@pytest.mark.parametrize("kind", [k for k in kinds.KINDS.values() if k.outline],
                         ids=lambda k: k.name)
def test_each_outline_fills_its_headings_object_exactly(kind: kinds.Kind) -> None:
    """The fields of the kind's headings (doc.extra.headings) are the outline's keys, in order."""
    assert kind.view is not None and kind.outline is not None
    headings = {f.name: f.type for f in fields(kind.view)}["headings"]
    declared = getattr(model, str(headings))
    assert tuple(f.name for f in fields(declared)) == kind.outline.keys()


def test_the_minutes_and_the_report_declare_their_outlines() -> None:
    assert {k.name for k in kinds.KINDS.values() if k.outline} >= {"minutes", "report"}


def test_the_minutes_number_on_after_each_opening_statement() -> None:
    """III holds one heading per opening statement, then the discussion, its groups under its
    number, the conclusions and (where tasks are assigned) their heading."""
    meeting, _ = load_meeting(REFERENCE)
    mv = Parts(ViewBuilder(meeting), REFERENCE.parent).view
    labels, one = load_labels("vi"), mv.opening[0]
    groups = len(minutes.discussed(mv))
    assert groups and mv.assigned
    for count in (0, 1, 3):
        made = minutes.headings(labels, replace(mv, opening=[one] * count))
        assert (made.time_place[:3], made.participants[:4], made.content[:5]) == (
            "I. ", "II. ", "III. ")
        assert made.opening == [f"{i}. {one.heading}" for i in range(1, count + 1)]
        assert made.discussion == f"{count + 1}. {labels['section_content']}"
        assert made.groups == [f"{count + 1}.{i}. {g.title}" for i, g
                               in enumerate(minutes.discussed(mv), 1)]
        assert made.conclusions.startswith(f"{count + 2}. {labels['section_conclusions']}")
        assert made.assigned == f"{count + 3}. {labels['section_assigned']}"
    assert minutes.headings(labels, replace(mv, assigned=[])).assigned == ""
