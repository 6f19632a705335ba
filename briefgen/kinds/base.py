"""What a document kind is: one small declaration, as a Sphinx builder declares a format.

A kind says what it is called, which scopes it is made for (the whole meeting, each
connection point, each owner unit), which command-line option narrows it, who signs it, the
blanks it prints (``briefgen.model.blanks.Blank``), its outline (``briefgen.kinds.outline``),
whether it is a letter (công văn), the type of the view its templates receive as
``doc.extra``, whether it shows the status chart, binds annexes or is heavy to render, and the
function that builds its view. Everything that renders, plans, orders, checks, warns about or
documents documents asks the registry (``briefgen.kinds``) for these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from briefgen.kinds.outline import Outline
from briefgen.model.blanks import Blank
from briefgen.model.meeting import Meeting
from briefgen.view.model import DocView
from briefgen.view.parts import Parts

Narrowing = Literal["point", "unit"]


class Scope(StrEnum):
    """Which documents of a kind a meeting gets."""

    meeting = "meeting"  # one, for the whole meeting
    each_point = "each_point"  # one per invited connection point
    meeting_and_points = "meeting_and_points"  # the whole meeting, and one per point
    meeting_and_units = "meeting_and_units"  # the whole meeting, and one per owner unit, where
    #                                          the register holds a task
    each_open_unit = "each_open_unit"  # one per unit owning a task not done yet

    @property
    def narrowing(self) -> Narrowing | None:
        """What a document of this scope can be narrowed to."""
        if self is Scope.meeting:
            return None
        return "unit" if self in (Scope.meeting_and_units, Scope.each_open_unit) else "point"

    @property
    def lacking(self) -> str:
        """Why a meeting gets no document of this scope, in words (``made_for`` is False)."""
        return _SCOPE_LACKING.get(self, "")

    @property
    def described(self) -> str:
        """The scope in words, as the README's table of kinds gives it."""
        return _SCOPE_WORDS[self]

    def made_for(self, meeting: Meeting) -> bool:
        """Whether ``meeting`` gets at least one document of this scope."""
        if self is Scope.each_point:
            return any(not p.central for p in meeting.points)
        if self is Scope.each_open_unit:
            return bool(meeting.open_units())
        if self is Scope.meeting_and_units:  # a report on the register: where there is one
            return bool(meeting.tasks)
        return True


_SCOPE_LACKING = {
    Scope.each_point: "the meeting invites no connection point (points: none but the central)",
    Scope.meeting_and_units: "the register holds no task (tasks)",
    Scope.each_open_unit: "no task of the register is still open",
}

_SCOPE_WORDS = {
    Scope.meeting: "whole meeting",
    Scope.each_point: "one per connection point",
    Scope.meeting_and_points: "whole meeting, and one per connection point",
    Scope.meeting_and_units: "whole meeting, and one per owner unit, where tasks are registered",
    Scope.each_open_unit: "one per unit with a task not done",
}


class SignedBy(StrEnum):
    """Whose signature block a kind's document ends with."""

    signer = "signer"  # the one its documents.<kind>.signer names ('……' to fill without one)
    meeting = "meeting"  # the session's own people (the minutes: the secretary and the chair)
    nobody = "nobody"  # no signature block (the briefing pack)


Build = Callable[[Parts, str | None], DocView]


# The fields the session's name is made of ("phiên họp chuyên đề lần thứ 3 trực tuyến với …").
SESSION_FIELDS = ("meeting.kind", "meeting.sequence", "meeting.mode", "meeting.with_whom")


@dataclass(frozen=True)
class Sentence:
    """A sentence briefgen writes that the clerk may replace with
    ``documents.<kind>.text.<key>``: how to read it off the document, and the fields of the
    meeting file it is made from (shown by ``briefgen explain``)."""

    key: str  # subject | opening | attending | close | end (model.meeting.Wording)
    read: Callable[[DocView], str]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    """One kind of document."""

    name: str  # "minutes": file names, --doc, templates html/<name>.html, docx/<regime>/<name>.docx
    scope: Scope
    view: type | None  # the type of doc.extra; None when the kind has no view of its own
    build: Build  # (parts, point or unit id, or None for the whole meeting) -> the document
    signed_by: SignedBy = SignedBy.signer  # who signs it; `validate` warns when its signer is missing
    charted: bool = False  # shows the status-by-unit chart (chart_svg, chart_image)
    binds_annexes: bool = False  # the PDF binds the meeting's submitted PDFs after it
    heavy: bool = False  # slow to render: a batch starts it first
    letter: bool = False  # a công văn: no type name; "V/v <subject>" under the number; "Kính gửi:"
    in_batch: bool = True  # made by `batch` (False: by its own command, as `requests`)
    sentences: tuple[Sentence, ...] = ()  # what the clerk may word themselves
    # The blanks its document prints where the meeting file leaves them out ('……' to fill):
    # `validate` warns of each for the kinds that print it, `render --doc` for its own only.
    prints: frozenset[Blank] = frozenset()
    outline: Outline | None = None  # its sections and their numbering, where it has headings

    @property
    def option(self) -> Narrowing | None:
        """The command-line option (--point, --unit) that narrows this kind, if any."""
        return self.scope.narrowing

    def scopes(self, parts: Parts, asked: str | None = None, every: bool = False
               ) -> list[str | None]:
        """The scopes to render: the one asked, else the whole meeting, or (``every``, as batch
        does) the whole meeting and every point or unit the kind is made for."""
        if self.scope is Scope.meeting:
            return [None]
        if not self.made_for(parts.meeting):
            return []
        if asked:
            return [asked]
        if self.scope is Scope.each_open_unit:
            return [*parts.meeting.open_units()]
        narrowed: list[str | None] = [
            *(p.id for p in parts.invited_points())] if self.option == "point" else [
            *parts.report_units()]
        if self.scope is Scope.each_point:
            return narrowed
        return [None, *narrowed] if every else [None]

    def made_for(self, meeting: Meeting) -> bool:
        """Whether ``meeting`` gets at least one document of this kind."""
        return self.scope.made_for(meeting)

    def make(self, parts: Parts, scope: str | None = None) -> DocView:
        """This kind's document for one scope."""
        if self.scope is Scope.each_point and scope is None:
            raise ValueError(f"a {self.name} is made for one connection point")
        if self.scope is Scope.each_open_unit and scope is None:
            raise ValueError(f"a {self.name} is made for one unit")
        doc = self.build(parts, scope)
        if doc.annexes and not self.binds_annexes:
            raise ValueError(f"a {self.name} binds no annexes; its view gave {len(doc.annexes)}")
        if not doc.signatures and self.signed_by is not SignedBy.nobody:
            raise ValueError(f"a {self.name} is signed ({self.signed_by}); its view has no signature")
        return doc
