"""The blanks a document can print, and which documents a meeting gets: the vocabulary the
kinds declare their facts in (``Kind.prints``, briefgen/kinds/base.py) and the warnings read.

A blank is a value the meeting file may not give, that a document then prints as '……' for the
clerk to fill. Each kind declares the blanks its document prints; ``briefgen.kinds.made``
hands the warnings one :class:`Made` for a meeting (the model does not import the kinds).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Blank(StrEnum):
    """A value a document prints, left as '……' where the meeting file does not give it."""

    chairs = "chairs"  # who chaired (meeting.chairs), and a chair known only by role
    mode = "mode"  # how the session was held (meeting.mode)
    place = "place"  # the seat in the place-and-date line (meeting.place)
    number = "number"  # the header's 'Số' (documents.<kind>.number, the issuer's symbol)
    date = "date"  # the date of issue (documents.<kind>.date), where its form has a date line
    secretary = "secretary"  # the secretary's name (meeting.secretary)
    end_time = "end_time"  # when the session ended (meeting.end)
    tasks = "tasks"  # each task's title (tasks[].title)
    # the agenda (none given), each group's time, presenters and lead units
    agenda_details = "agenda_details"
    assigned_lead = "assigned_lead"  # the lead unit of a conclusion given a deadline only
    contacts = "contacts"  # each invited point's technical and content contacts
    concluded_by = "concluded_by"  # who concluded (conclusions.by)


@dataclass(frozen=True)
class Prints:
    """One document a meeting gets: its kind, whether its signature block is its own
    ``documents.<kind>.signer``'s, and the blanks it prints."""

    kind: str
    signed: bool
    blanks: frozenset[Blank]


@dataclass(frozen=True)
class Made:
    """The kinds of document a meeting gets at least one of, in the registry's order, as the
    kinds declare them."""

    documents: tuple[Prints, ...]

    def printing(self, blank: Blank) -> frozenset[str]:
        """The kinds whose documents print ``blank``."""
        return frozenset(d.kind for d in self.documents if blank in d.blanks)

    @property
    def signed(self) -> tuple[str, ...]:
        """The kinds signed by their own ``documents.<kind>.signer``."""
        return tuple(d.kind for d in self.documents if d.signed)
