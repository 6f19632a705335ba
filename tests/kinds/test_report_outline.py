"""The report's section numbers come from one outline (briefgen/kinds/report.py OUTLINE): the
sections printed are numbered 1, 2, … in its order, whichever optional ones are left out."""

from __future__ import annotations

import re
from dataclasses import astuple
from itertools import combinations

from briefgen.kinds.report import OUTLINE, headings
from briefgen.view.build import load_labels

OPTIONAL = tuple(s.key for s in OUTLINE.sections if s.optional)


def left_out_sets() -> list[set[str]]:
    """Every report the outline allows: any choice of the optional sections left out."""
    return [set(left) for n in range(len(OPTIONAL) + 1) for left in combinations(OPTIONAL, n)]


def test_the_optional_sections_are_the_answers_and_the_changes() -> None:
    assert OPTIONAL == ("responses", "changes")


def test_printed_sections_are_numbered_one_to_n_in_outline_order() -> None:
    labels = load_labels("vi")
    for left_out in left_out_sets():
        printed = [h for h in astuple(headings(labels, left_out)) if h]
        numbers = [int(re.match(r"(\d+)\. ", h).group(1)) for h in printed]  # type: ignore[union-attr]
        assert numbers == list(range(1, len(OUTLINE.sections) - len(left_out) + 1)), left_out


def test_headings_print_the_number_and_the_label_or_nothing() -> None:
    for lang in ("vi", "en"):
        labels = load_labels(lang)
        for left_out in left_out_sets():
            made, number = headings(labels, left_out), 0
            for section in OUTLINE.sections:
                number += section.key not in left_out
                want = "" if section.key in left_out else f"{number}. {labels[section.label]}"
                assert getattr(made, section.key) == want, (lang, left_out, section.key)


def test_the_changes_follow_the_answers_when_there_are_some() -> None:
    """The one number Python used to type (changes_no = 6 if answers else 5) now follows."""
    labels = load_labels("vi")
    with_answers, without = headings(labels, set()), headings(labels, {"responses"})
    assert with_answers.responses.startswith("5. ") and with_answers.changes.startswith("6. ")
    assert without.responses == "" and without.changes.startswith("5. ")
