"""The catalogue of documents and the jobs that render them: the one place commands ask."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.model.meeting import Meeting
from briefgen.view.build import MeetingView, ViewBuilder
from briefgen.view.docs import Documents
from briefgen.view.model import DocView

DOCS = ("minutes", "notice", "invitation", "pack", "report")


@dataclass(frozen=True)
class Job:
    """One document in one format: what to render and the file name it gets."""

    doc: DocView
    fmt: str

    @property
    def file_name(self) -> str:
        from briefgen.render import RENDERERS

        return self.doc.file_stem + RENDERERS[self.fmt].out_suffix


def scopes(docs: Documents, kind: str, scope: str | None = None, every: bool = False
           ) -> list[str | None]:
    """The scopes to render a kind for: the one asked, else the whole meeting, or (``every``,
    as batch does) the whole meeting and every point or unit the kind is made for."""
    if kind in ("minutes", "notice"):
        return [None]
    if kind == "invitation":
        return [scope] if scope else [p.id for p in docs.invited_points()]
    if scope:
        return [scope]
    parts = [p.id for p in docs.invited_points()] if kind == "pack" else docs.report_units()
    return [None, *parts] if every else [None]


def plan(m: Meeting, kinds: list[str], formats: list[str], *, base_dir: Path,
         templates: Path | None = None, lang: str | None = None,
         scope: dict[str, str | None] | None = None, every: bool = False
         ) -> tuple[MeetingView, list[Job]]:
    """The view, built once, and one job per document, scope and format.

    ``scope`` maps a kind to the point (invitation, pack) or unit (report) asked for."""
    docs = Documents(ViewBuilder(m, templates, lang), base_dir)
    asked = scope or {}
    jobs = [Job(docs.make(kind, s), fmt)
            for kind in kinds for s in scopes(docs, kind, asked.get(kind), every)
            for fmt in formats]
    return docs.mv, jobs
