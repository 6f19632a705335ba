"""Where a line of a name in capitals may break, as the proof reads it: between the lines
the clerk gave (recorded in the PDF, :data:`briefgen.render.pdf.HEADER_LINES`), else between
the name's phrases with the profiles' ``header.phrase_chars``, the value the documents were
laid out with."""

from __future__ import annotations

import functools

from briefgen.assets import DEFAULT_TEMPLATES
from briefgen.model.profile import load_profiles
from briefgen.view import vi

#: A name on lines the clerk gave: its lines, as printed.
Given = tuple[str, ...]


@functools.cache
def phrase_chars() -> frozenset[int]:
    """Every shipped profile's ``header.phrase_chars`` (a document does not say which
    profile laid it out: a break one of them allows is allowed)."""
    profiles = load_profiles(DEFAULT_TEMPLATES / "profiles")
    return frozenset(p.header.phrase_chars for p in profiles.values())


def may_start(text: str, given: tuple[Given, ...] = ()) -> set[int]:
    """The indexes of the words of ``text`` a line may start at: where the phrase rule
    allows, except inside a name printed on given lines, which breaks exactly between them."""
    words = text.split()
    starts = set().union(*(vi.may_break_before(text, n) for n in sorted(phrase_chars())))
    for lines in given:
        name = [w for line in lines for w in line.split()]
        for at in _occurrences(words, name):
            starts -= set(range(at + 1, at + len(name)))
            starts |= {at + i for i in vi.run_starts([line.split() for line in lines])}
    return starts


def _occurrences(words: list[str], name: list[str]) -> list[int]:
    return [i for i in range(len(words) - len(name) + 1) if name and words[i:i + len(name)] == name]
