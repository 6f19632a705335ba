"""A document's outline: its sections in order and how each is numbered, declared once on its
kind (``Kind.outline``). The kind's view builds the headings from it, ready to print ("III. Nội
dung phiên họp", "4.1. <group>"), and the HTML and Word templates print those; no template
counts.

A section is one numbered heading, or (``per_item``) one per item, each numbered on (the
minutes' opening statements); an ``optional`` one is left out when it has nothing to print, the
sections after it numbered on from it; a section with ``groups`` numbers its content groups
under its own number ("4.1.", "4.2."); a section with ``marks`` numbers the paragraphs it
holds the same way ("3.1.", "3.2.": the minutes' conclusions, whose own "1." would read as
the next heading's); ``within`` is an outline under the section, numbered
from 1 in its own numbering.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

#: What the heading words of a section are: its one heading's words, the words of each of its
#: per-item headings, or None for an optional section left out.
Words = str | Sequence[str] | None

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """``number`` in Roman numerals (1 → "I", 4 → "IV", 14 → "XIV")."""
    if number < 1:
        raise ValueError(f"no Roman numeral for {number}")
    marks = []
    for value, mark in _ROMAN:
        count, number = divmod(number, value)
        marks.append(mark * count)
    return "".join(marks)


class Numbering(StrEnum):
    """How the headings of one level are numbered."""

    roman = "roman"  # I., II., III.: the minutes' sections (as Mẫu biên bản numbers them)
    arabic = "arabic"  # 1., 2., 3.

    def mark(self, number: int) -> str:
        return roman(number) if self is Numbering.roman else str(number)


@dataclass(frozen=True)
class Section:
    """One section of an outline."""

    key: str  # its field of the kind's headings object (ReportHeadings, MinutesHeadings)
    label: str = ""  # the label its heading reads; "" where the view gives the words
    optional: bool = False  # left out when there is nothing to print: the next takes its number
    per_item: bool = False  # one heading per item, each numbered on ("1. <statement heading>")
    groups: str = ""  # the headings field of its content groups, numbered under it ("4.1.")
    marks: str = ""  # the headings field of the numbers of its paragraphs, under it ("3.1.")
    within: Outline | None = None  # the outline under it, numbered from 1


@dataclass(frozen=True)
class Outline:
    """A document's sections in order, and how they are numbered."""

    sections: tuple[Section, ...]
    numbering: Numbering = Numbering.arabic

    def keys(self) -> tuple[str, ...]:
        """Every headings field the outline fills, its own and those under it, in order."""
        found: list[str] = []
        for section in self.sections:
            found += [section.key, *(f for f in (section.groups, section.marks) if f)]
            found += section.within.keys() if section.within else ()
        return tuple(found)

    def labels(self) -> tuple[str, ...]:
        """Every label its headings read, its own sections' and those under them."""
        found: list[str] = []
        for section in self.sections:
            found += [section.label] if section.label else []
            found += section.within.labels() if section.within else ()
        return tuple(dict.fromkeys(found))

    def headings(self, labels: Mapping[str, Any], words: Mapping[str, Words] | None = None
                 ) -> dict[str, Any]:
        """Every heading ready to print, by field (:meth:`keys`): "<number>. <words>", a list of
        them for a per-item section and for a section's groups, "" for an optional section left
        out. ``words``: the view's words for a section, where they are not its label's (the
        items' own headings for a per-item section, the group titles under ``groups``, the
        paragraphs under ``marks``, None for an optional section with nothing to print)."""
        given = words or {}
        made: dict[str, Any] = {}
        number = 0
        for section in self.sections:
            said = given[section.key] if section.key in given else labels[section.label]
            if section.per_item:
                items = list(said or [])
                made[section.key] = [f"{self.numbering.mark(number + i)}. {item}"
                                     for i, item in enumerate(items, 1)]
                number += len(items)
            elif said is None:
                if not section.optional:
                    raise ValueError(f"the section {section.key!r} is not optional")
                made[section.key] = ""
                for field in (section.groups, section.marks):
                    if field:
                        made[field] = []
            else:
                number += 1
                mark = self.numbering.mark(number)
                made[section.key] = f"{mark}. {said}"
                if section.groups:
                    made[section.groups] = [f"{mark}.{i}. {title}" for i, title
                                            in enumerate(given.get(section.groups) or [], 1)]
                if section.marks:
                    made[section.marks] = [f"{mark}.{i}." for i, _ in
                                           enumerate(given.get(section.marks) or [], 1)]
            if section.within:
                made |= section.within.headings(labels, given)
        return made
