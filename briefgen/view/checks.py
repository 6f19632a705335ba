"""Every warning about a valid meeting, as validate, render, batch and serve show them, and
those the view adds to the model's (briefgen.model.warnings), found with what the view
measures: a line the clerk gave a header name on (``units[].header_lines``) too wide for the
header column even at the profile's smallest size, which would wrap between its words where
the body's own documents keep it whole; a conclusion's quote and text that say the same, of
which the documents print one (:func:`briefgen.view.vi.restates`)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from briefgen.errors import Problem, format_path
from briefgen.load.source import SourceMap
from briefgen.model.blanks import Made
from briefgen.model.meeting import Meeting
from briefgen.model.profile import Profile
from briefgen.model.warnings import find_warnings
from briefgen.view import fit, vi


def meeting_warnings(m: Meeting, smap: SourceMap, profile: Profile, made: Made,
                     making: Collection[str] | None = None) -> list[Problem]:
    """Every warning about ``m`` laid out by ``profile``, in file order: the blanks of the
    documents ``making`` (None: every kind's; ``made``: what each kind prints, as
    ``briefgen.kinds.made`` declares it), the dates, people and tasks that look wrong, and
    the header lines too wide to print whole."""
    found = [*find_warnings(m, smap, kinds=making, undated=profile.header.undated, made=made),
             *header_warnings(m, smap, profile), *restated_quotes(m, smap)]
    return sorted(found, key=lambda p: (p.file, p.line, p.column, p.path))


def header_warnings(m: Meeting, smap: SourceMap, profile: Profile) -> Iterator[Problem]:
    """One warning for each given header line wider than the header column at the profile's
    ``header.smallest_pt``, measured in the style it prints in (a parent's, or an issuing
    body's, bold)."""
    column, _ = fit.header_columns_pt(profile)
    room, smallest = column * fit.FILL, profile.header.smallest_pt
    parents = {u.parent for u in m.units if u.parent}
    for i, unit in enumerate(m.units):
        style = profile.header.parent if unit.id in parents else profile.header.body
        for j, line in enumerate(unit.header_lines or []):
            text = vi.upper(" ".join(line.split()))
            width = fit.width_pt(text, smallest, bold=style.bold)
            if width > room:
                loc = ("units", i, "header_lines", j)
                yield smap.problem(loc, format_path(loc), (
                    f"warning: the header line '{text}' is {width:.0f} pt wide even at "
                    f"{smallest:g} pt (the profile's header.smallest_pt), wider than the header "
                    f"column ({room:.0f} pt): it wraps between its words; split it where it "
                    "should break"))


def restated_quotes(m: Meeting, smap: SourceMap) -> Iterator[Problem]:
    """A conclusion's quote and text that say the same: printed one after the other, the
    reader would read the same sentence twice, so the documents print the one that says
    more (the quote in the text's place, or the text alone)."""
    printed = {"quote": "the quote in the text's place", "text": "the text alone"}
    for i, item in enumerate(m.conclusions.items if m.conclusions else []):
        kept = vi.kept_of(item.text, item.quote)
        if not item.quote or kept == "both":
            continue
        loc = ("conclusions", "items", i, "quote")
        yield smap.problem(loc, format_path(loc), (
            f"warning: the quote and the item's text say the same: the documents print "
            f"{printed[kept]}; give as text only what the quote does not say"))
