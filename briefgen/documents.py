"""Which documents exist and how a document's view is made: the one place the CLI asks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.model.meeting import Meeting
from briefgen.view.build import MeetingView, build_view, doc_view
from briefgen.view.model import DocView

WHOLE_MEETING_DOCS = ("minutes", "notice")
DOCS = WHOLE_MEETING_DOCS


@dataclass(frozen=True)
class Job:
    """One document in one format: what to render and the file name it gets."""

    doc: DocView
    fmt: str

    @property
    def file_name(self) -> str:
        from briefgen.render import RENDERERS

        return self.doc.file_stem + RENDERERS[self.fmt].out_suffix


def plan(m: Meeting, docs: list[str], formats: list[str], templates: Path | None = None,
         lang: str | None = None) -> tuple[MeetingView, list[Job]]:
    """The view, built once, and one job per document and format."""
    mv = build_view(m, templates, lang)
    views = [doc_view(mv, m, kind, templates) for kind in docs]
    return mv, [Job(v, fmt) for v in views for fmt in formats]
