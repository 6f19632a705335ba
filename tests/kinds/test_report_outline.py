"""The report's section numbers come from one outline (briefgen/kinds/report.py OUTLINE): the
sections printed are numbered 1, 2, … in its order, whichever optional ones are left out."""

from __future__ import annotations

from itertools import combinations

from briefgen.kinds.report import OUTLINE, headings, section_numbers
from briefgen.view.build import load_labels

OPTIONAL = ("responses", "changes")


def printed_sets() -> list[set[str]]:
    """Every report the outline allows: all sections, less any choice of the optional ones."""
    every = {key for key, _ in OUTLINE}
    return [every - set(left) for n in range(len(OPTIONAL) + 1)
            for left in combinations(OPTIONAL, n)]


def test_printed_sections_are_numbered_one_to_n_in_outline_order() -> None:
    for printed in printed_sets():
        numbers = section_numbers(printed)
        in_order = [numbers[key] for key, _ in OUTLINE if key in printed]
        assert in_order == list(range(1, len(printed) + 1)), printed


def test_headings_print_the_number_and_the_label_or_nothing() -> None:
    for lang in ("vi", "en"):
        labels = load_labels(lang)
        for printed in printed_sets():
            numbers, made = section_numbers(printed), headings(labels, printed)
            for key, label in OUTLINE:
                want = f"{numbers[key]}. {labels[label]}" if key in printed else ""
                assert getattr(made, key) == want, (lang, printed, key)


def test_the_changes_follow_the_answers_when_there_are_some() -> None:
    """The one number Python used to type (changes_no = 6 if answers else 5) now follows."""
    every = {key for key, _ in OUTLINE}
    with_answers, without = section_numbers(every), section_numbers(every - {"responses"})
    assert with_answers["changes"] == with_answers["responses"] + 1
    assert without["changes"] == with_answers["responses"]
