"""What a renderer is: a name, a file suffix, and one method from view to bytes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar

from briefgen.assets import TemplateSet
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView

if TYPE_CHECKING:
    from briefgen.render.reuse import SectionStore


class Renderer(ABC):
    """One output format. Small and declared, as a Sphinx builder is: ``name`` (for
    ``--format``), ``out_suffix`` (of the files it writes), and two hooks."""

    name: ClassVar[str]
    out_suffix: ClassVar[str]

    def __init__(self, templates: TemplateSet = TemplateSet(),
                 sections: SectionStore | None = None) -> None:
        self.templates = templates
        # Sections a batch prints apart and reuses (None: every document is laid out whole);
        # a renderer that lays out pages (the PDF one) draws them on.
        self.sections = sections

    def given(self, sections: SectionStore | None) -> Renderer:
        """A renderer of this format and template set, drawing on ``sections``."""
        return type(self)(self.templates, sections)

    @staticmethod
    def context(mv: MeetingView, doc: DocView) -> dict[str, Any]:
        """What every template receives: the meeting, the document, labels and profile."""
        return {"m": mv, "doc": doc, "L": mv.L, "p": mv.profile}

    def warm_up(self) -> None:
        """Pay what every later render would (a library's import) once, before the first."""
        return None

    @abstractmethod
    def render(self, mv: MeetingView, doc: DocView) -> bytes:
        """The finished file's bytes; nothing is written here."""
